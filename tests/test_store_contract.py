"""One contract for both stores: every operation, its paging and limits, its errors.

Runs against a temporary Ladybug database and a real Neo4j (``store`` fixture).
"""

from __future__ import annotations

import dataclasses
import socket
import subprocess
import sys
import textwrap

import pytest
from store_fixture_data import ALL_KEYS, NODES, RELATIONSHIPS, load, node, rel

from graph import Limits, open_store
from graph.errors import (
    BadParameter,
    CypherSyntaxError,
    NodeNotFound,
    QueryTimeout,
    SchemaViolation,
    StoreUnavailable,
    WriteNotAllowed,
)
from graph.model import Node, Relationship
from graph.schema import SCHEMA

ZJ = "province:330000"
MIIT = "agency:miit"
NINGBO_ENT = "enterprise:91330200MA2H3XYZ0K"
HZ_ENT = "enterprise:91330100MA2H3ABC1D"
PLAN = "policy:sme-digital-2025"


@pytest.fixture
def loaded(store):
    load(store)
    return store


def totals(store) -> tuple[int, int]:
    stats = store.stats()
    return sum(stats["labels"].values()), sum(stats["relationships"].values())


# -- schema and upsert -------------------------------------------------------------------


def test_ensure_schema_is_idempotent(store):
    store.ensure_schema()
    store.ensure_schema()
    assert totals(store) == (0, 0)


def test_upsert_counts_created_then_unchanged(store):
    first = store.upsert(NODES, RELATIONSHIPS)
    assert first.created["Agency"] == 2
    assert first.created["INVESTS_IN"] == 2
    assert sum(first.created.values()) == len(NODES) + len(RELATIONSHIPS)
    assert first.updated == {} and first.unchanged == {}
    again = store.upsert(NODES, RELATIONSHIPS)
    assert again.created == {} and again.updated == {}
    assert sum(again.unchanged.values()) == len(NODES) + len(RELATIONSHIPS)
    assert totals(store) == (len(NODES), len(RELATIONSHIPS))


def test_upsert_updates_given_properties_and_keeps_others(loaded):
    counts = loaded.upsert(
        [node(ZJ, "浙江", lat=30.5, lon=None)],
        [rel("fund:zj-sub-fund", "INVESTS_IN", NINGBO_ENT, amount=5e7)],
    )
    assert counts.updated == {"Province": 1, "INVESTS_IN": 1}
    props = loaded.get_node(ZJ).node.properties
    assert props["name"] == "浙江" and props["lat"] == 30.5
    assert "lon" not in props  # null removes
    assert props["aliases"] == ["浙江", "浙"]  # absent: kept
    page = loaded.neighbours(NINGBO_ENT, types=["INVESTS_IN"])
    assert page.items[0].relationship.properties == {"amount": 5e7, "amount_text": "数千万元"}
    # the search text follows the new name
    assert loaded.search("浙江")[0].match == "exact"


def test_properties_round_trip_with_their_types(loaded):
    props = loaded.get_node("fund:sme-development-fund").node.properties
    assert props == {
        "key": "fund:sme-development-fund",
        "name": "国家中小企业发展基金",
        "name_en": "National SME Development Fund",
        "size": 357.5e8,
        "size_text": "357.5亿元",
        "currency": "CNY",
    }
    policy = loaded.get_node(PLAN).node
    assert policy.labels == ("Policy",)
    assert policy.properties["period_start"] == 2025
    assert isinstance(policy.properties["period_start"], int)
    assert "search" not in policy.properties


def test_int_given_for_float_is_stored_as_float(store):
    store.upsert([node("city:330300", "温州市", lat=28)], [])
    lat = store.get_node("city:330300").node.properties["lat"]
    assert lat == 28.0 and isinstance(lat, float)


