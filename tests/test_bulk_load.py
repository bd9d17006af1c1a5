"""A first load of unique records into an empty store skips the read-back (both stores)
and on the embedded store takes the engine's bulk import (graph/_ladybug_bulk.py); the
graph, the counts and all or nothing are those of the generic path (issue 11).
"""

from __future__ import annotations

import pytest
from store_fixture_data import NODES, RELATIONSHIPS, node, rel

import loaders
from graph import Limits, _ladybug_bulk, open_store
from graph.errors import BadParameter, SchemaViolation
from loaders.generate import generate

BIG = Limits(MAX_ROWS=100_000)


def fingerprint(store) -> tuple[list, list, dict]:
    """Every node and relationship with all its properties, and the counts."""
    nodes = store.run_cypher("MATCH (n) RETURN n ORDER BY n.key")
    rels = store.run_cypher("MATCH (a)-[r]->(b) RETURN a.key AS s, b.key AS e, r")
    assert not nodes.truncated and not rels.truncated
    rel_rows = sorted(
        (row["s"], row["r"]["type"], row["e"], sorted(row["r"]["properties"].items()))
        for row in rels.records
    )
    return [row["n"] for row in nodes.records], rel_rows, store.stats()


def records() -> list:
    return [*NODES, *RELATIONSHIPS]


def empty(store) -> bool:
    return not store.run_cypher("MATCH (n) RETURN n LIMIT 1").records


def wipe(store) -> None:
    store.delete([n.key for n in NODES])
    assert empty(store)


def test_a_unique_first_load_gives_the_graph_and_counts_of_the_generic_path(store):
    quick = store.load(records(), batch_size=5, unique=True)
    graph = fingerprint(store)
    wipe(store)
    generic = store.load(records(), batch_size=5)
    assert fingerprint(store) == graph
    assert (quick.created, quick.updated, quick.unchanged) == (
        generic.created,
        generic.updated,
        generic.unchanged,
    )
    assert sum(quick.created.values()) == len(NODES) + len(RELATIONSHIPS)


def test_the_second_load_reads_back_what_is_stored(store):
    store.load(records(), unique=True)
    again = store.load(records(), unique=True)
    assert not again.created and not again.updated
    assert sum(again.unchanged.values()) == len(NODES) + len(RELATIONSHIPS)
    changed = store.load([node("province:330000", "浙江", code="330000")], unique=True)
    assert changed.updated == {"Province": 1}


def test_a_missing_end_in_a_first_load_leaves_the_store_empty(store):
    bad = [*records(), rel("city:330100", "PART_OF", "province:999999")]
    with pytest.raises(SchemaViolation) as raised:
        store.load(bad, batch_size=5, unique=True)
    assert "no node with key 'province:999999'" in str(raised.value)
    assert empty(store)


def test_a_stream_failing_after_rows_were_copied_leaves_the_store_empty(ladybug_store, monkeypatch):
    monkeypatch.setattr(_ladybug_bulk, "CHUNK", 3)  # nodes are copied as they come

    def failing():
        yield from records()
        raise OSError("the disk went away")

    with pytest.raises(OSError) as raised:
        ladybug_store.load(failing(), unique=True)
    assert empty(ladybug_store)
    assert any("store is empty again" in note for note in raised.value.__notes__)
    # and the emptied store takes a first load again
    ladybug_store.load(records(), unique=True)
    assert ladybug_store.stats()["labels"]["Province"] == 1


def test_a_value_refused_halfway_leaves_the_store_empty(ladybug_store, monkeypatch):
    monkeypatch.setattr(_ladybug_bulk, "CHUNK", 3)
    bad = [*NODES, node("city:900099", "大数", seq=2**63), *RELATIONSHIPS]
    with pytest.raises(SchemaViolation) as raised:
        ladybug_store.load(bad, unique=True)
    assert "property 'seq'" in str(raised.value)
    assert "store is empty again" in str(raised.value)
    assert empty(ladybug_store)


def test_a_node_given_twice_in_a_unique_load_is_refused(ladybug_store):
    with pytest.raises(BadParameter) as raised:
        ladybug_store.load([*records(), NODES[0]], unique=True)
    assert "given twice" in str(raised.value)
    assert empty(ladybug_store)


def test_relationships_before_their_nodes_still_load(ladybug_store):
    counts = ladybug_store.load([*RELATIONSHIPS, *NODES], unique=True)
    assert sum(counts.created.values()) == len(NODES) + len(RELATIONSHIPS)
    assert len(ladybug_store.subgraph([n.key for n in NODES]).relationships) == len(RELATIONSHIPS)


# -- through the loader: the bundled data and generated enterprises ------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("generated")
    generate(150, 7, out)
    return [loaders.BUNDLED_DATA, out]


def _loaded(path, paths, seed_node: bool):
    store = open_store(f"embedded://{path}", limits=BIG)
    store.ensure_schema()
    marker = node("technology:zz-not-empty", "非空")
    if seed_node:  # a store that is not empty takes the generic path
        store.upsert([marker], [])
    report = loaders.load_paths(store, paths)
    if seed_node:
        store.delete([marker.key])
    return store, report


def test_the_loader_bulk_path_gives_the_generic_paths_graph(tmp_path, generated):
    bulk, quick = _loaded(tmp_path / "bulk" / "graph", generated, seed_node=False)
    plain, generic = _loaded(tmp_path / "plain" / "graph", generated, seed_node=True)
    try:
        assert quick.written and generic.written
        assert quick.counts.created == generic.counts.created
        assert quick.derived == generic.derived > 0
        assert fingerprint(bulk) == fingerprint(plain)
        assert bulk.search("示例", limit=5) == plain.search("示例", limit=5)
        again = loaders.load_paths(bulk, generated)
        assert not again.counts.created and not again.counts.updated
    finally:
        bulk.close()
        plain.close()


@pytest.mark.neo4j
def test_the_loader_on_an_empty_neo4j_counts_what_it_created(neo4j_store, generated):
    first = loaders.load_paths(neo4j_store, generated)
    assert first.written and first.counts.created["Enterprise"] == 150 + 1  # +1 bundled
    assert not first.counts.updated and not first.counts.unchanged
    again = loaders.load_paths(neo4j_store, generated)
    assert not again.counts.created and not again.counts.updated
    # stored enterprises unchanged: their derived edges are kept, not derived again
    derived = first.counts.created["ELIGIBLE_FOR"]
    assert sum(again.counts.unchanged.values()) == sum(first.counts.created.values()) - derived
