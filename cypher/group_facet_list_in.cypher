// A group split by a list property: how many neighbours m of $key along incoming
// {{types}} relationships, of label {{neighbour_label}}, hold each value of {{list_prop}}
// (first $limit values by count). Parameters: $key, $limit, $q (members whose search text contains it; any, when empty).
// Placeholders: {{label}}, {{types}}, {{neighbour_label}}, {{list_prop}}.
// Returns: value, count, amount.
MATCH (n{{label}} {key: $key})<-[r{{types}}]-(m{{neighbour_label}})
WHERE ($q = '' OR m.search CONTAINS $q)
UNWIND m.{{list_prop}} AS value
WITH value, count(*) AS count
RETURN value, count, null AS amount
ORDER BY count DESC, value
LIMIT $limit
