// Members of a group: the neighbours m of $key along outgoing {{types}} relationships,
// of label {{neighbour_label}}, whose search text contains $q (any, when empty) and whose list {{list_prop}}
// holds $value.
// Parameters: $key, $q, $value, $offset, $limit.
// Placeholders: {{label}}, {{types}}, {{neighbour_label}}, {{list_prop}}.
// Returns: m, ordered by name then key.
MATCH (n{{label}} {key: $key})-[r{{types}}]->(m{{neighbour_label}})
WHERE ($q = '' OR m.search CONTAINS $q) AND $value IN m.{{list_prop}}
RETURN m
ORDER BY coalesce(m.name, ''), m.key
SKIP $offset
LIMIT $limit
