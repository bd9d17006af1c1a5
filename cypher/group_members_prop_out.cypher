// Members of a group: the neighbours m of $key along outgoing {{types}} relationships,
// of label {{neighbour_label}}, whose search text contains $q (any, when empty) (and, unless $every, whose
// {{prop}} is $value).
// Parameters: $key, $q, $every, $value, $offset, $limit.
// Placeholders: {{label}}, {{types}}, {{neighbour_label}}, {{prop}}.
// Returns: m, ordered by name then key.
MATCH (n{{label}} {key: $key})-[r{{types}}]->(m{{neighbour_label}})
WHERE ($q = '' OR m.search CONTAINS $q) AND ($every OR m.{{prop}} = $value)
RETURN m
ORDER BY coalesce(m.name, ''), m.key
SKIP $offset
LIMIT $limit
