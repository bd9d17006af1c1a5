"""Ingestion rules for the document shapes of the second held-out round (docs/ingest.md):
an 办法 with 第X章/第X条 articles, 申报条件 as eligibility criteria, a funding table in a
DOCX, a press-conference transcript, 《A》和《B》 references, a figure that only counts
the names before it. Short passages, no store."""

from __future__ import annotations

import io

import docx
import pytest

from loaders.ingest import propose, read_bytes
from loaders.ingest.eligibility import beneficiary_criteria, criteria_in, scope_of
from loaders.ingest.references import relation_before, titles_in
from loaders.ingest.structure import is_lead_in, outline
from loaders.ingest.targets import clause_targets

BIG = 10**7


def draft(text: str, name: str = "a.txt") -> dict:
    return propose(read_bytes(text.encode(), name, BIG))


def nodes(d: dict, label: str) -> list[dict]:
    return [n for n in d["proposals"]["nodes"] if n["label"] == label]


def rels(d: dict, rtype: str) -> list[dict]:
    return [r for r in d["proposals"]["relationships"] if r["type"] == rtype]


BANFA = """财政部关于印发《中小企业数字化改造专项资金管理办法》的通知
财建〔2026〕7号
各省、自治区、直辖市财政厅（局）：
现将《中小企业数字化改造专项资金管理办法》印发给你们，请遵照执行。
财政部
2026年1月5日
中小企业数字化改造专项资金管理办法
第一章　总　则
第一条　为规范专项资金管理，制定本办法。
第二章　支持范围和标准
第二条　专项资金支持以下方向：
（一）支持公共服务平台开展诊断服务，单个平台最高不超过200万元。
（二）支持中小企业实施数字化改造，对单个企业按改造投入的20%给予补助，最高不超过80万元。
第三条　申请本办法第二条第（二）项支持的企业应当同时符合以下条件：
（一）属于《中小企业划型标准规定》所称的小型或微型企业；
（二）上年度营业收入不低于300万元，从业人员20人以上。
第三章　附　则
第四条　本办法自2026年2月1日起施行，有效期至2028年12月31日。
"""


def test_articles_are_levels_and_a_lead_in_holds_the_items():
    blocks = outline(BANFA)
    article = next(b for b in blocks if b.span.text.startswith("第二条"))
    assert (article.level, article.number) == (2, "二")
    assert is_lead_in(article)
    chapter = next(b for b in blocks if b.span.text.startswith("第二章"))
    assert (chapter.level, chapter.role) == (1, "measure")
    items = [blocks[c] for c in article.children]
    assert [b.number for b in items] == ["一", "二"] and all(b.level == 3 for b in items)
    conditions = next(b for b in blocks if b.span.text.startswith("第三条"))
    assert conditions.role == "eligibility"


def test_an_articles_items_are_its_measures_with_the_criteria_it_names():
    d = draft(BANFA)
    measures = nodes(d, "Measure")
    assert len(measures) == 2  # the 第一条 purpose, 第三条 conditions, 第四条 closing are not
    by_start = {n["properties"]["name"][:6]: n for n in measures}
    platform = by_start["支持公共服务"]["properties"]
    retrofit = by_start["支持中小企业"]
    assert platform["amount_max"] == 2_000_000.0
    assert not any(k.startswith("eligible_") for k in platform)  # the conditions name (二)
    props = retrofit["properties"]
    assert props["amount_max"] == 800_000.0
    assert sorted(props["eligible_sizes"]) == ["micro", "small"]
    assert props["eligible_revenue_min_wan"] == 300.0
    assert props["eligible_employees_min"] == 20
    text = d["text"]
    for c in retrofit["criteria_evidence"]:  # every criterion keeps its own sentence
        assert text[c["span"][0] : c["span"][1]] == c["evidence"]
        assert c["rule"] == "eligibility.criteria"
    (policy,) = [n for n in nodes(d, "Policy") if n["properties"]["name"].endswith("管理办法")]
    assert policy["properties"]["effective_date"] == "2026-02-01"
    assert policy["properties"]["expiry_date"] == "2028-12-31"
    names = {n["key"]: n["properties"]["name"] for n in nodes(d, "Policy")}
    assert "中小企业划型标准规定" in {names[r["end"]] for r in rels(d, "CITES")}  # 属于《…》


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("在厦门市注册登记，具有独立法人资格；", {"eligible_regions": ["350200"]}),
        (
            "上年度营业收入在2000万元以上、4亿元以下；",
            {"eligible_revenue_min_wan": 2000.0, "eligible_revenue_max_wan": 40000.0},
        ),
        ("从业人员不超过300人；", {"eligible_employees_max": 300}),
        ("于2024年12月31日前注册成立；", {"eligible_founded_until": "2024-12-31"}),
        ("2020年1月1日以后注册成立；", {"eligible_founded_from": "2020-01-01"}),
        ("属于制造业企业；", {"eligible_industries": ["C"]}),
        ("被认定为专精特新中小企业；", {"eligible_designations": ["专精特新"]}),
        ("近三年无严重失信行为；", {}),  # a condition the schema has no field for
        ("具有健全的财务管理制度；", {}),
    ],
)
def test_criteria_in_a_condition(sentence, expected):
    assert criteria_in(sentence) == expected


