"""The Cypher script export rebuilds the subgraph in an empty real Neo4j."""

from __future__ import annotations

import pytest

from graph import export as ex
from graph import open_store
from tests.export_sample import KEYS, NODES, RELS, canonical

pytestmark = pytest.mark.neo4j


@pytest.fixture
def empty_neo4j(neo4j_server, neo4j_driver):
    """The test Neo4j, empty; the nodes the script wrote are removed afterwards (its
    constraints and index are the app's own, which every Neo4j test store creates too)."""
    db = neo4j_server.database
    records, _, _ = neo4j_driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=db)
    if records[0]["n"]:
        pytest.fail(f"the Neo4j at {neo4j_server.uri} is not empty; the script needs an empty one")
    yield neo4j_driver
    neo4j_driver.execute_query(
        "MATCH (n) WHERE n.key IN $keys DETACH DELETE n", keys=KEYS, database_=db
    )


def test_cypher_script_rebuilds_the_subgraph_in_neo4j(ladybug_store, empty_neo4j, neo4j_server):
    ladybug_store.load([*NODES, *RELS])
    before = ladybug_store.subgraph(KEYS)
    meta = ex.manifest(ladybug_store, before, {"view": {"keys": KEYS}}, "cypher")
    script = ex.export_bytes(before, meta, "cypher").decode("utf-8")

    for statement in ex.statements(script):
        empty_neo4j.execute_query(statement, database_=neo4j_server.database)
    # running it twice changes nothing: every statement is a MERGE
    for statement in ex.statements(script):
        empty_neo4j.execute_query(statement, database_=neo4j_server.database)

    neo4j = open_store(
        neo4j_server.uri,
        user=neo4j_server.user,
        password=neo4j_server.password,
        database=neo4j_server.database,
    )
    try:
        after = neo4j.subgraph(KEYS)
        hits = neo4j.search("工信部")
    finally:
        neo4j.close()
    assert canonical(after) == canonical(before)
    assert [h.node.key for h in hits] == ["agency:export-test-miit"]
