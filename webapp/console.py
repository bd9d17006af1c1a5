"""The Cypher console: ``/cypher`` (editor, results as graph, table and JSON) and its twin
``/cypher.json?query=&params=&timeout=&max_rows=`` (or ``?canned=NAME&params=``).

Read-only in three layers: the store refuses writes before running anything, runs the
query in a read transaction, and docs/console.md tells Neo4j Enterprise and Aura users
to connect with a reader-only database user.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, request, url_for

from graph.errors import BadParameter, CypherSyntaxError

from . import canned
from .errors import error_response
from .export import parse_params
from .extensions import get_store
from .render import page, twin_route

bp = Blueprint("console", __name__)

DOCS_DIR = Path(__file__).resolve().parent.parent / "docs"
SERVED_DOCS = ("dialect", "console", "export", "formats")
DIALECTS = {
    "neo4j": "Neo4j Cypher",
    "ladybug": "Ladybug Cypher (the Kùzu dialect of openCypher)",
}

# The known differences from Neo4j (docs/dialect.md): (pattern on the engine's message,
# pattern on the query text or None, hint). A query pattern is only tried for constructs
# Ladybug rejects, so a query that merely uses labels(n) never gets a misleading hint.
LADYBUG_HINTS: tuple[tuple[str, str | None, str], ...] = (
    (r"function TYPE does not exist", r"\btype\s*\(", "type(r) is written label(r) here"),
    (
        r"allShortestPaths",
        r"\ballShortestPaths\s*\(",
        "allShortestPaths: use -[* ALL SHORTEST 1..n]- in the pattern",
    ),
    (
        r"shortestPath",
        r"\bshortestPath\s*\(",
        "shortestPath: use -[* SHORTEST 1..n]- in the pattern",
    ),
    (
        r"function ELEMENTID does not exist",
        r"\belementId\s*\(",
        "elementId() doesn't exist here: use n.key (business keys identify nodes)",
    ),
    (
        r"CALL db\.",
        r"\bCALL\s+db\.",
        "db.* procedures don't exist here: use CALL show_tables() RETURN * or /schema.json",
    ),
    (
        r"function EXISTS does not exist",
        r"\bexists\s*\(\s*\w+\.\w+\s*\)",
        "exists(n.prop) is written n.prop IS NOT NULL",
    ),
    (
        r"Function LIST_CONTAINS did not receive correct arguments",
        None,
        "labels(n) returns one label as a string here, not a list: compare label(n) = 'X'",
    ),
    (
        r"WHERE \w+:>",
        r"\bWHERE\s+\w+:\w+",
        "n:Label in WHERE is not supported here: put the label in the pattern, or label(n) = 'X'",
    ),
)


@twin_route(bp, "/cypher")
def console():
    """The console page; the JSON twin runs ``query`` (or ``canned``) when given."""
    store = get_store()
    data = console_info(store)
    query, params = requested_query(store)
    data["request"] = {"query": query, "params": params, "canned": request.args.get("canned")}
    if request.path.endswith(".json") and query:
        try:
            data["result"] = run(store, query, params)
        except CypherSyntaxError as e:
            return syntax_error(store, e, query)
    return page("console.html", data)


def console_info(store) -> dict[str, Any]:
    return {
        "store": {"kind": store.kind, "version": store.version(), "dialect": DIALECTS[store.kind]},
        "dialect_doc": url_for("console.doc", name="dialect"),
        "page_path": url_for("console.console"),
        "json_path": url_for("console.console_json"),
        "export_path": url_for("export.export_subgraph"),
        "limits": {
            "CYPHER_TIMEOUT_S": store.limits.CYPHER_TIMEOUT_S,
            "MAX_ROWS": store.limits.MAX_ROWS,
        },
        "canned": [q.to_dict(store.kind) for q in canned.load_all().values()],
    }


def requested_query(store) -> tuple[str, dict[str, Any]]:
    """(query text, params) from ``query`` or ``canned``, with ``params`` as JSON."""
    params = parse_params(request.args.get("params"))
    name = request.args.get("canned", "").strip()
    if name:
        query = canned.get(name)
        return query.text_for(store.kind), canned.with_defaults(query, params)
    return request.args.get("query", ""), params


def run(store, query: str, params: dict[str, Any]) -> dict[str, Any]:
    timeout = number_arg("timeout", float)
    max_rows = number_arg("max_rows", int)
    applied = {
        "timeout_s": store.effective_timeout(timeout),
        "max_rows": store.effective_max_rows(max_rows),
    }
    result = store.run_cypher(query, params, timeout_s=timeout, max_rows=max_rows)
    out = result.to_dict()
    out["counts"] = {
        "rows": len(result.records),
        "nodes": len(result.nodes),
        "relationships": len(result.relationships),
    }
    out["applied"] = {**applied, "capped_by": capped_by(store, timeout, max_rows)}
    return out


def number_arg(name: str, kind: type) -> float | int | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or not math.isfinite(value):
        raise BadParameter(name, f"must be a {'number' if kind is float else 'whole number'}")
    return value


def capped_by(store, timeout: float | None, max_rows: int | None) -> list[str]:
    """The named settings that set the limits in force (the request asked for none lower)."""
    caps = []
    if timeout is None or timeout >= store.limits.CYPHER_TIMEOUT_S:
        caps.append("CYPHER_TIMEOUT_S")
    if max_rows is None or max_rows >= store.limits.MAX_ROWS:
        caps.append("MAX_ROWS")
    return caps


def dialect_hint(kind: str, message: str, query: str) -> str | None:
    """The hint for a known dialect difference, if the error or the query shows one.

    >>> dialect_hint("ladybug", "Catalog exception: function TYPE does not exist.", "")
    'type(r) is written label(r) here'
    >>> dialect_hint("neo4j", "Catalog exception: function TYPE does not exist.", "") is None
    True
    """
    if kind != "ladybug":
        return None
    for on_message, on_query, hint in LADYBUG_HINTS:
        if re.search(on_message, message) or (on_query and re.search(on_query, query)):
            return hint
    return None


def syntax_error(store, e: CypherSyntaxError, query: str):
    """The engine's message, plus on Ladybug the dialect and a hint for known differences."""
    extra: dict[str, Any] = {"dialect": DIALECTS[store.kind]}
    hint = e.hint or dialect_hint(store.kind, e.message, query)
    if hint:
        extra["hint"] = hint
    if store.kind == "ladybug":
        extra["docs"] = url_for("console.doc", name="dialect")
    return error_response(e.message, e.status, extra)


@bp.get("/cypher/docs/<name>")
def doc(name: str):
    """A page of docs/ as plain text, so the dialect notes open offline from the app."""
    if name not in SERVED_DOCS:
        abort(404)
    text = (DOCS_DIR / f"{name}.md").read_text(encoding="utf-8")
    return Response(text, content_type="text/plain; charset=utf-8")
