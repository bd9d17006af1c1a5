// The keys of the nodes of one label that exist, among $keys (the loaders' check that
// a relationship's ends and a record's source are stored).
// Parameters: $keys (list of keys). Placeholders: {{label}}.
// Returns: key.
UNWIND $keys AS k
MATCH (n{{label}} {key: k})
RETURN n.key AS key
