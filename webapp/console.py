"""The Cypher console: ``/cypher`` (editor, results as graph, table and JSON) and its twin
``/cypher.json?query=&params=&timeout=&max_rows=`` (or ``?canned=NAME&params=``).

A trust boundary (docs/console.md): the store accepts only what an allow-list of read
clauses, functions and procedures admits (graph/_cypher_guard.py) before anything runs,
then runs it in a read transaction with a time and row limit (on the embedded store in a
killable worker process, graph/_ladybug_worker.py); docs/console.md also tells Neo4j
Enterprise and Aura users to connect with a reader-only database user.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import markdown
from flask import Blueprint, abort, current_app, render_template, request, url_for
from markupsafe import Markup

from graph.errors import BadParameter, CypherSyntaxError

from . import canned
from .errors import error_response
from .export import parse_params
from .extensions import get_store
from .heavy import heavy
from .render import page, twin_route

bp = Blueprint("console", __name__)

DOCS_DIR = Path(__file__).resolve().parent.parent / "docs"
SERVED_DOCS = ("dialect", "console", "export", "formats")
DIALECTS = {
    "neo4j": "Neo4j Cypher",
    "ladybug": "Ladybug Cypher (the Kùzu dialect of openCypher)",
}

# Engine messages for the differences graph/_ladybug_dialect.py cannot see in the text
# (docs/dialect.md): (pattern on the engine's message, pattern on the query text or
# None, hint). The rewrite refuses the rest itself, with its own hint.
LADYBUG_HINTS: tuple[tuple[str, str | None, str], ...] = (
    (
        r"list_extract\(list, index\): index=-?\d+ is out of range",
        None,
        "a list index past the end is an error here (Neo4j returns null): "
        "keep indexes below size(l)",
    ),
    (
        r"Cast failed|Could not convert",
        r"\bto(?:Integer|Float)\s*\(",
        "toInteger()/toFloat() of text that is not a number is an error here (Neo4j "
        "returns null): filter first, e.g. WHERE s =~ '-?[0-9]+'",
    ),
    (
        r"has data type DATE but \(NODE,REL,STRUCT,ANY\) was expected",
        None,
        "date fields: write date_part('year', d) (also 'month', 'day') here",
    ),
    (
        r"function \+\(STRING,|function \+\(\w+,STRING\)",
        None,
        "+ joins two strings here: convert numbers with toString(n) first",
    ),
    (
        r"function \+\(\w+\[\],|function \+\(\w+,\w+\[\]\)",
        None,
        "+ joins two lists here: append one value as l + [x]",
    ),
    (
        r"Implicit cast is not supported",
        None,
        "a list (or the branches of CASE) holds values of one type here",
    ),
    (
        r"mismatched input '(?:when|order|end|group|desc|asc|all|table|single|macro|any|"
        r"none|on|only|shortest)'",
        None,
        "a reserved word here: backquote it where it names something (`order`)",
    ),
    (
        r"shortestPath|allShortestPaths",
        r"\b(?:all)?[sS]hortestPaths?\s*\(",
        "shortestPath: use -[* SHORTEST 1..n]- (allShortestPaths: -[* ALL SHORTEST 1..n]-) "
        "in a MATCH pattern",
    ),
    (
        r"CALL db\.",
        r"\bCALL\s+db\.",
        "db.* procedures don't exist here: use /schema.json for labels and types",
    ),
    (
        r"Invalid input <[^>]*\w+:>",
        None,
        "n:Label tests work after WHERE, AND, OR, NOT, RETURN and WITH here; elsewhere "
        "write label(n) = 'Label'",
    ),
    (
        r"Cannot order by \w+\. Order by NODE",
        None,
        "ORDER BY reads a name as the variable here, not the alias: give the alias "
        "another name (RETURN n.name AS name ORDER BY name)",
    ),
    (
        r"\(RECURSIVE_REL\)",
        None,
        "a variable-length relationship is not a list here: name the path "
        "(MATCH p = ...) and use length(p) or relationships(p)",
    ),
    (
        r"function (\w+) does not exist",
        None,
        "this function has another name or no equivalent here: see the dialect notes",
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
            with heavy():  # MAX_HEAVY_QUERIES
                data["result"] = run(store, query, params)
        except CypherSyntaxError as e:
            return syntax_error(store, e, query)
        except BadParameter as e:
            if e.name != "query":  # a request parameter, not the query's own values
                raise
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
    connected = connect_results(store, result) if request.args.get("connect") != "0" else None
    out["counts"] = {
        "rows": len(result.records),
        "nodes": len(result.nodes),
        "relationships": len(result.relationships),
    }
    if connected is not None:
        out["relationships"] += connected["relationships"]
        out["counts"]["connected"] = len(connected["relationships"])
        out["connect"] = {k: v for k, v in connected.items() if k != "relationships"}
    out["applied"] = {**applied, "capped_by": capped_by(store, timeout, max_rows)}
    return out


def connect_results(store, result) -> dict[str, Any]:
    """The relationships among the result's nodes that the query did not return, as
    Neo4j Browser draws them: each marked ``connected: true``. At most MAX_NODES nodes
    are connected (``capped_by`` says so when there were more)."""
    cap = current_app.config["MAX_NODES"]
    keys = [n.key for n in result.nodes]
    returned = {r.id for r in result.relationships}
    among = store.subgraph(keys[:cap]).relationships if len(keys) > 1 else []
    rels = [{**r.to_dict(), "connected": True} for r in among if r.id not in returned]
    return {
        "relationships": rels,
        "nodes": min(len(keys), cap),
        "capped_by": ["MAX_NODES"] if len(keys) > cap else [],
    }


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

    >>> dialect_hint("ladybug", "Catalog exception: function DATETIME does not exist.", "")
    'this function has another name or no equivalent here: see the dialect notes'
    >>> dialect_hint("neo4j", "Catalog exception: function TYPE does not exist.", "") is None
    True
    """
    if kind != "ladybug":
        return None
    for on_message, on_query, hint in LADYBUG_HINTS:
        if re.search(on_message, message) or (on_query and re.search(on_query, query)):
            return hint
    return None


