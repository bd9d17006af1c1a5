"""Ingestion rules on short passages and on the test documents in tests/ingest_docs/
(written for these tests), including the traps: a target with no number, a
placeholder amount (XX亿元), four joint issuers, an amount range; and bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from loaders.ingest import IngestError, propose, read_bytes
from loaders.ingest.amounts import amounts_in
from loaders.ingest.dates import dates_in, deadline_in
from loaders.ingest.document import DOC_NUMBER
from loaders.ingest.entities import agencies_in
from loaders.ingest.targets import clause_targets

DOCS = Path(__file__).parent / "ingest_docs"
BIG = 10**7


def draft_of(name: str) -> dict:
    return propose(read_bytes((DOCS / name).read_bytes(), name, BIG))


def nodes(draft, label):
    return [n for n in draft["proposals"]["nodes"] if n["label"] == label]


def rels(draft, rtype):
    return [r for r in draft["proposals"]["relationships"] if r["type"] == rtype]


def test_dates_in_chinese_numerals_and_deadlines():
    assert [d for _, _, d in dates_in("二〇二五年十一月十六日")] == ["2025-11-16"]
    assert [d for _, _, d in dates_in("于11月16日同步发布", 2025)] == ["2025-11-16"]
    assert deadline_in("到2027年底") == "2027-12-31"


@pytest.mark.parametrize(
    "number", ["国发〔2025〕12号", "工信部联企业〔2011〕300号", "财建[2023]117号"]
)
def test_document_numbers(number):
    assert DOC_NUMBER.fullmatch(number)


def test_agency_short_forms_resolve_to_one_key():
    found = agencies_in("工信部、人民银行和金融监管总局会同国务院")
    assert [m.key for m in found] == [
        "agency:miit",
        "agency:pboc",
        "agency:nfra",
        "agency:state-council",
    ]


def test_target_with_no_number_has_null_value():
    (t,) = clause_targets("重点行业中小企业数字化水平显著提升")
    assert "value" not in t and t["value_text"] == "显著提升"


def test_respectively_target_splits_in_two():
    a, b = clause_targets("关键工序数控化率和经营管理数字化普及率分别达到65%和85%以上")
    assert (a["value"], a["comparator"], b["value"]) == (65.0, ">=", 85.0)


def test_placeholder_amount_is_unknown_never_invented():
    (found,) = [a for _, _, a in amounts_in("投入省级财政资金XX亿元")]
    assert found == {"amount_text": "XX亿元"}


def test_amount_range_and_several():
    assert amounts_in("给予200万-500万元补助")[0][2]["amount_max"] == 5e6
    assert amounts_in("贴息额度为50万元至100万元")[0][2]["amount_min"] == 5e5
    assert amounts_in("投入数千万元")[0][2] == {
        "amount_min": 1e7,
        "amount_max": 1e8,
        "amount_text": "数千万元",
    }


def test_ministry_notice_with_four_joint_issuers():
    d = draft_of("ministry_notice.txt")
    assert d["kind"] == "official" and d["status"] == "extracted"
    assert d["document"]["doc_number"] == "工信部联企业〔2026〕58号"
    assert d["document"]["date"] == "2026-03-12"  # 二〇二六年三月十二日
    assert d["document"]["issuers"] == [
        "工业和信息化部",
        "财政部",
        "中国人民银行",
        "国家金融监督管理总局",
    ]
    (policy,) = [n for n in nodes(d, "Policy") if n["properties"].get("doc_number")]
    assert policy["properties"]["name"] == "专精特新中小企业质量提升行动方案（2026—2028年）"
    assert (policy["properties"]["period_start"], policy["properties"]["period_end"]) == (
        2026,
        2028,
    )
    assert len(rels(d, "ISSUED")) == 4
    assert [n["properties"]["name"] for n in nodes(d, "Task")] == [
        "夯实质量基础",
        "强化标准引领",
        "加强品牌培育",
    ]
    (implements,) = rels(d, "IMPLEMENTS")
    assert implements["start"] == policy["key"]
    goal = [t for t in nodes(d, "Target") if t["properties"]["value_text"] == "明显提升"]
    assert goal and "value" not in goal[0]["properties"]


def test_every_proposal_quotes_its_span():
    d = draft_of("ministry_notice.txt")
    for p in d["proposals"]["nodes"] + d["proposals"]["relationships"]:
        start, end = p["span"]
        assert d["text"][start:end] == p["evidence"]
        assert p["rule"] and 0 < p["confidence"] <= 1


def test_provincial_plan_cites_and_implements():
    d = draft_of("provincial_plan.txt")
    (cites,) = rels(d, "CITES")
    cited = next(n for n in nodes(d, "Policy") if n["key"] == cites["end"])
    assert cited["properties"]["doc_number"] == "工信部联企业〔2024〕239号"
    assert len(rels(d, "IMPLEMENTS")) == 1
    assert [r["end"] for r in rels(d, "COVERS")] == ["province:320000"]
    ranged = [m for m in nodes(d, "Measure") if "amount_min" in m["properties"]]
    assert ranged[0]["properties"]["amount_max"] == 5e6


def test_city_pilot_placeholder_uscc_and_region():
    d = draft_of("city_pilot.txt")
    placeholder = [m for m in nodes(d, "Measure") if m["properties"].get("amount_text") == "XX亿元"]
    assert placeholder and "amount" not in placeholder[0]["properties"]
    (firm,) = nodes(d, "Enterprise")
    assert firm["key"] == "enterprise:91330200MA2H3XY09Q"
    assert any(r["end"] == "city:330200" for r in rels(d, "LOCATED_IN"))


def test_news_report_is_reported():
    text = "据新华社消息，国务院近日印发《关于促进中小企业发展的若干措施》。\n" * 2
    d = propose(read_bytes(text.encode(), "news.txt", BIG))
    assert d["kind"] == "news" and d["status"] == "reported"


def test_gbk_and_html(tmp_path):
    text = (
        "工业和信息化部关于开展试点工作的通知\n各省、自治区工业和信息化主管部门：\n"
        "一、工作目标\n到2026年，培育一批标杆企业。\n"
    )
    assert read_bytes(text.encode("gbk"), "a.txt", BIG).text.startswith("工业和信息化部")
    head = "<head><script>alert('x')</script><style>p{}</style></head>"
    html = f"<html>{head}<body><p>{text}</p></body></html>"
    doc = read_bytes(html.encode(), "a.html", BIG)
    assert "alert" not in doc.text and "通知" in doc.text


def test_docx():
    import docx

    document = docx.Document()
    for line in (
        "关于开展中小企业数字化转型试点工作的通知",
        "各市工业和信息化局：",
        "一、工作目标",
        "到2026年，培育一批标杆企业。",
    ):
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    doc = read_bytes(buf.getvalue(), "a.docx", BIG)
    assert doc.format == "docx" and "标杆企业" in doc.text


@pytest.mark.parametrize(
    "data, message",
    [
        (b"   \n", "empty"),
        (b"This is an English document about policy. " * 20, "not a Chinese document"),
        ("中".encode() * 100, "MAX_INGEST_BYTES=50"),
    ],
)
def test_bad_input(data, message):
    limit = 50 if b"\xe4" in data else BIG
    with pytest.raises(IngestError, match=message):
        read_bytes(data, "bad.txt", limit)


def test_scanned_pdf_without_text():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(IngestError, match="no text layer"):
        read_bytes(buf.getvalue(), "scan.pdf", BIG)
