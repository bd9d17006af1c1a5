// All shortest undirected paths from $start_key to $end_key of at most {{max_hops}} hops,
// ordered by the keys along the path, then the relationship types
// (Ladybug: ALL SHORTEST recursive pattern, list_to_string for the order).
// Parameters: $start_key, $end_key, $limit.
// Placeholders: {{start_label}}, {{end_label}}, {{types}}, {{max_hops}}.
// Returns: p.
MATCH p = (a{{start_label}} {key: $start_key})-[{{types}}* ALL SHORTEST 1..{{max_hops}}]-(b{{end_label}} {key: $end_key})
RETURN p
ORDER BY list_to_string(' ', properties(nodes(p), 'key')),
         list_to_string(' ', properties(rels(p), '_LABEL'))
LIMIT $limit
