"""What the console accepts, decided positively on the tokens of graph/_cypher_lexer.py.

The console runs read queries only. Rather than refuse the words we know to be harmful
(a deny-list misses what an engine adds next, and settings such as ``CALL `threads` = 1``
got through one), :func:`check_read_text` accepts a text only when every keyword in it
is on the store's allow-list (:class:`ConsoleRules`): read clauses and the words inside
them, functions from the engine's own catalogue of scalar and aggregate functions, and a
short named list of read-only procedures. Anything else (``SHOW``, ``TERMINATE``,
``USE``, ``LOAD``, settings, table functions that read files or memory, administration,
more than one statement) is refused with :class:`~graph.errors.QueryRefused` (403),
naming what was refused, wherever it stands in the query.

Whether a word is a keyword depends on where it stands. A property (``n.set``), a label
(``(n:Set)``), a map key (``{set: 1}``), an alias (``AS set``), a backquoted name and a
string never are; a variable (``WITH 1 AS set RETURN set``) is a name too. The engines
keep their own last word behind this check (Neo4j: EXPLAIN's query type and a READ
session; Ladybug: a READ ONLY transaction); docs/console.md says which guarantee comes
from where.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._cypher_lexer import Token, tokens
from .errors import BadParameter, QueryRefused

__all__ = ["ConsoleRules", "check_read_text", "tokens", "READ_STARTS", "GENERIC"]

# Words a read query may start with, in both dialects.
READ_STARTS = {"MATCH", "OPTIONAL", "UNWIND", "WITH", "RETURN", "CALL"}

# The read part of Cypher both engines share: clauses and the words inside them.
READ_KEYWORDS = frozenset(
    """
    MATCH OPTIONAL WITH WHERE UNWIND RETURN ORDER BY SKIP LIMIT UNION ALL CALL YIELD
    DISTINCT AS CASE WHEN THEN ELSE END AND OR XOR NOT IN IS NULL TRUE FALSE
    STARTS ENDS CONTAINS EXISTS COUNT ASC DESC ASCENDING DESCENDING SHORTEST ANY
    SHORTESTPATH ALLSHORTESTPATHS
    """.split()
)
# Neo4j 5: COLLECT { }, OFFSET, path selectors and match modes, type predicates.
NEO4J_KEYWORDS = READ_KEYWORDS | frozenset(
    """
    COLLECT OFFSET GROUPS GROUP PATH PATHS REPEATABLE ELEMENTS ELEMENT DIFFERENT
    RELATIONSHIPS RELATIONSHIP TYPED NORMALIZED NFC NFD NFKC NFKD
    BOOL BOOLEAN STRING VARCHAR INT INTEGER SIGNED FLOAT DATE LOCAL TIME DATETIME ZONED
    TIMESTAMP WITHOUT TIMEZONE DURATION POINT NODE VERTEX EDGE MAP LIST ARRAY PROPERTY
    VALUE NOTHING
    """.split()
)
# Ladybug: recursive patterns -[* SHORTEST 1..n]-, ALL SHORTEST, WSHORTEST(w), TRAIL...
LADYBUG_KEYWORDS = READ_KEYWORDS | frozenset("WSHORTEST TRAIL ACYCLIC".split())

# Words that start or change a statement that is not a read query. Only used to name
# what was refused, and to keep them out of places where a name is expected unless the
# query itself declared that name; the allow-list above decides.
STATEMENT_WORDS = frozenset(
    """
    CREATE MERGE SET DELETE DETACH REMOVE FOREACH DROP ALTER RENAME COPY LOAD INSTALL
    UNINSTALL IMPORT EXPORT ATTACH USE SHOW TERMINATE GRANT DENY REVOKE START STOP ENABLE
    BEGIN COMMIT ROLLBACK CHECKPOINT EXPLAIN PROFILE TRANSACTIONS CALL
    """.split()
)

# Neo4j 5.26's built-in functions (SHOW BUILT IN FUNCTIONS; tests/test_console_hostile.py
# checks the list against the server). The console takes Neo4j Cypher on both stores, so
# the embedded store lets these names through to its dialect layer, which rewrites them
# or refuses them with a hint; a name the embedded engine has as a table function never.
NEO4J_FUNCTIONS = frozenset(
    """
    abs acos all any asin atan atan2 avg btrim ceil char_length character_length coalesce
    collect cos cot count date date.realtime date.statement date.transaction date.truncate
    datetime datetime.fromepoch datetime.fromepochmillis datetime.realtime
    datetime.statement datetime.transaction datetime.truncate degrees duration
    duration.between duration.indays duration.inmonths duration.inseconds e elementid
    endnode exists exp file floor graph.byelementid graph.byname haversin head id isempty
    isnan keys labels last left length linenumber localdatetime localdatetime.realtime
    localdatetime.statement localdatetime.transaction localdatetime.truncate localtime
    localtime.realtime localtime.statement localtime.transaction localtime.truncate log
    log10 lower ltrim max min nodes none normalize nullif percentilecont percentiledisc pi
    point point.distance point.withinbbox properties radians rand randomuuid range reduce
    relationships replace reverse right round rtrim sign sin single size split sqrt
    startnode stdev stdevp substring sum tail tan time time.realtime time.statement
    time.transaction time.truncate timestamp toboolean tobooleanlist tobooleanornull
    tofloat tofloatlist tofloatornull tointeger tointegerlist tointegerornull tolower
    tostring tostringlist tostringornull toupper trim type upper valuetype
    vector.similarity.cosine vector.similarity.euclidean
    """.split()
)


@dataclass(frozen=True)
class ConsoleRules:
    """One store's allow-list. ``functions`` and ``procedures`` hold lower-case names;
    ``functions=None`` leaves function calls to the engine (the engine-neutral check)."""

    keywords: frozenset[str]
    functions: frozenset[str] | None = None
    procedures: frozenset[str] = frozenset()
    table_functions: frozenset[str] = frozenset()  # named so in messages
    call_hint: str = ""


CALLABLE_TYPES = {"SCALAR FUNCTION", "AGGREGATE FUNCTION", "REWRITE FUNCTION"}


def split_catalogue(rows: list[dict]) -> tuple[frozenset[str], frozenset[str]]:
    """(callable functions, every other entry: table, copy... functions), lower-case,
    from an engine catalogue's rows of ``name`` and ``type`` (cypher/functions.cypher)."""
    callable_, other = set(), set()
    for row in rows:
        name = str(row["name"]).lower()
        (callable_ if row["type"] in CALLABLE_TYPES else other).add(name)
    return frozenset(callable_ - other), frozenset(other)


