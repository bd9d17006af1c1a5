// The node with business key $key.
// Parameters: $key. Placeholders: {{label}} (the key's label).
// Returns: n.
MATCH (n{{label}} {key: $key})
RETURN n
