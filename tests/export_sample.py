"""A small subgraph with values that break naive writers, for the export and console tests."""

from __future__ import annotations

from graph.model import Node, Relationship, Subgraph

SOURCE = "source:export-test"
# Values that break naive writers: quotes, backslashes, newlines, markup, lists, numbers.
NODES = [
    Node(
        "source:export-test",
        ("Source",),
        {"key": SOURCE, "name": "测试来源", "title": "Export test", "status": "synthetic"},
    ),
    Node(
        "agency:export-test-miit",
        ("Agency",),
        {
            "key": "agency:export-test-miit",
            "name": "工业和信息化部 <script>alert(1)</script>",
            "name_en": 'O\'Reilly \\ "Ministry"',
            "aliases": ["工信部", "MIIT"],
            "source": SOURCE,
            "status": "synthetic",
            "level": "national",
        },
    ),
    Node(
        "fund:export-test-fund",
        ("Fund",),
        {
            "key": "fund:export-test-fund",
            "name": "国家中小企业发展基金",
            "size": 5.0e9,
            "size_text": "50亿元",
            "source": SOURCE,
            "status": "synthetic",
            "evidence": "第一行\n第二行\t'引号'",
        },
    ),
    Node(
        "fund:export-test-sub",
        ("Fund",),
        {
            "key": "fund:export-test-sub",
            "name": "智能制造子基金",
            "source": SOURCE,
            "status": "synthetic",
        },
    ),
    Node(
        "task:export-test-t1",
        ("Task",),
        {
            "key": "task:export-test-t1",
            "name": "任务一",
            "seq": 1,
            "source": SOURCE,
            "status": "synthetic",
        },
    ),
]
RELS = [
    Relationship(
        "MANAGES",
        "agency:export-test-miit",
        "fund:export-test-fund",
        {"source": SOURCE, "status": "synthetic", "evidence": "<b>发挥</b>引导作用"},
    ),
    Relationship(
        "SUB_FUND_OF",
        "fund:export-test-sub",
        "fund:export-test-fund",
        {
            "source": SOURCE,
            "status": "synthetic",
            "amount_text": "数千万元",
            "amount_min": 1.0e7,
            "amount_max": 1.0e8,
            "focus": "智能制造",
        },
    ),
]
KEYS = [n.key for n in NODES]


def canonical(sub: Subgraph) -> tuple:
    """Nodes and relationships in a comparable order (the provenance defaults a loader
    adds are part of what it stores, so they are compared too)."""
    nodes = sorted((n.key, n.labels, sorted(n.properties.items())) for n in sub.nodes)
    rels = sorted((r.start, r.type, r.end, sorted(r.properties.items())) for r in sub.relationships)
    return nodes, rels