# Keywords of both dialects, functions left to the engine, no procedures: for checking
# text the app itself produced (the embedded store's dialect rewrite).
GENERIC = ConsoleRules(NEO4J_KEYWORDS | LADYBUG_KEYWORDS)

# Words after which an expression (or a name) follows, never a new clause.
_LEADERS = frozenset(
    """
    MATCH WITH WHERE UNWIND RETURN AND OR XOR NOT IN IS WHEN THEN ELSE CASE DISTINCT BY
    SKIP LIMIT OFFSET CONTAINS YIELD TYPED
    """.split()
)
_ENDS = {")", "]", "}"}
NAME, CLAUSE, EXPR = "name", "clause", "expr"


def refused(what: str) -> QueryRefused:
    return QueryRefused(f"{what} is not allowed in the console; only read queries run here")


def check_read_text(query: str, rules: ConsoleRules | None = None) -> str:
    """Refuse what the console does not accept; return the first keyword (upper).

    >>> check_read_text("MATCH (n) RETURN n.load, n.set AS remove, {delete: 1} AS m")
    'MATCH'
    >>> check_read_text("WITH 1 AS 集SET RETURN 集SET")
    'WITH'
    >>> check_read_text("MATCH (n) /* x */ WITH n SHOW TRANSACTIONS")
    Traceback (most recent call last):
    ...
    graph.errors.QueryRefused: SHOW is not allowed in the console; only read queries run here
    >>> check_read_text("CALL `threads` = 1")
    Traceback (most recent call last):
    ...
    graph.errors.QueryRefused: setting threads (CALL name = value) is not allowed in the console
    """
    if not isinstance(query, str) or not query.strip():
        raise BadParameter("query", "must be a non-empty Cypher text")
    toks = tokens(query)
    if not toks:
        raise BadParameter("query", "must be a non-empty Cypher text")
    semis = [i for i, t in enumerate(toks) if t.kind == "op" and t.text == ";"]
    if semis and semis[0] < len(toks) - 1:
        raise QueryRefused(
            "more than one statement is not allowed in the console (found text after ';')"
        )
    toks = toks[:-1] if semis else toks
    if not toks:
        raise BadParameter("query", "must be a non-empty Cypher text")
    _Check(toks, rules or GENERIC).run()
    first = toks[0]
    return first.upper if first.kind == "word" else ""


