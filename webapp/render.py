"""JSON twins: a view computes one plain dict; :func:`page` renders it as HTML or JSON.

Every page answers at its path and at the same path plus ``.json`` (``/`` also at
``/.json`` and ``/index.json``). The HTML page gets ``json_url`` to link its twin; the
front end reads the same JSON a script would.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Flask, jsonify, render_template, request

from .jsonsafe import finite

JSON_SUFFIX = ".json"


def twin_route(bp: Blueprint, rule: str, **options) -> Callable:
    """Register a view at ``rule`` and at its JSON twin (``rule.json``).

    The twin gets its own endpoint (``<name>_json``) so that Flask never redirects
    between the two.
    """

    def decorator(view: Callable) -> Callable:
        name = options.pop("endpoint", view.__name__)
        bp.add_url_rule(rule, name, view, **options)
        for twin in twin_rules(rule):
            bp.add_url_rule(twin, f"{name}_json", view, **options)
        return view

    return decorator


def twin_rules(rule: str) -> list[str]:
    """The JSON rules for ``rule``.

    >>> twin_rules("/")
    ['/.json', '/index.json']
    >>> twin_rules("/node/<key>")
    ['/node/<key>.json']
    """
    if rule == "/":
        return ["/.json", "/index.json"]
    return [rule.rstrip("/") + JSON_SUFFIX]


def wants_json() -> bool:
    return request.path.endswith(JSON_SUFFIX)


def twin_url(path: str | None = None, args: dict | None = None) -> str:
    """The JSON twin of the current page (or of ``path``), keeping the query string.

    >>> from flask import Flask
    >>> with Flask(__name__).test_request_context("/search?q=%E6%B5%99"):
    ...     twin_url()
    '/search.json?q=%E6%B5%99'
    """
    path = path or request.path
    path = "/index.json" if path == "/" else path.rstrip("/") + JSON_SUFFIX
    pairs = list(request.args.items(multi=True)) if args is None else list(args.items())
    query = urlencode(pairs)
    return f"{path}?{query}" if query else path


def page(template: str, data: dict, status: int = 200):
    """``data`` as JSON on a ``.json`` path, else as ``template`` with ``data``."""
    if wants_json():
        return jsonify({"ok": True, **data}), status
    return render_template(template, data=data, json_url=twin_url()), status


LINK_SCHEMES = ("http", "https")


def http_url(value) -> str | None:
    """``value`` when it is an http(s) URL, else None: data never becomes a
    ``javascript:`` (or ``data:``) link.

    >>> http_url("https://www.gov.cn/x"), http_url(" JavaScript:alert(1)"), http_url("//x")
    ('https://www.gov.cn/x', None, None)
    """
    if not isinstance(value, str):
        return None
    parts = urlsplit(value.strip())
    if parts.scheme.lower() in LINK_SCHEMES and parts.netloc:
        return value.strip()
    return None


def json_text(value) -> str:
    """JSON for people to read and edit (Chinese kept as is); the template escapes it.

    >>> json_text({"name": "浙江"})
    '{"name": "浙江"}'
    """
    return json.dumps(finite(value), ensure_ascii=False, allow_nan=False)


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(http_url=http_url, json_text=json_text)
