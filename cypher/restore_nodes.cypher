// Only: neo4j (Ladybug restores with its update statement, graph/_ladybug_schema.py)
// Give nodes of one label back their earlier properties, all of them: a property not in
// row.props is removed (taking back what a failed load run updated; graph/_journal.py).
// Parameters: $rows (list of {key, props}). Placeholders: {{label}}.
// Returns: nothing.
UNWIND $rows AS row
MATCH (n{{label}} {key: row.key})
SET n = row.props
