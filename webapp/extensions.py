"""The one graph store per process, opened on first use and closed at exit."""

from __future__ import annotations

import atexit
import threading
from pathlib import Path

from flask import Flask, current_app

from graph import GraphStore, open_store
from graph.errors import BadParameter, StoreUnavailable

from .settings import limits_from

_lock = threading.Lock()


def init_app(app: Flask) -> None:
    app.extensions["graph_store"] = None


def get_store(app: Flask | None = None) -> GraphStore:
    app = app or current_app._get_current_object()
    store = app.extensions.get("graph_store")
    if store is not None:
        return store
    with _lock:
        store = app.extensions.get("graph_store")
        if store is None:
            try:
                store = open_store(
                    app.config["GRAPH_URI"],
                    default_path=Path(app.instance_path) / "graph",
                    user=app.config["NEO4J_USER"],
                    password=app.config["NEO4J_PASSWORD"],
                    database=app.config["NEO4J_DATABASE"] or None,
                    limits=limits_from(app.config),
                )
            except BadParameter as e:
                # a wrong GRAPH_URI is the server's setting, not a bad request: a 503
                raise StoreUnavailable(app.config["GRAPH_URI"] or "(unset)", e.message) from e
            app.extensions["graph_store"] = store
            atexit.register(store.close)
    return store


def close_store(app: Flask) -> None:
    store = app.extensions.get("graph_store")
    if store is not None:
        store.close()
        app.extensions["graph_store"] = None
