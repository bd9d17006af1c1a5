"""Named settings and their defaults; each may be overridden by an environment variable
of the same name or by the config passed to ``create_app``."""

import os
from dataclasses import fields

from graph import Limits

CONNECTION = {
    "GRAPH_URI": "",
    "NEO4J_USER": "neo4j",
    "NEO4J_PASSWORD": "",
    "NEO4J_DATABASE": "",
}

LIMIT_DEFAULTS = {f.name: f.default for f in fields(Limits)}

OTHER = {
    # Load the bundled data/ into an empty embedded store on first start.
    "LOAD_BUNDLED_IF_EMPTY": True,
    # Views with more nodes get positions from the server and are drawn without physics.
    "SERVER_LAYOUT_MIN_NODES": 150,
    # More neighbours than this of one (type, direction, label) are drawn as one group node.
    "GROUP_THRESHOLD": 20,
    # Most nodes a preset draws (a group node counts as one).
    "PRESET_MAX_NODES": 150,
    # Where ingestion keeps its drafts (docs/ingest.md); empty: <instance folder>/ingest.
    "INGEST_DRAFTS_DIR": "",
    # Saved views (short share links, docs/explorer.md): where, and how many at most.
    "SAVED_VIEWS_DIR": "",
    "MAX_SAVED_VIEWS": 100_000,
    # Largest CSV of enterprises /match/batch takes (the CLI has no cap).
    "MAX_MATCH_UPLOAD_BYTES": 64 * 1024 * 1024,
}

DEFAULTS = {**CONNECTION, **LIMIT_DEFAULTS, **OTHER}

ZERO_ALLOWED = ("SERVER_LAYOUT_MIN_NODES",)  # 0: server positions for every view


def from_environ(environ=os.environ) -> dict:
    """Settings given as environment variables, converted to their default's type."""
    found = {}
    for name, default in DEFAULTS.items():
        if name not in environ:
            continue
        raw = environ[name]
        if isinstance(default, bool):
            found[name] = raw.strip().lower() in ("1", "true", "yes", "on")
        elif isinstance(default, (int, float)):
            try:
                value = type(default)(raw)
            except ValueError:
                raise SystemExit(f"setting {name}={raw!r}: expected a number") from None
            # a zero or negative cap would turn every page into an empty or failing one
            if not (value > 0 or (value == 0 and name in ZERO_ALLOWED)):
                raise SystemExit(f"setting {name}={raw!r}: expected a number above 0")
            found[name] = value
        else:
            found[name] = raw
    return found


def limits_from(config) -> Limits:
    return Limits(**{name: config[name] for name in LIMIT_DEFAULTS})
