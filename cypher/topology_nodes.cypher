// Only: ladybug
// Every node of one label: its offset in the label's table and its key
// (graph/_ladybug_paths.py builds the in-memory structure for path search from these).
// Placeholders: {{label}}.
// Returns: o, k.
MATCH (n{{label}})
RETURN offset(id(n)) AS o, n.key AS k
