// Delete the nodes of one label with keys in $keys, and their relationships.
// Parameters: $keys. Placeholders: {{label}}.
// Returns: deleted (how many nodes).
UNWIND $keys AS k
MATCH (n{{label}} {key: k})
DETACH DELETE n
RETURN count(*) AS deleted
