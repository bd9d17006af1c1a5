"""Subgraph exports: node-link JSON, GraphML, CSV zip, Cypher script and standalone HTML.

Every writer takes a :class:`~graph.model.Subgraph` and a manifest (what was exported,
from which store, when, with which caps) and yields the file as chunks of bytes, so a
web response can stream it. The JSON and GraphML shapes come from :mod:`graph.convert`,
the one converter; see ``docs/export.md``.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import grouping
from .convert import to_graphml, to_node_link
from .errors import BadParameter, NodeNotFound
from .model import CypherResult, Node, Relationship, Subgraph
from .queries import label as label_clause
from .queries import rel_types
from .schema import REL_COLOR, REL_LOOKS, SEARCH_PROP, label_look, search_text

CHUNK = 64 * 1024
LIST_SEPARATOR = "|"  # as the CSV loader reads list properties (docs/formats.md)


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    mimetype: str
    writer: Callable[[Subgraph, dict[str, Any]], Iterator[bytes]]


# -- where the subgraph comes from -------------------------------------------------


def view_subgraph(store, key: str, depth: int = 1) -> tuple[Subgraph, dict[str, Any]]:
    """The explorer's neighbourhood view of ``key`` and the manifest entry naming it."""
    depth = store.check_limit("depth", depth, store.limits.MAX_HOPS, minimum=1)
    sub = store.neighbourhood(store.check_key(key), depth=depth)
    return with_sources(store, sub), {"view": {"key": key, "depth": depth}}


def keys_subgraph(
    store, keys: Sequence[str], groups: str = "keep"
) -> tuple[Subgraph, dict[str, Any]]:
    """The nodes ``keys`` (as shown in an explorer view) and the relationships among them.

    Group keys (``group:...``, graph/grouping.py) stay one node each with its ``count``
    (``groups="keep"``), or give way to their members (``groups="expand"``, at most
    ``MAX_NODES`` in all)."""
    if not keys:
        raise BadParameter("keys", "give at least one node key")
    if groups not in ("keep", "expand"):
        raise BadParameter("groups", "keep or expand")
    cap = store.limits.MAX_NODES
    if len(keys) > cap:
        raise BadParameter("keys", f"at most MAX_NODES={cap} keys")
    group_keys = [k for k in keys if k.startswith(grouping.PREFIX)]
    checked = [store.check_key(k, "keys") for k in keys if not k.startswith(grouping.PREFIX)]
    if group_keys:
        return _with_groups(store, checked, group_keys, groups, cap)
    sub = store.subgraph(checked)
    found = {n.key for n in sub.nodes}
    missing = [k for k in checked if k not in found]
    if not found:
        raise NodeNotFound(", ".join(missing))
    # A shared view may name nodes deleted since: say so rather than export less silently.
    return with_sources(store, sub), {"view": {"keys": checked, "missing_keys": missing}}


def _with_groups(store, keys, group_keys, mode, cap) -> tuple[Subgraph, dict[str, Any]]:
    """keys_subgraph for a view with group nodes: kept (with counts) or expanded."""
    found = []
    for gkey in dict.fromkeys(group_keys):
        g = grouping.parse_key(gkey, "keys")
        room = max(cap - len(keys), 0) if mode == "expand" else 0
        members, total = grouping.members(store, g, limit=room)  # a remainder's too
        found.append((dataclasses.replace(g, count=total), members))
        keys = keys + [m.key for m in members if m.key not in keys]
    sub = store.subgraph(keys)
    if mode == "keep":
        shown = {n.key for n in sub.nodes}
        for g, _ in found:
            info = {k: v for k, v in g.info().items() if v is not None and k != "facets"}
            value = f"*{g.rest}" if g.rest is not None else g.value  # *n: past the first n
            name = f"{g.label} ×{g.count}" + (f" ({g.facet}={value})" if g.facet else "")
            sub.nodes.append(Node(g.key, (g.label,), {"key": g.key, "name": name, **info}))
            if g.of in shown:
                start, end = (g.of, g.key) if g.direction == "out" else (g.key, g.of)
                sub.relationships.append(Relationship(g.type, start, end, {"count": g.count}))
    truncated = mode == "expand" and any(len(m) < g.count for g, m in found)
    sub.truncated = sub.truncated or truncated
    entry = {"keys": keys, "groups": group_keys, "groups_mode": mode, "missing_keys": []}
    return with_sources(store, sub), {"view": entry}