def test_scope_and_beneficiaries():
    assert scope_of("申请第四条第（三）项支持的企业") == ("四", "三")
    assert scope_of("申报企业须同时符合以下条件：") is None
    assert beneficiary_criteria("对服务试点企业超过20家的服务商给予奖励") == {}
    assert beneficiary_criteria("为小微企业提供担保")["eligible_sizes"] == ["small", "micro"]


PILOT = """某某市工业和信息化局关于印发《某某市中小企业数字化转型试点方案》的通知
某工信〔2026〕3号
各区工业和信息化局：
现将《某某市中小企业数字化转型试点方案》印发给你们。
某某市工业和信息化局
2026年3月1日
某某市中小企业数字化转型试点方案
一、申报条件
申报企业须同时符合以下条件：
（一）在杭州市注册登记，属于制造业企业；
（二）上年度营业收入在1000万元以上。
二、支持标准
（一）改造补助。对完成改造的试点企业，按投入的20%给予补助，最高不超过100万元。
（二）服务商奖励。对服务试点企业超过10家的服务商，给予最高50万元奖励。
三、申报程序
（一）企业申报。企业在线提交材料。
（二）区级初审。各区对材料进行初审。
"""


def test_application_conditions_go_to_the_measures_for_enterprises():
    d = draft(PILOT)
    by_group = {n["properties"].get("group"): n["properties"] for n in nodes(d, "Measure")}
    assert set(by_group) == {"改造补助", "服务商奖励"}
    grant = by_group["改造补助"]
    assert grant["eligible_regions"] == ["330100"]
    assert grant["eligible_industries"] == ["C"]
    assert grant["eligible_revenue_min_wan"] == 1000.0
    assert not any(k.startswith("eligible_") for k in by_group["服务商奖励"])
    assert nodes(d, "Task") == []  # 申报条件 and 申报程序 items are neither tasks nor measures


def _docx_with_table(rows: list[tuple[str, ...]]) -> bytes:
    document = docx.Document()
    for line in (
        "某某省工业和信息化厅关于印发《某某省中小企业数字化转型实施方案》的通知",
        "某工信〔2026〕5号",
        "某某省中小企业数字化转型实施方案",
        "一、资金支持",
        "省级财政按下表标准给予支持。",
    ):
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=len(rows[0]))
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    document.add_paragraph("二、保障措施")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_a_funding_table_in_a_docx_is_one_measure_a_row_in_place():
    data = _docx_with_table(
        [
            ("序号", "支持方向", "支持标准"),
            ("1", "数字化改造", "按投资额的10%给予补助，最高300万元"),
            ("2", "贷款贴息", "按利息的50%给予贴息"),
        ]
    )
    d = propose(read_bytes(data, "plan.docx", BIG))
    assert "支持方向 | 支持标准" in d["text"]
    assert d["text"].index("支持方向") < d["text"].index("二、保障措施")  # in document order
    measures = {n["properties"]["name"]: n for n in nodes(d, "Measure")}
    assert set(measures) == {"数字化改造", "贷款贴息"}
    grant = measures["数字化改造"]
    assert grant["properties"]["amount_max"] == 3_000_000.0
    assert grant["properties"]["instrument"] == "grant"
    assert measures["贷款贴息"]["properties"]["instrument"] == "loan"
    assert grant["rule"] == "structure.table-row"
    assert d["text"][grant["span"][0] : grant["span"][1]] == grant["evidence"]


TRANSCRIPT = """某某省人民政府新闻办公室举行《某某省中小企业数字化转型行动方案》新闻发布会
主持人：各位记者，上午好。今天介绍《某某省中小企业数字化转型行动方案》（以下简称《方案》）有关情况。
李某：近日，广东省工业和信息化厅印发了《方案》。
记者：请问金融方面有哪些安排？
陈某：同时，中国人民银行广东省分行将安排100亿元再贷款额度，专项支持金融机构发放转型贷款，并引导金融机构给予利率优惠。
主持人：发布会到此结束。
"""


