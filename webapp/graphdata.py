"""What the graph view draws: a subgraph dict, with server positions for big views."""

from __future__ import annotations

from flask import current_app

from graph import layout as layouts
from graph.model import Subgraph


def server_layout_min() -> int:
    """SERVER_LAYOUT_MIN_NODES: vis-network's own physics needs ~1 s for 300 nodes and
    ~9 s for 3,000, so bigger views get positions here and no live physics."""
    return current_app.config["SERVER_LAYOUT_MIN_NODES"]


def with_layout(subgraph: Subgraph, focus: str | None = None, layout: str = "auto") -> dict:
    """``subgraph.to_dict()`` plus ``positions`` ({key: [x, y]}) and ``physics``.

    ``auto``: positions only for big views (radial around ``focus`` when given, else
    force-directed); ``force``/``radial`` always; ``none`` never.
    """
    data = subgraph.to_dict()
    keys = [n.key for n in subgraph.nodes]
    edges = [(r.start, r.end) for r in subgraph.relationships]
    big = len(keys) > server_layout_min()
    method = layout
    if layout == "auto":
        method = ("radial" if focus in keys else "force") if big else "none"
    if method == "radial" and focus not in keys:
        method = "force"
    if method == "force":
        data["positions"] = layouts.force(keys, edges)
    elif method == "radial":
        data["positions"] = layouts.radial(keys, edges, focus)
    data["layout"] = method
    data["physics"] = method == "none"
    return data


def schema_as_graph(schema: dict, stats: dict) -> dict:
    """Labels as nodes (with counts) and label-to-label patterns as relationships, in
    the graph view's shape; keys are ``schema:<Label>`` so they never clash with data."""
    nodes = [
        {
            "key": f"schema:{label}",
            "labels": [label],
            "properties": {"name": label, "count": stats["labels"].get(label, 0)},
        }
        for label in _label_names(schema)
    ]
    rels = [
        {
            "id": f"schema:{p['start']}-{p['type']}->schema:{p['end']}",
            "type": p["type"],
            "start": f"schema:{p['start']}",
            "end": f"schema:{p['end']}",
            "properties": {"count": p.get("count", 0)},
        }
        for p in schema.get("patterns", [])
    ]
    return {
        "nodes": nodes,
        "relationships": rels,
        "truncated": False,
        "caps": {},
        "physics": True,
        "layout": "none",
    }


def _label_names(schema: dict) -> list[str]:
    return [lb["name"] if isinstance(lb, dict) else str(lb) for lb in schema.get("labels", [])]