class _Check:
    """One walk over the tokens: each name is placed (name, clause or expression
    position) and checked against the rules."""

    def __init__(self, toks: list[Token], rules: ConsoleRules):
        self.toks, self.rules = toks, rules
        self.pos: list[str] = []
        self.declared = _declared(toks)

    def at(self, i: int) -> Token | None:
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def run(self) -> None:
        toks = self.toks
        i = 0
        while i < len(toks):
            self.pos.append(self.position(i))
            t = toks[i]
            if t.kind not in ("word", "quoted") or self.pos[i] == "prop":
                i += 1
                continue
            j = self.chain_end(i)
            nxt = self.at(j + 1)
            if nxt is not None and nxt.text == "(" and nxt.kind == "op":
                self.call(i, j)
            elif t.kind == "word" and self.pos[i] != NAME:
                if t.upper == "CALL" and (self.pos[i] == CLAUSE or not self.variable(i, nxt)):
                    j = self.call_clause(i)
                elif self.pos[i] == CLAUSE:
                    self.keyword(t)
                elif t.upper in STATEMENT_WORDS and not self.variable(i, nxt):
                    raise refused(t.upper)
            self.pos.extend(["prop"] * (j - i))  # the rest of a dotted name
            i = j + 1

    def position(self, i: int) -> str:
        prev, nxt = self.at(i - 1), self.at(i + 1)
        if prev is None:
            return CLAUSE
        if prev.kind == "op" and prev.text == ".":
            return "prop"
        if prev.kind == "op" and prev.text == ":":
            return NAME  # a label or relationship type
        if nxt is not None and nxt.kind == "op" and nxt.text == ":":
            return NAME  # a map key, or a variable before its label
        if prev.kind == "word" and prev.upper == "AS" and self.pos[i - 1] not in (NAME, "prop"):
            return NAME
        if prev.kind == "op":
            if prev.text in _ENDS:
                return CLAUSE
            if prev.text == "{":  # a subquery starts, unless it is a map projection
                follows = nxt.text if nxt is not None and nxt.kind == "op" else ""
                return NAME if follows in (".", ",", "}") else CLAUSE
            if prev.text == "*":
                return CLAUSE if self.star_ends(i - 1) else EXPR
            return EXPR
        if prev.kind in ("string", "number", "param", "quoted"):
            return CLAUSE
        if self.pos[i - 1] in (NAME, "prop"):
            return CLAUSE  # after an identifier
        if prev.upper in _LEADERS:
            return EXPR
        return CLAUSE

    def star_ends(self, k: int) -> bool:
        """``RETURN *`` / ``WITH *`` / ``[*`` end what comes before; ``a * b`` does not."""
        prev = self.at(k - 1)
        if prev is None:
            return True
        if prev.kind == "op":
            return prev.text in ("(", "[", ",")
        return prev.kind == "word" and prev.upper in ("RETURN", "WITH", "DISTINCT", "YIELD")

    def chain_end(self, i: int) -> int:
        """The last token of the dotted name starting at ``i`` (``db.schema.visualization``)."""
        toks, j = self.toks, i
        while (
            j + 2 < len(toks)
            and toks[j + 1].kind == "op"
            and toks[j + 1].text == "."
            and toks[j + 2].kind in ("word", "quoted")
        ):
            j += 2
        return j

    def name(self, i: int, j: int) -> str:
        return ".".join(self.toks[k].value for k in range(i, j + 1, 2))

    def variable(self, i: int, nxt: Token | None) -> bool:
        """A statement word used as a name the query declared (``WITH 1 AS set RETURN set``)."""
        if self.toks[i].upper not in self.declared:
            return False
        if nxt is None or (nxt.kind == "op" and nxt.text not in ("(", "{")):
            return True
        return nxt.kind == "word" and nxt.upper in self.rules.keywords

    def keyword(self, t: Token) -> None:
        if t.upper not in self.rules.keywords:
            raise refused(t.upper)

    def call(self, i: int, j: int) -> None:
        """A name followed by ``(``: a keyword (``MATCH (``, ``EXISTS (``) or a function."""
        t, name = self.toks[i], self.name(i, j)
        if i == j and t.kind == "word" and t.upper in self.rules.keywords:
            return
        if i == j and t.kind == "word" and (self.pos[i] == CLAUSE or t.upper in STATEMENT_WORDS):
            raise refused(t.upper)  # a clause position: no function call stands there
        if self.rules.functions is not None and name.lower() not in self.rules.functions:
            raise QueryRefused(f"function {name} is not allowed here")

    def call_clause(self, i: int) -> int:
        """``CALL { ... }``, ``CALL (x) { ... }`` or an allowed procedure; the index of the
        last token checked."""
        nxt = self.at(i + 1)
        if nxt is None:
            raise refused("CALL")
        if nxt.kind == "op" and nxt.text in ("{", "("):
            return i
        if nxt.kind not in ("word", "quoted"):
            raise refused(f"CALL {nxt.text}")
        j = self.chain_end(i + 1)
        name, after = self.name(i + 1, j), self.at(j + 1)
        if after is not None and after.kind == "op" and after.text in ("=", "+="):
            raise QueryRefused(f"setting {name} (CALL name = value) is not allowed in the console")
        if name.lower() not in self.rules.procedures:
            hint = f"; {self.rules.call_hint}" if self.rules.call_hint else ""
            noun = "table function" if name.lower() in self.rules.table_functions else "procedure"
            raise QueryRefused(f"{noun} {name} is not allowed here{hint}")
        return j


def _declared(toks: list[Token]) -> set[str]:
    """Upper-case names the query binds: aliases, pattern and comprehension variables,
    path variables and accumulators (a superset is fine: see ``_Check.variable``)."""
    found = set()
    for i, t in enumerate(toks):
        if t.kind != "word":
            continue
        prev = toks[i - 1] if i else None
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if prev is not None and prev.kind == "word" and prev.upper in ("AS", "YIELD"):
            found.add(t.upper)
        elif prev is not None and prev.kind == "op" and prev.text in ("(", "["):
            found.add(t.upper)
        elif nxt is not None and (
            (nxt.kind == "op" and nxt.text == "=") or (nxt.kind == "word" and nxt.upper == "IN")
        ):
            found.add(t.upper)
    return found


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
