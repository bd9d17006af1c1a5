// The next ring of a breadth-first expansion: distinct neighbours (either direction)
// of the frontier nodes of one label that are not yet seen, first $limit by key.
// Parameters: $keys (frontier keys of this label), $seen (keys already taken), $limit.
// Placeholders: {{label}}, {{types}}.
// Returns: key.
UNWIND $keys AS k
MATCH (a{{label}} {key: k})-[{{types}}]-(b)
WHERE NOT b.key IN $seen
RETURN DISTINCT b.key AS key
ORDER BY key
LIMIT $limit
