// How many outgoing relationships of each type lead from $key to neighbours of each label
// (the grouping of graph/grouping.py).
// Parameters: $key. Placeholders: {{label}}.
// Returns: type, neighbour_label, count.
MATCH (n{{label}} {key: $key})-[r]->(m)
RETURN type(r) AS type, head(labels(m)) AS neighbour_label, count(*) AS count
ORDER BY type, neighbour_label
