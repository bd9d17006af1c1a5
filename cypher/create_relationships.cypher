// Only: neo4j (Ladybug's write statements are derived from SCHEMA in graph/_ladybug_schema.py)
// Create relationships of one type between existing nodes.
// Parameters: $rows (list of {start, end, props}).
// Placeholders: {{start_label}}, {{types}} (one type), {{end_label}}.
// Returns: nothing.
UNWIND $rows AS row
MATCH (a{{start_label}} {key: row.start})
MATCH (b{{end_label}} {key: row.end})
CREATE (a)-[r{{types}}]->(b)
SET r = row.props
