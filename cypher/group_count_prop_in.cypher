// How many members a group has: the neighbours m of $key along incoming {{types}} relationships,
// of label {{neighbour_label}}, whose search text contains $q (any, when empty) (and, unless $every, whose
// {{prop}} is $value).
// Parameters: $key, $q, $every, $value.
// Placeholders: {{label}}, {{types}}, {{neighbour_label}}, {{prop}}.
// Returns: count.
MATCH (n{{label}} {key: $key})<-[r{{types}}]-(m{{neighbour_label}})
WHERE ($q = '' OR m.search CONTAINS $q) AND ($every OR m.{{prop}} = $value)
RETURN count(*) AS count
