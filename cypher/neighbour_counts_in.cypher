// How many incoming relationships of each type lead from $key to a neighbour
// (of the neighbour label, when one is given).
// Parameters: $key. Placeholders: {{label}}, {{neighbour_label}}.
// Returns: type, count.
MATCH (n{{label}} {key: $key})<-[r]-(m{{neighbour_label}})
RETURN type(r) AS type, count(*) AS count
