"""Request parameters, checked: a bad one raises BadParameter naming it (a 400)."""

from __future__ import annotations

from flask import current_app, request

from graph.errors import BadParameter
from graph.keys import check_key
from graph.schema import SCHEMA
from graph.store import DIRECTIONS, check_int

MAX_TEXT = 200  # longest search text or key list entry we accept


def setting(name: str) -> int:
    return current_app.config[name]


def int_arg(name: str, default: int, minimum: int, maximum: int, cap_name: str = "") -> int:
    """``?name=`` as an int in [minimum, maximum]; the error names the capping setting."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        return check_int(name, raw, minimum, maximum)
    except BadParameter:
        capped = f" ({cap_name}={maximum})" if cap_name else ""
        problem = f"must be an integer from {minimum} to {maximum}{capped}"
        raise BadParameter(name, problem) from None


def key_arg(name: str, required: bool = True) -> str | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        if required:
            raise BadParameter(name, "is required (a node key such as province:330000)")
        return None
    return check_key(raw, name)


def keys_arg(
    name: str = "keys", cap: int | None = None, groups: bool = False
) -> tuple[list[str], bool]:
    """Comma-separated keys (repeated ``?keys=`` too), deduplicated in order; at most
    ``cap`` of them, with ``truncated`` when more were given. Group keys (``group:...``,
    webapp/groups.py) are kept, unchecked, when ``groups``, else left out."""
    keys: dict[str, None] = {}
    for raw in request.args.getlist(name):
        for part in raw.split(","):
            part = part.strip()
            if part.startswith("group:"):
                if groups:
                    keys[part] = None
            elif part:
                keys[check_key(part, name)] = None
    found = list(keys)
    if cap is not None and len(found) > cap:
        return found[:cap], True
    return found, False


def text_arg(name: str) -> str:
    text = request.args.get(name, "").strip()
    if len(text) > MAX_TEXT:
        raise BadParameter(name, f"longer than {MAX_TEXT} characters")
    return text


def types_arg(name: str = "type") -> list[str] | None:
    types = [t.strip() for raw in request.args.getlist(name) for t in raw.split(",") if t.strip()]
    for t in types:
        if t not in SCHEMA.rel_names:
            raise BadParameter(name, f"unknown relationship type {t!r}")
    return types or None


def label_arg(name: str = "label") -> str | None:
    label = request.args.get(name, "").strip()
    if label and label not in SCHEMA.label_names:
        raise BadParameter(name, f"unknown label {label!r}")
    return label or None


def direction_arg(name: str = "direction") -> str:
    direction = request.args.get(name, "both").strip() or "both"
    if direction not in DIRECTIONS:
        raise BadParameter(name, f"must be one of {', '.join(DIRECTIONS)}")
    return direction


def choice_arg(name: str, choices: tuple[str, ...], default: str) -> str:
    value = request.args.get(name, default).strip() or default
    if value not in choices:
        raise BadParameter(name, f"must be one of {', '.join(choices)}")
    return value
