"""Small fixture graph for the store contract and differential tests.

Zhejiang with two cities, a ministry that issued a national plan and a provincial
plan implementing it, a fund with a sub-fund investing in two enterprises, one task
and one measure. Names mix Chinese and English so search covers both.
"""

from __future__ import annotations

from graph.model import Node, Relationship
from graph.schema import SCHEMA


def node(key: str, name: str, **props) -> Node:
    return Node(key, (SCHEMA.label_for_key(key),), {"key": key, "name": name, **props})


def rel(start: str, rtype: str, end: str, **props) -> Relationship:
    return Relationship(rtype, start, end, props)


NODES = [
    node(
        "province:330000",
        "浙江省",
        name_en="Zhejiang",
        aliases=["浙江", "浙"],
        code="330000",
        lat=30.27,
        lon=120.15,
        status="reference",
    ),
    node("city:330100", "杭州市", name_en="Hangzhou", province_code="330000", code="330100"),
    node(
        "city:330200",
        "宁波市",
        name_en="Ningbo",
        province_code="330000",
        code="330200",
        aliases=["宁波"],
    ),
    node(
        "agency:miit",
        "工业和信息化部",
        name_en="Ministry of Industry and Information Technology",
        aliases=["工信部", "MIIT"],
        kind="government",
        level="national",
    ),
    node(
        "agency:zj-econ",
        "浙江省经济和信息化厅",
        name_en="Zhejiang Economy and IT Department",
        kind="government",
        level="provincial",
        region_code="330000",
    ),
    node(
        "policy:sme-digital-2025",
        "中小企业数字化转型专项行动计划",
        name_en="SME Digital Plan",
        level="national",
        period_start=2025,
        period_end=2027,
        issued_date="2025-11-16",
        status="reported",
    ),
    node(
        "policy:zj-digital-2025",
        "浙江省中小企业数字化转型实施方案",
        level="provincial",
        period_start=2025,
        period_end=2027,
    ),
    node("task:sme-digital-2025-t1", "推进数字化改造", seq=1),
    node(
        "measure:guarantee-fee-cut-2025",
        "降低融资担保费率",
        instrument="fee_cut",
        amount_text="数千万元",
        eligible_sizes=["micro", "small"],
    ),
    node(
        "fund:sme-development-fund",
        "国家中小企业发展基金",
        name_en="National SME Development Fund",
        size=357.5e8,
        size_text="357.5亿元",
        currency="CNY",
    ),
    node("fund:zj-sub-fund", "中小企业发展基金浙江子基金", size_text="数十亿元"),
    node(
        "enterprise:91330200MA2H3XYZ0K",
        "宁波智造科技有限公司",
        size_class="small",
        designations=["专精特新"],
        region_code="330200",
        status="synthetic",
    ),
    node(
        "enterprise:91330100MA2H3ABC1D",
        "杭州云数科技有限公司",
        size_class="medium",
        designations=["专精特新", "小巨人"],
        region_code="330100",
        status="synthetic",
    ),
    node("technology:industrial-internet", "工业互联网", name_en="Industrial Internet"),
]

RELATIONSHIPS = [
    rel("city:330100", "PART_OF", "province:330000"),
    rel("city:330200", "PART_OF", "province:330000"),
    rel("agency:miit", "ISSUED", "policy:sme-digital-2025", date="2025-11-16", status="reported"),
    rel("agency:zj-econ", "ISSUED", "policy:zj-digital-2025"),
    rel("agency:zj-econ", "LOCATED_IN", "city:330100"),
    rel("policy:zj-digital-2025", "IMPLEMENTS", "policy:sme-digital-2025"),
    rel("policy:zj-digital-2025", "COVERS", "province:330000"),
    rel("policy:sme-digital-2025", "HAS_TASK", "task:sme-digital-2025-t1"),
    rel("policy:sme-digital-2025", "PROVIDES", "measure:guarantee-fee-cut-2025"),
    rel("measure:guarantee-fee-cut-2025", "DELIVERED_BY", "fund:sme-development-fund"),
    rel("agency:miit", "MANAGES", "fund:sme-development-fund"),
    rel(
        "fund:zj-sub-fund",
        "SUB_FUND_OF",
        "fund:sme-development-fund",
        amount=20e8,
        amount_text="20亿元",
    ),
    rel("fund:zj-sub-fund", "INVESTS_IN", "enterprise:91330200MA2H3XYZ0K", amount_text="数千万元"),
    rel("fund:zj-sub-fund", "INVESTS_IN", "enterprise:91330100MA2H3ABC1D"),
    rel("enterprise:91330200MA2H3XYZ0K", "LOCATED_IN", "city:330200"),
    rel("enterprise:91330100MA2H3ABC1D", "LOCATED_IN", "city:330100"),
    rel("enterprise:91330200MA2H3XYZ0K", "ADOPTS", "technology:industrial-internet"),
    rel("task:sme-digital-2025-t1", "FOCUSES_ON", "technology:industrial-internet"),
]

ALL_KEYS = [n.key for n in NODES]


def load(store) -> None:
    store.upsert(NODES, RELATIONSHIPS)
