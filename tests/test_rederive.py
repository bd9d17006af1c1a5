"""ELIGIBLE_FOR stays current on both stores: enterprises first and measures later, or
the reverse, give the same graph; changing a measure or an enterprise re-derives its
edges (stale ones deleted); deleting a node deletes its edges."""

from __future__ import annotations

import csv
import io

import pytest

import loaders

ENTERPRISES = """uscc,name,region,industry,size_class,designations,status
91330200MA2H3XY09Q,宁波甲精密制造有限公司,宁波,C34,small,专精特新,synthetic
{hangzhou},杭州乙机械有限公司,杭州,C35,medium,,synthetic
91440300MA5F6G7HXC,深圳丙软件有限公司,深圳,I65,micro,高新技术企业,synthetic
"""

MEASURES = """source: source:seed-article-2025-11-17
status: synthetic
nodes:
  - key: policy:test-zhejiang-plan
    name: 测试：浙江方案
    level: provincial
    evidence: test data
  - key: measure:test-small-in-zhejiang
    name: 测试：浙江小微企业补助
    instrument: grant
    eligible_regions: ["330000"]
    eligible_sizes: [{sizes}]
    evidence: test data
  - key: measure:test-hightech-or-medium
    name: 测试：高新技术企业或中型企业
    instrument: loan
    eligible_designations: [高新技术企业]
    eligible_sizes: [medium]
    eligible_match: any
    evidence: test data
relationships:
  - {{start: policy:test-zhejiang-plan, type: COVERS, end: province:330000, evidence: test}}
  - {{start: policy:test-zhejiang-plan, type: PROVIDES, end: measure:test-small-in-zhejiang,
     evidence: test}}
"""

TEST_KEYS = [
    "enterprise:91330200MA2H3XY09Q",
    "enterprise:91440300MA5F6G7HXC",
    "policy:test-zhejiang-plan",
    "measure:test-small-in-zhejiang",
    "measure:test-hightech-or-medium",
]


def hangzhou_uscc() -> str:
    from loaders.uscc import make_uscc

    return make_uscc("330100", "MA27XY12")


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def files(tmp_path, sizes="micro, small", ningbo_size="small"):
    firms = ENTERPRISES.format(hangzhou=hangzhou_uscc()).replace(
        "C34,small,", f"C34,{ningbo_size},"
    )
    sub = tmp_path / f"{sizes.replace(', ', '-')}-{ningbo_size}"
    sub.mkdir(exist_ok=True)
    return (
        write(sub, "enterprises.csv", firms),
        write(sub, "measures.yaml", MEASURES.format(sizes=sizes)),
    )


def load(store, *paths):
    report = loaders.load_paths(store, list(paths))
    assert report.written, report.error_lines()[:10]
    return report


def edges(store) -> set[tuple]:
    result = store.run_cypher(
        "MATCH (e:Enterprise)-[r:ELIGIBLE_FOR]->(t) "
        "RETURN e.key AS s, t.key AS t, r.criteria AS c, r.rule AS rule",
        max_rows=10_000,
    )
    assert not result.truncated
    return {(r["s"], r["t"], tuple(r["c"]), r["rule"]) for r in result.records}


def clear(store) -> None:
    store.delete(TEST_KEYS + [f"enterprise:{hangzhou_uscc()}"])


@pytest.fixture
def base(store):
    store.ensure_schema()
    load(store, loaders.BUNDLED_DATA)
    return store


def test_any_order_of_loads_gives_the_same_graph(base, tmp_path):
    firms, measures = files(tmp_path)
    load(base, firms, measures)
    together = edges(base)
    assert ("enterprise:91330200MA2H3XY09Q", "measure:test-small-in-zhejiang") in {
        (s, t) for s, t, _, _ in together
    }
    clear(base)

    load(base, firms)
    later = load(base, measures)  # measures later: stored enterprises get their edges
    assert edges(base) == together
    # the report counts the edges re-derived for the stored enterprises
    assert later.derived == sum(
        t.startswith("measure:test-") or t == "policy:test-zhejiang-plan" for _, t, _, _ in together
    )
    clear(base)

    load(base, measures)
    load(base, firms)
    assert edges(base) == together


