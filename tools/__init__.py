"""Developer tools that are not part of the app (a Neo4j server for tests and benchmarks)."""
