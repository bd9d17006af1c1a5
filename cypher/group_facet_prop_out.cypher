// A group split by a property: how many neighbours m of $key along outgoing {{types}}
// relationships, of label {{neighbour_label}}, have each value of {{prop}} (first $limit
// values by count). Parameters: $key, $limit, $q (members whose search text contains it; any, when empty).
// Placeholders: {{label}}, {{types}}, {{neighbour_label}}, {{prop}}.
// Returns: value, count, amount.
MATCH (n{{label}} {key: $key})-[r{{types}}]->(m{{neighbour_label}})
WHERE ($q = '' OR m.search CONTAINS $q)
WITH m.{{prop}} AS value, count(*) AS count
RETURN value, count, null AS amount
ORDER BY count DESC, value
LIMIT $limit