def test_a_changed_measure_or_enterprise_is_re_derived(base, tmp_path):
    firms, measures = files(tmp_path)
    load(base, firms, measures)
    # the measure now wants medium firms only: Ningbo (small) loses it, Hangzhou gains it
    _, medium_only = files(tmp_path, sizes="medium")
    report = load(base, medium_only)
    assert report.stale >= 1  # Ningbo (small) no longer qualifies: its edge deleted
    changed = edges(base)
    clear(base)
    load(base, firms, medium_only)
    assert changed == edges(base)
    pairs = {(s, t) for s, t, _, _ in changed}
    assert ("enterprise:91330200MA2H3XY09Q", "measure:test-small-in-zhejiang") not in pairs
    assert (f"enterprise:{hangzhou_uscc()}", "measure:test-small-in-zhejiang") in pairs

    # Ningbo grows to medium: its own edges are re-derived
    grown, _ = files(tmp_path, sizes="medium", ningbo_size="medium")
    load(base, grown)
    after = edges(base)
    clear(base)
    load(base, grown, medium_only)
    assert after == edges(base)
    assert ("enterprise:91330200MA2H3XY09Q", "measure:test-small-in-zhejiang") in {
        (s, t) for s, t, _, _ in after
    }


def test_deleting_a_node_deletes_its_edges(base, tmp_path):
    load(base, *files(tmp_path))
    assert any(t == "measure:test-hightech-or-medium" for _, t, _, _ in edges(base))
    loaders.delete(base, ["measure:test-hightech-or-medium"])
    assert not any(t == "measure:test-hightech-or-medium" for _, t, _, _ in edges(base))
    loaders.delete(base, ["enterprise:91440300MA5F6G7HXC"])
    assert not any(s == "enterprise:91440300MA5F6G7HXC" for s, _, _, _ in edges(base))


def test_reloading_the_same_files_re_derives_nothing(base, tmp_path):
    from loaders import rederive
    from loaders.loading import _read
    from loaders.reading import find_files

    firms, measures = files(tmp_path)
    load(base, firms, measures)

    def changed(path):
        run = _read(find_files([path]), None, False)
        return rederive.changed_targets(
            base, [r.item for r in run.nodes], [r.item for r in run.rels]
        )

    assert changed(measures) == set()
    _, medium_only = files(tmp_path, sizes="medium")
    assert changed(medium_only) == {"measure:test-small-in-zhejiang"}


# -- every write path, and all or nothing (issue 14, gaps 1 and 2) --------------------

WITHOUT_COVERS_LINE = (
    "  - {{start: policy:test-zhejiang-plan, type: COVERS, end: province:330000, evidence: test}}\n"
)


def test_deleting_a_covered_region_re_derives_the_policy(base, tmp_path):
    """Deleting the province a policy COVERS removes its COVERS, so the policy (no
    longer national, and covering nothing) has no basis left: its edges go too, and the
    graph is the one a load without that COVERS gives."""
    firms, measures = files(tmp_path)
    load(base, firms, measures)
    assert any(t == "policy:test-zhejiang-plan" for _, t, _, _ in edges(base))
    loaders.delete(base, ["province:330000"])
    after = edges(base)
    assert not any(t == "policy:test-zhejiang-plan" for _, t, _, _ in after)

    clear(base)
    bare = write(
        tmp_path,
        "bare.yaml",
        MEASURES.replace(WITHOUT_COVERS_LINE, "").format(sizes="micro, small"),
    )
    load(base, firms, bare)
    assert edges(base) == after


