// Only: neo4j
// The Neo4j server's name, version and edition.
// Parameters: none. Returns: name, versions, edition.
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions, edition
