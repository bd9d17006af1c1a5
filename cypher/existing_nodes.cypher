// The stored properties of the nodes of one label with keys in $keys (for upsert).
// Parameters: $keys. Placeholders: {{label}}.
// Returns: key, n.
UNWIND $keys AS k
MATCH (n{{label}} {key: k})
RETURN n.key AS key, n