def query_subgraph(
    store, query: str, params: dict[str, Any] | None = None
) -> tuple[Subgraph, dict[str, Any]]:
    """The nodes and relationships a read-only query returns, closed over relationship ends."""
    result = store.run_cypher(query, params or {})
    sub = with_sources(store, result_subgraph(store, result))
    entry = {"query": query, "parameters": params or {}, "rows": len(result.records)}
    return sub, entry


def result_subgraph(store, result: CypherResult) -> Subgraph:
    """A console result as a subgraph: a relationship whose end node the query did not
    return brings that node along, so that the export is loadable on its own."""
    nodes = {n.key: n for n in result.nodes}
    missing = sorted({k for r in result.relationships for k in (r.start, r.end)} - set(nodes))
    if missing:
        for node in store.subgraph(missing).nodes:
            nodes[node.key] = node
    caps = {"MAX_ROWS": result.max_rows}
    return Subgraph(list(nodes.values()), list(result.relationships), result.truncated, caps)


def with_sources(store, sub: Subgraph) -> Subgraph:
    """``sub`` plus the Source nodes its facts cite (``source`` properties), so that every
    fact keeps its provenance and the file loads on its own (the loader checks sources)."""
    have = {n.key for n in sub.nodes}
    cited = {item.properties.get("source") for item in [*sub.nodes, *sub.relationships]}
    missing = sorted(k for k in cited - have if isinstance(k, str) and k)
    if not missing:
        return sub
    sources = store.subgraph(missing).nodes
    return Subgraph([*sub.nodes, *sources], list(sub.relationships), sub.truncated, dict(sub.caps))


def manifest(store, sub: Subgraph, entry: dict[str, Any], fmt: str) -> dict[str, Any]:
    """What was exported: view or query, store kind and version, time, counts, caps."""
    return {
        "generator": "PolicyGraph",
        "format": fmt,
        **entry,
        "store": {"kind": store.kind, "version": store.version()},
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "counts": {"nodes": len(sub.nodes), "relationships": len(sub.relationships)},
        "caps": dict(sub.caps),
        "truncated": bool(sub.truncated),
    }


# -- writers ---------------------------------------------------------------------


def write_json(sub: Subgraph, meta: dict[str, Any]) -> Iterator[bytes]:
    data = to_node_link(sub, meta)
    encoder = json.JSONEncoder(ensure_ascii=False, indent=1, allow_nan=False)
    yield from _buffered(encoder.iterencode(data))


def write_graphml(sub: Subgraph, meta: dict[str, Any]) -> Iterator[bytes]:
    """GraphML, well-formed whatever the data: characters XML 1.0 forbids (NUL and the
    other C0 controls but tab and line breaks, lone surrogates, U+FFFE/U+FFFF) become
    U+FFFD."""
    yield to_graphml(xml_safe_subgraph(sub), xml_safe(meta))


