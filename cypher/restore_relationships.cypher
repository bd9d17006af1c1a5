// Only: neo4j (Ladybug restores with its update statement, graph/_ladybug_schema.py)
// Give relationships of one type back their earlier properties, all of them: a property
// not in row.props is removed (taking back what a failed load run updated).
// Parameters: $rows (list of {start, end, props}).
// Placeholders: {{start_label}}, {{types}} (one type), {{end_label}}.
// Returns: nothing.
UNWIND $rows AS row
MATCH (a{{start_label}} {key: row.start})-[r{{types}}]->(b{{end_label}})
WHERE b.key = row.end
SET r = row.props
