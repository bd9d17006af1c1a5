// Every relationship of the types (a failed bulk load empties the tables it filled).
// Parameters: none. Placeholders: {{types}}.
// Returns: nothing.
MATCH ()-[r{{types}}]->()
DELETE r
