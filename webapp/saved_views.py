"""Saved views: a short link for any view (``POST /view/save`` -> ``/view/<id>``).

A view with hundreds of nodes does not fit in a link (``/view?keys=...`` of 300 keys is
some 10,000 characters). Saving it stores ``{keys, focus, layout}`` as one JSON file in
the instance folder (``SAVED_VIEWS_DIR``), named by a hash of the sorted keys, the focus
and the layout: saving the same view twice gives the same id, so links do not multiply.
``/view/<id>`` redirects to the ``/view?keys=`` it stands for (which keeps working).
At most ``MAX_SAVED_VIEWS`` are kept. Nothing here writes to the graph store.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, jsonify, redirect, request

from graph.errors import BadParameter, LimitReached
from graph.grouping import PREFIX, parse_key
from graph.keys import check_key

from .params import setting

bp = Blueprint("saved_views", __name__)

ID_CHARS = 12  # hex digits of the SHA-256: 48 bits, no collision among MAX_SAVED_VIEWS
ID_PATTERN = re.compile(rf"[0-9a-f]{{{ID_CHARS}}}")
LAYOUTS = ("auto", "force", "radial", "none")


def views_dir() -> Path:
    folder = current_app.config.get("SAVED_VIEWS_DIR") or os.path.join(
        current_app.instance_path, "views"
    )
    return Path(folder)


def view_id(view: dict) -> str:
    """The content address of a view: the same nodes, focus and layout, the same id.

    >>> view_id({"keys": ["city:2", "city:1"], "focus": None, "layout": "auto"}) == view_id(
    ...     {"keys": ["city:1", "city:2"], "focus": None, "layout": "auto"})
    True
    """
    text = json.dumps([sorted(view["keys"]), view["focus"], view["layout"]])
    return hashlib.sha256(text.encode()).hexdigest()[:ID_CHARS]


def checked_view(body) -> dict:
    """``{keys, focus?, layout?}`` from a request body, each part checked."""
    if not isinstance(body, dict):
        raise BadParameter("body", 'must be a JSON object {"keys": [...]}')
    keys = body.get("keys")
    if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
        raise BadParameter("keys", "must be a non-empty list of node keys")
    cap = setting("MAX_NODES")
    if len(keys) > cap:
        raise BadParameter("keys", f"more than MAX_NODES={cap} keys")
    keys = list(dict.fromkeys(_view_key(k.strip()) for k in keys))
    focus = body.get("focus") or None
    if focus is not None:
        focus = check_key(str(focus), "focus")
    layout = body.get("layout") or "auto"
    if layout not in LAYOUTS:
        raise BadParameter("layout", f"must be one of {', '.join(LAYOUTS)}")
    return {"keys": keys, "focus": focus, "layout": layout}


def _view_key(key: str) -> str:
    """A node key, or a group node's key (graph/grouping.py: ``group:...``)."""
    if key.startswith(PREFIX):
        return parse_key(key, "keys").key
    return check_key(key, "keys")


@bp.route("/view/save", methods=["POST"])
def save_view():
    """Store a view and answer its short path: ``{"ok": true, "id", "url"}``."""
    view = checked_view(request.get_json(silent=True))
    ident = view_id(view)
    folder = views_dir()
    path = folder / f"{ident}.json"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        cap = setting("MAX_SAVED_VIEWS")
        if sum(1 for _ in folder.glob("*.json")) >= cap:
            raise LimitReached("MAX_SAVED_VIEWS", f"saved views are full (MAX_SAVED_VIEWS={cap})")
        temp = path.with_suffix(".tmp")
        temp.write_text(json.dumps(view, ensure_ascii=False), encoding="utf-8")
        temp.replace(path)  # whole or not at all: a reader never sees half a file
    return jsonify({"ok": True, "id": ident, "url": f"/view/{ident}"})


@bp.route("/view/<ident>")
@bp.route("/view/<ident>.json", endpoint="saved_view_json")
def saved_view(ident: str):
    """The view a short id stands for, as the ``/view?keys=`` page (or its JSON twin)."""
    if not ID_PATTERN.fullmatch(ident):
        raise BadParameter("id", f"must be {ID_CHARS} hexadecimal digits")
    path = views_dir() / f"{ident}.json"
    if not path.is_file():
        abort(404, description=f"no saved view {ident}")
    view = json.loads(path.read_text(encoding="utf-8"))
    args = {"keys": ",".join(view["keys"])}
    if view.get("focus"):
        args["focus"] = view["focus"]
    if view.get("layout") and view["layout"] != "auto":
        args["layout"] = view["layout"]
    target = "/view.json" if request.path.endswith(".json") else "/view"
    return redirect(f"{target}?{urlencode(args, safe=':,')}")
