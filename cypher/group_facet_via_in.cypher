// A group split by a neighbour: how many neighbours m of $key along incoming {{types}}
// relationships, of label {{neighbour_label}}, reach each node f of {{facet_label}} along
// {{facet_types}} (first $limit by count).
// Parameters: $key, $limit, $q (members whose search text contains it; any, when empty).
// Placeholders: {{label}}, {{types}}, {{neighbour_label}}, {{facet_types}}, {{facet_label}}.
// Returns: value (f's key), name, count, amount.
// (Two MATCH clauses: the facet relationship may be the group's own, which one Neo4j
// pattern would not match twice.)
MATCH (n{{label}} {key: $key})<-[r{{types}}]-(m{{neighbour_label}})
MATCH (m)-[{{facet_types}}]->(f{{facet_label}})
WHERE ($q = '' OR m.search CONTAINS $q)
WITH f.key AS value, f.name AS name, count(*) AS count, null AS amount
RETURN value, name, count, amount
ORDER BY count DESC, value
LIMIT $limit
