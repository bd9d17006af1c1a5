// Outgoing degree of a node per relationship type (Ladybug: label(r) is the type).
// Parameters: $key. Placeholders: {{label}}.
// Returns: type, count.
MATCH (n{{label}} {key: $key})-[r]->()
RETURN label(r) AS type, count(*) AS count
