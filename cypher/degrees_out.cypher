// Outgoing degree of a node per relationship type.
// Parameters: $key. Placeholders: {{label}}.
// Returns: type, count.
MATCH (n{{label}} {key: $key})-[r]->()
RETURN type(r) AS type, count(*) AS count
