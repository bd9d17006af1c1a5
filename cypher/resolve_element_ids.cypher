// Only: neo4j
// Keys of nodes by Neo4j element id (to name the ends of relationships a query returned
// without their nodes).
// Parameters: $ids. Returns: id, key.
MATCH (n)
WHERE elementId(n) IN $ids
RETURN elementId(n) AS id, n.key AS key
