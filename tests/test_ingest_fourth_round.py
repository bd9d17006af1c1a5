"""Ingestion rules for the document shapes of the fourth held-out round (docs/ingest.md):
a 专栏 table of targets, a 若干措施 whose themed sections hold its numbered measures and
support tiered by class, a PDF table of enterprises with their USCCs, a 政策解读's
questions and answers, a notice that repeals and amends earlier documents. Short passages
(no store), and the PDF built by tests/ingest_docs/build_luoyang_pdf.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from loaders.ingest import propose, read_bytes
from loaders.ingest.reading import reflow, table_lines
from loaders.ingest.targets import table_cells, table_target, target_table_header
from loaders.ingest.tiers import tiers

BIG = 10**7
DOCS = Path(__file__).parent / "ingest_docs"


def draft(text: str, name: str = "a.txt") -> dict:
    return propose(read_bytes(text.encode(), name, BIG))


def nodes(d: dict, label: str) -> list[dict]:
    return [n for n in d["proposals"]["nodes"] if n["label"] == label]


def rels(d: dict, rtype: str) -> list[dict]:
    return [r for r in d["proposals"]["relationships"] if r["type"] == rtype]


HEADER = """某某部关于印发《某某专项行动方案（2026—2028年）》的通知
工信部企业〔2026〕9号
现将《某某专项行动方案（2026—2028年）》印发给你们，请认真组织实施。
某某部
2026年4月8日
某某专项行动方案（2026—2028年）
"""


def test_a_table_of_targets_gives_one_target_a_row_from_the_last_year():
    text = HEADER + (
        "一、总体要求\n（一）主要目标。到2028年，主要指标见专栏1。\n专栏1 主要指标\n"
        "序号 指标 2025年 2028年 属性\n"
        "1 完成改造的中小企业数量（万家） 8 15 预期性\n"
        "2 工业设备上云率（%） 30 45 预期性\n"
        "3 服务商数量（家） 1500 3000以上 预期性\n"
        "二、重点任务\n（一）开展诊断服务。组织服务商开展诊断。\n"
    )
    targets = {n["properties"]["indicator"]: n["properties"] for n in nodes(draft(text), "Target")}
    assert targets["完成改造的中小企业数量"]["value"] == 150000.0
    assert targets["完成改造的中小企业数量"]["unit"] == "enterprises"
    assert targets["工业设备上云率"]["value"] == 45.0
    assert targets["工业设备上云率"]["unit"] == "percent"
    assert targets["服务商数量"]["comparator"] == ">="
    assert {t["deadline"] for t in targets.values()} == {"2028-12-31"}


def test_a_table_header_needs_an_indicator_and_a_year_and_a_row_a_figure():
    assert target_table_header(table_cells("序号 支持方向 支持标准")) is None
    header = target_table_header(table_cells("序号 | 指标 | 2025年 | 2027年目标值"))
    assert header == (1, 3, 2027, None)
    with_unit = target_table_header(table_cells("序号 | 指标名称 | 单位 | 2025年 | 2027年"))
    assert with_unit == (1, 4, 2027, 2)
    row = table_target(with_unit, table_cells("1 | 完成改造的企业 | 家 | 6000 | 12000"), 5)
    assert (row["value"], row["unit"], row["deadline"]) == (12000.0, "enterprises", "2027-12-31")
    assert table_target(header, ["1", "典型场景（个）", "—", "待定"], 4) is None  # no figure
    assert table_target(header, ["1", "典型场景（个）", "—"], 4) is None  # another shape


def test_tiers_split_by_size_and_by_level_and_only_when_counts_agree():
    split = tiers("对新评定的标杆企业，中型企业、小型企业、微型企业分别奖励50万元、30万元、20万元")
    assert [s for _, s in split] == [["medium"], ["small"], ["micro"]]
    assert split[1][0] == "对新评定的标杆企业，小型企业奖励30万元"
    assert tiers("对国家级、省级平台分别给予500万元奖励") == []  # one amount for two tiers
    assert tiers("A、B和C分别达到10%和20%") == []  # targets, not support


MEASURES = """某省人民政府办公厅关于印发《某省加快中小企业数字化转型若干措施》的通知
某政办发〔2026〕15号
各市州人民政府：
《某省加快中小企业数字化转型若干措施》已经省人民政府同意，现印发给你们。
某省人民政府办公厅
2026年4月20日
某省加快中小企业数字化转型若干措施
为加快推动中小企业数字化转型，制定以下措施。
一、加大改造支持力度
1.支持数字化改造。对中小企业按改造投入的15%给予补助，最高不超过300万元。
2.分级奖励转型标杆。对新评定的标杆企业，中型企业、小型企业分别奖励50万元、30万元。
二、强化金融支持
3.实施贷款贴息。对数字化改造项目贷款按贷款市场报价利率的50%给予贴息。
4.典型案例宣传。每年遴选发布一批典型案例，加强宣传推广。
本措施自2026年5月1日起施行。
"""


def test_the_numbered_items_of_themed_sections_are_the_measures_one_a_tier():
    d = draft(MEASURES)
    measures = {n["properties"]["name"]: n["properties"] for n in nodes(d, "Measure")}
    assert len(measures) == 5, list(measures)  # 1, 2 (two tiers), 3, 4; no heading
    tiered = [p for p in measures.values() if p.get("eligible_sizes") in (["medium"], ["small"])]
    assert sorted(p["amount"] for p in tiered) == [300000.0, 500000.0]
    assert not any(name.startswith("加大改造支持") for name in measures)
    assert not any(name == "加强宣传推广" for name in measures)  # a coda, not a measure
    assert len(rels(d, "PROVIDES")) == 5


def test_parts_are_top_headings_and_their_items_the_measures_beside_a_role_part():
    text = MEASURES.replace("一、加大改造支持力度", "第一部分 加大改造支持力度").replace(
        "二、强化金融支持", "第二部分 强化要素保障"
    )
    d = draft(text)
    assert len(nodes(d, "Measure")) == 5
    assert not nodes(d, "Task")


def test_an_aspect_ending_in_shang_gives_the_reported_policys_measures():
    text = (
        "《某省行动方案（2026—2027年）》解读\n来源：某省工业和信息化厅 发布日期：2026年5月20日\n"
        "日前，某省工业和信息化厅印发《某省行动方案（2026—2027年）》（以下简称《方案》）。\n"
        "一、《方案》有哪些支持措施？\n"
        "在金融支持上，鼓励银行机构推出专项贷款，省财政对符合条件的贷款给予贴息。\n"
    )
    d = draft(text)
    assert d["status"] == "reported"
    names = sorted(n["properties"]["name"] for n in nodes(d, "Measure"))
    assert names == ["省财政对符合条件的贷款给予贴息", "鼓励银行机构推出专项贷款"]


QA = """《某某提速行动方案（2026—2028年）》政策解读
发布时间：2026-03-10 来源：中小企业局
近日，工业和信息化部、财政部联合印发《某某提速行动方案（2026—2028年）》（以下简称《行动方案》）。
一、问：《行动方案》出台的背景是什么？
答：为落实《中小企业数字化转型专项行动计划（2025—2027年）》，两部门研究制定了《行动方案》。
二、问：《行动方案》提出了哪些主要目标？
答：《行动方案》提出，到2028年，推动20万家以上中小企业完成数字化改造。
三、问：《行动方案》部署了哪些重点任务？
答：《行动方案》从两个方面部署了重点任务。第一，开展分业诊断，组织服务商免费诊断。第二，推广轻量化应用，遴选发布一批数字化产品。
四、问：在政策支持方面有哪些举措？
答：一是加大财政支持，中央财政安排80亿元，支持地方开展改造。二是强化金融支持，中国人民银行设立500亿元再贷款额度，引导金融机构加大信贷投放。
"""


def test_a_policy_interpretation_reads_its_answers_by_their_questions():
    d = draft(QA)
    assert d["status"] == "reported"
    tasks = sorted((n["properties"]["seq"], n["properties"]["name"]) for n in nodes(d, "Task"))
    assert tasks == [(1, "开展分业诊断"), (2, "推广轻量化应用")]
    measures = {n["key"]: n["properties"] for n in nodes(d, "Measure")}
    assert sorted(p.get("amount") for p in measures.values()) == [8e9, 5e10]
    assert not any("20万家" in p["name"] for p in measures.values())  # the target is no measure
    pboc = [r for r in rels(d, "DELIVERED_BY") if r["end"] == "agency:pboc"]
    assert len(pboc) == 1 and measures[pboc[0]["start"]]["instrument"] == "loan"
    implements = rels(d, "IMPLEMENTS")
    assert len(implements) == 1
    plan = next(n for n in nodes(d, "Policy") if n["key"] == implements[0]["start"])
    assert plan["properties"]["name"].startswith("某某提速行动方案")


def test_an_answer_under_a_numbered_question_without_marks_takes_its_kind_from_it():
    text = QA.replace("问：", "").replace("答：", "")
    d = draft(text)
    assert sorted(n["properties"]["name"] for n in nodes(d, "Task")) == [
        "开展分业诊断",
        "推广轻量化应用",
    ]
    amounts = sorted(n["properties"].get("amount") or 0 for n in nodes(d, "Measure"))
    assert amounts == [8e9, 5e10]


REPEAL = """某省工业和信息化厅关于废止和修改部分政策文件的通知
某工信字〔2026〕8号
各设区市工业和信息化局：
经清理，决定废止和修改部分政策文件。现将有关事项通知如下。
一、决定废止以下文件
（一）《某省中小企业信息化推进办法》（某工信字〔2016〕45号）。
（二）《某省上云补助资金管理办法》（某工信字〔2019〕112号）。
二、决定修改以下文件
《某省数字化转型专项资金管理办法》（某工信字〔2024〕30号）作如下修改：
（一）第八条修改为：“对完成数字化改造的中小企业，按改造投入的20%给予补助，最高不超过200万元。”
（二）第十二条修改为：“专项资金实行项目库管理。”
某省工业和信息化厅
2026年3月25日
"""


def test_a_repealing_notice_cites_what_it_repeals_and_amends_and_has_no_tasks():
    d = draft(REPEAL)
    policies = {n["key"]: n["properties"] for n in nodes(d, "Policy")}
    cited = {policies[r["end"]]["doc_number"] for r in rels(d, "CITES")}
    assert cited == {"某工信字〔2016〕45号", "某工信字〔2019〕112号", "某工信字〔2024〕30号"}
    assert not nodes(d, "Task")
    (measure,) = nodes(d, "Measure")  # the amended article that gives support, only
    assert measure["properties"]["amount_max"] == 2e6
    (provides,) = rels(d, "PROVIDES")
    assert policies[provides["start"]]["name"] == "某省数字化转型专项资金管理办法"


def test_a_pdf_tables_rows_stay_apart_with_their_cells():
    text = (
        "附件\n名单\n序号 企业名称 统一社会信用代码\n"
        "1 甲有限公司 91410300MA45K7Q29N\n2 乙有限公司 X\n"
    )
    assert sorted(table_lines(text.split("\n"))) == [2, 3, 4]
    assert "1 | 甲有限公司 | 91410300MA45K7Q29N" in reflow(text).split("\n")
    assert table_lines(["推动", "200 家企业 完成改造"]) == set()  # one line is no table


def test_the_enterprises_of_a_pdf_annex_keep_their_names_and_only_valid_usccs():
    path = DOCS / "luoyang_work_plan.pdf"
    expected = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))
    want = {
        n["name"]: n.get("uscc") for n in expected["nodes"] if n["key"].startswith("enterprise:")
    }
    d = propose(read_bytes(path.read_bytes(), path.name, BIG))
    got = {n["properties"]["name"]: n["properties"].get("uscc") for n in nodes(d, "Enterprise")}
    assert got == want
    for n in nodes(d, "Enterprise"):
        assert n["key"] == (
            f"enterprise:{n['properties']['uscc']}" if n["properties"].get("uscc") else n["key"]
        )
        assert d["text"][n["span"][0] : n["span"][1]] == n["evidence"]


@pytest.mark.browser
def test_the_luoyang_pdf_is_rebuilt_the_same_from_its_source(browser, tmp_path):
    """build_luoyang_pdf.py regenerates the committed PDF's text from its source."""
    import sys

    sys.path.insert(0, str(DOCS))
    from build_luoyang_pdf import page_html

    page = browser.new_page()
    page.set_content(page_html(DOCS / "luoyang_work_plan.pdf.src"))
    built = read_bytes(page.pdf(format="A4"), "built.pdf", BIG)
    committed = read_bytes((DOCS / "luoyang_work_plan.pdf").read_bytes(), "c.pdf", BIG)
    assert built.text == committed.text


def test_a_themed_section_on_revising_rules_keeps_its_tasks():
    """修订完善政策体系 is a task section of a plan, not an amending notice's section."""
    text = HEADER + (
        "一、总体要求\n（一）基本原则。坚持需求牵引。\n"
        "二、修订完善政策体系\n（一）修订中小企业认定办法。推动修订认定标准。\n"
        "（二）完善统计制度。建立监测体系。\n"
        "三、实施服务提升行动\n（一）开展诊断服务。组织服务商开展诊断。\n"
    )
    d = draft(text)
    names = [n["properties"]["name"] for n in nodes(d, "Task")]
    assert names == ["修订中小企业认定办法", "完善统计制度", "开展诊断服务"]
    assert not rels(d, "CITES")