# Every character XML 1.0 does not allow (its production ``Char``).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(value: Any) -> Any:
    r"""``value`` with every character XML 1.0 forbids replaced by U+FFFD.

    >>> xml_safe({"name": "a\x00b", "aliases": ["c\x1f"]}) == {
    ...     "name": "a\ufffdb", "aliases": ["c\ufffd"]}
    True
    """
    if isinstance(value, str):
        return _NOT_XML.sub("\ufffd", value)
    if isinstance(value, dict):
        return {xml_safe(k): xml_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [xml_safe(v) for v in value]
    return value


def xml_safe_subgraph(sub: Subgraph) -> Subgraph:
    nodes = [Node(n.key, n.labels, xml_safe(dict(n.properties))) for n in sub.nodes]
    rels = [
        Relationship(r.type, r.start, r.end, xml_safe(dict(r.properties)))
        for r in sub.relationships
    ]
    return dataclasses.replace(sub, nodes=nodes, relationships=rels)


def write_csv_zip(sub: Subgraph, meta: dict[str, Any]) -> Iterator[bytes]:
    """``nodes.csv`` (key, label, properties) and ``relationships.csv`` (start, type, end,
    properties) in UTF-8, lists joined with ``|``, plus ``manifest.json``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("nodes.csv", utf8(_csv_table(["key", "label"], _node_rows(sub.nodes))))
        zf.writestr("relationships.csv", utf8(_csv_table(["start", "type", "end"], _rel_rows(sub))))
        zf.writestr("manifest.json", json.dumps(meta, ensure_ascii=False, indent=1))
    yield buf.getvalue()


def _node_rows(nodes: Sequence[Node]) -> list[dict[str, Any]]:
    return [{**n.properties, "key": n.key, "label": n.label} for n in nodes]


def _rel_rows(sub: Subgraph) -> list[dict[str, Any]]:
    return [
        {**r.properties, "start": r.start, "type": r.type, "end": r.end} for r in sub.relationships
    ]


def _csv_table(first: list[str], rows: list[dict[str, Any]]) -> str:
    rest = sorted({name for row in rows for name in row} - set(first))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(first + rest)
    for row in rows:
        writer.writerow([_csv_cell(row.get(name)) for name in first + rest])
    return out.getvalue()


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        items = [str(v) for v in value]
        bad = [v for v in items if LIST_SEPARATOR in v]
        if bad:
            raise BadParameter("format", f"csv: list item {bad[0]!r} contains {LIST_SEPARATOR!r}")
        return defuse(LIST_SEPARATOR.join(items))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)  # a number is never a formula, "-5" included
    return defuse(str(value))


# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"), and the
# quote that marks a defused cell, so that the CSV loader can take the mark off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(text: str) -> str:
    """A text cell a spreadsheet shows as text: a cell starting with = + - @ tab or CR
    (or with the quote itself) gets a leading single quote.

    >>> defuse("=HYPERLINK(1)"), defuse("-2+3"), defuse("'a"), defuse("宁波")
    ("'=HYPERLINK(1)", "'-2+3", "''a", '宁波')
    """
    return "'" + text if text.startswith(FORMULA_STARTS) or text.startswith("'") else text


def write_cypher(sub: Subgraph, meta: dict[str, Any]) -> Iterator[bytes]:
    """One statement per line, each ending in ``;``: the app's own Neo4j constraints and
    index, a MERGE per node and per relationship. Values are Cypher literals (escaped
    here), so the script runs in cypher-shell, Neo4j Browser or line by line through a
    driver; nodes get the hidden ``Entity`` label and ``search`` text the app's Neo4j
    store keeps, so the app can serve the rebuilt database."""
    from ._values import ENTITY
    from .neo4j_store import schema_statements

    lines = [f"// {line}" for line in json.dumps(meta, ensure_ascii=False, indent=1).splitlines()]
    lines += [statement + ";" for statement in schema_statements()]
    by_key = {n.key: n for n in sub.nodes}
    for node in sub.nodes:
        props = {**node.properties, SEARCH_PROP: search_text(node.properties)}
        lines.append(
            f"MERGE (n{label_clause(node.label)} {{key: {literal(node.key)}}}) "
            f"SET n:{ENTITY}, n += {literal(props)};"
        )
    for rel in sub.relationships:
        start, end = by_key[rel.start], by_key[rel.end]
        lines.append(
            f"MATCH (a{label_clause(start.label)} {{key: {literal(rel.start)}}}), "
            f"(b{label_clause(end.label)} {{key: {literal(rel.end)}}}) "
            f"MERGE (a)-[r{rel_types([rel.type])}]->(b) SET r += {literal(rel.properties)};"
        )
    yield from _buffered(line + "\n" for line in lines)


def statements(script: str) -> list[str]:
    """The statements of a script from :func:`write_cypher` (one per non-comment line).

    >>> statements("// c\\nMERGE (n {key: 'a;b'});\\n")
    ["MERGE (n {key: 'a;b'})"]
    """
    return [
        line.rstrip().removesuffix(";")
        for line in script.splitlines()
        if line.strip() and not line.lstrip().startswith("//")
    ]


_ESCAPES = {
    "\\": "\\\\",
    "'": "\\'",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def literal(value: Any) -> str:
    """A Cypher literal for a property value.

    >>> literal("O'Neil \\\\ 浙江\\n")
    "'O\\\\'Neil \\\\\\\\ 浙江\\\\n'"
    >>> literal({"a b": [1, 2.5, True, None]})
    '{`a b`: [1, 2.5, true, null]}'
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BadParameter("format", f"cypher: {value!r} has no Cypher literal")
        return repr(value)
    if isinstance(value, str):
        return "'" + "".join(_escape_char(c) for c in value) + "'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_ident(k)}: {literal(v)}" for k, v in value.items()) + "}"
    raise BadParameter("format", f"cypher: cannot write a {type(value).__name__} value")


def _escape_char(c: str) -> str:
    if c in _ESCAPES:
        return _ESCAPES[c]
    if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029":
        return f"\\u{ord(c):04x}"
    return c