@pytest.mark.parametrize(
    "nodes, rels, problem",
    [
        ([Node("city:1", ("Province",), {"name": "x"})], [], "labels"),
        ([node("city:1", "x", colour="red")], [], "'colour'"),
        ([node("city:1", "x", lat="north")], [], "'lat' must be float"),
        ([node("city:1", "x", aliases="one")], [], "'aliases' must be string[]"),
        ([Node("planet:1", ("Planet",), {"name": "x"})], [], "unknown kind"),
        ([node("city:1", "x", search="x")], [], "'search'"),
        (
            [node("city:1", "x"), node(ZJ, "浙江")],
            [rel("city:1", "PART_OF", "city:1")],
            "not allowed",
        ),
        ([node("city:1", "x"), node(ZJ, "浙江")], [rel("city:1", "NEAR", ZJ)], "'NEAR'"),
        (
            [node("city:1", "x"), node(ZJ, "浙江")],
            [rel("city:1", "PART_OF", ZJ, weight=1)],
            "'weight'",
        ),
    ],
)
def test_schema_violations_name_record_and_property(store, nodes, rels, problem):
    with pytest.raises(SchemaViolation) as err:
        store.upsert(nodes, rels)
    assert problem in err.value.message
    assert totals(store) == (0, 0)


def test_malformed_key_is_a_bad_parameter(ladybug_store):
    # (ladybug only: the Neo4j fixture would try to clean up the malformed key by key)
    with pytest.raises(BadParameter, match="not a key"):
        ladybug_store.upsert([Node("City 1", ("City",), {})], [])


def test_missing_relationship_end_names_the_key_and_writes_nothing(store):
    with pytest.raises(SchemaViolation, match="province:999999"):
        store.upsert([node("city:1", "x")], [rel("city:1", "PART_OF", "province:999999")])
    assert totals(store) == (0, 0)


def test_relationship_ends_may_be_stored_already(loaded):
    counts = loaded.upsert([], [rel(HZ_ENT, "ADOPTS", "technology:industrial-internet")])
    assert counts.created == {"ADOPTS": 1}


def test_failing_batch_leaves_nothing_written(loaded):
    before = totals(loaded)
    good = node("city:330300", "温州市")
    with pytest.raises(SchemaViolation):
        loaded.upsert([good, node(ZJ, "改名"), node("city:330400", "嘉兴市", lat="x")], [])
    assert totals(loaded) == before
    assert loaded.get_node(ZJ).node.name == "浙江省"
    with pytest.raises(NodeNotFound):
        loaded.get_node("city:330300")


def test_duplicates_in_a_batch_are_merged(store):
    counts = store.upsert([node("city:1", "a"), node("city:1", "b", lat=1.0)], [])
    assert counts.created == {"City": 1}
    assert store.get_node("city:1").node.properties == {"key": "city:1", "name": "b", "lat": 1.0}


def test_load_streams_batches(store):
    counts = store.load([*NODES, *RELATIONSHIPS], batch_size=5)
    assert sum(counts.created.values()) == len(NODES) + len(RELATIONSHIPS)
    assert totals(store) == (len(NODES), len(RELATIONSHIPS))


def test_delete_removes_nodes_and_their_relationships(loaded):
    assert loaded.delete([NINGBO_ENT, "enterprise:unknown1"]) == 1
    with pytest.raises(NodeNotFound):
        loaded.get_node(NINGBO_ENT)
    assert totals(loaded) == (len(NODES) - 1, len(RELATIONSHIPS) - 3)


# -- get_node ------------------------------------------------------------------------


def test_get_node_with_degrees(loaded):
    detail = loaded.get_node(MIIT)
    assert detail.node.name == "工业和信息化部"
    assert [d.to_dict() for d in detail.degrees] == [
        {"type": "ISSUED", "direction": "out", "count": 1},
        {"type": "MANAGES", "direction": "out", "count": 1},
    ]
    assert [(d.type, d.direction, d.count) for d in loaded.get_node(ZJ).degrees] == [
        ("COVERS", "in", 1),
        ("PART_OF", "in", 2),
    ]


@pytest.mark.parametrize("key", ["city:999999", "planet:1"])
def test_get_node_unknown_key(loaded, key):
    with pytest.raises(NodeNotFound, match=key):
        loaded.get_node(key)