def test_deleting_the_city_an_enterprise_is_known_by(base, tmp_path):
    """An enterprise that gives its region only as LOCATED_IN loses the edges that
    depended on it when that city is deleted (and no others)."""
    records = write(
        tmp_path,
        "located.yaml",
        """source: source:seed-article-2025-11-17
status: synthetic
nodes:
  - {key: "enterprise:91330200MA2H3XY09Q", name: 宁波甲精密制造有限公司, size_class: small,
     industry_code: C34, designations: [专精特新], evidence: test data}
relationships:
  - {start: "enterprise:91330200MA2H3XY09Q", type: LOCATED_IN, end: city:330200,
     evidence: test data}
""",
    )
    _, measures = files(tmp_path)
    load(base, records, measures)
    ningbo = "enterprise:91330200MA2H3XY09Q"
    mine = {t for s, t, _, _ in edges(base) if s == ningbo}
    assert {"policy:test-zhejiang-plan", "measure:test-small-in-zhejiang"} <= mine
    loaders.delete(base, ["city:330200"])
    left = {t for s, t, _, _ in edges(base) if s == ningbo}
    assert "policy:test-zhejiang-plan" not in left
    assert "measure:test-small-in-zhejiang" not in left
    # the same as loading it with no region at all
    clear(base)
    text = records.read_text(encoding="utf-8")
    unplaced = write(tmp_path, "unplaced.yaml", text[: text.index("relationships:")])
    load(base, unplaced, measures)
    assert {t for s, t, _, _ in edges(base) if s == ningbo} == left


def test_a_record_giving_some_properties_keeps_the_edges(base, tmp_path):
    """A records file that changes only an enterprise's name leaves its edges as they
    were (the rules read the stored profile, not the record's few properties)."""
    firms, measures = files(tmp_path)
    load(base, firms, measures)
    before = edges(base)
    renamed = write(
        tmp_path,
        "renamed.yaml",
        """source: source:seed-article-2025-11-17
status: synthetic
nodes:
  - {key: "enterprise:91330200MA2H3XY09Q", name: 宁波甲精密制造股份有限公司, evidence: test}
""",
    )
    load(base, renamed)
    assert edges(base) == before


def fingerprint(store) -> tuple:
    nodes = store.run_cypher("MATCH (n) RETURN n.key AS k, n AS n", max_rows=10**6)
    rels = store.run_cypher(
        "MATCH (a)-[r]->(b) RETURN a.key AS s, b.key AS e, r AS r", max_rows=10**6
    )
    assert not nodes.truncated and not rels.truncated
    return (
        sorted((row["k"], sorted(row["n"]["properties"].items())) for row in nodes.records),
        sorted(
            (row["s"], row["r"]["type"], row["e"], sorted(row["r"]["properties"].items()))
            for row in rels.records
        ),
    )


def test_a_failing_re_derivation_takes_the_load_back(base, tmp_path):
    """A measure written past the loaders (store.upsert) with a criterion the rules
    cannot read makes re-deriving fail after the load's batches were written: the load
    is taken back with it, and the store is as it was."""
    from graph.errors import GraphError
    from graph.model import Node

    firms, measures = files(tmp_path)
    load(base, firms)
    base.upsert(
        [
            Node(
                "measure:test-unreadable",
                ("Measure",),
                {
                    "name": "测试：无法读取的条件",
                    "eligible_match": "sometimes",
                    "eligible_sizes": ["small"],
                    "status": "synthetic",
                },
            )
        ],
        [],
    )
    before = fingerprint(base)
    with pytest.raises(GraphError) as raised:
        loaders.load_paths(base, [measures])
    message = str(raised.value)
    assert "measure:test-unreadable" in message and "eligible_match" in message
    assert "taken back" in message
    assert fingerprint(base) == before
    assert not base.existing_keys(["policy:test-zhejiang-plan"])


def test_deleted_relationships_come_back_when_the_run_fails(base, tmp_path):
    """Inside a load run, relationships deleted by delete_relationships are journaled
    with their properties: a later failure of the run (a relationship to a node that
    exists nowhere) recreates them as they were."""
    from graph._journal import load_run
    from graph.errors import GraphError
    from graph.model import Relationship

    load(base, *files(tmp_path))
    before = fingerprint(base)
    pairs = [(s, t) for s, t, _, _ in edges(base)][:3]
    assert pairs
    with pytest.raises(GraphError):
        with load_run(base):
            assert base.delete_relationships([("ELIGIBLE_FOR", s, t) for s, t in pairs]) == 3
            base.load([Relationship("ADOPTS", pairs[0][0], "technology:nowhere", {})])
    assert fingerprint(base) == before


