// The summed amounts of a group: r.amount over the incoming {{amount_types}} relationships
// from $key to neighbours of label {{neighbour_label}} (null when none gives a figure).
// Parameters: $key. Placeholders: {{label}}, {{amount_types}}, {{neighbour_label}}.
// Returns: amount, known (how many give a figure: Neo4j sums no figures to 0).
MATCH (n{{label}} {key: $key})<-[r{{amount_types}}]-(m{{neighbour_label}})
RETURN sum(r.amount) AS amount, count(r.amount) AS known
