// A group split by a property: how many neighbours m of $key along outgoing {{types}}
// relationships, of label {{neighbour_label}}, have each value of {{prop}} (first $limit
// values by count). Parameters: $key, $limit.
// Placeholders: {{label}}, {{types}}, {{neighbour_label}}, {{prop}}.
// Returns: value, count, amount.
MATCH (n{{label}} {key: $key})-[r{{types}}]->(m{{neighbour_label}})
WITH m.{{prop}} AS value, count(*) AS count
RETURN value, count, null AS amount
ORDER BY count DESC, value
LIMIT $limit
