// Distinct neighbours (either direction) of the frontier node $key, first $limit by key
// (Ladybug: one frontier key per query; see fetch_each in graph/ladybug_store.py).
// Parameters: $key (a frontier key of this label), $limit.
// Placeholders: {{label}}, {{types}}.
// Returns: key.
MATCH (a{{label}} {key: $key})-[{{types}}]-(b)
RETURN DISTINCT b.key AS key
ORDER BY key
LIMIT $limit
