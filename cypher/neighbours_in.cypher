// The first $limit neighbours m of node $key along incoming relationships, ordered by
// relationship type, neighbour name, neighbour key.
// Parameters: $key, $limit. Placeholders: {{label}}, {{types}}, {{neighbour_label}}.
// Returns: type, r, m.
MATCH (n{{label}} {key: $key})<-[r{{types}}]-(m{{neighbour_label}})
WITH type(r) AS type, r, m
RETURN type, r, m
ORDER BY type, coalesce(m.name, ''), m.key
LIMIT $limit
