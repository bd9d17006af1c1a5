// The first $limit neighbours m of node $key along incoming relationships, ordered by
// relationship type, neighbour name, neighbour key (Ladybug: label(r) is the type, and
// the neighbour's key, not the node: converting a node of any table costs ~2 ms a row,
// so the caller fetches the page's nodes by key and label).
// Parameters: $key, $limit. Placeholders: {{label}}, {{types}}, {{neighbour_label}}.
// Returns: type, r, key.
MATCH (n{{label}} {key: $key})<-[r{{types}}]-(m{{neighbour_label}})
WITH label(r) AS type, r, m
RETURN type, r, m.key AS key
ORDER BY type, coalesce(m.name, ''), m.key
LIMIT $limit
