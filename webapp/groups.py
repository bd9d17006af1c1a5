"""Group nodes in views: a node's many neighbours of one kind drawn as one node, its
members listed (paged, searchable) and split by the facets of graph/schema.py FACETS.

``/group.json?key=group:...&q=&offset=&limit=`` lists members;
``/group/facets.json?key=group:...&facet=city`` splits a group into sub-groups.
"""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, current_app, jsonify, request

from graph import layout as layouts
from graph.errors import BadParameter
from graph.grouping import Group, parse_key, plan_for
from graph.model import Subgraph
from graph.schema import DERIVED_TYPES, FACETS

from . import graphdata
from .extensions import get_store
from .i18n import label_name
from .params import int_arg, setting, text_arg

bp = Blueprint("groups", __name__)

FACET_LIMIT = 12  # sub-groups drawn when a group is split (the rest stay in the list)


def threshold() -> int:
    """GROUP_THRESHOLD: more neighbours than this of one kind are drawn as a group."""
    return current_app.config["GROUP_THRESHOLD"]


def derived_arg() -> bool:
    """``?derived=1``: show derived relationships (ELIGIBLE_FOR); hidden by default."""
    return request.args.get("derived", "") in ("1", "true", "yes", "on")


def hidden_types(derived: bool) -> frozenset:
    return frozenset() if derived else DERIVED_TYPES


def caption(group: Group) -> str:
    """ "企业 ×283", or "宁波市 · 企业 ×12" for a sub-group."""
    text = f"{label_name(group.label)} ×{group.count:,}"
    if group.facet:
        text = f"{group.name or group.value or '—'} · {text}"
    return text


def counts_of(key: str) -> list[tuple[str, str, str, int]]:
    return get_store().neighbour_label_counts(key)


def derived_counts(counts) -> list[dict]:
    """The hidden derived kinds of a node, for the "符合条件：5,001 家企业 · 显示" switch."""
    return [
        {"type": t, "direction": d, "label": lb, "count": n}
        for t, d, lb, n in counts
        if t in DERIVED_TYPES and n
    ]


def star(key: str, derived: bool, limit: int) -> tuple[list[str], list[Group], bool]:
    """A node's depth-1 view: the keys drawn one by one and the groups."""
    store = get_store()
    groups, kinds = plan_for(key, counts_of(key), threshold(), hidden_types(derived))
    keys, truncated = [key], False
    for rel_type, direction, label in kinds:
        room = limit - len(keys) - len(groups)
        if room <= 0:
            truncated = True
            break
        found = store.neighbours(
            key, types=[rel_type], direction=direction, label=label, limit=room
        )
        keys += [i.node.key for i in found.items if i.node.key not in keys]
        truncated = truncated or found.total > len(found.items)
    return keys, groups, truncated


def from_keys(keys: list[str]) -> list[Group]:
    """Groups named in a shared view's ``keys``, with their counts (and facet names)."""
    store, found = get_store(), []
    for key in dict.fromkeys(keys):
        g = parse_key(key, "keys")
        _, total = store.group_members(
            g.of, g.type, g.direction, g.label, facet=g.facet, value=g.value, limit=0
        )
        found.append(replace(g, count=total))
    return found


def without_hidden(subgraph: Subgraph, derived: bool) -> Subgraph:
    """``subgraph`` without derived relationships unless asked for."""
    if not derived:
        subgraph.relationships = [r for r in subgraph.relationships if r.type not in DERIVED_TYPES]
    return subgraph


def graph_json(
    subgraph: Subgraph, groups: list[Group], focus: str | None = None, layout: str = "auto"
) -> dict:
    """What the graph view draws: nodes (group nodes among them), relationships, and
    positions as :func:`webapp.graphdata.with_layout` gives them."""
    data = subgraph.to_dict()
    shown = {n["key"] for n in data["nodes"]}
    data["nodes"] += [g.node(caption(g)) for g in groups]
    data["relationships"] += [g.edge() for g in groups if g.of in shown]
    data["groups"] = len(groups)
    keys = [n["key"] for n in data["nodes"]]
    edges = [(r["start"], r["end"]) for r in data["relationships"]]
    method = layout
    if layout == "auto":
        big = len(keys) > graphdata.server_layout_min()
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


def facet_groups(group: Group, facet: str, limit: int = FACET_LIMIT) -> list[Group]:
    """``group`` split by ``facet`` into sub-groups, largest first (counted in the store)."""
    rows = get_store().group_facets(
        group.of, group.type, group.direction, group.label, facet, limit=limit
    )
    return [
        group.split(facet, r["value"], r["count"], r.get("name"), r.get("amount"))
        for r in rows
        if r["value"] is not None
    ]


@bp.route("/group.json")
def members():
    """One page of a group's members, by name, filtered by ``q`` (key, name or alias)."""
    group = parse_key(text_arg("key"), "key")
    limit = int_arg("limit", 20, 1, setting("MAX_PAGE"), "MAX_PAGE")
    offset = int_arg("offset", 0, 0, 10**9)
    q = text_arg("q")
    nodes, total = get_store().group_members(
        group.of,
        group.type,
        group.direction,
        group.label,
        q=q,
        facet=group.facet,
        value=group.value,
        limit=limit,
        offset=offset,
    )
    group = replace(group, count=total)
    return jsonify(
        {
            "ok": True,
            "key": group.key,
            "group": group.info(),
            "q": q,
            "items": [n.to_dict() for n in nodes],
            "total": total,
            "limit": limit,
            "offset": offset,
            "has_more": offset + len(nodes) < total,
        }
    )


@bp.route("/group/facets.json")
def facets():
    """A group split by ``facet`` (default: the first declared for its label): the
    sub-groups as graph nodes with counts, and the edges from the group's node."""
    group = parse_key(text_arg("key"), "key")
    declared = [f.name for f in FACETS.get(group.label, ())]
    facet = text_arg("facet") or (declared[0] if declared else "")
    if facet not in declared:
        raise BadParameter("facet", f"one of {', '.join(declared) or '(none)'}")
    limit = int_arg("limit", FACET_LIMIT, 1, setting("MAX_PAGE"), "MAX_PAGE")
    subs = facet_groups(group, facet, limit)
    return jsonify(
        {
            "ok": True,
            "key": group.key,
            "facet": facet,
            "facets": declared,
            "graph": {
                "nodes": [g.node(caption(g)) for g in subs],
                "relationships": [g.edge() for g in subs],
            },
        }
    )


def init_app(app) -> None:
    app.register_blueprint(bp)
