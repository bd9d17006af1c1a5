// The first $limit neighbours m of node $key along outgoing relationships, ordered by (Ladybug: label(r))
// relationship type, neighbour name, neighbour key.
// Parameters: $key, $limit. Placeholders: {{label}}, {{types}}, {{neighbour_label}}.
// Returns: type, r, m.
MATCH (n{{label}} {key: $key})-[r{{types}}]->(m{{neighbour_label}})
WITH label(r) AS type, r, m
RETURN type, r, m
ORDER BY type, coalesce(m.name, ''), m.key
LIMIT $limit