@pytest.mark.parametrize("key", ["浙江", "", None, 42, "City:1"])
def test_get_node_bad_key(loaded, key):
    with pytest.raises(BadParameter):
        loaded.get_node(key)


# -- neighbours -----------------------------------------------------------------------


def test_neighbours_ordered_by_type_name_key(loaded):
    page = loaded.neighbours("fund:zj-sub-fund")
    got = [(i.relationship.type, i.node.name, i.direction) for i in page.items]
    assert got == [
        ("INVESTS_IN", "宁波智造科技有限公司", "out"),
        ("INVESTS_IN", "杭州云数科技有限公司", "out"),
        ("SUB_FUND_OF", "国家中小企业发展基金", "out"),
    ]
    assert page.total == 3 and page.counts == {"INVESTS_IN": 2, "SUB_FUND_OF": 1}
    first = page.items[0].relationship
    assert (first.start, first.end) == ("fund:zj-sub-fund", NINGBO_ENT)


def test_neighbours_directions_and_relationship_ends(loaded):
    incoming = loaded.neighbours("fund:sme-development-fund", direction="in")
    assert [(i.node.key, i.relationship.start) for i in incoming.items] == [
        ("measure:guarantee-fee-cut-2025", "measure:guarantee-fee-cut-2025"),
        (MIIT, MIIT),
        ("fund:zj-sub-fund", "fund:zj-sub-fund"),
    ]
    assert {i.direction for i in incoming.items} == {"in"}
    assert loaded.neighbours("fund:sme-development-fund", direction="out").total == 0


def test_neighbours_paging_and_counts(loaded):
    every = loaded.neighbours(ZJ).items
    assert len(every) == 3
    pages = [loaded.neighbours(ZJ, limit=1, offset=i) for i in range(4)]
    assert [p.items[0] for p in pages[:3]] == every
    assert pages[3].items == [] and pages[3].total == 3
    assert pages[0].to_dict()["has_more"] is True
    counts_only = loaded.neighbours(ZJ, limit=0)
    assert counts_only.items == [] and counts_only.counts == {"COVERS": 1, "PART_OF": 2}


def test_neighbours_filters(loaded):
    by_type = loaded.neighbours(ZJ, types=["PART_OF"])
    assert [i.node.key for i in by_type.items] == ["city:330200", "city:330100"]  # 宁 < 杭
    assert by_type.total == 2 and by_type.counts == {"COVERS": 1, "PART_OF": 2}
    by_label = loaded.neighbours("city:330100", label="Enterprise")
    assert [i.node.key for i in by_label.items] == [HZ_ENT]
    assert by_label.counts == {"LOCATED_IN": 1}


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"types": ["NEAR"]}, "type"),
        ({"direction": "up"}, "direction"),
        ({"label": "Planet"}, "label"),
        ({"limit": -1}, "limit"),
        ({"limit": 10**6}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"offset": -5}, "offset"),
        ({"offset": 1.5}, "offset"),
    ],
)
def test_neighbours_bad_parameters(loaded, kwargs, name):
    with pytest.raises(BadParameter) as err:
        loaded.neighbours(ZJ, **kwargs)
    assert err.value.name == name


def test_neighbours_unknown_key(loaded):
    with pytest.raises(NodeNotFound):
        loaded.neighbours("city:999999")


# -- search -------------------------------------------------------------------------------


def test_search_ranks_exact_prefix_substring(loaded):
    hits = loaded.search("浙江")
    assert [(h.match, h.node.key) for h in hits] == [
        ("exact", ZJ),  # an alias equals the query
        ("prefix", "agency:zj-econ"),
        ("prefix", "policy:zj-digital-2025"),
        ("substring", "fund:zj-sub-fund"),
    ]


def test_search_is_case_insensitive_on_english_names_aliases_and_keys(loaded):
    assert [h.node.key for h in loaded.search("miit")] == [MIIT]
    assert loaded.search("NINGBO")[0].node.key == "city:330200"
    assert loaded.search("province:330000")[0].match == "exact"
    assert [h.node.key for h in loaded.search("宁波")][:1] == ["city:330200"]


