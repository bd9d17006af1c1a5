"""A lexical look at user Cypher before any engine sees it.

The engines have the last word on writes (Neo4j: EXPLAIN's query type and a READ
session; Ladybug: a READ ONLY transaction). This scan adds what they let through:
file access (``LOAD CSV`` / ``LOAD FROM``), statements that are not queries (DDL,
``COPY``, ``INSTALL``, ``CALL option=value``, transaction control), and more than one
statement in a text. Comments, strings and backquoted names are skipped, so a word
inside them never counts.
"""

from __future__ import annotations

import re

from .errors import BadParameter, WriteNotAllowed

_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
    | (?P<string>'(?:\\.|[^'\\])*(?:'|\Z)|"(?:\\.|[^"\\])*(?:"|\Z))
    | (?P<quoted>`[^`]*(?:`|\Z))
    | (?P<param>\$\w+)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

# Words a read query may start with, in both dialects.
READ_STARTS = {"MATCH", "OPTIONAL", "UNWIND", "WITH", "RETURN", "CALL"}
WRITE_CLAUSES = {
    "CREATE",
    "MERGE",
    "SET",
    "DELETE",
    "DETACH",
    "REMOVE",
    "FOREACH",
    "DROP",
    "ALTER",
    "COPY",
    "INSTALL",
    "UNINSTALL",
    "IMPORT",
    "EXPORT",
    "ATTACH",
    "CHECKPOINT",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "USE",
    "GRANT",
    "REVOKE",
    "DENY",
    "START",
    "STOP",
    "TERMINATE",
    "LOAD",
}


def tokens(query: str) -> list[tuple[str, str]]:
    """(kind, text) of each token outside comments and whitespace.

    >>> tokens("MATCH (n) // CREATE\\nRETURN 'SET' AS x")[:3]
    [('word', 'MATCH'), ('other', '('), ('word', 'n')]
    """
    found = []
    for m in _TOKEN.finditer(query):
        kind = m.lastgroup
        if kind not in ("space", "comment"):
            found.append((kind, m.group()))
    return found


def check_read_text(query: str) -> str:
    """Refuse what no read-only console should run; return the first keyword (upper).

    >>> check_read_text("MATCH (n) RETURN n.load")
    'MATCH'
    >>> check_read_text("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row")
    Traceback (most recent call last):
    ...
    graph.errors.WriteNotAllowed: LOAD CSV / LOAD FROM reads files on the server; not allowed here
    """
    if not isinstance(query, str) or not query.strip():
        raise BadParameter("query", "must be a non-empty Cypher text")
    toks = tokens(query)
    words = [(i, t.upper()) for i, (k, t) in enumerate(toks) if k == "word"]
    if not words:
        raise BadParameter("query", "must be a non-empty Cypher text")
    for i, word in words:
        after_dot = i > 0 and toks[i - 1][1] == "."
        nxt = toks[i + 1][1].upper() if i + 1 < len(toks) else ""
        if word == "LOAD" and not after_dot and nxt == "EXTENSION":
            raise WriteNotAllowed("LOAD EXTENSION changes the engine; not allowed here")
        if word == "LOAD" and not after_dot and nxt in ("CSV", "FROM", "WITH"):
            raise WriteNotAllowed(
                "LOAD CSV / LOAD FROM reads files on the server; not allowed here"
            )
    semis = [i for i, (k, t) in enumerate(toks) if k == "other" and t == ";"]
    if semis and semis[0] < len(toks) - 1:
        raise BadParameter("query", "one statement at a time (found text after ';')")
    _refuse_update_clauses(toks)
    first = words[0][1]
    if first == "CALL" and len(toks) > 2 and toks[1][0] == "word" and toks[2][1] == "=":
        raise WriteNotAllowed("CALL option=value changes settings; not allowed here")
    if first in ("EXPLAIN", "PROFILE"):
        raise BadParameter("query", f"{first} is not supported here; send the query itself")
    if first in WRITE_CLAUSES:
        raise WriteNotAllowed()
    return first


# Clauses that change the graph wherever they stand (after WITH, inside CALL { }).
# Refusing them by name gives one clear message on both engines, where Ladybug would
# otherwise report a syntax error for the clauses its dialect lacks (REMOVE, FOREACH).
UPDATE_CLAUSES = {"CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "FOREACH", "DROP"}


def _refuse_update_clauses(toks: list[tuple[str, str]]) -> None:
    """A clause word counts unless it is a property (``n.set``), a map key
    (``{set: 1}``) or an alias (``AS set``).

    >>> _refuse_update_clauses(tokens("MATCH (n) WITH n SET n.x = 1 RETURN n"))
    Traceback (most recent call last):
    ...
    graph.errors.WriteNotAllowed: SET writes to the graph; only read queries run here
    >>> _refuse_update_clauses(tokens("MATCH (n) RETURN n.set AS remove, {delete: 1} AS m"))
    """
    for i, (kind, text) in enumerate(toks):
        word = text.upper()
        if kind != "word" or word not in UPDATE_CLAUSES:
            continue
        before = toks[i - 1][1] if i > 0 else ""
        after = toks[i + 1][1] if i + 1 < len(toks) else ""
        if before == "." or after == ":" or before.upper() == "AS":
            continue
        raise WriteNotAllowed(f"{word} writes to the graph; only read queries run here")


# -- the shape of the text ------------------------------------------------------------
# Measured on Ladybug 0.22: ``RETURN [[[...1...]]]`` takes 0.9 s nested 100 deep, 54 s at
# 400 (parsing is not under the time limit) and kills the whole process with a
# segmentation fault at 1,000; ``RETURN 1+1+...`` crashes it at 10,000 terms. Real queries
# nest a few levels, so texts are capped at MAX_QUERY_CHARS and bracket nesting at
# MAX_QUERY_DEPTH (named limits) on both stores, before any engine sees them.

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
    if not isinstance(query, str):
        raise BadParameter("query", "must be a non-empty Cypher text")
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
