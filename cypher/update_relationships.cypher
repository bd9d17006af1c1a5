// Only: neo4j (Ladybug's write statements are derived from SCHEMA in graph/_ladybug_schema.py)
// Update relationships of one type: given properties replace stored ones, null removes.
// Parameters: $rows (list of {start, end, props}).
// Placeholders: {{start_label}}, {{types}} (one type), {{end_label}}.
// Returns: nothing.
UNWIND $rows AS row
MATCH (a{{start_label}} {key: row.start})-[r{{types}}]->(b{{end_label}})
WHERE b.key = row.end
SET r += row.props
