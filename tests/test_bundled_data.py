"""The bundled data/ files: provenance, integrity and the facts they must carry.

No database here: the files are read as the loader reads them (its record builders and
CSV reader), and every fact is checked against the document it cites.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from conftest import unavailable

from graph.keys import KEY_RE
from graph.model import Node
from graph.schema import SCHEMA, STATUSES
from loaders.reading import read_paths
from loaders.records import Rejected
from loaders.values import amount_from_text

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
REGIONS = DATA / "regions"
# Source nodes name their file relative to the folder holding the repo and shared/.
DOCUMENTS = ROOT.parent
SEED_FILE = DATA / "seed-article.yaml"
SEED_SOURCE = "source:seed-article-2025-11-17"
FIGURES = {
    "amount": "amount_text",
    "amount_min": "amount_text",
    "amount_max": "amount_text",
    "size": "size_text",
    "value": "value_text",
}


@dataclass
class Item:
    """One raw record with its file defaults applied (no type conversion)."""

    props: dict
    file: Path
    index: int


@dataclass
class Bundle:
    nodes: list[Item] = field(default_factory=list)
    rels: list[Item] = field(default_factory=list)

    def node(self, key: str) -> dict:
        return next(i.props for i in self.nodes if i.props["key"] == key)

    def rels_of(self, rel_type: str, start: str | None = None, end: str | None = None):
        return [
            i.props
            for i in self.rels
            if i.props["type"] == rel_type
            and start in (None, i.props["start"])
            and end in (None, i.props["end"])
        ]


def yaml_files() -> list[Path]:
    return sorted(DATA.rglob("*.yaml"))


def csv_files() -> list[Path]:
    return sorted(DATA.rglob("*.csv"))


def read_bundle() -> Bundle:
    bundle = Bundle()
    for path in yaml_files():
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        defaults = {k: doc[k] for k in ("source", "status") if k in doc}
        for i, raw in enumerate(doc.get("nodes") or []):
            bundle.nodes.append(Item({**defaults, **raw}, path, i))
        for i, raw in enumerate(doc.get("relationships") or []):
            bundle.rels.append(Item({**defaults, **raw}, path, i))
    for path in csv_files():
        with path.open(encoding="utf-8", newline="") as f:
            for i, row in enumerate(csv.DictReader(f)):
                target = bundle.rels if "start" in row else bundle.nodes
                target.append(Item({k: v for k, v in row.items() if v != ""}, path, i + 2))
    return bundle


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return read_bundle()


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


def where(item: Item) -> str:
    return f"{item.file.relative_to(ROOT)}[{item.index}]"


# -- the loader accepts every file ---------------------------------------------------


@pytest.fixture(scope="module")
def loaded() -> list:
    return list(read_paths([DATA]))


def test_loader_reads_every_bundled_file_without_a_reject(loaded, bundle):
    problems = [str(p) for r in loaded if isinstance(r, Rejected) for p in r.problems]
    assert problems == []
    assert len(loaded) == len(bundle.nodes) + len(bundle.rels)
    files = {Path(r.file).resolve() for r in loaded}
    assert files == {p.resolve() for p in yaml_files() + csv_files()}


def test_loader_types_the_bundled_values(loaded):
    nodes = {r.item.key: r.item.properties for r in loaded if isinstance(r.item, Node)}
    assert nodes["event:sme-fund-capital-increase-2025"]["amount"] == 5e9
    assert nodes["policy:sme-digital-2025"]["period_end"] == 2027
    assert nodes["city:330200"]["lat"] == pytest.approx(29.87, abs=0.1)
    assert nodes["province:330000"]["aliases"] == ["浙江", "Zhejiang"]
    assert "amount" not in nodes["measure:zhejiang-provincial-funds-2025"]


# -- integrity -------------------------------------------------------------------------


def test_keys_are_well_formed_and_unique_across_files(bundle):
    keys = [i.props.get("key") for i in bundle.nodes]
    assert all(isinstance(k, str) and KEY_RE.match(k) for k in keys)
    assert [k for k, n in Counter(keys).items() if n > 1] == []


def test_every_relationship_endpoint_exists(bundle):
    keys = {i.props["key"] for i in bundle.nodes}
    dangling = [
        (where(i), i.props[end])
        for i in bundle.rels
        for end in ("start", "end")
        if i.props[end] not in keys
    ]
    assert dangling == []


def test_relationships_are_not_duplicated(bundle):
    ids = Counter((i.props["start"], i.props["type"], i.props["end"]) for i in bundle.rels)
    assert [rid for rid, n in ids.items() if n > 1] == []


def test_every_node_has_an_english_name(bundle):
    assert [i.props["key"] for i in bundle.nodes if not i.props.get("name_en")] == []


def test_every_record_cites_a_source_node_and_a_status(bundle):
    sources = {i.props["key"] for i in bundle.nodes if i.props["key"].startswith("source:")}
    for item in bundle.nodes + bundle.rels:
        assert item.props.get("source") in sources, where(item)
        assert item.props.get("status") in STATUSES, where(item)
        assert item.props.get("evidence"), where(item)


RELATED = DATA / "related-programmes.yaml"
# What the related programmes' documents carry (number, issuers, date) is reference; the
# figures about them come from re-posted pages, not the documents, and stay reported.
REPORTED_ABOUT_DOCUMENTS = ("Measure", "Target", "PROVIDES", "SETS", "COVERS")


def test_statuses_match_the_kind_of_source(bundle):
    """Article facts are reported (never verified); code tables and official documents'
    own particulars are reference data."""
    for item in bundle.nodes + bundle.rels:
        if item.file == RELATED:
            kind = item.props.get("type") or SCHEMA.label_for_key(item.props["key"])
            expected = "reported" if kind in REPORTED_ABOUT_DOCUMENTS else "reference"
        elif item.file.parent == REGIONS or item.file.stem == "industries":
            expected = "reference"
        else:
            expected = "reported"
        assert item.props["status"] == expected, where(item)


def test_related_programmes_cite_their_own_documents(bundle):
    """Nothing in the repository cites a file outside it but the seed article."""
    cited = {i.props["source"] for i in bundle.nodes + bundle.rels if i.file == RELATED}
    assert cited == {"source:caijian-2023-117", "source:miit-2024-239"}
    for key in cited:
        doc = bundle.node(key)
        assert doc["status"] == "reference" and not doc.get("file"), key
    assert "工信部联企业〔2024〕239号" in bundle.node("source:miit-2024-239")["title"]
    assert bundle.node("source:miit-2024-239")["date"] == "2024-12-12"
    outside = [
        i.props["key"]
        for i in bundle.nodes
        if i.props["key"].startswith("source:") and i.props.get("file")
    ]
    assert outside == [SEED_SOURCE]


# -- provenance: evidence quotes the document it cites -------------------------------


def source_texts(bundle: Bundle) -> dict[str, str]:
    """Whitespace-normalised text of every Source node that names a file.

    Those files (the seed article) sit beside the repository, not in it: when one is
    absent the test needing it is skipped with a reason, and fails under
    ``REQUIRE_SOURCES=1`` (as .ci/run sets)."""
    texts = {}
    for item in bundle.nodes:
        if item.props["key"].startswith("source:") and item.props.get("file"):
            path = DOCUMENTS / item.props["file"]
            if not path.is_file():
                unavailable(
                    f"the document of {item.props['key']}",
                    f"{path} is not beside the repository",
                    "REQUIRE_SOURCES",
                )
            texts[item.props["key"]] = norm(path.read_text(encoding="utf-8"))
    return texts


def test_seed_article_source_node(bundle):
    source = bundle.node(SEED_SOURCE)
    assert source["publisher"] == "企服头条"
    assert source["date"] == "2025-11-17"
    assert source["file"] == "shared/seed/000_8c1bd2c358d16b9b.txt"
    for point in ("XX亿元", "2025-11-26", "No official copy"):
        assert point in norm(source["reliability"])


def test_every_evidence_occurs_verbatim_in_its_document(bundle):
    texts = source_texts(bundle)
    seed_items = [i for i in bundle.nodes + bundle.rels if i.file == SEED_FILE]
    assert seed_items and all(i.props["source"] == SEED_SOURCE for i in seed_items)
    checked, missing = 0, []
    for item in bundle.nodes + bundle.rels:
        text = texts.get(item.props["source"])
        if text is None:
            continue
        checked += 1
        if norm(item.props["evidence"]) not in text:
            missing.append((where(item), item.props["evidence"]))
    assert missing == []
    assert checked >= len(seed_items)


def test_no_figure_without_the_text_that_states_it(bundle):
    """A number is only there when its source text is kept and quoted in the evidence."""
    problems = []
    for item in bundle.nodes + bundle.rels:
        for number, text_field in FIGURES.items():
            if item.props.get(number) is None:
                continue
            text = item.props.get(text_field)
            if not text or norm(text) not in norm(item.props["evidence"]):
                problems.append((where(item), number, text))
    assert problems == []


def test_amounts_agree_with_their_text(bundle):
    """Where the loader can read the text (50亿元, 数千万元), it gives the same figures."""
    checked = 0
    for item in bundle.nodes + bundle.rels:
        text = item.props.get("amount_text")
        parsed = amount_from_text(text) if text else {}
        for name, number in parsed.items():
            assert float(item.props.get(name)) == number, (where(item), name)
            checked += 1
    assert checked >= 3  # 50亿元 and the two ends of 数千万元 at least


# -- the facts of the seed article -----------------------------------------------------


def test_the_plan_and_its_issuer(bundle):
    plan = bundle.node("policy:sme-digital-2025")
    assert (plan["level"], plan["issued_date"]) == ("national", "2025-11-16")
    assert (plan["period_start"], plan["period_end"]) == (2025, 2027)
    issued = bundle.rels_of("ISSUED", end="policy:sme-digital-2025")
    assert [r["start"] for r in issued] == ["agency:state-council"]
    assert issued[0]["date"] == "2025-11-16"


def test_the_targets_keep_comparators_and_deadlines(bundle):
    targets = {
        r["end"]: bundle.node(r["end"])
        for r in bundle.rels_of("SETS", start="policy:sme-digital-2025")
    }
    smes = targets["target:sme-digital-2025-smes-transformed"]
    assert (smes["comparator"], smes["value"], smes["unit"], smes["deadline"]) == (
        ">",
        100000,
        "enterprises",
        "2027-12-31",
    )
    cnc = targets["target:sme-digital-2025-cnc-rate"]
    assert (cnc["indicator"], cnc["comparator"], cnc["value"]) == ("关键工序数控化率", ">=", 65)
    mgmt = targets["target:sme-digital-2025-management-digital"]
    assert (mgmt["indicator"], mgmt["comparator"], mgmt["value"]) == (
        "经营管理数字化普及率",
        ">=",
        85,
    )
    assert targets["target:sme-digital-2025-benchmarks"]["value"] is None


def test_six_tasks_in_order(bundle):
    tasks = [
        bundle.node(r["end"]) for r in bundle.rels_of("HAS_TASK", start="policy:sme-digital-2025")
    ]
    assert sorted(t["seq"] for t in tasks) == [1, 2, 3, 4, 5, 6]
    first = min(tasks, key=lambda t: t["seq"])
    assert first["name"] == "强化基础设施支撑"


def test_measures_in_three_groups(bundle):
    measures = [
        bundle.node(r["end"]) for r in bundle.rels_of("PROVIDES", start="policy:sme-digital-2025")
    ]
    assert {m["group"] for m in measures} == {"加大财税金融支持", "优化发展环境", "健全服务体系"}
    instruments = {m["instrument"] for m in measures}
    assert {"grant", "loan", "fund_investment", "regulation", "service"} <= instruments
    assert bundle.rels_of(
        "DELIVERED_BY",
        start="measure:sme-digital-2025-fund-guidance",
        end="fund:sme-development-fund",
    )


def test_fund_increase_is_combined_and_not_split(bundle):
    event = bundle.node("event:sme-fund-capital-increase-2025")
    assert (event["amount"], event["amount_text"], event["date_text"]) == (5e9, "50亿元", "近日")
    assert event.get("date") is None
    subs = bundle.rels_of("SUB_FUND_OF", end="fund:sme-development-fund")
    assert {r["focus"] for r in subs} == {"智能制造", "数字服务"}
    for rel in subs:  # the article gives no per-sub-fund figure
        assert not {"amount", "amount_min", "amount_max"} & set(rel)
        assert bundle.node(rel["start"]).get("size") is None
    roles = {
        r["end"]: r["role"]
        for r in bundle.rels_of("INVOLVES", start="event:sme-fund-capital-increase-2025")
    }
    assert roles["agency:miit"] == "announcer"


def test_guarantee_fee_cut(bundle):
    measure = bundle.node("measure:guarantee-fee-cut-2025")
    assert (measure["instrument"], measure["effective_date"]) == ("fee_cut", "2025-12-01")
    assert measure["eligible_sizes"] == ["micro", "small"]
    assert measure["eligible_designations"] == ["专精特新"]
    assert measure["eligible_match"] == "any"
    assert bundle.rels_of(
        "DELIVERED_BY",
        start="measure:guarantee-fee-cut-2025",
        end="agency:national-financing-guarantee-fund",
    )
    assert bundle.node("event:guarantee-fee-cut-2025")["date"] == "2025-12-01"


def test_zhejiang_plan_keeps_the_placeholder(bundle):
    plan = "policy:zhejiang-sme-digital-2025"
    assert bundle.node(plan)["level"] == "provincial"
    assert bundle.rels_of("IMPLEMENTS", start=plan, end="policy:sme-digital-2025")
    assert bundle.rels_of("COVERS", start=plan, end="province:330000")
    assert bundle.rels_of("ISSUED", start="agency:zhejiang-deit", end=plan)
    assert bundle.rels_of("LOCATED_IN", start="agency:zhejiang-deit", end="province:330000")
    funds = bundle.node("measure:zhejiang-provincial-funds-2025")
    assert funds["amount"] is None and funds["amount_text"] == "XX亿元"


def test_the_association_report(bundle):
    report = bundle.node("report:sme-digital-index-2025")
    assert report["published_date"] == "2025-11-16"
    assert "加速期" in report["summary"] and "不平衡" in report["summary"]
    assert bundle.rels_of(
        "PUBLISHED", start="agency:china-sme-association", end="report:sme-digital-index-2025"
    )


def test_ningbo_enterprise_is_unnamed_and_its_amount_a_range(bundle):
    key = "enterprise:ningbo-precision-2025"
    enterprise = bundle.node(key)
    assert "未具名" in enterprise["name"] and enterprise.get("uscc") is None
    assert enterprise["designations"] == ["专精特新"]
    assert bundle.rels_of("LOCATED_IN", start=key, end="city:330200")
    assert {r["end"] for r in bundle.rels_of("ADOPTS", start=key)} == {
        "technology:smart-production-line",
        "technology:digital-management-system",
    }
    event = bundle.node("event:ningbo-precision-investment-2025")
    assert event["amount"] is None
    assert (event["amount_min"], event["amount_max"], event["amount_text"]) == (
        1e7,
        1e8,
        "数千万元",
    )


def test_every_event_responds_to_the_plan(bundle):
    events = {i.props["key"] for i in bundle.nodes if i.props["key"].startswith("event:")}
    responding = {r["start"] for r in bundle.rels_of("RESPONDS_TO", end="policy:sme-digital-2025")}
    assert events and events == responding


def test_relationships_fit_the_schema(bundle):
    allowed = set(SCHEMA.pairs())
    kinds = {label.kind: label.name for label in SCHEMA.labels}
    bad = [
        where(i)
        for i in bundle.rels
        if (
            kinds[i.props["start"].split(":")[0]],
            i.props["type"],
            kinds[i.props["end"].split(":")[0]],
        )
        not in allowed
    ]
    assert bad == []


# -- reference data ------------------------------------------------------------------


def read_rows(name: str) -> list[dict]:
    with (REGIONS / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_all_provincial_level_divisions():
    provinces = read_rows("provinces.csv")
    assert len(provinces) == 34
    codes = {p["code"] for p in provinces}
    assert {"710000", "810000", "820000", "330000"} <= codes
    for p in provinces:
        assert re.fullmatch(r"[1-8]\d0000", p["code"]) and p["key"] == f"province:{p['code']}"
        assert re.fullmatch(r"CN-[A-Z]{2}", p["iso_code"])
        assert 3 <= float(p["lat"]) <= 54 and 73 <= float(p["lon"]) <= 135
    assert len({p["iso_code"] for p in provinces}) == 34
    by_code = {p["code"]: p for p in provinces}
    assert by_code["610000"]["name_en"] == "Shaanxi"
    assert by_code["150000"]["name_en"] == "Inner Mongolia"
    assert "Zhejiang" in by_code["330000"]["aliases"].split("|")


def test_all_prefecture_level_units_and_their_parents():
    provinces = {p["code"] for p in read_rows("provinces.csv")}
    cities = read_rows("cities.csv")
    assert len(cities) == 333
    for c in cities:
        assert re.fullmatch(r"\d{4}00", c["code"]) and c["key"] == f"city:{c['code']}"
        assert c["province_code"] in provinces and c["code"][:2] == c["province_code"][:2]
        assert 3 <= float(c["lat"]) <= 54 and 73 <= float(c["lon"]) <= 135
    by_code = {c["code"]: c for c in cities}
    assert (by_code["330200"]["name"], by_code["330200"]["name_en"]) == ("宁波市", "Ningbo")
    assert by_code["140400"]["name_en"] == "Changzhi"
    assert by_code["540600"]["name"] == "那曲市"
    part_of = read_rows("city_part_of.csv")
    assert {(r["start"], r["end"]) for r in part_of} == {
        (c["key"], f"province:{c['province_code']}") for c in cities
    }


def test_build_regions_reproduces_the_committed_files(tmp_path):
    """The script is deterministic: run on the pinned packages, it changes nothing."""
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_regions.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    for name in ("provinces.csv", "cities.csv", "city_part_of.csv"):
        assert (tmp_path / name).read_bytes() == (REGIONS / name).read_bytes(), name


def test_industries_cover_every_section_and_the_used_divisions(bundle):
    industries = {
        i.props["key"]: i.props
        for i in bundle.nodes
        if i.file.stem == "industries" and i.props["key"].startswith("industry:")
    }
    sections = {v["code"] for v in industries.values() if v["level"] == "section"}
    assert sections == set("ABCDEFGHIJKLMNOPQRST")
    for code in ("C27", "C33", "C34", "C35", "C36", "C38", "M73", "M75", "I64", "I65"):
        assert industries[f"industry:{code}"]["level"] == "division"
        assert bundle.rels_of("PART_OF", start=f"industry:{code}", end=f"industry:{code[0]}")


# -- loaded into each store ------------------------------------------------------------


def test_every_bundled_record_is_in_the_store(bundled_store, bundle):
    stats = bundled_store.stats()
    labels = Counter(SCHEMA.label_for_key(i.props["key"]) for i in bundle.nodes)
    assert {k: v for k, v in stats["labels"].items() if v} == dict(labels)
    types = Counter(i.props["type"] for i in bundle.rels)
    loaded = {k: v for k, v in stats["relationships"].items() if v and k != "ELIGIBLE_FOR"}
    assert loaded == dict(types)


def test_stored_facts_keep_provenance_and_unknowns(bundled_store):
    event = bundled_store.get_node("event:sme-fund-capital-increase-2025").node.properties
    assert (event["amount"], event["amount_text"], event["status"]) == (5e9, "50亿元", "reported")
    assert event["source"] == SEED_SOURCE and "date" not in event
    funds = bundled_store.get_node("measure:zhejiang-provincial-funds-2025").node.properties
    assert "amount" not in funds and funds["amount_text"] == "XX亿元"
    ningbo = bundled_store.get_node("city:330200").node.properties
    assert (ningbo["name_en"], ningbo["status"]) == ("Ningbo", "reference")


def test_ningbo_enterprise_eligibility_is_derived(bundled_store):
    page = bundled_store.neighbours(
        "enterprise:ningbo-precision-2025", types=["ELIGIBLE_FOR"], direction="out"
    )
    edges = {n.node.key: n.relationship.properties for n in page.items}
    fee_cut = edges["measure:guarantee-fee-cut-2025"]
    assert fee_cut["criteria"] == ["designation:专精特新"] and fee_cut["status"] == "derived"
    assert edges["policy:sme-digital-2025"]["criteria"] == ["region:national"]
    assert edges["policy:zhejiang-sme-digital-2025"]["criteria"] == ["region:330000"]
    assert "measure:sme-digital-2025-central-funds" not in edges  # no criteria, no edge