def syntax_error(store, e: CypherSyntaxError | BadParameter, query: str):
    """The engine's message, plus on Ladybug the dialect and a hint for known differences."""
    extra: dict[str, Any] = {"dialect": DIALECTS[store.kind]}
    hint = getattr(e, "hint", None) or dialect_hint(store.kind, e.message, query)
    if hint:
        extra["hint"] = hint
    if store.kind == "ladybug":
        extra["docs"] = url_for("console.doc", name="dialect")
    return error_response(e.message, e.status, extra)


@bp.get("/cypher/docs/<name>")
def doc(name: str):
    """A page of docs/ rendered as HTML in the app's layout (offline; the raw Markdown
    stays in the repository)."""
    if name not in SERVED_DOCS:
        abort(404)
    text = (DOCS_DIR / f"{name}.md").read_text(encoding="utf-8")
    return render_template("doc.html", name=name, body=Markup(doc_html(text)))


def doc_html(text: str) -> str:
    """Markdown of our own docs/ as HTML, links to other served docs kept inside the app.

    >>> doc_html("See [the console](console.md).")
    '<p>See <a href="console">the console</a>.</p>'
    """
    html = markdown.markdown(text, extensions=["tables", "fenced_code", "toc"])
    html = html.replace("\\|", "|")  # GFM: an escaped pipe in a table cell is a pipe

    def local(m: re.Match) -> str:
        target = m.group(1)
        return f'href="{target}{m.group(2) or ""}"' if target in SERVED_DOCS else m.group(0)

    return re.sub(r'href="([\w-]+)\.md(#[\w-]*)?"', local, html)