def test_search_limit_and_label_filter(loaded):
    assert len(loaded.search("科技", limit=1)) == 1
    assert {h.node.label for h in loaded.search("浙江", labels=["Policy", "Agency"])} == {
        "Policy",
        "Agency",
    }
    assert loaded.search("no such thing anywhere") == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"q": ""},
        {"q": "  "},
        {"q": None},
        {"q": "x", "limit": 0},
        {"q": "x", "limit": 10**6},
        {"q": "x", "labels": ["Planet"]},
    ],
)
def test_search_bad_parameters(loaded, kwargs):
    with pytest.raises(BadParameter):
        loaded.search(**kwargs)


# -- shortest paths ---------------------------------------------------------------------


def test_shortest_paths_between_enterprises(loaded):
    paths = loaded.shortest_paths(NINGBO_ENT, HZ_ENT)
    assert [[n.key for n in p.nodes] for p in paths] == [[NINGBO_ENT, "fund:zj-sub-fund", HZ_ENT]]
    path = paths[0]
    assert len(path) == 2
    assert [(r.type, r.start, r.end) for r in path.relationships] == [
        ("INVESTS_IN", "fund:zj-sub-fund", NINGBO_ENT),
        ("INVESTS_IN", "fund:zj-sub-fund", HZ_ENT),
    ]


def test_shortest_paths_all_of_equal_length_in_order(loaded):
    paths = loaded.shortest_paths("city:330100", "city:330200")
    assert [[n.key for n in p.nodes] for p in paths] == [["city:330100", ZJ, "city:330200"]]
    paths = loaded.shortest_paths(NINGBO_ENT, HZ_ENT, types=["LOCATED_IN", "PART_OF"])
    assert [[n.key for n in p.nodes] for p in paths] == [
        [NINGBO_ENT, "city:330200", ZJ, "city:330100", HZ_ENT]
    ]
    two = loaded.shortest_paths("technology:industrial-internet", "fund:sme-development-fund")
    assert [[n.key for n in p.nodes] for p in two] == [
        [
            "technology:industrial-internet",
            NINGBO_ENT,
            "fund:zj-sub-fund",
            "fund:sme-development-fund",
        ]
    ]
    many = loaded.shortest_paths("city:330100", "policy:zj-digital-2025")
    assert [[n.key for n in p.nodes] for p in many] == [
        ["city:330100", "agency:zj-econ", "policy:zj-digital-2025"],
        ["city:330100", ZJ, "policy:zj-digital-2025"],
    ]
    assert loaded.shortest_paths("city:330100", "policy:zj-digital-2025", limit=1) == many[:1]


def test_shortest_paths_limits(loaded):
    assert loaded.shortest_paths(NINGBO_ENT, MIIT, max_hops=2) == []
    assert len(loaded.shortest_paths(NINGBO_ENT, MIIT, max_hops=4)[0]) == 3
    assert loaded.shortest_paths(ZJ, ZJ)[0].nodes[0].key == ZJ
    with pytest.raises(BadParameter, match="max_hops"):
        loaded.shortest_paths(NINGBO_ENT, MIIT, max_hops=Limits().MAX_HOPS + 1)
    with pytest.raises(BadParameter, match="max_hops"):
        loaded.shortest_paths(NINGBO_ENT, MIIT, max_hops=0)
    with pytest.raises(NodeNotFound):
        loaded.shortest_paths(NINGBO_ENT, "agency:nobody")
    with pytest.raises(BadParameter):
        loaded.shortest_paths(NINGBO_ENT, MIIT, types=["NEAR"])


# -- subgraphs -----------------------------------------------------------------------


