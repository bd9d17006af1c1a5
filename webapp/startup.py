"""First start: load the bundled data/ into an empty embedded store.

Runs once, before the first request is served (so ``flask run`` starts at once and the
first page waits for the load), only when ``LOAD_BUNDLED_IF_EMPTY`` is set, the store is
the embedded one and it holds no nodes. A Neo4j database is never written to here.
"""

from __future__ import annotations

import threading

from flask import Flask, request

from .extensions import get_store

_lock = threading.Lock()

# Files that need no graph: a stopped database must not break the error page's CSS.
STATIC_ENDPOINTS = ("static", "vendor_vis.static")


def is_embedded(uri: str | None) -> bool:
    """True when ``GRAPH_URI`` names the embedded store (unset means the embedded one).

    >>> is_embedded(""), is_embedded("embedded:///srv/graph"), is_embedded("bolt://db:7687")
    (True, True, False)
    """
    return not uri or uri.strip().lower().startswith("embedded://")


def store_is_empty(store) -> bool:
    return sum(store.stats()["labels"].values()) == 0


def load_bundled_if_empty(app: Flask) -> bool:
    """Load data/ when the settings and the store allow it; True when it loaded."""
    if not app.config.get("LOAD_BUNDLED_IF_EMPTY") or not is_embedded(app.config["GRAPH_URI"]):
        return False  # decided before opening: a Neo4j server may be down
    store = get_store(app)
    if store.kind != "ladybug":
        return False
    store.ensure_schema()
    if not store_is_empty(store):
        return False
    import loaders  # late: loaders import the store classes, not the other way round

    # check(): bad bundled data must fail the start, not look like an empty graph
    loaders.load_paths(store, [loaders.BUNDLED_DATA]).check()
    app.logger.info("loaded the bundled data into the empty embedded store")
    return True


def init_app(app: Flask) -> None:
    from . import admin, handoff  # here: handoff imports this module

    app.register_blueprint(admin.bp)
    handoff.register_at_flask_run(app)
    state = {"done": False}

    @app.before_request
    def _first_start():
        if state["done"] or request.endpoint in STATIC_ENDPOINTS:
            return
        handoff.register_from_request(app, request.environ)
        with _lock:
            if not state["done"]:
                load_bundled_if_empty(app)
                state["done"] = True
