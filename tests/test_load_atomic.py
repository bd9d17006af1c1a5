"""A load is all or nothing, whatever its size (issue 10 item 1; docs/formats.md).

Each run below writes several batches (a small ``batch_size``, or BATCH_SIZE=100 for
the CLI) that create nodes and relationships and update stored ones, then fails in a
later batch for a real reason: a relationship end the store itself finds missing, a
value the store's own check refuses, a value Neo4j's index refuses, a stream that
raises. Afterwards every node and relationship, with every property, is as before.
"""

from __future__ import annotations

import pytest
from store_fixture_data import load, node, rel

from graph.errors import GraphError, SchemaViolation
from graph.model import Node, Relationship

ZJ = "province:330000"
HZ = "city:330100"
NB = "city:330200"
TASK = "task:sme-digital-2025-t1"
BATCH = 7


def fingerprint(store) -> tuple[list, list, dict]:
    """Every node and relationship with all its properties, and the counts."""
    nodes = store.run_cypher("MATCH (n) RETURN n ORDER BY n.key")
    rels = store.run_cypher(
        "MATCH (a)-[r]->(b) RETURN a.key AS s, b.key AS e, r ORDER BY s, e",
    )
    assert not nodes.truncated and not rels.truncated
    node_rows = [row["n"] for row in nodes.records]
    rel_rows = sorted(
        (row["s"], row["r"]["type"], row["e"], sorted(row["r"]["properties"].items()))
        for row in rels.records
    )
    return node_rows, rel_rows, store.stats()


def good_records() -> list[Node | Relationship]:
    """Creates and updates spread over several batches of BATCH."""
    items: list[Node | Relationship] = []
    for i in range(1, 20):
        items.append(node(f"city:9000{i:02d}", f"新市{i}", province_code="330000"))
    # updates of stored nodes: a changed name, a changed and an added property
    items.append(node(HZ, "杭州", name_en="Hangzhou City", aliases=["杭城"]))
    items.append(node("fund:zj-sub-fund", "浙江子基金", size=1e9, currency="CNY"))
    # a node created in one batch and updated in a later one
    items.append(node("technology:ai", "人工智能"))
    for i in range(1, 20):
        items.append(rel(f"city:9000{i:02d}", "PART_OF", ZJ, source=None))
    # updates of stored relationships, a new one between stored nodes
    items.append(rel("fund:zj-sub-fund", "SUB_FUND_OF", "fund:sme-development-fund", amount=9.0))
    items.append(
        rel("fund:zj-sub-fund", "INVESTS_IN", "enterprise:91330100MA2H3ABC1D", amount_text="一亿")
    )
    items.append(rel("enterprise:91330100MA2H3ABC1D", "ADOPTS", "technology:industrial-internet"))
    items.append(rel("enterprise:91330100MA2H3ABC1D", "ADOPTS", "technology:ai"))
    items.append(node("technology:ai", "人工智能", name_en="AI"))
    items.append(rel("enterprise:91330100MA2H3ABC1D", "ADOPTS", "technology:ai", status="x"))
    assert len(items) > 4 * BATCH
    return items


@pytest.fixture
def stored(store):
    load(store)
    return store


def refused_run(store, bad: list, error=GraphError, batch_size=BATCH) -> str:
    before = fingerprint(store)
    with pytest.raises(error) as raised:
        store.load([*good_records(), *bad], batch_size=batch_size)
    assert fingerprint(store) == before
    return str(raised.value)


def test_the_good_records_alone_load_in_several_batches(stored):
    before = fingerprint(stored)
    counts = stored.load(good_records(), batch_size=BATCH)
    assert counts.created["City"] == 19 and counts.created["PART_OF"] == 19
    assert counts.updated["City"] == 1 and counts.updated["Fund"] == 1
    assert counts.updated["SUB_FUND_OF"] == 1 and counts.updated["INVESTS_IN"] == 1
    assert fingerprint(stored) != before
    assert stored.get_node(HZ).node.properties["aliases"] == ["杭城"]


def test_a_relationship_end_the_store_lacks_takes_the_run_back(stored):
    message = refused_run(
        stored, [rel("city:900001", "PART_OF", "province:999999")], SchemaViolation
    )
    assert "no node with key 'province:999999'" in message
    assert "were taken back, so the store is as it was before the load" in message


def test_a_value_the_store_refuses_takes_the_run_back(stored):
    message = refused_run(stored, [node("city:900099", "大数", seq=2**63)], SchemaViolation)
    assert "property 'seq'" in message and "taken back" in message


