"""The read path of issue 11 on both stores: long neighbour lists ordered once and kept
(graph/_read_cache.py), one read transaction per page, counts kept until a write.

A kept order must give exactly the pages the engine's own sort gives, at every offset
and under every filter, and nothing kept may outlive a write. No timings here: speed is
measured by ``python -m bench`` (BENCHMARKS.md "Issue 11: read path").
"""

from __future__ import annotations

import pytest
from store_fixture_data import load, rel

from graph import _read_cache
from graph.model import Node

PLAN = "policy:sme-digital-2025"
MEASURE = "measure:guarantee-fee-cut-2025"
TECH = "technology:industrial-internet"


def firm(i: int, name: str | None) -> Node:
    key = f"enterprise:91330200MA2H{i:05d}"
    return Node(key, ("Enterprise",), {"key": key, **({"name": name} if name else {})})


# Names that tie, sort before and after each other, miss, or are Chinese and English.
NAMES = ["宁波甲", "宁波甲", None, "Alpha", "alpha", "宁波乙", "Zeta", "", "杭州丙", "Beta"]


@pytest.fixture
def crowded(store):
    """The fixture graph plus 40 enterprises eligible for the plan, some adopting the
    technology, some eligible for the measure too (derived: rule, criteria)."""
    load(store)
    firms = [firm(i, NAMES[i % len(NAMES)]) for i in range(40)]
    rels = [
        rel(f.key, "ELIGIBLE_FOR", PLAN, rule=f"r{i % 3}", criteria=["region:national"])
        for i, f in enumerate(firms)
    ]
    rels += [rel(f.key, "ADOPTS", TECH) for f in firms[::3]]
    rels += [rel(f.key, "ELIGIBLE_FOR", MEASURE, rule="size") for f in firms[::4]]
    store.upsert(firms, rels)
    return store


def kept(monkeypatch, on: bool) -> None:
    """Lists longer than 3 kept (on), or none at all (off: the engine sorts each page)."""
    monkeypatch.setattr(_read_cache, "ORDER_MIN", 3 if on else 10**9)


def pages(store, key, size, **filters) -> list:
    first = store.neighbours(key, limit=size, **filters)
    found = [first]
    for offset in range(size, first.total + size, size):
        found.append(store.neighbours(key, limit=size, offset=offset, **filters))
    return [(p.total, p.counts, [i.to_dict() for i in p.items]) for p in found]


FILTERS = [
    {},
    {"types": ["ELIGIBLE_FOR"]},
    {"types": ["ELIGIBLE_FOR", "ISSUED"], "direction": "in"},
    {"direction": "out"},
    {"label": "Enterprise"},
]


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("key", [PLAN, TECH])
def test_kept_order_gives_the_engines_pages_at_every_offset(crowded, monkeypatch, key, filters):
    kept(monkeypatch, False)
    expected = pages(crowded, key, 7, **filters)
    kept(monkeypatch, True)
    assert pages(crowded, key, 7, **filters) == expected
    assert pages(crowded, key, 7, **filters) == expected  # served from what was kept
    one_page = crowded.neighbours(key, limit=1000, **filters)
    assert [i for p in expected for i in p[2]] == [i.to_dict() for i in one_page.items]


def eligible(store, limit=100, offset=0):
    return store.neighbours(PLAN, types=["ELIGIBLE_FOR"], limit=limit, offset=offset)


def test_kept_order_follows_writes(crowded, monkeypatch):
    kept(monkeypatch, True)
    assert eligible(crowded, 5).total == 40
    newcomer = firm(99, "Aa")  # after the unnamed ones, before "Alpha"
    crowded.upsert([newcomer], [rel(newcomer.key, "ELIGIBLE_FOR", PLAN, rule="r9")])
    after = eligible(crowded)
    names = [i.node.name or "" for i in after.items]
    assert after.total == 41 and names == sorted(names)
    assert names.index("Aa") == names.index("Alpha") - 1
    # A renamed neighbour moves; its relationship's new properties show.
    last = eligible(crowded, 1, 40).items[0]
    renamed = Node(last.node.key, ("Enterprise",), {"key": last.node.key, "name": "AAA"})
    crowded.upsert([renamed], [rel(renamed.key, "ELIGIBLE_FOR", PLAN, rule="renamed")])
    moved = [i for i in eligible(crowded).items if i.node.key == renamed.key]
    assert moved[0].node.name == "AAA" and moved[0].relationship.properties["rule"] == "renamed"
    assert [i.node.key for i in eligible(crowded).items].index(renamed.key) < 20
    crowded.delete([renamed.key, newcomer.key])
    again = eligible(crowded)
    assert again.total == 39 and renamed.key not in [i.node.key for i in again.items]


def test_kept_order_is_rebuilt_when_counts_change_elsewhere(crowded, monkeypatch):
    """A writer in another process does not move this object's generation: changed
    counts alone make the kept order go."""
    kept(monkeypatch, True)
    monkeypatch.setattr(crowded, "keeps_counts", False)  # the embedded store trusts its own
    eligible(crowded, 5)
    generation = crowded.read_cache.generation
    newcomer = firm(98, "Aa")
    real = crowded._changed
    monkeypatch.setattr(crowded, "_changed", lambda: None)  # as if written by another process
    crowded.upsert([newcomer], [rel(newcomer.key, "ELIGIBLE_FOR", PLAN, rule="r")])
    monkeypatch.setattr(crowded, "_changed", real)
    assert crowded.read_cache.generation == generation
    page = eligible(crowded)
    assert page.total == 41 and newcomer.key in [i.node.key for i in page.items]


