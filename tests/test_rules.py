"""The rules engine (graph/rules.py) at its exact boundaries, the size standard from its
data file, and ELIGIBLE_FOR equal to what the loaders derived before the engine."""

from __future__ import annotations

import pytest

import loaders
from graph.model import Node, Relationship
from graph.rules import Criteria, Profile, checks, eligible, matched, missing
from loaders import eligibility
from loaders.generate import generate
from loaders.reading import read_paths
from loaders.records import Record
from loaders.reference import size_class, size_standard, standards
from tests import legacy_eligibility as legacy

# -- size class: 工信部联企业〔2011〕300号 --------------------------------------------------


@pytest.mark.parametrize(
    ("industry", "employees", "revenue", "expected"),
    [
        ("C34", 19, 8000, "micro"),  # 从业人员20人以下
        ("C34", 20, 8000, "small"),  # 20人及以上，且300万元及以上
        ("C34", 120, 299.99, "micro"),  # 营业收入300万元以下
        ("C34", 120, 300, "small"),
        ("C34", 299, 2000, "small"),
        ("C34", 300, 1999, "small"),
        ("C34", 300, 2000, "medium"),
        ("C34", 999, 90000, "medium"),  # 1000人以下: an SME whatever its revenue
        ("C34", 5000, 39999, "medium"),  # 40000万元以下: an SME
        ("C34", 1000, 40000, "large"),
        ("B06", 19, 100000, "micro"),  # mining is 工业 too
        ("F52", 9, 50000, "micro"),  # retail: 300人以下 is an SME; 10人以下 is micro
        ("F52", 10, 100, "small"),
        ("I65", 10, 50, "small"),
        ("I65", 10, 49, "micro"),
        ("M73", 100, None, "medium"),  # 其他未列明行业: headcount only
        ("M73", 9, None, "micro"),
    ],
)
def test_size_class_boundaries(industry, employees, revenue, expected):
    assert size_class(industry, employees, revenue) == expected


def test_unknown_figures_are_unknown_never_a_class():
    assert size_class("C34", 120, None) is None
    assert size_class("C34", None, 8000) is None
    assert size_class(None, 120, 8000) is None
    assert size_class("C34", None, 100) == "micro"  # 300万元以下 decides alone
    assert size_class("C34", 1000, None) is None  # large only with revenue >= 40000
    assert size_class("E48", 10, 500) is None  # construction needs total assets
    assert size_class("E48", 10, 500, assets_wan=400) == "small"
    assert size_class("E48", 10, 500, assets_wan=299) == "micro"


def test_a_code_spanning_sectors_gets_a_class_only_when_they_agree():
    # G (transport, warehousing, postal) spans three rules with different thresholds
    assert size_class("G", 150, 1500) is None
    assert size_class("G54", 150, 1500) == "small"
    assert size_class("G59", 150, 1500) == "medium"
    assert size_class("H", 50, 500) == "small"  # 住宿 and 餐饮 share their thresholds


def test_size_standard_data_says_where_it_comes_from():
    data = size_standard()
    assert data["status"] == "reference"
    assert "工信部联企业〔2011〕300号" in data["source"]
    sectors = {s["id"]: s for s in data["sector"]}
    assert sectors["industry"]["industries"] == ["B", "C", "D"]
    assert "从业人员20人以下或营业收入300万元以下的为微型企业" in sectors["industry"]["text"]
    assert sum(1 for s in data["sector"] if s.get("default")) == 1


# -- criteria ---------------------------------------------------------------------------

NINGBO = Profile(None, "330200", "small", "C3411", ("专精特新",), 120, 8000.0)


def test_prefix_industries_and_regions():
    c = Criteria("measure:m", regions={"330000"}, industries={"C34"})
    assert matched(c, NINGBO) == ["region:330000", "industry:C34"]
    assert matched(Criteria("measure:m", industries={"C35"}), NINGBO) is None
    assert matched(Criteria("measure:m", regions={"330100"}), NINGBO) is None


def test_any_and_all():
    both = dict(sizes={"medium"}, designations={"专精特新"})
    assert eligible(Criteria("measure:m", match_any=True, **both), NINGBO) is True
    assert eligible(Criteria("measure:m", **both), NINGBO) is False


def test_unknown_input_is_none_never_false():
    blank = Profile(None, None, None, None, None)
    c = Criteria(
        "measure:m",
        regions={"330000"},
        sizes={"small"},
        designations={"专精特新"},
        industries={"C"},
        employees_max=300,
        revenue_max_wan=10000,
        founded_from="2020-01-01",
    )
    assert [k.met for k in checks(c, blank)] == [None] * 7
    assert eligible(c, blank) is None
    assert matched(c, blank) is None


@pytest.mark.parametrize(("n", "met"), [(19, False), (20, True), (300, True), (301, False)])
def test_headcount_range_is_inclusive(n, met):
    c = Criteria("measure:m", employees_min=20, employees_max=300)
    assert eligible(c, Profile(None, None, None, None, employees=n)) is met


