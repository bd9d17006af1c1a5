// Only: ladybug
// The offset of the node $key in its label's table (graph/_ladybug_paths.py).
// Parameters: $key. Placeholders: {{label}}.
// Returns: o.
MATCH (n{{label}} {key: $key})
RETURN offset(id(n)) AS o