def test_stats_and_schema_graph_follow_writes(crowded):
    before = crowded.stats()
    patterns = crowded.schema_graph()["patterns"]
    before["labels"]["Enterprise"] = -1  # a caller changing what it got changes nothing kept
    assert crowded.stats()["labels"]["Enterprise"] == 42
    newcomer = firm(97, "新")
    crowded.upsert([newcomer], [rel(newcomer.key, "ELIGIBLE_FOR", MEASURE, rule="size")])
    assert crowded.stats()["labels"]["Enterprise"] == 43
    assert crowded.stats()["relationships"]["ELIGIBLE_FOR"] == 40 + 10 + 1
    counts = {(p["start"], p["type"], p["end"]): p["count"] for p in patterns}
    assert counts[("Enterprise", "ELIGIBLE_FOR", "Policy")] == 40
    assert counts[("Enterprise", "ELIGIBLE_FOR", "Measure")] == 10
    after = {
        (p["start"], p["type"], p["end"]): p["count"] for p in crowded.schema_graph()["patterns"]
    }
    assert after[("Enterprise", "ELIGIBLE_FOR", "Measure")] == 11


def test_schema_graph_counts_match_full_patterns(crowded):
    """Counting a pair by the one label that tells it apart gives the full pattern's count."""
    for p in crowded.schema_graph()["patterns"]:
        query = f"MATCH (:{p['start']})-[r:{p['type']}]->(:{p['end']}) RETURN count(r) AS n"
        assert crowded.run_cypher(query).records[0]["n"] == p["count"], p


def test_first_nodes_by_key(crowded):
    keys = [n.key for n in crowded.first_nodes("Enterprise", limit=5)]
    assert keys == sorted(keys) and len(keys) == 5
    every = crowded.run_cypher("MATCH (n:Enterprise) RETURN n.key AS k ORDER BY k LIMIT 5")
    assert keys == [r["k"] for r in every.records]


def test_one_transaction_shares_reads_and_fetches_a_node_once(crowded):
    began, fetched = [], []
    begin = crowded._begin_reading

    def counting_begin():
        began.append(1)
        return begin()

    crowded._begin_reading = counting_begin
    try:
        with crowded.one_transaction():
            reader = crowded._thread().reader
            fetch = reader.fetch

            def counting_fetch(name, params, **names):
                fetched.append((name, params.get("key")))
                return fetch(name, params, **names)

            reader.fetch = counting_fetch
            crowded.get_node(PLAN)
            crowded.get_node(PLAN)
            crowded.neighbours(PLAN, limit=5)
            crowded.neighbour_label_counts(PLAN)
            crowded.neighbour_label_counts(PLAN)
            assert crowded.find_node(TECH).key == TECH
            assert crowded.find_node("enterprise:nope") is None
    finally:
        del crowded._begin_reading
    assert len(began) == 1
    assert fetched.count(("node_by_key", PLAN)) == 1
    assert fetched.count(("degrees_out", PLAN)) == 1
    assert fetched.count(("neighbour_label_counts_in", PLAN)) == 1


def test_node_page_and_home_in_one_transaction(crowded, tmp_path):
    from webapp import create_app

    unused = f"embedded://{tmp_path / 'unused'}"
    app = create_app({"TESTING": True, "GRAPH_URI": unused, "LOAD_BUNDLED_IF_EMPTY": False})
    app.extensions["graph_store"] = crowded
    client = app.test_client()
    began = []
    begin = crowded._begin_reading

    def counting_begin():
        began.append(1)
        return begin()

    crowded._begin_reading = counting_begin
    try:
        for url in (f"/node/{PLAN}.json", "/index.json", f"/view.json?focus={PLAN}"):
            began.clear()
            response = client.get(url)
            assert response.status_code == 200, response.data[:300]
            assert len(began) == 1, url
        home = client.get("/index.json").get_json()
        assert home["counts"]["labels"]["Enterprise"] == 42
        assert [p["key"] for p in home["policies"]] == sorted(p["key"] for p in home["policies"])
        crowded.upsert([firm(96, "又一家")], [])
        assert client.get("/index.json").get_json()["counts"]["labels"]["Enterprise"] == 43
    finally:
        del crowded._begin_reading
        app.extensions.pop("graph_store", None)


def test_read_cache_drops_the_least_used_orders(monkeypatch):
    cache = _read_cache.ReadCache()
    monkeypatch.setattr(_read_cache, "ORDER_MAX_ENTRIES", 5)
    cache.order("a", 1, lambda: [1, 2, 3])
    cache.order("b", 1, lambda: [1, 2])
    cache.order("a", 1, lambda: pytest.fail("kept"))
    cache.order("c", 1, lambda: [1, 2])  # 7 entries: "b" was used least recently
    assert cache.order("b", 1, lambda: ["rebuilt"]) == ["rebuilt"]
    assert cache.order("x", 1, lambda: list(range(9))) == list(range(9))  # too big to keep
    assert cache.order("a", 2, lambda: ["new counts"]) == ["new counts"]


def test_a_first_page_is_kept_only_when_asked_again():
    cache = _read_cache.ReadCache()
    assert cache.order("a", 1, lambda: pytest.fail("built"), eager=False) is None
    assert cache.order("a", 1, lambda: [1], eager=False) == [1]
    assert cache.order("a", 1, lambda: pytest.fail("kept"), eager=False) == [1]
    assert cache.order("b", 1, lambda: [2]) == [2]  # a deep page builds at once
