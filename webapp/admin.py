"""``/admin/load``, ``/admin/query``, ``/admin/export``: the CLI's work, done by the
explorer that holds the embedded store (webapp/handoff.py says how the CLI finds it).

Local and authenticated: a request is answered only from a loopback address and with
the token the app wrote at start (mode 0600) in ``X-Admin-Token``, compared in constant
time; an app that has not registered answers 404. The work is the CLI's own code
(``run_load``, ``run_query``, ``export_chunks``), so the checks, report and exit status
are the same. Loads run one at a time; readers are served meanwhile, each in its own
read transaction, and see a batch when it commits.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import threading

from flask import Blueprint, Response, abort, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from graph import export as ex
from graph.errors import BadParameter, GraphError

from .extensions import get_store
from .handoff import TOKEN_HEADER

bp = Blueprint("admin", __name__, url_prefix="/admin")
_loading = threading.Lock()


@bp.before_request
def _local_and_authenticated():
    token = current_app.extensions.get("admin_token")
    if not token:
        abort(404)
    try:
        local = ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        local = False
    if not local:
        abort(403, description="the admin endpoints answer only on the loopback address")
    given = request.headers.get(TOKEN_HEADER, "")
    if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        abort(403, description=f"admin endpoint: missing or wrong {TOKEN_HEADER}")


@bp.errorhandler(HTTPException)
def _http_error(e: HTTPException):
    return jsonify({"ok": False, "error": e.description, "status": e.code}), e.code


@bp.errorhandler(GraphError)
def _graph_error(e: GraphError):
    return jsonify(e.to_dict()), e.status


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadParameter("body", "expected a JSON object")
    return body


@bp.post("/load")
def load():
    """Load files the CLI names (absolute paths on this machine); one load at a time."""
    from .cli_load import run_load

    body = _body()
    paths = body.get("paths") or []
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise BadParameter("paths", "expected a list of file or folder paths")
    if not _loading.acquire(blocking=False):
        abort(409, description="another load is running in the explorer; try again after it")
    try:
        outcome = run_load(
            get_store(),
            paths,
            body.get("kind"),
            bool(body.get("skip_invalid")),
            False,
            body.get("encoding"),
            bool(body.get("update_reference")),
        )
    finally:
        _loading.release()
    return jsonify(outcome.to_dict())


@bp.get("/load")
def load_status():
    """Whether a handed-over load is running now."""
    return jsonify({"ok": True, "loading": _loading.locked()})


@bp.post("/query")
def query():
    from .cli import run_query

    body = _body()
    params = body.get("params") or {}
    if not isinstance(params, dict):
        raise BadParameter("params", "expected a JSON object")
    fmt = body.get("format", "table")
    return jsonify(run_query(get_store(), str(body.get("cypher", "")), params, fmt).to_dict())


@bp.post("/export")
def export():
    """The exported file, streamed; its counts in ``X-Export-Summary``."""
    from .cli_export import export_chunks

    body = _body()
    fmt = ex.get_format(body.get("format", "json")).name
    try:
        chunks, summary = export_chunks(get_store(), {**body, "format": fmt})
    except GraphError as e:
        from .cli import cli_error

        return jsonify({"ok": False, "error": cli_error(e).message, "status": e.status}), e.status
    headers = {"X-Export-Summary": json.dumps(summary)}
    return Response(chunks, content_type=ex.get_format(fmt).mimetype, headers=headers)
