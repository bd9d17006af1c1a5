// Distinct neighbours (either direction) of the frontier node $key with keys below
// $bound, first $limit by key (Ladybug: one frontier key per query; see fetch_each in
// graph/ladybug_store.py; the bound lets a hub's 100,000 neighbours skip the sort).
// Parameters: $key (a frontier key of this label), $bound (a key ceiling), $limit.
// Placeholders: {{label}}, {{types}}.
// Returns: key.
MATCH (a{{label}} {key: $key})-[{{types}}]-(b)
WHERE b.key < $bound
RETURN DISTINCT b.key AS key
ORDER BY key
LIMIT $limit