def test_subgraph_nodes_and_relationships_among_them(loaded):
    sub = loaded.subgraph(["fund:zj-sub-fund", NINGBO_ENT, "city:330200", "city:999999"])
    assert [n.key for n in sub.nodes] == ["fund:zj-sub-fund", NINGBO_ENT, "city:330200"]
    assert [r.id for r in sub.relationships] == [
        f"{NINGBO_ENT}-LOCATED_IN->city:330200",
        f"fund:zj-sub-fund-INVESTS_IN->{NINGBO_ENT}",
    ]
    assert sub.truncated is False
    with pytest.raises(BadParameter):
        loaded.subgraph(["not a key"])
    assert loaded.subgraph([]).nodes == []


def test_neighbourhood_depth_and_cap(loaded):
    one = loaded.neighbourhood(ZJ)
    assert [n.key for n in one.nodes] == [
        ZJ,
        "city:330100",
        "city:330200",
        "policy:zj-digital-2025",
    ]
    assert one.truncated is False
    assert {r.type for r in one.relationships} == {"PART_OF", "COVERS"}
    two = loaded.neighbourhood(ZJ, depth=2)
    assert len(two.nodes) == 8 and not two.truncated
    capped = loaded.neighbourhood(ZJ, depth=2, max_nodes=5)
    assert [n.key for n in capped.nodes] == [n.key for n in two.nodes[:5]]
    assert capped.truncated is True and capped.caps == {"MAX_NODES": 5}
    exact = loaded.neighbourhood(ZJ, depth=1, max_nodes=4)
    assert exact.truncated is False
    cut = loaded.neighbourhood(ZJ, depth=1, max_nodes=1)
    assert [n.key for n in cut.nodes] == [ZJ] and cut.truncated is True
    typed = loaded.neighbourhood(ZJ, depth=3, types=["PART_OF"])
    assert {n.key for n in typed.nodes} == {ZJ, "city:330100", "city:330200"}


@pytest.mark.parametrize("key", [ZJ, "city:330100", "fund:sme-development-fund"])
def test_neighbourhood_cap_cuts_the_uncapped_order(loaded, key):
    # Every cap gives a prefix of the uncapped answer, also where the nodes a ring
    # reaches first (by key) were taken by an earlier ring.
    whole = [n.key for n in loaded.neighbourhood(key, depth=3).nodes]
    for cap in range(1, len(whole) + 1):
        capped = loaded.neighbourhood(key, depth=3, max_nodes=cap)
        assert [n.key for n in capped.nodes] == whole[:cap]
        assert capped.truncated is (cap < len(whole))


def test_neighbours_page_across_types_and_directions(loaded):
    whole = loaded.neighbours(PLAN, limit=1000).items
    assert {i.direction for i in whole} == {"in", "out"}
    for offset in range(len(whole) + 1):
        page = loaded.neighbours(PLAN, limit=2, offset=offset)
        assert page.items == whole[offset : offset + 2]
        assert page.total == len(whole)


def test_neighbourhood_bad_parameters(loaded):
    with pytest.raises(BadParameter, match="depth"):
        loaded.neighbourhood(ZJ, depth=99)
    with pytest.raises(BadParameter, match="max_nodes"):
        loaded.neighbourhood(ZJ, max_nodes=10**6)
    with pytest.raises(NodeNotFound):
        loaded.neighbourhood("city:999999")


# -- overview -----------------------------------------------------------------------------


def test_stats(loaded):
    stats = loaded.stats()
    assert set(stats["labels"]) == set(SCHEMA.label_names)
    assert set(stats["relationships"]) == set(SCHEMA.rel_names)
    assert stats["labels"]["Enterprise"] == 2 and stats["labels"]["Report"] == 0
    assert stats["relationships"]["LOCATED_IN"] == 3


def test_schema_graph(loaded):
    schema = loaded.schema_graph()
    assert [lb["name"] for lb in schema["labels"]] == list(SCHEMA.label_names)
    assert [t["name"] for t in schema["relationship_types"]] == list(SCHEMA.rel_names)
    city = next(lb for lb in schema["labels"] if lb["name"] == "City")
    assert {"name": "lat", "type": "float", "doc": "latitude of the seat"} in city["properties"]
    located = [p for p in schema["patterns"] if p["type"] == "LOCATED_IN"]
    assert located == [
        {"start": "Enterprise", "type": "LOCATED_IN", "end": "City", "count": 2},
        {"start": "Agency", "type": "LOCATED_IN", "end": "City", "count": 1},
    ]
    assert sum(p["count"] for p in schema["patterns"]) == len(RELATIONSHIPS)


