"""The explorer: home, search, node pages, neighbours, paths, shared views and analysis.

Every page is a plain dict rendered by :func:`webapp.render.page` (HTML or its JSON
twin). Nothing here writes to the store.
"""

from __future__ import annotations

import functools
from contextlib import nullcontext

from flask import Blueprint, jsonify, request

from graph import analytics
from graph.convert import to_networkx
from graph.errors import BadParameter, NodeNotFound
from graph.keys import check_key
from graph.model import Node, Relationship, Subgraph
from graph.schema import DERIVED_TYPES, SCHEMA, looks_json, type_order

from . import graphdata, groups
from .extensions import get_store
from .heavy import heavy
from .i18n import t as tr
from .params import (
    choice_arg,
    direction_arg,
    int_arg,
    key_arg,
    keys_arg,
    label_arg,
    setting,
    text_arg,
    types_arg,
)
from .render import page, twin_route, wants_json

bp = Blueprint("explore", __name__)

GROUP_PREVIEW = 10  # neighbours shown per relationship type before "more"
ENTRY_LIMIT = 100  # provinces, funds and policies listed on the home page


def one_read(view):
    """Run a page's reads in one read transaction of the store, each node fetched once
    (graph/_common.py one_transaction)."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        store = get_store()
        session = getattr(store, "one_transaction", None)
        with session() if session else nullcontext():
            return view(*args, **kwargs)

    return wrapped


@twin_route(bp, "/")
@one_read
def home():
    """Counts, the schema as a small graph, entry points and a search box."""
    store = get_store()
    stats = store.stats()
    policies = _by_kind("policy", "Policy")
    data = {
        "counts": stats,
        "total_nodes": sum(stats["labels"].values()),
        "total_relationships": sum(stats["relationships"].values()),
        "schema_graph": graphdata.schema_as_graph(store.schema_graph(), stats),
        "national_policies": [p for p in policies if p["properties"].get("level") == "national"],
        "policies": policies,
        "provinces": _by_kind("province", "Province"),
        "funds": _by_kind("fund", "Fund"),
        "store": {"kind": store.kind, "version": store.version()},
    }
    return page("explore/home.html", data)


def _by_kind(kind: str, label: str) -> list[dict]:
    """Nodes of one label for the entry lists, by key (``kind`` names the key's kind)."""
    return [n.to_dict() for n in get_store().first_nodes(label, limit=ENTRY_LIMIT)]


@twin_route(bp, "/search")
def search():
    """Name, alias or key matches, grouped by label (also the typing suggestions)."""
    q = text_arg("q")
    limit = int_arg(
        "limit", setting("SEARCH_LIMIT"), 1, setting("MAX_SEARCH_LIMIT"), "MAX_SEARCH_LIMIT"
    )
    label = label_arg("label")
    cap = setting("MAX_SEARCH_LIMIT")
    # One more than asked tells whether there are more; at the cap itself, a full page is
    # reported as truncated because the store will not say.
    fetch = min(limit + 1, cap)
    statuses, excluded = _list_arg("status"), _list_arg("exclude_status")
    hits = (
        get_store().search(
            q,
            limit=fetch,
            labels=[label] if label else None,
            statuses=statuses or None,
            exclude_statuses=excluded or None,
        )
        if q
        else []
    )
    truncated = len(hits) > limit or len(hits) == cap
    hits = hits[:limit]
    groups: dict[str, list] = {}
    for hit in hits:
        groups.setdefault(hit.node.label, []).append(hit.to_dict())
    data = {
        "q": q,
        "label": label,
        "status": statuses,
        "exclude_status": excluded,
        "limit": limit,
        "truncated": truncated,
        "hits": [h.to_dict() for h in hits],
        "groups": [{"label": k, "hits": v} for k, v in groups.items()],
    }
    return page("explore/search.html", data)


def _list_arg(name: str) -> list[str]:
    """``?name=a,b`` (or repeated): the values, in order, without blanks."""
    given = [v.strip() for raw in request.args.getlist(name) for v in raw.split(",")]
    return list(dict.fromkeys(v for v in given if v))


@twin_route(bp, "/node/<key>")
@one_read
def node(key: str):
    """A node: properties, provenance, neighbours per relationship type (paged)."""
    check_key(key)
    store = get_store()
    detail = store.get_node(key)
    rel_type = types_arg("type")
    derived = groups.derived_arg()
    data = {
        **detail.to_dict(),
        "provenance": _provenance(detail.node.properties),
        "type": rel_type[0] if rel_type else None,
        "groups": _neighbour_groups(key, rel_type, detail, derived),
        "derived": {
            "shown": derived,
            "counts": groups.derived_counts(store.neighbour_label_counts(key)),
        },
        "graph_url": f"/view.json?focus={key}" + ("&derived=1" if derived else ""),
    }
    return page("explore/node.html", data)


def _neighbour_groups(key: str, rel_type: list[str] | None, detail, derived=False) -> list[dict]:
    """One group per relationship type: a preview of each, or one type paged. Types
    come in the order graph/schema.py NEIGHBOUR_ORDER declares for the node's label;
    derived ones (DERIVED_TYPES) only when ``derived``, and last.

    Most nodes have few neighbours: one call fetches them all and they are grouped
    here. Only a hub (more than ``MAX_EXPAND``) costs one call per relationship type.
    """
    store = get_store()
    if rel_type:
        limit = int_arg("limit", setting("MAX_EXPAND"), 1, setting("MAX_PAGE"), "MAX_PAGE")
        offset = int_arg("offset", 0, 0, 10**9)
        d = store.neighbours(key, types=rel_type, limit=limit, offset=offset).to_dict()
        return [{**d, "type": rel_type[0]}]
    counts: dict[str, int] = {}
    for degree in detail.degrees:
        counts[degree.type] = counts.get(degree.type, 0) + degree.count
    if not derived:
        counts = {t: c for t, c in counts.items() if t not in DERIVED_TYPES}
    pairs = [(d.type, d.direction) for d in detail.degrees if d.count and d.type in counts]
    order = list(dict.fromkeys(t for t, _ in type_order(detail.node.label, pairs)))
    if sum(counts.values()) <= setting("MAX_EXPAND"):
        if not order:
            return []
        found = store.neighbours(key, types=order, limit=setting("MAX_EXPAND"))
        by_type: dict[str, list] = {}
        for item in found.items:
            by_type.setdefault(item.relationship.type, []).append(item.to_dict())
        return [_group(key, t, by_type.get(t, []), len(by_type.get(t, []))) for t in order]
    groups = []
    for t in order:
        found = store.neighbours(key, types=[t], limit=GROUP_PREVIEW)
        groups.append(_group(key, t, [i.to_dict() for i in found.items], found.total))
    return groups


def _group(key: str, rel_type: str, items: list[dict], total: int) -> dict:
    shown = items[:GROUP_PREVIEW]
    return {
        "key": key,
        "type": rel_type,
        "items": shown,
        "total": total,
        "limit": GROUP_PREVIEW,
        "offset": 0,
        "has_more": total > len(shown),
    }


def _provenance(props: dict) -> dict:
    """Source (with its title when the Source node exists), evidence and status."""
    source_key = props.get("source")
    source = None
    if source_key:
        source = {"key": source_key, "title": None, "url": None, "exists": False}
        try:
            found_node = get_store().find_node(check_key(source_key, "source"))
            if found_node is None:
                raise NodeNotFound(source_key)
            found = found_node.properties
            source.update(
                title=found.get("title") or found.get("name"),
                url=found.get("url"),
                publisher=found.get("publisher"),
                date=found.get("date"),
                exists=True,
            )
        except (NodeNotFound, BadParameter):
            pass  # the key is shown as given; the page says the source is not in the graph
    return {"source": source, "evidence": props.get("evidence"), "status": props.get("status")}


@bp.route("/node/<key>/neighbours.json")
def neighbours(key: str):
    """The expansion the graph view calls: one page of neighbours with counts per type."""
    check_key(key)
    result = get_store().neighbours(
        key,
        types=types_arg("type"),
        direction=direction_arg(),
        label=label_arg(),
        limit=int_arg("limit", setting("MAX_EXPAND"), 0, setting("MAX_PAGE"), "MAX_PAGE"),
        offset=int_arg("offset", 0, 0, 10**9),
    )
    if not result.items and result.total == 0:
        get_store().get_node(key)  # an unknown key is a 404, not an empty page
    return jsonify({"ok": True, **result.to_dict()})


@twin_route(bp, "/path")
def path():
    """Shortest paths between two nodes, each given by key, name or alias, drawn and listed.

    A name resolves through search to its single best match; when several match equally
    well the answer (200) carries ``choices`` for that end instead of paths. On the HTML
    page an error re-renders the form with the message, in the UI language. Derived
    relationships (DERIVED_TYPES: ELIGIBLE_FOR) are left out unless ``derived=1``.
    """
    data = {
        "from": request.args.get("from", "").strip() or None,
        "to": request.args.get("to", "").strip() or None,
        "max_hops": setting("DEFAULT_HOPS"),
        "derived": groups.derived_arg(),
        "derived_types": sorted(DERIVED_TYPES),
        "paths": [],
        "graph": None,
        "from_node": None,
        "to_node": None,
        "choices": {},
        "error": None,
    }
    try:
        _find_paths(data)
    except (BadParameter, NodeNotFound) as e:
        if wants_json():
            raise
        data["error"] = (
            f"{tr('err_not_found')}: {e.key}" if isinstance(e, NodeNotFound) else e.message
        )
        return page("explore/path.html", data, status=e.status)
    return page("explore/path.html", data)


PATH_CHOICES = 10  # equally good matches offered for one end of a path


def _find_paths(data: dict) -> None:
    """Fill ``data`` with the resolved ends and their shortest paths (or the choices)."""
    data["from"], data["to"] = text_arg("from") or None, text_arg("to") or None
    max_hops = int_arg("max_hops", setting("DEFAULT_HOPS"), 1, setting("MAX_HOPS"), "MAX_HOPS")
    data["max_hops"] = max_hops
    if not (data["from"] or data["to"]):
        return
    if not (data["from"] and data["to"]):
        raise BadParameter("to" if data["from"] else "from", tr("err_path_both"))
    ends = {}
    for name in ("from", "to"):
        ends[name], choices = _resolve_end(name, data[name])
        if choices:
            data["choices"][name] = [n.to_dict() for n in choices]
    if data["choices"]:
        return
    start, end = ends["from"].key, ends["to"].key
    data["from_node"], data["to_node"] = ends["from"].to_dict(), ends["to"].to_dict()
    with heavy():  # MAX_HEAVY_QUERIES
        found = get_store().shortest_paths(
            start, end, max_hops=max_hops, include_derived=data["derived"]
        )
    data["paths"] = [p.to_dict() for p in found]
    data["graph"] = graphdata.with_layout(_merge_paths(found), focus=start)


def _resolve_end(name: str, given: str) -> tuple[Node | None, list[Node]]:
    """(the node, []) for a key or a name with one best match; (None, the equally good
    matches) when several tie."""
    store = get_store()
    if _looks_like_key(given):
        return store.get_node(given).node, []  # an unknown key is a 404, as on /node
    hits = store.search(given, limit=PATH_CHOICES + 1)
    if not hits:
        raise BadParameter(name, f"{tr('err_no_match')}: {given}")
    best = [h.node for h in hits if h.match == hits[0].match]
    if len(best) == 1:
        return best[0], []
    return None, best[:PATH_CHOICES]


def _looks_like_key(text: str) -> bool:
    try:
        check_key(text)
    except BadParameter:
        return False
    return SCHEMA_KINDS.get(text.split(":", 1)[0]) is not None


SCHEMA_KINDS = {lb.kind: lb.name for lb in SCHEMA.labels}


def _merge_paths(paths) -> Subgraph:
    nodes: dict[str, Node] = {}
    rels: dict[str, Relationship] = {}
    for p in paths:
        nodes.update((n.key, n) for n in p.nodes)
        rels.update((r.id, r) for r in p.relationships)
    return Subgraph(list(nodes.values()), list(rels.values()))


@twin_route(bp, "/view")
@one_read
def view():
    """A shareable view: ``keys`` (the shown nodes) and/or ``focus`` (its neighbourhood to
    ``depth``, grouped at every ring: webapp/groups.py ``rings``)."""
    cap = setting("MAX_NODES")
    keys, cut = keys_arg("keys", cap, groups=True)
    focus = key_arg("focus", required=False)
    depth = int_arg("depth", 1, 1, 3)
    layout = choice_arg("layout", ("auto", "force", "radial", "none"), "auto")
    derived = groups.derived_arg()
    store = get_store()
    missing: list[str] = []
    shown_groups = []
    if keys:
        if focus and focus not in keys:
            keys = [focus, *keys][:cap]
        shown_groups = groups.from_keys([k for k in keys if k.startswith("group:")])
        keys = [k for k in keys if not k.startswith("group:")]
        subgraph = groups.without_hidden(store.subgraph(keys), derived)
        subgraph.truncated = subgraph.truncated or cut
        # A shared link may outlive some of its nodes: say which ones are gone.
        found = {n.key for n in subgraph.nodes}
        missing = [k for k in keys if k not in found]
    elif focus:
        store.get_node(focus)
        with heavy():  # MAX_HEAVY_QUERIES
            drawn, shown_groups, truncated = groups.rings(focus, depth, derived, cap)
            subgraph = groups.without_hidden(store.subgraph(drawn), derived)
        subgraph.truncated = truncated
    else:
        raise BadParameter("keys", "give keys=KEY,KEY,... or focus=KEY")
    subgraph.caps.setdefault("MAX_NODES", cap)
    subgraph.caps.setdefault("GROUP_THRESHOLD", groups.threshold())
    data = {
        "title": None,
        "focus": focus,
        "depth": None if keys else depth,
        "derived": derived,
        "keys": [n.key for n in subgraph.nodes] + [g.key for g in shown_groups],
        "missing": missing,
        "graph": groups.graph_json(subgraph, shown_groups, focus=focus, layout=layout),
    }
    return page("explore/view.html", data)


@bp.route("/analysis.json")
def analysis():
    """Degree, betweenness, PageRank and communities of the shown nodes."""
    keys, cut = keys_arg("keys", setting("MAX_NODES"))
    if not keys:
        raise BadParameter("keys", "give the shown nodes as keys=KEY,KEY,...")
    subgraph = get_store().subgraph(keys)
    result = analytics.analyse(to_networkx(subgraph))
    return jsonify(
        {"ok": True, "truncated": cut, "caps": {"MAX_NODES": setting("MAX_NODES")}, **result}
    )


@bp.route("/schema.json")
def schema():
    """The declared labels and relationship types with how each looks and is called
    (zh/en name, colour, shape: graph/schema.py LABEL_LOOKS), for the legend and filters."""
    looks = looks_json()
    return jsonify(
        {
            "ok": True,
            "labels": [
                {"name": lb.name, "kind": lb.kind, "doc": lb.doc, **looks["labels"][lb.name]}
                for lb in SCHEMA.labels
            ],
            "relationship_types": [
                {"name": r.name, "doc": r.doc, **looks["relationship_types"][r.name]}
                for r in SCHEMA.relationships
            ],
            "fallback": looks["fallback"],
        }
    )


def init_app(app) -> None:
    app.register_blueprint(bp)
