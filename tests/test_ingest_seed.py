"""The seed article ingested end to end on both stores: into a graph that holds only the
reference tables, it answers the analysts' canned queries as the curated data does; into
the bundled graph (which holds the curated facts), it duplicates nothing.

The article sits beside the repository: absent, skipped; under REQUIRE_SOURCES=1, failed.
"""

from __future__ import annotations

import pytest
from conftest import ROOT, ladybug_test_store, load_bundled, unavailable

import loaders
from loaders.ingest import commit, propose, read_bytes
from webapp.canned import load_all

SEED = ROOT.parent / "shared" / "seed" / "000_8c1bd2c358d16b9b.txt"
REFERENCE = [ROOT / "data" / "regions", ROOT / "data" / "industries.yaml"]


@pytest.fixture(scope="module")
def seed_bytes() -> bytes:
    if not SEED.is_file():
        unavailable("the seed article", f"{SEED} is not beside the repository", "REQUIRE_SOURCES")
    return SEED.read_bytes()


@pytest.fixture(scope="module")
def curated(tmp_path_factory):
    """The bundled data on an embedded store: the answers to match. (Not ``bundled_store``,
    which on Neo4j would share the one database with ``store``; both stores give the same
    answers, tests/test_store_contract.py.)"""
    with ladybug_test_store(tmp_path_factory.mktemp("curated") / "graph") as curated:
        load_bundled(curated)
        yield curated


def canned(store, name: str, **params) -> list[dict]:
    query = load_all()[name]
    return store.run_cypher(query.text_for(store.kind), {**query.defaults, **params}).records


def test_same_answers_as_the_curated_data(store, curated, seed_bytes):
    store.ensure_schema()
    loaders.load_paths(store, REFERENCE).check()
    draft = propose(read_bytes(seed_bytes, SEED.name, 10**7), store)
    commit(store, draft, accept_all=True)
    main = next(n for n in draft["proposals"]["nodes"] if n["label"] == "Policy")["key"]

    def tasks(s, key):
        return [
            (r["seq"], r["task"], sorted(r["focuses_on"]))
            for r in canned(s, "plan_tasks", policy_key=key)
        ]

    assert tasks(store, main) == tasks(curated, "policy:sme-digital-2025")

    def targets(s):
        return sorted(
            (str(r["value"]), str(r["comparator"]), str(r["deadline"]), r["status"])
            for r in canned(s, "national_targets")
            if r["policy"].startswith("中小企业数字化转型")
        )

    assert targets(store) == targets(curated)

    def issued(s):
        return sorted((r["agency"], r["policy"], r["issued"]) for r in canned(s, "plans_issued"))

    ours = issued(store)
    assert ours and set(ours) <= set(issued(curated))


def test_ingesting_what_is_curated_duplicates_nothing(bundled_store, seed_bytes):
    before = bundled_store.stats()["labels"]
    draft = propose(read_bytes(seed_bytes, SEED.name, 10**7), bundled_store)
    by_label = {}
    for n in draft["proposals"]["nodes"]:
        by_label.setdefault(n["label"], []).append(n)
    assert all(n["resolved_to"] for n in by_label["Task"])
    assert {n["resolved_to"] for n in by_label["Policy"]} == {
        "policy:sme-digital-2025",
        "policy:zhejiang-sme-digital-2025",
    }
    assert all(n["resolved_to"] for n in by_label["Agency"])
    try:
        commit(bundled_store, draft, accept_all=True)
        after = bundled_store.stats()["labels"]
        assert after["Task"] == before["Task"] and after["Policy"] == before["Policy"]
        assert after["Agency"] == before["Agency"]
        plan = bundled_store.get_node("policy:sme-digital-2025").node.properties
        assert plan["source"] == "source:seed-article-2025-11-17"  # curated provenance kept
    finally:
        bundled_store.delete(
            [draft["source"]["key"]]
            + [n["key"] for n in draft["proposals"]["nodes"] if not n["resolved_to"]]
        )