# -- read-only Cypher --------------------------------------------------------------------


def test_run_cypher_with_parameters(loaded):
    result = loaded.run_cypher(
        "MATCH (c:City)-[r:PART_OF]->(p:Province {key: $key}) "
        "RETURN c.name AS name, c, r ORDER BY name",
        {"key": ZJ},
    )
    assert result.columns == ["name", "c", "r"]
    assert [rec["name"] for rec in result.records] == ["宁波市", "杭州市"]
    assert result.records[0]["c"]["labels"] == ["City"]
    assert result.records[0]["r"] == {
        "id": f"city:330200-PART_OF->{ZJ}",
        "type": "PART_OF",
        "start": "city:330200",
        "end": ZJ,
        "properties": {},
    }
    assert {n.key for n in result.nodes} == {"city:330100", "city:330200"}
    assert {r.id for r in result.relationships} == {
        f"city:330100-PART_OF->{ZJ}",
        f"city:330200-PART_OF->{ZJ}",
    }
    assert result.truncated is False


def test_run_cypher_paths_and_plain_values(loaded):
    result = loaded.run_cypher(
        "MATCH p = (a:Agency {key: $a})-[:ISSUED]->(b:Policy) "
        "RETURN p, size(b.name) AS n, [1, 2, 3] AS xs, {k: b.period_end} AS m",
        {"a": MIIT},
    )
    rec = result.records[0]
    assert rec["p"]["length"] == 1 and rec["p"]["nodes"][1]["key"] == PLAN
    assert rec["n"] == 15 and rec["xs"] == [1, 2, 3] and rec["m"] == {"k": 2027}


def test_run_cypher_row_cap(loaded):
    result = loaded.run_cypher("MATCH (n:City) RETURN n.key AS k ORDER BY k", max_rows=1)
    assert result.truncated is True and len(result.records) == 1 and result.max_rows == 1
    full = loaded.run_cypher("MATCH (n:City) RETURN n.key AS k ORDER BY k", max_rows=2)
    assert full.truncated is False and len(full.records) == 2


WRITES = [
    "CREATE (n:City {key: 'city:1', name: 'x'})",
    "MERGE (n:City {key: 'city:1'}) RETURN n",
    "MATCH (n:City {key: 'city:330100'}) SET n.name = 'x'",
    "MATCH (n:City {key: 'city:330100'}) DETACH DELETE n",
    "MATCH (n:City {key: 'city:330100'}) DELETE n",
    "MATCH (n:City {key: 'city:330100'}) REMOVE n.name",
    "LOAD CSV FROM 'file:///etc/hostname' AS row CREATE (:City {key: row[0]})",
    "MATCH (n:City) WITH n LIMIT 1 CREATE (m:City {key: 'city:2', name: 'y'})",
    "MATCH (n:City) WITH n SET n.name = 'z' RETURN n",
    "MATCH (n:City) CALL { WITH n CREATE (m:City {key: 'city:3'}) } RETURN n",
    "/* comment */ CREATE (n:City {key: 'city:4'})",
]


@pytest.mark.parametrize("query", WRITES)
def test_writes_are_refused_and_nothing_changes(loaded, query):
    before = (totals(loaded), loaded.get_node("city:330100").node)
    with pytest.raises(WriteNotAllowed):
        loaded.run_cypher(query)
    assert (totals(loaded), loaded.get_node("city:330100").node) == before


def test_writing_procedure_is_refused(loaded):
    before = totals(loaded)
    query = {
        "neo4j": "CALL db.createLabel('Planet')",
        "ladybug": "CREATE NODE TABLE Planet(key STRING, PRIMARY KEY(key))",
    }[loaded.kind]
    with pytest.raises(WriteNotAllowed):
        loaded.run_cypher(query)
    with pytest.raises(WriteNotAllowed):
        loaded.run_cypher("CALL timeout=1")
    assert totals(loaded) == before


