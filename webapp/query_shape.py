"""Refuse query texts the embedded engine cannot survive, before they reach it.

Measured on Ladybug 0.22 (QA, 2026-11): ``RETURN [[[...1...]]]`` takes 0.9 s nested 100
deep, 54 s at 400 (past ``CYPHER_TIMEOUT_S``: parsing is not timed) and kills the whole
process with a segmentation fault at 1,000; ``RETURN 1+1+...`` crashes it at 10,000
terms. Real analyst queries nest a few levels, so the web console caps the text at
``MAX_QUERY_CHARS`` and bracket nesting at ``MAX_QUERY_DEPTH`` (both named settings).
"""

from __future__ import annotations

from graph.errors import BadParameter

OPEN, CLOSE = "([{", ")]}"
QUOTES = "'\"`"


def bracket_depth(query: str) -> int:
    """The deepest nesting of (), [] and {} outside strings and comments.

    >>> bracket_depth("MATCH (n) WHERE n.name = '((((' RETURN [x IN [1] | x]")
    2
    >>> bracket_depth("RETURN 1 // ((((\\n")
    0
    """
    depth = deepest = i = 0
    while i < len(query):
        ch = query[i]
        if ch in QUOTES:
            i = _end_of_quoted(query, i)
        elif query.startswith("//", i):
            i = _find(query, "\n", i)
        elif query.startswith("/*", i):
            i = _find(query, "*/", i) + 1
        elif ch in OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif ch in CLOSE:
            depth = max(depth - 1, 0)
        i += 1
    return deepest


def _end_of_quoted(text: str, start: int) -> int:
    quote, i = text[start], start + 1
    while i < len(text) and text[i] != quote:
        i += 2 if text[i] == "\\" else 1
    return i


def _find(text: str, needle: str, start: int) -> int:
    found = text.find(needle, start)
    return len(text) if found < 0 else found


def check_query_shape(query: str, max_chars: int, max_depth: int) -> str:
    """``query`` if it is short and shallow enough, else BadParameter naming the setting."""
    if len(query) > max_chars:
        raise BadParameter(
            "query", f"{len(query):,} characters, more than MAX_QUERY_CHARS={max_chars:,}"
        )
    depth = bracket_depth(query)
    if depth > max_depth:
        raise BadParameter(
            "query", f"brackets nested {depth} deep, more than MAX_QUERY_DEPTH={max_depth}"
        )
    return query


def checked(query: str) -> str:
    """``query`` checked against this app's MAX_QUERY_CHARS and MAX_QUERY_DEPTH."""
    from flask import current_app

    config = current_app.config
    return check_query_shape(query, config["MAX_QUERY_CHARS"], config["MAX_QUERY_DEPTH"])
