// Only: neo4j (Ladybug's write statements are derived from SCHEMA in graph/_ladybug_schema.py)
// Create nodes of one label (Neo4j: also labelled Entity, for the key constraint and
// the search index across labels); each row holds every property to store.
// Parameters: $rows (list of property maps). Placeholders: {{label}}.
// Returns: nothing.
UNWIND $rows AS row
CREATE (n{{label}}:Entity)
SET n = row