def test_a_transcripts_speakers_are_not_the_subject():
    d = draft(TRANSCRIPT)
    assert d["status"] == "reported"
    names = sorted(n["properties"]["name"] for n in nodes(d, "Measure"))
    assert names == ["中国人民银行广东省分行安排100亿元再贷款额度", "引导金融机构给予利率优惠"]
    relending = next(n for n in nodes(d, "Measure") if "再贷款" in n["properties"]["name"])
    assert relending["properties"]["amount"] == 1e10
    assert relending["properties"]["instrument"] == "loan"
    delivered = {(r["start"], r["end"]) for r in rels(d, "DELIVERED_BY")}
    assert len(delivered) == 2 and len({e for _, e in delivered}) == 1
    assert not any("人民政府" == n["properties"]["name"][-4:] for n in nodes(d, "Agency"))


def test_titles_listed_together_share_the_verb():
    s = "为贯彻落实《甲行动计划》和《乙实施方案》，根据《丙办法》、《丁规定》，制定本方案。"
    found = titles_in(s)
    assert [relation_before(s, t) for t in found] == ["IMPLEMENTS", "IMPLEMENTS", "CITES", "CITES"]
    s = "该方案是落实国家《甲行动计划》的具体举措"
    assert relation_before(s, titles_in(s)[0]) == "IMPLEMENTS"


def test_a_figure_that_counts_the_names_before_it_is_not_the_target():
    (t,) = clause_targets("成都、德阳、绵阳、宜宾4个国家试点城市率先完成试点任务")
    assert t.get("value") is None
    (t,) = clause_targets("建成4个国家级试点城市")  # no list before it: a figure
    assert t["value"] == 4.0


def test_agencies_inside_a_cited_title_are_not_actors():
    d = draft(
        "某某市工业和信息化局关于印发《某某市试点方案》的通知\n某工信〔2026〕1号\n"
        "根据《财政部 工业和信息化部关于开展试点工作的通知》（财建〔2025〕5号），制定本方案。\n"
        "某某市工业和信息化局\n2026年1月2日\n"
    )
    names = {n["properties"]["name"] for n in nodes(d, "Agency")}
    assert "财政部" not in names and "工业和信息化部" not in names
    numbers = [n["properties"].get("doc_number") for n in nodes(d, "Policy")]
    assert "财建〔2025〕5号" in numbers


RULES = """某某省财政厅关于印发《某某省数字化改造贷款贴息细则》的通知
某财企〔2026〕9号
为贯彻落实《某某省中小企业数字化转型实施方案》，现将《某某省数字化改造贷款贴息细则》印发给你们。
某某省财政厅
2026年5月6日
某某省数字化改造贷款贴息细则
第一条　根据《某某省中小企业数字化转型实施方案》，制定本细则。
第二条　本细则所称贷款贴息，是指省级财政对企业数字化改造贷款利息给予的补贴。
第三条　贴息对象为在浙江省内注册、从业人员200人以下的中小企业。
第四条　贴息标准为实际支付利息的50%，单个企业最高不超过30万元。
第五条　省财政厅负责资金拨付。
第六条　本细则自2026年6月1日起施行。
"""


def test_articles_without_chapters_that_give_support_are_measures():
    d = draft(RULES)
    (measure,) = nodes(d, "Measure")  # not the definition (第二条) nor the duties (第五条)
    props = measure["properties"]
    assert props["name"].startswith("贴息标准为实际支付利息的50%")
    assert (props["instrument"], props["amount_max"]) == ("loan", 300_000.0)
    assert props["eligible_regions"] == ["330000"]  # 贴息对象为…: the 贴息 measure's
    assert props["eligible_employees_max"] == 200
    # 落实《A》 in the notice and 根据《A》 in the rules: one fact, IMPLEMENTS
    names = {n["key"]: n["properties"]["name"] for n in nodes(d, "Policy")}
    plan = next(k for k, v in names.items() if v == "某某省中小企业数字化转型实施方案")
    assert [r["type"] for r in d["proposals"]["relationships"] if r["end"] == plan] == [
        "IMPLEMENTS"
    ]
    ids = [r["id"] for r in d["proposals"]["relationships"]]
    assert len(ids) == len(set(ids))