def _ident(name: str) -> str:
    """A property name, backticked unless it is a plain identifier."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        return name
    return "`" + name.replace("`", "``") + "`"


# -- standalone HTML -----------------------------------------------------------------

_TEMPLATES = Path(__file__).resolve().parent / "templates"
# Colours, shapes and names per label and type come from the schema (graph/schema.py
# LABEL_LOOKS, REL_LOOKS): the export looks like the explorer, in the UI's language
# (``meta["lang"]``, Chinese by default).


def write_html(sub: Subgraph, meta: dict[str, Any]) -> Iterator[bytes]:
    """One HTML file with vis-network inlined from pyvis's package (opens offline).

    pyvis builds the vis-network node, edge and option data; our own template renders
    it with autoescape, passes data only through ``tojson`` and shows every text as text
    (pyvis's template links CDNs and may put titles into ``innerHTML``)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    lang = meta.get("lang") if meta.get("lang") in ("zh", "en") else "zh"
    net = _pyvis_network(sub, lang)
    nodes, edges, _, _, _, options = net.get_network_data()
    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape())
    js, css = _vis_assets()
    html = env.get_template("export_subgraph.html").render(
        nodes=nodes,
        edges=edges,
        options=json.loads(options) if isinstance(options, str) else options,
        manifest=meta,
        legend=_legend(sub, lang),
        lang=lang,
        vis_js=Markup(js),
        vis_css=Markup(css),
    )
    yield utf8(html)


def _pyvis_network(sub: Subgraph, lang: str = "zh"):
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    for node in sub.nodes:
        look = label_look(node.label)
        name = node.properties.get("name_en") if lang == "en" else None
        net.add_node(
            node.key,
            label=_short(str(name or node.name or node.key)),
            title=_describe(node.key, _look_name(look, lang, node.label), node.properties),
            color=look.color,
            shape=look.shape,
        )
    for rel in sub.relationships:
        look = REL_LOOKS.get(rel.type)
        name = _look_name(look, lang, rel.type)
        net.add_edge(
            rel.start,
            rel.end,
            label=name,
            title=_describe(rel.id, f"{name} {rel.type}", rel.properties),
            color=look.color if look else REL_COLOR,
            dashes=rel.properties.get("status") == "derived",
        )
    net.set_options(
        json.dumps(
            {
                "physics": {"stabilization": {"iterations": 200}},
                "edges": {"arrows": {"to": {"enabled": True}}, "font": {"size": 9}},
                "interaction": {"hover": True},
            }
        )
    )
    return net


def _look_name(look, lang: str, default: str) -> str:
    """A declared label's or type's name in ``lang``; ``default`` for an undeclared one."""
    if look is None or look.zh == "?":
        return default
    return look.en if lang == "en" else look.zh


def _legend(sub: Subgraph, lang: str = "zh") -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for node in sub.nodes:
        counts[node.label] = counts.get(node.label, 0) + 1
    return [
        {
            "label": k,
            "name": _look_name(label_look(k), lang, k),
            "count": v,
            "color": label_look(k).color,
            "shape": label_look(k).shape,
        }
        for k, v in sorted(counts.items())
    ]


def _describe(ident: str, kind: str, props: dict[str, Any]) -> str:
    lines = [f"{ident} ({kind})"]
    lines += [f"{k}: {_plain(v)}" for k, v in sorted(props.items()) if k != "key"]
    return "\n".join(lines)


def _plain(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _short(text: str, width: int = 24) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # an inlined script must not close its own <script> or <style> element
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
    return js, css


def _buffered(parts) -> Iterator[bytes]:
    pending: list[str] = []
    size = 0
    for part in parts:
        pending.append(part)
        size += len(part)
        if size >= CHUNK:
            yield utf8("".join(pending))
            pending, size = [], 0
    if pending:
        yield utf8("".join(pending))


def utf8(text: str) -> bytes:
    """UTF-8 whatever the data: a lone surrogate (which the loaders refuse, but an older
    store may hold) cannot be encoded and becomes ``?`` instead of failing the export."""
    return text.encode("utf-8", errors="replace")


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", "json", "application/json", write_json),
        Format("graphml", "graphml", "application/graphml+xml", write_graphml),
        Format("csv", "zip", "application/zip", write_csv_zip),
        Format("cypher", "cypher", "application/x-cypher-query; charset=utf-8", write_cypher),
        Format("html", "html", "text/html; charset=utf-8", write_html),
    )
}


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise BadParameter("format", f"must be one of {', '.join(FORMATS)}") from None


def export_bytes(sub: Subgraph, meta: dict[str, Any], fmt: str) -> bytes:
    return b"".join(get_format(fmt).writer(sub, meta))


def safe_filename(stem: str, fmt: str) -> str:
    """An ASCII file name for Content-Disposition and the CLI default.

    >>> safe_filename('province:330000 "d2"/..', "csv")
    'policygraph-province-330000-d2.zip'
    """
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:80] or "export"
    return f"policygraph-{cleaned}.{get_format(fmt).extension}"
