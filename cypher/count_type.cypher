// How many relationships have the type.
// Parameters: none. Placeholders: {{types}} (one type).
// Returns: count.
MATCH ()-[r{{types}}]->()
RETURN count(r) AS count