def test_an_ingested_policy_is_derived_for_stored_enterprises(base, tmp_path):
    """An ingestion commit is a write path too: a committed provincial policy that
    COVERS a province gets the edges of the stored enterprises there, as a load of the
    same records would give."""
    from pathlib import Path

    from loaders.ingest import commit, propose, read_bytes

    firms, _ = files(tmp_path)
    (tmp_path / "nanjing").mkdir()
    nanjing = write(
        tmp_path / "nanjing",
        "enterprises.csv",
        "uscc,name,region,industry,size_class,designations,status\n"
        f"{nanjing_uscc()},南京丁智能科技有限公司,南京,C34,small,,synthetic\n",
    )
    load(base, firms, nanjing)
    doc = Path(__file__).parent / "ingest_docs" / "jiangsu_implementation.txt"
    draft = propose(read_bytes(doc.read_bytes(), doc.name, 10**7), base)
    commit(base, draft, accept_all=True)
    plan = next(n for n in draft["proposals"]["nodes"] if n["rule"] == "document.title")
    covers = base.neighbours(plan["key"], types=["COVERS"], direction="out").items
    assert [n.node.key for n in covers] == ["province:320000"]
    got = {(s, c) for s, t, c, _ in edges(base) if t == plan["key"]}
    assert got == {(f"enterprise:{nanjing_uscc()}", ("region:320000",))}


def nanjing_uscc() -> str:
    from loaders.uscc import make_uscc

    return make_uscc("320100", "MA1XY7W2")


def test_the_loader_refuses_criteria_the_rules_cannot_read(tmp_path):
    """eligible_match other than all/any, an unknown size class, a region that is not
    a 6-digit code: refused with file:line: field, nothing written (no store needed)."""
    from loaders.reading import read_file
    from loaders.records import Rejected

    path = write(
        tmp_path,
        "measures.yaml",
        """source: source:seed-article-2025-11-17
status: synthetic
nodes:
  - key: measure:test-bad-criteria
    name: 测试：写错的条件
    eligible_match: some
    eligible_sizes: [tiny]
    eligible_regions: ["33"]
    evidence: test data
""",
    )
    items = list(read_file(path))
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert len(rejected) == 1
    problems = {(p.field, p.problem) for p in rejected[0].problems}
    assert ("eligible_match", "must be all or any, got 'some'") in problems
    assert ("eligible_sizes", "'tiny' is not one of micro, small, medium, large") in problems
    assert ("eligible_regions", "'33' is not a 6-digit GB/T 2260 code") in problems
    assert all(p.file == str(path) and p.line for p in rejected[0].problems)


LOCATED_ONLY = """source: source:seed-article-2025-11-17
status: synthetic
nodes:
  - {key: "enterprise:91330200MA2H3XY09Q", name: 宁波甲精密制造有限公司, size_class: small,
     industry_code: C34, designations: [专精特新], evidence: test data}
relationships:
  - {start: "enterprise:91330200MA2H3XY09Q", type: LOCATED_IN, end: city:330200,
     evidence: test data}
"""


def test_the_matcher_reads_an_enterprise_as_the_graph_does(base, tmp_path):
    """An enterprise placed only by LOCATED_IN: the matcher's USCC prefill and the batch
    read its region as the graph's ELIGIBLE_FOR does, so they list the same targets."""
    from loaders.match_batch import match_bytes
    from webapp import create_app

    _, measures = files(tmp_path)
    load(base, write(tmp_path, "located.yaml", LOCATED_ONLY), measures)
    firm = "enterprise:91330200MA2H3XY09Q"
    graph = {t for s, t, _, _ in edges(base) if s == firm}
    assert "measure:test-small-in-zhejiang" in graph
    app = create_app(
        {
            "TESTING": True,
            "GRAPH_URI": f"embedded://{tmp_path / 'unused'}",
            "LOAD_BUNDLED_IF_EMPTY": False,
        }
    )
    app.extensions["graph_store"] = base
    # the day: the guarantee-fee cut applies from 2025-12-01, and ELIGIBLE_FOR has no day
    data = app.test_client().get("/match.json?uscc=91330200MA2H3XY09Q&on=2026-01-01").get_json()
    assert data["profile"]["region_code"] == "330200"
    assert {m["key"] for m in data["matches"]} == graph
    out, _ = match_bytes(b"uscc\n91330200MA2H3XY09Q\n", "m.csv", base, on="2026-01-01")
    text = out.decode("utf-8-sig") if isinstance(out, bytes) else out
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert {r["key"] for r in rows if r["result"] == "match"} == graph
