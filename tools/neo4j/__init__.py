"""A real Neo4j 5.26 server from Maven Central (Neo4j's test harness) for tests and bench.

See :mod:`tools.neo4j.server` and ``../shared/NEO4J_TESTING.md``.
"""
