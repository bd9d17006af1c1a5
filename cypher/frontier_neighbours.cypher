// The next ring of a breadth-first expansion: distinct neighbours (either direction)
// of the frontier nodes of one label with keys below $bound, first $limit by key. The
// caller drops the keys it has already taken (and asks for that many more), so no list
// is searched per row.
// Parameters: $keys (frontier keys of this label), $bound (a key ceiling), $limit.
// Placeholders: {{label}}, {{types}}.
// Returns: key.
UNWIND $keys AS k
MATCH (a{{label}} {key: k})-[{{types}}]-(b)
WHERE b.key < $bound
RETURN DISTINCT b.key AS key
ORDER BY key
LIMIT $limit
