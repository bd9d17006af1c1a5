"""Subgraph exports over HTTP: ``/export?key=&depth=&format=``, ``?keys=...&format=`` or
``?query=&params=&format=``; large exports are streamed."""

from __future__ import annotations

import json
import math
from typing import Any

from flask import Blueprint, Response, current_app, request

from graph import export as ex
from graph.errors import BadParameter
from graph.model import Subgraph

from .extensions import get_store
from .heavy import heavy_view
from .i18n import get_lang

bp = Blueprint("export", __name__)

# Exports with at least this many nodes + relationships are streamed in chunks instead of
# sent whole (config EXPORT_STREAM_MIN_ITEMS overrides it).
STREAM_MIN_ITEMS = 1000


@bp.get("/export")
@heavy_view  # MAX_HEAVY_QUERIES
def export_subgraph():
    """The file for an explorer view (key, depth), a set of keys or a console query."""
    fmt = ex.get_format(request.args.get("format", "json")).name
    store = get_store()
    sub, entry, stem = subgraph_from_request(store, request.args)
    meta = ex.manifest(store, sub, entry, fmt)
    if fmt == "html":  # the HTML file names labels and types in the UI's language
        meta["lang"] = get_lang()
    return file_response(sub, meta, fmt, stem)


def subgraph_from_request(store, args) -> tuple[Subgraph, dict[str, Any], str]:
    """(subgraph, manifest entry, file stem) for exactly one of key, keys or query."""
    given = [name for name in ("key", "keys", "query") if args.get(name)]
    if len(given) != 1:
        raise BadParameter("key", "give exactly one of key (with depth), keys or query")
    if given == ["key"]:
        key = args["key"]
        sub, entry = ex.view_subgraph(store, key, args.get("depth", 1))
        return sub, entry, f"{key}-d{entry['view']['depth']}"
    if given == ["keys"]:
        keys = [k for value in args.getlist("keys") for k in value.split(",") if k]
        sub, entry = ex.keys_subgraph(store, keys, args.get("groups", "keep"))
        return sub, entry, f"view-{len(keys)}-nodes"
    query = args["query"]
    sub, entry = ex.query_subgraph(store, query, parse_params(args.get("params")))
    return sub, entry, "query"


def parse_params(text: str | None) -> dict[str, Any]:
    """The ``params`` request parameter: a JSON object, else BadParameter (400)."""
    if not text:
        return {}
    try:
        value = json.loads(text, parse_float=_finite_float, parse_constant=_no_constant)
    except json.JSONDecodeError as e:
        raise BadParameter("params", f"not valid JSON: {e.msg} at character {e.pos}") from None
    if not isinstance(value, dict):
        raise BadParameter("params", 'must be a JSON object, e.g. {"code": "330000"}')
    return value


def _finite_float(text: str) -> float:
    # 1e999 parses as inf, which no JSON reply could carry back
    value = float(text)
    if not math.isfinite(value):
        raise BadParameter("params", f"number {text} is out of range")
    return value


def _no_constant(name: str):
    raise BadParameter("params", f"not valid JSON: {name} is not a JSON number")


def file_response(sub: Subgraph, meta: dict[str, Any], fmt: str, stem: str) -> Response:
    spec = ex.get_format(fmt)
    headers = {"Content-Disposition": f'attachment; filename="{ex.safe_filename(stem, fmt)}"'}
    chunks = spec.writer(sub, meta)
    threshold = current_app.config.get("EXPORT_STREAM_MIN_ITEMS", STREAM_MIN_ITEMS)
    if len(sub.nodes) + len(sub.relationships) >= threshold:
        return Response(chunks, content_type=spec.mimetype, headers=headers)
    return Response(b"".join(chunks), content_type=spec.mimetype, headers=headers)
