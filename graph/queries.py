"""Load the queries in ``cypher/`` by name: one query per file, header comment first.

``cypher/<name>.cypher`` is the Neo4j text; ``cypher/<name>.ladybug.cypher`` stands
beside it only where Ladybug's dialect forces a variant.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

CYPHER_DIR = Path(__file__).resolve().parent.parent / "cypher"


@cache
def query(name: str, dialect: str = "neo4j") -> str:
    """The text of query ``name`` for ``dialect`` ("neo4j" or "ladybug")."""
    if dialect != "neo4j":
        variant = CYPHER_DIR / f"{name}.{dialect}.cypher"
        if variant.exists():
            return variant.read_text(encoding="utf-8")
    path = CYPHER_DIR / f"{name}.cypher"
    if not path.exists():
        raise KeyError(f"no query {name!r} in {CYPHER_DIR}")
    return path.read_text(encoding="utf-8")


def names() -> list[str]:
    """Every query the app runs (not the analysts' canned ones)."""
    return sorted(
        p.name.removesuffix(".cypher")
        for p in CYPHER_DIR.glob("*.cypher")
        if p.name.count(".") == 1
    )


def render(name: str, dialect: str = "neo4j", **names: str | list[str] | None) -> str:
    """Query ``name`` with its label and relationship-type placeholders filled in.

    Labels and types cannot be ``$parameters`` in Cypher, so query files write them as
    ``{{label}}``, ``{{start_label}}``, ``{{types}}`` ...; values come only from the
    schema's known set (checked here), never from user text. ``types`` given as a list
    becomes ``A|B|C``; ``None`` or ``[]`` becomes the empty string, so a file writes
    ``[r{{types}}]`` with ``types`` rendered as ``:A|B`` (see :func:`rel_types`).

    >>> render_text("MATCH (n{{label}} {key: $key}) RETURN n", label=":Province")
    'MATCH (n:Province {key: $key}) RETURN n'
    """
    return render_text(query(name, dialect), **names)


def render_text(text: str, **names: str | list[str] | None) -> str:
    for placeholder, value in names.items():
        text = text.replace("{{" + placeholder + "}}", _checked(placeholder, value))
    if "{{" in text:
        raise KeyError(f"unfilled placeholder in query: {text[text.index('{{') :][:40]!r}")
    return text


def label(name: str | None) -> str:
    """``:Name`` for a schema label, or "" for none.

    >>> label("Fund")
    ':Fund'
    """
    if not name:
        return ""
    from .schema import SCHEMA

    SCHEMA.label(name)  # raises on an unknown label
    return ":" + name


def rel_types(types: list[str] | tuple[str, ...] | None) -> str:
    """``:A|B`` for schema relationship types, or "" for any.

    >>> rel_types(["ISSUED", "MANAGES"])
    ':ISSUED|MANAGES'
    """
    if not types:
        return ""
    from .schema import SCHEMA

    for t in types:
        SCHEMA.rel(t)  # raises on an unknown type
    return ":" + "|".join(types)


def table(name: str) -> str:
    """A schema label or relationship type as the engine's table name (COPY, table_info),
    where no ``:`` goes before it.

    >>> table("Fund"), table("ISSUED")
    ('Fund', 'ISSUED')
    """
    from .schema import SCHEMA

    if name not in SCHEMA.label_names:
        SCHEMA.rel(name)  # raises unless a relationship type
    return name


_SAFE_CHARS = set(":|_ ") | set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def _checked(placeholder: str, value) -> str:
    """Placeholder values must already be rendered by label()/rel_types(): plain
    identifiers, colons and bars, nothing that could carry data into the query."""
    text = "" if value is None else str(value)
    if not set(text) <= _SAFE_CHARS:
        raise ValueError(f"placeholder {placeholder!r}: {text!r} is not a label or type list")
    return text
