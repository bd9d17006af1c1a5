// The relationship of one type from $start_key to $end_key (a path's step: its
// properties, once the path is known).
// Parameters: $start_key, $end_key.
// Placeholders: {{start_label}}, {{types}}, {{end_label}}.
// Returns: r.
MATCH (a{{start_label}} {key: $start_key})-[r{{types}}]->(b{{end_label}} {key: $end_key})
RETURN r
