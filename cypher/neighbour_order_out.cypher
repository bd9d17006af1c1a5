// Every neighbour m of node $key along outgoing relationships, with what orders a page
// (type, name, key) and the relationship: a long list is ordered once and kept
// (graph/_read_cache.py), so no node is converted here, only its key and name.
// Parameters: $key. Placeholders: {{label}}, {{types}}, {{neighbour_label}}.
// Returns: type, props, key, name.
MATCH (n{{label}} {key: $key})-[r{{types}}]->(m{{neighbour_label}})
RETURN type(r) AS type, properties(r) AS props, m.key AS key, m.name AS name
