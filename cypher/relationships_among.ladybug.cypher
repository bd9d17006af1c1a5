// Relationships from the node $key (of one label) to nodes with keys in $every_key
// (Ladybug: one start key per query; see fetch_each in graph/ladybug_store.py).
// Parameters: $key (a start key of this label), $every_key (every key of the subgraph).
// Placeholders: {{label}}, {{types}}.
// Returns: start_key, r, end_key.
MATCH (a{{label}} {key: $key})-[r{{types}}]->(b)
WHERE b.key IN $every_key
RETURN a.key AS start_key, r, b.key AS end_key
