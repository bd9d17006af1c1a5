"""Group nodes in views: a node's many neighbours of one kind drawn as one node, its
members listed (paged, searchable) and split by the facets of graph/schema.py FACETS.

``/group.json?key=group:...&q=&offset=&limit=`` lists members;
``/group/facets.json?key=group:...&facet=city`` splits a group into sub-groups (the
largest ``FACET_LIMIT`` values, and one remainder group for all the others, which splits
again into the next values).
"""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, current_app, jsonify, request

from graph import grouping
from graph import layout as layouts
from graph.errors import BadParameter
from graph.grouping import Group, parse_key, plan_for
from graph.model import Subgraph
from graph.schema import DERIVED_TYPES

from . import graphdata
from .extensions import get_store
from .i18n import label_name
from .i18n import t as tr
from .params import int_arg, setting, text_arg

bp = Blueprint("groups", __name__)

FACET_LIMIT = 12  # sub-groups drawn when a group is split (the others: one remainder)


def threshold() -> int:
    """GROUP_THRESHOLD: more neighbours than this of one kind are drawn as a group."""
    return current_app.config["GROUP_THRESHOLD"]


def derived_arg() -> bool:
    """``?derived=1``: show derived relationships (ELIGIBLE_FOR); hidden by default."""
    return request.args.get("derived", "") in ("1", "true", "yes", "on")


def hidden_types(derived: bool) -> frozenset:
    return frozenset() if derived else DERIVED_TYPES


def caption(group: Group) -> str:
    """ "企业 ×283", "宁波市 · 企业 ×12" for a sub-group, "其他城市（288 个）· 企业 ×60,512"
    for a remainder."""
    text = f"{label_name(group.label)} ×{group.count:,}"
    if group.rest is not None:
        rest = tr("group_rest_values").format(
            facet=tr(f"facet_{group.facet}"), count=f"{group.values or 0:,}"
        )
        text = f"{rest} · {text}"
    elif group.facet:
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
    return rings(key, 1, derived, limit)


def rings(key: str, depth: int, derived: bool, limit: int) -> tuple[list[str], list[Group], bool]:
    """A node's neighbourhood to ``depth``, grouped at every ring: each drawn node's kinds
    of neighbours (type, direction, label) with more than GROUP_THRESHOLD members are one
    group node, the others are drawn node by node and make the next ring; a group is never
    walked through. At most ``limit`` nodes, groups included; ``truncated`` when some
    neighbour found no room. Returns (keys drawn one by one, groups, truncated)."""
    store = get_store()
    keys: dict[str, None] = {key: None}
    found_groups: dict[str, Group] = {}
    frontier, truncated = [key], False
    for _ in range(depth):
        ring: list[str] = []
        for node in frontier:
            planned, kinds = plan_for(node, counts_of(node), threshold(), hidden_types(derived))
            for group in planned:
                if group.key in found_groups:
                    continue
                if limit - len(keys) - len(found_groups) <= 0:
                    return list(keys), list(found_groups.values()), True
                found_groups[group.key] = group
            for rel_type, direction, label in kinds:
                room = limit - len(keys) - len(found_groups)
                if room <= 0:
                    return list(keys), list(found_groups.values()), True
                page = store.neighbours(
                    node, types=[rel_type], direction=direction, label=label, limit=room
                )
                fresh = [i.node.key for i in page.items if i.node.key not in keys]
                keys.update(dict.fromkeys(fresh))
                ring += fresh
                truncated = truncated or page.total > len(page.items)
        frontier = list(dict.fromkeys(ring))
        if not frontier:
            break
    return list(keys), list(found_groups.values()), truncated


def from_keys(keys: list[str]) -> list[Group]:
    """Groups named in a shared view's ``keys``, with their counts (and facet names)."""
    store = get_store()
    return [grouping.counted(store, parse_key(key, "keys")) for key in dict.fromkeys(keys)]


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
    """``group`` split by ``facet`` into sub-groups, largest first (counted in the store),
    the last one the remainder of the values past ``limit`` when there are more."""
    subs, rest = grouping.split(get_store(), group, facet, limit)
    return subs + ([rest] if rest else [])


@bp.route("/group.json")
def members():
    """One page of a group's members, by name, filtered by ``q`` (key, name or alias)."""
    group = parse_key(text_arg("key"), "key")
    limit = int_arg("limit", 20, 1, setting("MAX_PAGE"), "MAX_PAGE")
    offset = int_arg("offset", 0, 0, 10**9)
    q = text_arg("q")
    store = get_store()
    nodes, total = grouping.members(store, group, q=q, limit=limit, offset=offset)
    group = grouping.counted(store, group) if group.rest is not None else group
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
    declared = group.splits
    if group.facet and group.rest is None:
        raise BadParameter("key", "one value's sub-group splits no further: list its members")
    facet = text_arg("facet") or (declared[0] if declared else "")
    if facet not in declared:
        raise BadParameter("facet", f"one of {', '.join(declared) or '(none)'}")
    limit = int_arg("limit", FACET_LIMIT, 1, setting("MAX_PAGE"), "MAX_PAGE")
    subs = facet_groups(group, facet, limit)
    rest = subs[-1] if subs and subs[-1].rest is not None else None
    return jsonify(
        {
            "ok": True,
            "key": group.key,
            "facet": facet,
            "facets": declared,
            "shown": len(subs) - bool(rest),
            "rest": rest.info() if rest else None,
            "graph": {
                "nodes": [g.node(caption(g)) for g in subs],
                "relationships": [g.edge() for g in subs],
            },
        }
    )


def init_app(app) -> None:
    app.register_blueprint(bp)
