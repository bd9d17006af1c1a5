"""The stores' internal read methods the loaders use (not the console path)."""

from __future__ import annotations

from store_fixture_data import load

from graph.errors import WriteNotAllowed


def test_existing_keys_names_the_stored_ones(store):
    load(store)
    asked = ["province:330000", "city:999999", "agency:miit", "nosuchkind:1"]
    assert store.existing_keys(asked) == {"province:330000", "agency:miit"}
    assert store.existing_keys([]) == set()


def test_read_named_pages_a_named_query(store):
    load(store)
    rows = store.read_named("loader_policies", {"skip": 0, "limit": 1})
    assert [r["key"] for r in rows] == ["policy:sme-digital-2025"]
    rest = store.read_named("loader_policies", {"skip": 1, "limit": 10})
    assert [(r["key"], r["regions"]) for r in rest] == [("policy:zj-digital-2025", ["330000"])]


def test_read_named_runs_in_a_read_transaction(store):
    load(store)
    # delete_nodes is a write: run as a read it is refused by the engine, nothing deleted
    try:
        store.read_named("delete_nodes", {"keys": ["agency:miit"]}, label=":Agency")
    except WriteNotAllowed:
        pass
    assert store.existing_keys(["agency:miit"]) == {"agency:miit"}
