"""The console's read-only Cypher on both stores: writes refused with the store unchanged,
the time limit, the row cap and the engine's syntax errors."""

from __future__ import annotations

import pytest

from graph.errors import CypherSyntaxError, QueryTimeout, WriteNotAllowed
from tests.export_sample import KEYS, NODES, RELS, canonical

# (query, the dialects that have no such procedure). Update clauses are refused by name on
# both stores, wherever they stand; a procedure a dialect lacks is rejected by its engine
# before anything runs (a syntax error); everywhere else the write must be refused as a
# write. Either way the store must be unchanged.
WRITES = [
    ("CREATE (n:Agency {key: 'agency:console-w1'})", ()),
    ("MERGE (n:Agency {key: 'agency:console-w1'})", ()),
    ("MATCH (n:Agency) SET n.name = 'changed'", ()),
    ("MATCH (n:Agency) DELETE n", ()),
    ("match (n) detach delete n", ()),
    ("MATCH (n:Agency) REMOVE n.name", ()),
    ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", ()),
    ("LOAD FROM 'file:///etc/passwd' RETURN *", ()),
    ("COPY Agency FROM '/tmp/agencies.csv'", ()),
    ("CALL db.createLabel('Hacked')", ("ladybug",)),
    ("CALL create_fts_index('Agency', 'hacked', ['name'])", ("ladybug", "neo4j")),
    ("MATCH (n:Agency) WITH n CREATE (m:Agency {key: 'agency:console-w2'})", ()),
    ("MATCH (n:Agency) WITH n LIMIT 1 MERGE (n)-[:MANAGES]->(:Fund {key: 'fund:console-w3'})", ()),
    ("CALL { CREATE (m:Agency {key: 'agency:console-w3'}) } RETURN 1", ()),
    ("MATCH (n:Agency) CALL { WITH n SET n.name = 'x' } RETURN n", ()),
    ("MATCH (n:Agency) /* comment */ DETACH\nDELETE n", ()),
    ("MATCH (n:Agency) FOREACH (x IN [1] | SET n.name = 'x')", ()),
    ("DROP TABLE Agency", ()),
]


@pytest.fixture
def sample(store):
    store.load([*NODES, *RELS])
    return store


@pytest.mark.parametrize("query, lacking", WRITES)
def test_writes_are_refused_and_the_store_is_unchanged(sample, query, lacking):
    before = (sample.stats(), canonical(sample.subgraph(KEYS)))
    expected = (WriteNotAllowed, CypherSyntaxError) if sample.kind in lacking else WriteNotAllowed
    with pytest.raises(expected):
        sample.run_cypher(query)
    assert (sample.stats(), canonical(sample.subgraph(KEYS))) == before


def test_a_read_that_mentions_write_words_runs(sample):
    result = sample.run_cypher("RETURN 'CREATE (n) SET n.x = 1 DELETE n' AS text")
    assert result.records == [{"text": "CREATE (n) SET n.x = 1 DELETE n"}]


def test_a_tiny_time_limit_stops_a_long_query(sample):
    with pytest.raises(QueryTimeout) as caught:
        sample.run_cypher(
            "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*) AS n",
            timeout_s=0.001,
        )
    assert "CYPHER_TIMEOUT_S" in caught.value.message


def test_row_cap_sets_truncated(sample):
    result = sample.run_cypher("UNWIND range(1, 50) AS x RETURN x", max_rows=10)
    assert [r["x"] for r in result.records] == list(range(1, 11))
    assert result.truncated and result.max_rows == 10


def test_a_request_cannot_raise_the_row_cap(sample):
    cap = sample.limits.MAX_ROWS
    result = sample.run_cypher(f"UNWIND range(1, {cap + 5}) AS x RETURN x", max_rows=cap * 10)
    assert len(result.records) == cap and result.truncated and result.max_rows == cap


def test_all_rows_below_the_cap_are_not_truncated(sample):
    result = sample.run_cypher("UNWIND range(1, 10) AS x RETURN x", max_rows=10)
    assert len(result.records) == 10 and not result.truncated


def test_syntax_errors_carry_the_engine_message(sample):
    with pytest.raises(CypherSyntaxError) as caught:
        sample.run_cypher("MATCH (n RETURN n")
    assert "Invalid input" in caught.value.message


def test_result_has_nodes_and_relationships_by_key(sample):
    result = sample.run_cypher(
        "MATCH (a:Agency)-[r:MANAGES]->(f:Fund) WHERE a.key = $key RETURN a, r, f",
        {"key": "agency:export-test-miit"},
    )
    assert sorted(n.key for n in result.nodes) == [
        "agency:export-test-miit",
        "fund:export-test-fund",
    ]
    assert [r.id for r in result.relationships] == [
        "agency:export-test-miit-MANAGES->fund:export-test-fund"
    ]
