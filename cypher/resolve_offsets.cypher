// Only: ladybug
// Keys of nodes of one table by internal offset (to name the ends of relationships a
// query returned without their nodes).
// Parameters: $offsets. Placeholders: {{label}}. Returns: offset, key.
MATCH (n{{label}})
WHERE offset(id(n)) IN $offsets
RETURN offset(id(n)) AS offset, n.key AS key