def test_file_reading_is_refused(loaded):
    with pytest.raises(WriteNotAllowed, match="LOAD"):
        loaded.run_cypher("LOAD CSV FROM 'file:///etc/hostname' AS row RETURN row")
    with pytest.raises(WriteNotAllowed, match="LOAD"):
        loaded.run_cypher("LOAD FROM '/etc/hostname' RETURN *")


def test_words_in_strings_and_properties_are_not_writes(loaded):
    result = loaded.run_cypher(
        "MATCH (n:Province) WHERE n.name <> 'CREATE (x) ; LOAD CSV' RETURN n.key AS k"
    )
    assert result.records == [{"k": ZJ}]


def test_syntax_error_has_the_engines_message(loaded):
    with pytest.raises(CypherSyntaxError) as err:
        loaded.run_cypher("MATCH (n:City RETURN n")
    assert err.value.message and err.value.status == 400


@pytest.mark.parametrize("query", ["", "   ", None])  # two statements: test_console_hostile
def test_bad_query_text(loaded, query):
    with pytest.raises(BadParameter):
        loaded.run_cypher(query)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"params": [1, 2]},
        {"timeout_s": 0},
        {"timeout_s": "x"},
        {"max_rows": 0},
        {"max_rows": "many"},
    ],
)
def test_bad_run_parameters(loaded, kwargs):
    with pytest.raises(BadParameter):
        loaded.run_cypher("RETURN 1 AS x", **kwargs)


SLOW = (
    "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b "
    "WITH a + b AS c WHERE c % 7 = 3 RETURN count(*) AS n"
)


def test_the_servers_own_limit_is_named_when_it_stops_a_query(loaded):
    loaded.limits = dataclasses.replace(loaded.limits, CYPHER_TIMEOUT_S=0.5)
    with pytest.raises(QueryTimeout) as err:
        loaded.run_cypher(SLOW)
    assert "longer than CYPHER_TIMEOUT_S=0.5 seconds" in err.value.message


def test_timeout_stops_a_slow_query(loaded):
    with pytest.raises(QueryTimeout) as err:
        loaded.run_cypher(SLOW, timeout_s=0.5)
    # The request's own lower limit stopped it: the message names that and the setting.
    assert "timeout=0.5 seconds" in err.value.message
    assert f"CYPHER_TIMEOUT_S={loaded.limits.CYPHER_TIMEOUT_S:g}" in err.value.message
    assert loaded.run_cypher("RETURN 1 AS x").records == [{"x": 1}]  # the store still works


# -- availability ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_neo4j_not_running_names_the_uri():
    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(StoreUnavailable) as err:
        open_store(uri, user="neo4j", password="x")
    assert uri in err.value.message and err.value.status == 503
    assert "Connection refused" in err.value.message  # the cause, not only "couldn't connect"


def test_ladybug_locked_by_another_process(tmp_path):
    path = tmp_path / "graph"
    script = textwrap.dedent(f"""
        import sys, ladybug
        db = ladybug.Database({str(path)!r})
        print("ready", flush=True)
        sys.stdin.read()
    """)
    with subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as holder:
        try:
            assert holder.stdout.readline().strip() == "ready"
            with pytest.raises(StoreUnavailable) as err:
                open_store(f"embedded://{path}")
            assert str(path) in err.value.message and "lock" in err.value.message.lower()
        finally:
            holder.stdin.close()
            holder.wait(30)


def test_ladybug_unwritable_path(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreUnavailable, match="file/graph"):
        open_store(f"embedded://{blocker}/graph")


def test_ladybug_read_only_store_refuses_writes(tmp_path):
    path = tmp_path / "graph"
    writer = open_store(f"embedded://{path}")
    writer.ensure_schema()
    load(writer)
    writer.close()
    reader = open_store(f"embedded://{path}", read_only=True)
    try:
        assert reader.get_node(ZJ).node.name == "浙江省"
        with pytest.raises(WriteNotAllowed):
            reader.upsert([node("city:1", "x")], [])
        with pytest.raises(WriteNotAllowed):
            reader.delete([ZJ])
    finally:
        reader.close()