def test_a_failing_stream_takes_the_run_back(stored):
    def records():
        yield from good_records()
        raise OSError("the disk went away")

    before = fingerprint(stored)
    with pytest.raises(OSError) as raised:
        stored.load(records(), batch_size=BATCH)
    assert fingerprint(stored) == before
    assert any("taken back" in note for note in raised.value.__notes__)


def test_a_failing_first_batch_needs_nothing_taken_back(stored):
    before = fingerprint(stored)
    with pytest.raises(SchemaViolation) as raised:
        stored.load([rel(HZ, "PART_OF", "province:999999")])
    assert "taken back" not in str(raised.value)
    assert fingerprint(stored) == before


def test_relationships_that_were_there_stay_when_the_run_is_taken_back(stored):
    # the run re-creates nothing that was stored: deleting what it created spares them
    refused_run(stored, [rel(NB, "PART_OF", ZJ), rel(HZ, "PART_OF", "province:1")])
    assert [(r.start, r.type, r.end) for r in stored.subgraph([NB, ZJ]).relationships] == [
        (NB, "PART_OF", ZJ)
    ]


@pytest.mark.neo4j
def test_a_value_neo4j_refuses_takes_the_run_back(neo4j_store):
    """Neo4j's TEXT index on ``search`` refuses a value past ~32 KB, a refusal only the
    engine knows of (the store's own check lets the text through)."""
    load(neo4j_store)
    message = refused_run(neo4j_store, [node("city:900099", "长" * 40_000)])
    assert "too large to index" in message and "taken back" in message


# -- through the loader CLI --------------------------------------------------------------

CLI_BATCH = 100


def cli_files(tmp_path, bad_name: str):
    """CLI_BATCH + 50 good technologies (each a focus of a stored task), one row more."""
    keys = [f"technology:t{i}" for i in range(CLI_BATCH + 50)]
    (tmp_path / "nodes.csv").write_text(
        "key,name\n"
        + "".join(f"{k},技术{i}\n" for i, k in enumerate(keys))
        + f"technology:bad,{bad_name}\n",
        encoding="utf-8",
    )
    (tmp_path / "relationships.csv").write_text(
        "start,type,end\n" + "".join(f"{TASK},FOCUSES_ON,{k}\n" for k in keys),
        encoding="utf-8",
    )
    return [str(tmp_path / "nodes.csv"), str(tmp_path / "relationships.csv")]


def cli_app(store, tmp_path):
    from webapp import create_app

    config = {"TESTING": True, "LOAD_BUNDLED_IF_EMPTY": False, "BATCH_SIZE": CLI_BATCH}
    if store.kind == "neo4j":
        config.update(GRAPH_URI=store.uri, NEO4J_PASSWORD="unused")
    else:
        config["GRAPH_URI"] = store.uri
    return create_app(config)


@pytest.fixture
def cli_store(request, tmp_path):
    """A store holding the fixture graph; on Ladybug the app's own (one handle per file)."""
    if request.param == "neo4j":
        store = request.getfixturevalue("neo4j_store")
        load(store)
        yield store, cli_app(store, tmp_path)
        return
    from webapp.extensions import close_store, get_store

    class Embedded:
        kind = "ladybug"
        uri = f"embedded://{tmp_path / 'graph'}"

    app = cli_app(Embedded, tmp_path)
    store = get_store(app)
    store.ensure_schema()
    load(store)
    yield store, app
    close_store(app)


STORES = ["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.mark.parametrize("cli_store", STORES, indirect=True)
def test_cli_load_refused_after_more_than_a_batch_leaves_the_store(cli_store, tmp_path):
    """A value refused at validation (a control character in a name) after more than
    BATCH_SIZE good rows: file:line: field, exit 1, nothing written."""
    store, app = cli_store
    before = fingerprint(store)
    result = app.test_cli_runner().invoke(args=["load", *cli_files(tmp_path, "坏\x01名")])
    assert result.exit_code == 1, result.output
    assert f"nodes.csv:{CLI_BATCH + 52}: name:" in result.output
    assert "1 problems in 1 rows" in result.output
    assert fingerprint(store) == before


@pytest.mark.neo4j
@pytest.mark.parametrize("cli_store", ["neo4j"], indirect=True)
def test_cli_load_failing_at_write_time_takes_the_run_back(cli_store, tmp_path):
    """A name Neo4j's search index refuses, found only when its batch is written, after
    more than BATCH_SIZE good rows were committed: the run is taken back."""
    store, app = cli_store
    before = fingerprint(store)
    result = app.test_cli_runner().invoke(args=["load", *cli_files(tmp_path, "长" * 40_000)])
    assert result.exit_code == 1, result.output
    assert "too large to index" in result.output
    assert "taken back, so the store is as it was before the load" in result.output
    assert fingerprint(store) == before
