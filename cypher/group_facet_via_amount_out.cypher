// A group split by a neighbour: how many neighbours m of $key along outgoing {{amount_types}}
// relationships, of label {{neighbour_label}}, reach each node f of {{facet_label}} along
// {{facet_types}} (first $limit by count), with the summed r.amount.
// Parameters: $key, $limit, $q (members whose search text contains it; any, when empty).
// Placeholders: {{label}}, {{amount_types}}, {{neighbour_label}}, {{facet_types}}, {{facet_label}}.
// Returns: value (f's key), name, count, amount, known (how many give a figure).
// (Two MATCH clauses: the facet relationship may be the group's own, which one Neo4j
// pattern would not match twice.)
MATCH (n{{label}} {key: $key})-[r{{amount_types}}]->(m{{neighbour_label}})
MATCH (m)-[{{facet_types}}]->(f{{facet_label}})
WHERE ($q = '' OR m.search CONTAINS $q)
WITH f.key AS value, f.name AS name, count(*) AS count, sum(r.amount) AS amount,
     count(r.amount) AS known
RETURN value, name, count, amount, known
ORDER BY count DESC, value
LIMIT $limit
