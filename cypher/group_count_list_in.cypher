// How many members a group has: the neighbours m of $key along incoming {{types}} relationships,
// of label {{neighbour_label}}, whose search text contains $q (any, when empty) and whose list {{list_prop}}
// holds $value.
// Parameters: $key, $q, $value.
// Placeholders: {{label}}, {{types}}, {{neighbour_label}}, {{list_prop}}.
// Returns: count.
MATCH (n{{label}} {key: $key})<-[r{{types}}]-(m{{neighbour_label}})
WHERE ($q = '' OR m.search CONTAINS $q) AND $value IN m.{{list_prop}}
RETURN count(*) AS count
