"""Preset relationship views: policy tree, funding flows, provincial response, Enterprise 360.

Each preset is a walk: start from seed nodes, then follow a list of steps (from nodes
of one label, along some relationship types, in one direction, to nodes of one label),
collecting at most ``MAX_NODES`` keys; the view is ``store.subgraph`` of those keys, so
every relationship among them (with its amounts and provenance) is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint

from graph.errors import BadParameter
from graph.schema import SCHEMA

from . import graphdata
from .extensions import get_store
from .params import key_arg, setting
from .render import page, twin_route

bp = Blueprint("presets", __name__, url_prefix="/preset")

DEFAULT_POLICY = "policy:sme-digital-2025"


@dataclass(frozen=True)
class Step:
    source: str | None  # label of the collected nodes to walk from (None: the seeds)
    types: tuple[str, ...]
    direction: str = "both"
    target: str | None = None  # label of the nodes to collect


POLICY_TREE = (
    Step(None, ("SETS", "HAS_TASK", "PROVIDES"), "out"),
    Step(None, ("ISSUED",), "in"),
    Step("Measure", ("DELIVERED_BY",), "out"),
    Step("Fund", ("MANAGES",), "in"),
    Step(None, ("IMPLEMENTS",), "in"),
    Step("Policy", ("ISSUED",), "in"),
)

FUNDING_FLOWS = (
    Step("Fund", ("SUB_FUND_OF",), "both"),
    Step("Fund", ("MANAGES",), "in"),
    Step("Fund", ("DELIVERED_BY",), "in"),
    Step("Fund", ("INVOLVES",), "in", "Event"),
    Step("Fund", ("INVESTS_IN",), "out"),
)

PROVINCE_RESPONSE = (
    Step(None, ("COVERS", "INVOLVES"), "in"),
    Step(None, ("LOCATED_IN",), "in", "Agency"),
    Step("Policy", ("ISSUED",), "in"),
    Step("Policy", ("IMPLEMENTS",), "out"),
    Step(None, ("PART_OF",), "in"),
    Step("City", ("LOCATED_IN",), "in", "Agency"),
    Step("Agency", ("ISSUED",), "out"),
    Step(None, ("LOCATED_IN",), "in", "Enterprise"),
    Step("City", ("LOCATED_IN",), "in", "Enterprise"),
    Step("Enterprise", ("INVOLVES",), "in"),
)

ENTERPRISE_360 = (
    Step(None, ("LOCATED_IN", "IN_INDUSTRY", "ADOPTS"), "out"),
    Step(None, ("INVESTS_IN", "INVOLVES"), "in"),
    Step("City", ("PART_OF",), "out"),
    Step(None, ("ELIGIBLE_FOR",), "out"),
    Step("Measure", ("PROVIDES",), "in"),
    Step("Measure", ("DELIVERED_BY",), "out"),
)


def walk(seeds: list[str], steps: tuple[Step, ...], cap: int) -> tuple[list[str], bool]:
    """Keys reached from ``seeds`` by ``steps``, at most ``cap``; True when cut short."""
    store = get_store()
    keys: dict[str, None] = dict.fromkeys(seeds[:cap])
    truncated = len(seeds) > cap
    for step in steps:
        sources = (
            seeds
            if step.source is None
            else [k for k in keys if SCHEMA.label_for_key(k) == step.source]
        )
        for key in list(sources):
            room = cap - len(keys)
            if room <= 0:
                return list(keys), True
            found = store.neighbours(
                key,
                types=list(step.types),
                direction=step.direction,
                label=step.target,
                limit=min(room, setting("MAX_PAGE")),
            )
            keys.update((item.node.key, None) for item in found.items)
            truncated = truncated or found.total > len(found.items)
    return list(keys), truncated


def preset_page(
    name: str,
    title: str,
    seeds: list[str],
    steps: tuple[Step, ...],
    focus: str | None,
    layout_hint: str = "force",
):
    cap = setting("MAX_NODES")
    keys, cut = walk(seeds, steps, cap)
    subgraph = get_store().subgraph(keys)
    subgraph.truncated = subgraph.truncated or cut
    subgraph.caps["MAX_NODES"] = cap
    data = {
        "preset": name,
        "title": title,
        "focus": focus,
        "keys": [n.key for n in subgraph.nodes],
        "graph": graphdata.with_layout(subgraph, focus=focus),
        "layout_hint": layout_hint,  # the graph view's starting layout
    }
    return page("explore/view.html", data)


@twin_route(bp, "/policy-tree")
def policy_tree():
    """The plan, its targets, tasks and measures, who delivers them, who implements it."""
    key = key_arg("key", required=False) or DEFAULT_POLICY
    _require_label(key, "Policy")
    get_store().get_node(key)
    return preset_page("policy-tree", "policy_tree", [key], POLICY_TREE, key, "hierarchical")


@twin_route(bp, "/funding-flows")
def funding_flows():
    """Funds, sub-funds, who manages them and what they back (amounts on the edges)."""
    funds = [
        h.node.key
        for h in get_store().search("fund:", limit=setting("MAX_SEARCH_LIMIT"), labels=["Fund"])
    ]
    return preset_page("funding-flows", "funding_flows", funds, FUNDING_FLOWS, None)


@twin_route(bp, "/province")
def province_response():
    """A province with its agencies, plans, cities, enterprises and events."""
    key = key_arg("key", required=False)
    if key is None:
        return page(
            "explore/choose.html",
            {
                "preset": "province",
                "title": "province_response",
                "choices": _choices("province", "Province"),
            },
        )
    _require_label(key, "Province")
    get_store().get_node(key)
    return preset_page("province", "province_response", [key], PROVINCE_RESPONSE, key)


@twin_route(bp, "/enterprise")
def enterprise_360():
    """An enterprise with its location, industry, funds and what it is eligible for."""
    key = key_arg("key", required=False)
    if key is None:
        return page(
            "explore/choose.html",
            {
                "preset": "enterprise",
                "title": "enterprise_360",
                "choices": _choices("enterprise", "Enterprise"),
            },
        )
    _require_label(key, "Enterprise")
    get_store().get_node(key)
    return preset_page("enterprise", "enterprise_360", [key], ENTERPRISE_360, key)


def _choices(kind: str, label: str) -> list[dict]:
    hits = get_store().search(f"{kind}:", limit=setting("MAX_SEARCH_LIMIT"), labels=[label])
    return sorted((h.node.to_dict() for h in hits), key=lambda n: n["key"])


def _require_label(key: str, label: str) -> None:
    if SCHEMA.label_for_key(key) != label:
        raise BadParameter("key", f"{key!r} is not a {label} key")
