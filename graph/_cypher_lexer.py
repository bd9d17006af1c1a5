"""A lexer for Cypher text: the tokens every guard and rewrite in graph/ decides on.

Decisions about user Cypher (what the console accepts, how a query is rewritten for the
embedded engine) are made on these tokens, never on the raw text, so a word inside a
string, a comment or a backquoted name is never mistaken for a keyword, and an
identifier such as ``集SET`` is one name, not ``集`` followed by ``SET``.

Token kinds:

- ``word``: an identifier or keyword (Unicode letters, digits and ``_``; never starts
  with a digit). Keywords are words; whether a word *is* a keyword depends on where it
  stands, which the callers decide.
- ``quoted``: a backquoted name (``` `my name` ```, with ``````` `` ``````` for a backquote).
  ``value`` holds the name without quotes.
- ``string``: a string literal in single or double quotes; ``value`` holds its content.
- ``number``: integer or float literal (decimal, ``0x`` hex, ``0o`` octal, exponent).
- ``param``: ``$name``, ``$`quoted name``` or ``$0``; ``value`` holds the name.
- ``op``: punctuation and operators, longest match first (``<>``, ``..``, ``->``, ``=~``).
- ``space`` and ``comment``: kept by :func:`lex` (so text can be rebuilt exactly), left
  out by :func:`tokens`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .errors import BadParameter


class Token(NamedTuple):
    kind: str
    text: str
    start: int
    end: int
    value: str

    @property
    def upper(self) -> str:
        """The text in upper case (keywords compare case-insensitively)."""
        return self.text.upper() if self.kind == "word" else self.text


_OPS = sorted(
    [
        "<>", "!=", "<=", ">=", "=~", "+=", "..", "->", "<-", "::", "||",
        "(", ")", "[", "]", "{", "}", ",", ".", ":", ";", "|", "=", "<", ">",
        "+", "-", "*", "/", "%", "^", "$", "!", "?", "&",
    ],
    key=len,
    reverse=True,
)  # fmt: skip

_PATTERN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>//[^\n\r]*|/\*.*?\*/)
    | (?P<string>'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")
    | (?P<quoted>`(?:``|[^`])*`)
    | (?P<param>\$(?:`(?:``|[^`])*`|\w+))
    | (?P<number>0[xX][0-9a-fA-F]+|0[oO][0-7]+|(?:\d+\.\d+|\.\d+|\d+)(?:[eE][+-]?\d+)?)
    | (?P<word>[^\W\d]\w*)
    | (?P<op>"""
    + "|".join(re.escape(op) for op in _OPS)
    + r""")
    """,
    re.VERBOSE | re.DOTALL,
)

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "\\": "\\", "'": "'", '"': '"'}


def lex(query: str) -> list[Token]:
    """Every token of ``query``, whitespace and comments included; BadParameter naming
    the position when the text has an unterminated string, comment or name, or a
    character Cypher does not use.

    >>> [t.text for t in lex("MATCH (n)")]
    ['MATCH', ' ', '(', 'n', ')']
    >>> [(t.kind, t.value) for t in tokens("RETURN '集SET' AS `a b`, $p")][1:]
    [('string', '集SET'), ('word', 'AS'), ('quoted', 'a b'), ('op', ','), ('param', 'p')]
    >>> lex("RETURN 'oops")
    Traceback (most recent call last):
    ...
    graph.errors.BadParameter: query: unterminated string starting at character 8
    """
    out: list[Token] = []
    pos = 0
    while pos < len(query):
        m = _PATTERN.match(query, pos)
        if m is None or m.end() == pos:
            raise BadParameter("query", _lex_problem(query, pos))
        kind, text = m.lastgroup, m.group()
        out.append(Token(kind, text, pos, m.end(), _value(kind, text)))
        pos = m.end()
    return out


def tokens(query: str) -> list[Token]:
    """The tokens that carry meaning: :func:`lex` without whitespace and comments.

    >>> [t.text for t in tokens("MATCH (n) // CREATE\\nRETURN n")]
    ['MATCH', '(', 'n', ')', 'RETURN', 'n']
    >>> [t.text for t in tokens("WITH 1 AS 集SET RETURN 集SET")]
    ['WITH', '1', 'AS', '集SET', 'RETURN', '集SET']
    """
    return [t for t in lex(query) if t.kind not in ("space", "comment")]


def _value(kind: str, text: str) -> str:
    if kind == "string":
        return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text[1:-1])
    if kind == "quoted":
        return text[1:-1].replace("``", "`")
    if kind == "param":
        name = text[1:]
        return name[1:-1].replace("``", "`") if name.startswith("`") else name
    return text


def _lex_problem(query: str, pos: int) -> str:
    ch = query[pos]
    where = f"starting at character {pos + 1}"
    if ch in "'\"":
        return f"unterminated string {where}"
    if ch == "`":
        return f"unterminated backquoted name {where}"
    if query.startswith("/*", pos):
        return f"unterminated comment {where}"
    return f"unexpected character {ch!r} (U+{ord(ch):04X}) at character {pos + 1}"
