// Relationships from nodes of one label with keys in $keys to nodes with keys in $every_key.
// Parameters: $keys (start keys of this label), $every_key (every key of the subgraph).
// Placeholders: {{label}}, {{types}}.
// Returns: start_key, r, end_key.
UNWIND $keys AS k
MATCH (a{{label}} {key: k})-[r{{types}}]->(b)
WHERE b.key IN $every_key
RETURN a.key AS start_key, r, b.key AS end_key
