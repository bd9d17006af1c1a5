// Relationships from the node $key (of one label) to any node; the caller keeps those
// whose end is in the subgraph (Ladybug: one start key per query, see fetch_each in
// graph/ladybug_store.py; a list parameter costs more to pass than the few rows it cuts).
// Parameters: $key (a start key of this label).
// Placeholders: {{label}}, {{types}}.
// Returns: start_key, r, end_key.
MATCH (a{{label}} {key: $key})-[r{{types}}]->(b)
RETURN a.key AS start_key, r, b.key AS end_key
