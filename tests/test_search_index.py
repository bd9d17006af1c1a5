"""Issue 11's search index on both stores: the embedded store's SQLite index beside the
graph (graph/_search_index.py) and Neo4j's full-text index answer exactly as the scan
they replace (cypher/search*.cypher), and stay in step with every write: update,
delete, a failed load taken back, the bulk import, and a missing or stale index file.
"""

from __future__ import annotations

import sqlite3

import pytest
from conftest import ladybug_test_store, load_bundled
from store_fixture_data import load, node

from graph import _journal
from graph._search_index import index_path

QUERIES = [
    "浙江",
    "浙",
    "省",
    "宁波",
    "宁波 企业",
    "zhejiang",
    "zhejiang province",
    "ningbo precision",
    "province:33",
    "province:330000",
    "city:",
    "policy",
    "中小企业",
    "数字化 转型",
    "基金",
    "a",
    "ai",
    "科技",
    "Zhe",
    "no such thing anywhere",
]
FILTERS = [
    {},
    {"limit": 3},
    {"labels": ["City"]},
    {"labels": ["Policy", "Agency"]},
    {"statuses": ["reference"]},
    {"exclude_statuses": ["synthetic"]},
    {"exclude_statuses": ["reference", "reported"]},
]


def hits(store, q, **kw) -> list[tuple[str, str]]:
    return [(h.node.key, h.match) for h in store.search(q, **kw)]


def scanned(store, q, **kw) -> list[tuple[str, str]]:
    """The answer of the scan the index replaces (cypher/search*.cypher)."""
    kept = store._search_ok
    store._search_ok = False
    try:
        return hits(store, q, **kw)
    finally:
        store._search_ok = kept


def test_index_answers_as_the_scan(store):
    """Every query and filter of QUERIES x FILTERS on the bundled data: the embedded
    index, and Neo4j's full-text index for Chinese words, give the scan's answer."""
    load_bundled(store)
    for q in QUERIES:
        for kw in FILTERS:
            assert hits(store, q, **kw) == scanned(store, q, **kw), (q, kw)
    assert store._search_ok, "the index was not used"


def test_search_answers_alike_on_both_stores(store):
    load(store)
    assert [(h.match, h.node.key) for h in store.search("浙江")] == [
        ("exact", "province:330000"),
        ("prefix", "agency:zj-econ"),
        ("prefix", "policy:zj-digital-2025"),
        ("substring", "fund:zj-sub-fund"),
    ]
    assert [h.node.key for h in store.search("miit")] == ["agency:miit"]
    assert store.search("浙江", labels=["Fund"])[0].node.key == "fund:zj-sub-fund"


def test_index_follows_update_and_delete(store):
    load(store)
    assert [k for k, _ in hits(store, "宁波")][:1] == ["city:330200"]
    store.upsert([node("city:330200", "甬城示范市", name_en="Yongcheng", aliases=None)], [])
    assert "city:330200" not in [k for k, _ in hits(store, "宁波")]
    assert hits(store, "甬城") == [("city:330200", "prefix")]
    assert hits(store, "yongcheng") == [("city:330200", "exact")]
    store.delete(["city:330200"])
    assert hits(store, "甬城") == []
    assert hits(store, "yongcheng") == []


def test_failed_load_leaves_index_as_before(store):
    load(store)
    before = {q: hits(store, q) for q in ("宁波", "浙江", "zhejiang", "甬城")}
    with pytest.raises(RuntimeError, match="later batch"), _journal.load_run(store):
        store.upsert(
            [node("city:330200", "甬城示范市"), node("city:990001", "甬城新区")],
            [],
        )
        assert len(hits(store, "甬城")) == 2
        raise RuntimeError("a later batch failed")
    assert {q: hits(store, q) for q in before} == before


def test_search_before_a_first_load_then_after(store):
    assert store.search("浙江") == []
    load_bundled(store)
    assert hits(store, "浙江")[0] == ("province:330000", "exact")


# -- the embedded index's file ------------------------------------------------------------


def test_missing_index_is_rebuilt_on_open(tmp_path):
    path = tmp_path / "graph"
    with ladybug_test_store(path) as store:
        load(store)
        expected = {q: hits(store, q) for q in QUERIES}
    index_path(path).unlink()
    with ladybug_test_store(path) as store:
        assert {q: hits(store, q) for q in QUERIES} == expected
        assert store._search_ok
    assert index_path(path).exists()


@pytest.mark.parametrize("damage", ["dirty", "stale", "garbage"])
def test_stale_index_is_rebuilt_on_open(tmp_path, damage):
    """A crash between a graph write and the index (dirty), nodes written by an older
    version (counts differ), or a file that is no index at all."""
    path = tmp_path / "graph"
    with ladybug_test_store(path) as store:
        load(store)
        expected = {q: hits(store, q) for q in QUERIES}
    file = index_path(path)
    if damage == "garbage":
        file.write_bytes(b"not a database")
    else:
        with sqlite3.connect(file) as conn:
            if damage == "dirty":
                conn.execute("UPDATE meta SET value = '1' WHERE name = 'dirty'")
            else:
                conn.execute("DELETE FROM docs WHERE key = 'city:330200'")
        conn.close()
    with ladybug_test_store(path) as store:
        assert {q: hits(store, q) for q in QUERIES} == expected
        assert store._search_ok


def test_read_only_store_uses_a_fresh_index_or_the_scan(tmp_path):
    from graph import open_store

    path = tmp_path / "graph"
    with ladybug_test_store(path) as store:
        load(store)
        expected = {q: hits(store, q) for q in QUERIES}
    for present in (True, False):
        if not present:
            index_path(path).unlink()
        store = open_store(f"embedded://{path}", read_only=True)
        try:
            assert {q: hits(store, q) for q in QUERIES} == expected
            assert store._search_ok is present
        finally:
            store.close()