def test_ladybug_serves_many_threads(ladybug_store):
    from concurrent.futures import ThreadPoolExecutor

    load(ladybug_store)

    def work(i: int):
        key = ALL_KEYS[i % len(ALL_KEYS)]
        return ladybug_store.get_node(key).node.key, len(ladybug_store.search("科技"))

    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(work, range(64)))
    assert got == [(ALL_KEYS[i % len(ALL_KEYS)], 2) for i in range(64)]


def test_ladybug_reads_while_another_thread_writes(ladybug_store):
    from concurrent.futures import ThreadPoolExecutor

    load(ladybug_store)

    def write():
        for i in range(20):
            ladybug_store.upsert(
                [node(f"city:9{i:05d}", f"城市{i}")], [rel(f"city:9{i:05d}", "PART_OF", ZJ)]
            )

    with ThreadPoolExecutor(1) as pool:
        writing = pool.submit(write)
        reads = [ladybug_store.neighbours(ZJ, types=["PART_OF"], limit=0).total for _ in range(20)]
        writing.result()  # re-raises whatever the writer hit
    assert reads == sorted(reads) and 2 <= reads[0] and reads[-1] <= 22
    assert ladybug_store.neighbours(ZJ, types=["PART_OF"], limit=0).total == 22


def test_closed_store_is_unavailable(tmp_path):
    store = open_store(f"embedded://{tmp_path / 'graph'}")
    store.ensure_schema()
    store.close()
    with pytest.raises(StoreUnavailable):
        store.get_node(ZJ)


def test_version(store):
    assert store.version().startswith({"ladybug": "Ladybug 0.", "neo4j": "Neo4j 5."}[store.kind])


def test_records_must_be_of_their_kind(ladybug_store):
    with pytest.raises(BadParameter, match="nodes"):
        ladybug_store.upsert([Relationship("PART_OF", "city:1", ZJ)], [])
    with pytest.raises(BadParameter, match="relationships"):
        ladybug_store.upsert([], [node("city:1", "x")])


# -- search in both languages (issue 12) ----------------------------------------------------


def test_search_english_does_not_match_keys(loaded):
    # "zj" is in three keys (agency:zj-econ...) but in no name: keys match only key-like queries
    assert loaded.search("zj") == []
    assert [h.node.key for h in loaded.search("agency:zj")] == ["agency:zj-econ"]


def test_search_ranks_alike_in_both_languages(loaded):
    for q in ("浙江", "浙江省", "Zhejiang", "zhejiang province", "ZHEJIANG  Province"):
        hits = loaded.search(q)
        assert hits[0].node.key == ZJ, q
        assert hits[0].match in ("exact", "words"), q
    assert [h.node.key for h in loaded.search("Zhejiang")] == [ZJ, "agency:zj-econ"]


def test_search_multi_word_matches_every_word(loaded):
    hits = loaded.search("ministry technology")
    assert [(h.match, h.node.key) for h in hits] == [("words", MIIT)]
    assert loaded.search("ministry planet") == []
    # the whole phrase ranks before every word somewhere
    hits = loaded.search("sme digital")
    assert hits[0].match == "prefix" and hits[0].node.key == "policy:sme-digital-2025"


def test_search_status_filters(loaded):
    every = {h.node.key for h in loaded.search("科技")}
    assert every == {"enterprise:91330200MA2H3XYZ0K", "enterprise:91330100MA2H3ABC1D"}
    assert loaded.search("科技", exclude_statuses=["synthetic"]) == []
    kept = loaded.search("浙江", statuses=["reference"])
    assert [h.node.key for h in kept] == [ZJ]
    assert ZJ not in {h.node.key for h in loaded.search("浙江", exclude_statuses="reference")}
    with pytest.raises(BadParameter) as err:
        loaded.search("浙江", statuses=["made-up"])
    assert err.value.name == "status"
