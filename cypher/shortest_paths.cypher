// All shortest undirected paths from $start_key to $end_key of at most {{max_hops}} hops,
// ordered by the keys along the path, then the relationship types.
// Parameters: $start_key, $end_key, $limit.
// Placeholders: {{start_label}}, {{end_label}}, {{types}}, {{max_hops}}.
// Returns: p.
MATCH (a{{start_label}} {key: $start_key}), (b{{end_label}} {key: $end_key})
MATCH p = allShortestPaths((a)-[{{types}}*..{{max_hops}}]-(b))
RETURN p
ORDER BY reduce(s = '', x IN nodes(p) | s + ' ' + x.key),
         reduce(s = '', x IN relationships(p) | s + ' ' + type(x))
LIMIT $limit
