"""A test-only app whose store holds nodes with hostile names (for the XSS tests)."""

from __future__ import annotations

from pathlib import Path

from graph.model import Node, Relationship

HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_EN = "<script>alert(2)</script>"
HOSTILE_EVIDENCE = "<b>bold</b> \"quoted\" & 'single' <svg onload=alert(3)>"
FIRM = "enterprise:xss-test"
CITY = "city:xss-city"
SOURCE = "source:xss-source"


def hostile_records() -> tuple[list[Node], list[Relationship]]:
    def node(key, label, **props):
        return Node(key, (label,), {"key": key, **props})

    nodes = [
        node(
            SOURCE,
            "Source",
            name="<svg onload=alert(4)>",
            title="<iframe src=javascript:alert(5)>",
            status="reference",
        ),
        node(CITY, "City", name=HOSTILE, name_en=HOSTILE_EN, status="synthetic"),
        node(
            FIRM,
            "Enterprise",
            name=HOSTILE,
            name_en=HOSTILE_EN,
            aliases=["<i>alias</i>"],
            source=SOURCE,
            evidence=HOSTILE_EVIDENCE,
            status="synthetic",
        ),
    ]
    rels = [
        Relationship(
            "LOCATED_IN",
            FIRM,
            CITY,
            {"source": SOURCE, "evidence": HOSTILE_EVIDENCE, "status": "synthetic"},
        )
    ]
    return nodes, rels


def hostile_app(path: Path):
    from webapp import create_app
    from webapp.extensions import get_store

    app = create_app(
        {"TESTING": True, "GRAPH_URI": f"embedded://{path}", "LOAD_BUNDLED_IF_EMPTY": False}
    )
    store = get_store(app)
    store.ensure_schema()
    store.upsert(*hostile_records())
    return app
