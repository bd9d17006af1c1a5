"""ELIGIBLE_FOR stays current on both stores: enterprises first and measures later, or
the reverse, give the same graph; changing a measure or an enterprise re-derives its
edges (stale ones deleted); deleting a node deletes its edges."""

from __future__ import annotations

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
    load(base, measures)  # measures later: stored enterprises get their edges
    assert edges(base) == together
    clear(base)

    load(base, measures)
    load(base, firms)
    assert edges(base) == together


def test_a_changed_measure_or_enterprise_is_re_derived(base, tmp_path):
    firms, measures = files(tmp_path)
    load(base, firms, measures)
    # the measure now wants medium firms only: Ningbo (small) loses it, Hangzhou gains it
    _, medium_only = files(tmp_path, sizes="medium")
    load(base, medium_only)
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
    base.delete(["measure:test-hightech-or-medium"])
    assert not any(t == "measure:test-hightech-or-medium" for _, t, _, _ in edges(base))
    base.delete(["enterprise:91440300MA5F6G7HXC"])
    assert not any(s == "enterprise:91440300MA5F6G7HXC" for s, _, _, _ in edges(base))


def test_reloading_the_same_files_re_derives_nothing(base, tmp_path):
    from loaders import rederive
    from loaders.loading import _read
    from loaders.reading import find_files

    firms, measures = files(tmp_path)
    load(base, firms, measures)

    def changed(path):
        return rederive.changed_targets(base, _read(find_files([path]), None, False))

    assert changed(measures) == set()
    _, medium_only = files(tmp_path, sizes="medium")
    assert changed(medium_only) == {"measure:test-small-in-zhejiang"}
