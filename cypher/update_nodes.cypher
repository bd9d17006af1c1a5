// Only: neo4j (Ladybug's write statements are derived from SCHEMA in graph/_ladybug_schema.py)
// Update nodes of one label: given properties replace stored ones, null removes one.
// Parameters: $rows (list of {key, props}). Placeholders: {{label}}.
// Returns: nothing.
UNWIND $rows AS row
MATCH (n{{label}} {key: row.key})
SET n += row.props
