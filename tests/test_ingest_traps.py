"""The traps of issue 13: a target with no number, a placeholder figure (XX亿元, XX家:
unknown, never invented), a joint document with four issuers, amount ranges (数千万元,
1-2亿元) and thresholds that are not amounts given. Rules on short passages, then the
four-issuer city pilot of tests/ingest_docs/ end to end (no store)."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.ingest import propose, read_bytes
from loaders.ingest.amounts import amounts_in
from loaders.ingest.extract import _support_amounts
from loaders.ingest.targets import clause_targets

DOCS = Path(__file__).parent / "ingest_docs"


@pytest.mark.parametrize(
    "clause, value_text",
    [
        ("中小企业数字化水平显著提升", "显著提升"),
        ("服务体系覆盖面明显扩大", "明显扩大"),
        ("规上工业企业数量实现翻一番", "翻一番"),
        ("培育一批数字化转型标杆企业", "一批"),
    ],
)
def test_target_with_no_number_has_no_value(clause, value_text):
    (t,) = clause_targets(clause)
    assert t.get("value") is None and t["value_text"] == value_text
    assert "实现" not in t["indicator"][-2:]


@pytest.mark.parametrize(
    "clause, unit, comparator",
    [("产值达到XX亿元", "yuan", ">="), ("培育专精特新企业XX家以上", "enterprises", ">=")],
)
def test_placeholder_target_is_unknown(clause, unit, comparator):
    (t,) = clause_targets(clause)
    assert t["value"] is None  # never a number made up for XX
    assert "XX" in t["value_text"] and t["unit"] == unit and t["comparator"] == comparator


@pytest.mark.parametrize(
    "text, fields",
    [
        ("投入省级财政资金XX亿元", {"amount_text": "XX亿元"}),
        ("给予xx万元一次性奖励", {"amount_text": "xx万元"}),
        ("投入数千万元", {"amount_min": 1e7, "amount_max": 1e8, "amount_text": "数千万元"}),
        ("每年安排1-2亿元", {"amount_min": 1e8, "amount_max": 2e8, "amount_text": "1-2亿元"}),
        ("每年安排1—2亿元", {"amount_min": 1e8, "amount_max": 2e8, "amount_text": "1—2亿元"}),
        (
            "奖励200万—500万元",
            {"amount_min": 2e6, "amount_max": 5e6, "amount_text": "200万—500万元"},
        ),
        ("总投资十余亿元", {"amount_min": 1e9, "amount_text": "十余亿元"}),
        ("规模近百亿元", {"amount_max": 1e10, "amount_text": "近百亿元"}),
        ("最高不超过300万元", {"amount_max": 3e6, "amount_text": "最高不超过300万元"}),
    ],
)
def test_amounts_ranges_and_placeholders(text, fields):
    ((_, _, found),) = amounts_in(text)
    assert found == fields


def test_a_threshold_is_not_the_amount_given():
    text = (
        "对年度数字化改造投资额500万元以上的中小企业，按投资额的15%给予补助，"
        "单个企业最高不超过300万元"
    )
    ((_, _, fields),) = _support_amounts(text)
    assert fields == {"amount_max": 3e6, "amount_text": "最高不超过300万元"}


def test_ranges_of_a_target_keep_their_words():
    (t,) = clause_targets("新增上市企业5-8家")
    assert t["value"] == 5 and t["comparator"] == ">=" and t["value_text"] == "5-8家"


def test_joint_document_with_four_issuers():
    path = DOCS / "hefei_pilot_joint.txt"
    draft = propose(read_bytes(path.read_bytes(), path.name, 10**7))
    four = ["合肥市经济和信息化局", "合肥市财政局", "合肥市科学技术局", "合肥市数据资源局"]
    assert draft["document"]["issuers"] == four
    assert draft["document"]["date"] == "2026-03-28"  # 二〇二六年三月二十八日
    policy = next(n for n in draft["proposals"]["nodes"] if n["rule"] == "document.title")
    issued = [r for r in draft["proposals"]["relationships"] if r["type"] == "ISSUED"]
    assert len(issued) == 4 and all(r["end"] == policy["key"] for r in issued)
    assert policy["properties"]["issuer_text"] == "、".join(four)
    measures = {
        n["properties"]["name"]: n["properties"]
        for n in draft["proposals"]["nodes"]
        if n["label"] == "Measure"
    }
    award = next(p for name, p in measures.items() if "XX万元" in name)
    assert award.get("amount") is None and award["amount_text"] == "XX万元"
    equity = next(p for name, p in measures.items() if "股权投资" in name)
    assert "amount" not in equity  # 数千万元 per project: a range, never one number
    assert equity["amount_min"] == 1e7 and equity["amount_max"] == 1e8
