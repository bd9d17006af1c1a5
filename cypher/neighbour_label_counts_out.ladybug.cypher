// How many outgoing relationships of each type lead from $key to neighbours of each label
// (Ladybug: label(r), label(m)).
// Parameters: $key. Placeholders: {{label}}.
// Returns: type, neighbour_label, count.
MATCH (n{{label}} {key: $key})-[r]->(m)
RETURN label(r) AS type, label(m) AS neighbour_label, count(*) AS count
ORDER BY type, neighbour_label
