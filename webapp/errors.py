"""The project's one error shape: {"ok": false, "error": ..., "status": ...}."""

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from graph.errors import GraphError


def wants_json() -> bool:
    if request.path.endswith(".json") or request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def error_response(message: str, status: int, extra: dict | None = None):
    body = {"ok": False, "error": message, "status": status, **(extra or {})}
    if wants_json():
        return jsonify(body), status
    return render_template("error.html", error=body), status


def init_app(app: Flask) -> None:
    @app.errorhandler(GraphError)
    def graph_error(e: GraphError):
        d = e.to_dict()
        extra = {k: v for k, v in d.items() if k not in ("ok", "error", "status")}
        body, status = error_response(e.message, e.status, extra)
        retry_after = getattr(e, "retry_after", None)  # LimitReached: a capacity limit
        headers = {"Retry-After": str(retry_after)} if retry_after else {}
        return body, status, headers

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        return error_response(e.description or e.name, e.code or 500)
