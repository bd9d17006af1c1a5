// Every node of the label (a failed bulk load empties the tables it filled; their
// relationships are deleted first, by delete_all_relationships).
// Parameters: none. Placeholders: {{label}}.
// Returns: nothing.
MATCH (n{{label}})
DELETE n
