// How many relationships of one type join a start label to an end label.
// Parameters: none. Placeholders: {{start_label}}, {{types}} (one type), {{end_label}}.
// Returns: count.
MATCH ({{start_label}})-[r{{types}}]->({{end_label}})
RETURN count(r) AS count
