// How many nodes have the label.
// Parameters: none. Placeholders: {{label}}.
// Returns: count.
MATCH (n{{label}})
RETURN count(n) AS count
