// The first $limit nodes of one label by key (the home page's entry lists; Neo4j reads
// them in the order of the key's uniqueness index).
// Parameters: $limit. Placeholders: {{label}}.
// Returns: n.
MATCH (n{{label}})
RETURN n
ORDER BY n.key
LIMIT $limit
