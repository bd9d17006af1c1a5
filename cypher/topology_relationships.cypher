// Only: ladybug
// Every relationship of one type between two labels, as the offsets of its ends
// (graph/_ladybug_paths.py).
// Placeholders: {{start_label}}, {{types}}, {{end_label}}.
// Returns: s, e.
MATCH (a{{start_label}})-[r{{types}}]->(b{{end_label}})
RETURN offset(id(a)) AS s, offset(id(b)) AS e