def test_revenue_and_founding_ranges():
    c = Criteria("measure:m", revenue_min_wan=300, founded_until="2022-12-31")
    assert eligible(c, Profile(None, None, None, None, revenue_wan=300, founded="2022-12-31"))
    assert not eligible(c, Profile(None, None, None, None, revenue_wan=299.9, founded="2020-01-01"))
    assert not eligible(c, Profile(None, None, None, None, revenue_wan=500, founded="2023-01-01"))


def test_in_force_dates():
    c = Criteria("measure:m", sizes={"small"}, effective_from="2025-12-01", expires="2026-11-30")
    assert eligible(c, NINGBO, on="2025-11-30") is False
    assert eligible(c, NINGBO, on="2025-12-01") is True
    assert eligible(c, NINGBO, on="2026-11-30") is True
    assert eligible(c, NINGBO, on="2026-12-01") is False
    assert eligible(c, NINGBO) is True  # the graph's edge: who qualifies, not when


def test_near_miss_names_the_one_missing_criterion():
    c = Criteria("measure:m", sizes={"small"}, designations={"高新技术企业"})
    found = checks(c, NINGBO)
    assert [k.criterion for k in missing(c, found)] == ["designation"]
    # unknown is not a near miss: it may already be met
    unknown = Profile(None, None, None, None, ())
    assert missing(c, checks(c, unknown)) is None


def test_little_giant_counts_as_zhuanjingtexin_by_the_tiers():
    c = Criteria("measure:m", designations={"专精特新"})
    giant = Profile(None, None, None, None, ("小巨人",))
    assert matched(c, giant, standards()) == ["designation:专精特新"]
    assert matched(Criteria("measure:m", designations={"高新技术企业"}), giant, standards()) is None


# -- ELIGIBLE_FOR as before the engine -------------------------------------------------


def _firms_and_targets(paths):
    nodes = [
        r.item for r in read_paths(paths) if isinstance(r, Record) and isinstance(r.item, Node)
    ]
    rels = [
        r.item
        for r in read_paths(paths)
        if isinstance(r, Record) and isinstance(r.item, Relationship)
    ]
    covers: dict[str, set[str]] = {}
    for rel in rels:
        if rel.type == "COVERS":
            covers.setdefault(rel.start, set()).add(rel.end.split(":", 1)[1])
    props = {n.key: n.properties for n in nodes}
    firms = [k for k, n in zip(props, nodes, strict=True) if n.label == "Enterprise"]
    policies = sorted(k for k, n in zip(props, nodes, strict=True) if n.label == "Policy")
    measures = sorted(k for k, n in zip(props, nodes, strict=True) if n.label == "Measure")
    old_targets = [legacy.policy_target(props[k], covers.get(k, ())) for k in policies] + [
        legacy.measure_target(props[k]) for k in measures
    ]
    new_targets = [eligibility.policy_target(props[k], covers.get(k, ())) for k in policies] + [
        eligibility.measure_target(props[k]) for k in measures
    ]
    return (
        [legacy.firm_of(props[k]) for k in firms],
        old_targets,
        [eligibility.firm_of(props[k]) for k in firms],
        new_targets,
    )


def _edges(rels):
    return sorted(
        (r.start, r.end, tuple(r.properties["criteria"]), r.properties["rule"]) for r in rels
    )


def test_same_edges_as_before_on_bundled_and_generated_data(tmp_path):
    generate(2000, 7, tmp_path / "generated")
    old_firms, old_targets, new_firms, new_targets = _firms_and_targets(
        [loaders.BUNDLED_DATA, tmp_path / "generated"]
    )
    before = _edges(legacy.derive(old_firms, old_targets))
    after = _edges(eligibility.derive(new_firms, new_targets))
    assert len(before) > 2000
    assert after == before


def test_the_docs_table_is_the_data():
    """docs/eligibility.md's size-class table states the data file's thresholds."""
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "eligibility.md").read_text(
        encoding="utf-8"
    )
    rows = {
        cells[0]: cells[1:]
        for line in doc.splitlines()
        if line.startswith("| ") and (cells := [c.strip() for c in line.strip("|").split("|")])
    }
    names = {"employees": "employees", "revenue_wan": "revenue", "assets_wan": "assets"}

    def text(limits):
        return ", ".join(f"{names[k]} {v:g}" for k, v in limits.items())

    for sector in size_standard()["sector"]:
        row = rows[sector["name"]]
        assert row[1:] == [
            text(sector["sme_below"]),
            text(sector["medium_from"]),
            text(sector["small_from"]),
        ], sector["name"]
        codes = re.findall(r"[A-T][0-9]*", row[0])
        if not sector.get("default"):
            listed = sector["industries"]
            assert set(codes) <= set(listed) or row[0] == "G53-G58", sector["name"]
