// How many members a group has: the neighbours m of $key along outgoing {{types}} relationships,
// of label {{neighbour_label}}, whose search text contains $q (any, when empty) and that reach $value
// along {{facet_types}} (a node of {{facet_label}}).
// Parameters: $key, $q, $value.
// Placeholders: {{label}}, {{types}}, {{neighbour_label}}, {{facet_types}}, {{facet_label}}.
// Returns: count.
// (Two MATCH clauses: the facet relationship may be the group's own, which one Neo4j
// pattern would not match twice.)
MATCH (n{{label}} {key: $key})-[r{{types}}]->(m{{neighbour_label}})
MATCH (m)-[{{facet_types}}]->(f{{facet_label}} {key: $value})
WHERE ($q = '' OR m.search CONTAINS $q)
RETURN count(*) AS count
