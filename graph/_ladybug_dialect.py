"""Neo4j Cypher as the embedded engine (LadybugDB 0.22) must read it to give Neo4j's answer.

The console takes Neo4j's dialect on both stores. Where Ladybug reads the same text
differently, :func:`to_ladybug` rewrites it on tokens from graph/_cypher_lexer.py (so
strings, comments and backquoted names are never touched); where no clean rewrite
exists it refuses with a :class:`~graph.errors.CypherSyntaxError` whose ``hint`` names
what to write instead. Never a silently different answer. docs/dialect.md lists every
difference and which of the two the app does; tests/test_store_differential.py holds
each to it.

>>> to_ladybug("RETURN [10,20,30][1] AS x, substring('浙江省', 1, 2) AS s")
"RETURN [10,20,30][2] AS x, substring('浙江省', 2, 2) AS s"
>>> to_ladybug("MATCH (n) RETURN labels(n)[0] AS label, count(*)")
'MATCH (n) RETURN [label(n)][1] AS label, count(*)'
>>> to_ladybug("RETURN [x IN $xs WHERE x > 1 | x * 10]")
'RETURN list_transform(list_filter($xs, _pg_x1 -> _pg_x1 > 1), _pg_x1 -> _pg_x1 * 10)'
>>> to_ladybug("WITH 1 AS when RETURN when")
Traceback (most recent call last):
...
graph.errors.CypherSyntaxError: when is a reserved word in Ladybug Cypher
"""

from __future__ import annotations

import re

from ._cypher_lexer import Token, lex
from .errors import CypherSyntaxError
from .schema import SCHEMA

DOC = "docs/dialect.md"
LONGEST = 2147483647  # "to the end" for substring() and list_slice()

# Words Ladybug will not take as a name (measured: WITH 1 AS w RETURN w) that Neo4j does.
RESERVED = {
    "acyclic", "all", "any", "asc", "ascending", "cast", "column", "desc", "descending",
    "end", "glob", "group", "headers", "hint", "install", "join", "macro", "none", "on",
    "only", "order", "primary", "profile", "shortest", "single", "table", "trail",
    "wshortest", "when",
}  # fmt: skip
# Words after which a ``[`` opens a list, not a subscript.
_NOT_OPERANDS = {
    "AND", "AS", "BY", "CASE", "CONTAINS", "DISTINCT", "ELSE", "IN", "IS", "NOT", "OR",
    "RETURN", "THEN", "UNWIND", "WHEN", "WHERE", "WITH", "XOR", "STARTS", "ENDS", "SKIP",
    "LIMIT", "MATCH", "OPTIONAL", "YIELD", "ORDER", "UNION", "ALL",
}  # fmt: skip
_KEYWORDS = {"CALL", "CREATE", "MERGE", "DELETE", "SET", "REMOVE"}
_CLAUSES = {"MATCH", "WHERE", "RETURN", "WITH", "UNWIND", "ORDER", "SKIP", "LIMIT", "UNION"}
_AGGREGATES = {"count", "collect", "sum", "avg", "min", "max", "stdev", "stdevp"}
_AGGREGATES |= {"percentilecont", "percentiledisc"}
_DATE_FIELDS = {"year", "month", "day"}  # date_part agrees with Neo4j on these
_NO_EQUIVALENT = {
    "datetime": "datetime() has no equivalent here: keep dates as date('YYYY-MM-DD')",
    "localdatetime": "localdatetime() has no equivalent here: use date('YYYY-MM-DD')",
    "time": "time() has no equivalent here",
    "localtime": "localtime() has no equivalent here",
    "duration": "duration() has no equivalent here: compare dates, or use date_part()",
    "timestamp": "timestamp() has no equivalent here",
    "elementid": "elementId() doesn't exist here: use n.key (business keys identify nodes)",
    "id": "id(n) is not a stable id: use n.key (business keys identify nodes)",
    "keys": "keys() differs here (it lists internal properties in another order): "
    "name the properties you want",
    "properties": "properties() differs here: name the properties you want",
    "tostringornull": "toStringOrNull() has no equivalent here",
    "tointegerornull": "toIntegerOrNull() has no equivalent here",
    "tofloatornull": "toFloatOrNull() has no equivalent here",
}
_NAME = re.compile(r"^[^\W\d]\w*$")


class _Unbalanced(Exception):
    """Brackets that do not pair up: the engine's own syntax error says it best."""


def refuse(problem: str, hint: str) -> CypherSyntaxError:
    return CypherSyntaxError(problem, hint=f"{hint} (see {DOC})")


def _prop_types() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for group in (*SCHEMA.labels, *SCHEMA.relationships):
        for p in group.all_props:
            found.setdefault(p.name, set()).add(p.type)
    return found


PROP_TYPES = _prop_types()


def to_ladybug(query: str) -> str:
    """``query`` (Neo4j Cypher) rewritten so Ladybug gives Neo4j's answer; a construct
    it cannot give that answer for raises CypherSyntaxError with a hint."""
    toks = lex(query)
    _refuse_unsupported([t for t in toks if t.kind not in ("space", "comment")])
    try:
        out = unique_relationships(_Rewriter(toks).text(0, len(toks)))
    except _Unbalanced:
        return query
    if "_pg_" in out and "_pg_" not in query and _returns_star(toks):
        raise refuse(
            "RETURN * would list the names the app gives relationships to keep them apart",
            "name the columns you want: RETURN a, b",
        )
    return out


def _returns_star(toks: list[Token]) -> bool:
    sig = [t for t in toks if t.kind not in ("space", "comment")]
    return any(
        t.upper in ("RETURN", "WITH") and k + 1 < len(sig) and sig[k + 1].text == "*"
        for k, t in enumerate(sig)
    )


def to_neo4j(query: str) -> str:
    """``query`` with ``labels(x)`` showing domain labels only (never ``Entity``).

    >>> to_neo4j("MATCH (n) RETURN labels(n) AS l, 'labels(n)' AS s")
    "MATCH (n) RETURN [_pg_l IN labels(n) WHERE _pg_l <> 'Entity'] AS l, 'labels(n)' AS s"
    """
    try:
        return _db_labels_without_entity(_labels_without_entity(lex(query)))
    except _Unbalanced:
        return query


def _db_labels_without_entity(query: str) -> str:
    """``CALL db.labels()`` [``YIELD label [AS x]``] without the Entity row.

    >>> _db_labels_without_entity("CALL db.labels()")
    "CALL db.labels() YIELD label WHERE label <> 'Entity' RETURN label"
    >>> _db_labels_without_entity("CALL db.labels() YIELD label AS l RETURN l")
    "CALL db.labels() YIELD label AS l WHERE l <> 'Entity' RETURN l"
    """
    sig = [t for t in lex(query) if t.kind not in ("space", "comment")]
    texts = [t.text.lower() for t in sig]
    for k in range(len(sig) - 5):
        if texts[k : k + 6] != ["call", "db", ".", "labels", "(", ")"]:
            continue
        rest = texts[k + 6 :]
        end = sig[k + 5].end
        if not rest or rest == [";"]:
            return query[:end] + " YIELD label WHERE label <> 'Entity' RETURN label" + query[end:]
        if rest[:2] == ["yield", "label"]:
            alias, last = "label", sig[k + 7]
            if rest[2:3] == ["as"] and len(rest) > 3:
                alias, last = sig[k + 9].text, sig[k + 9]
            if texts[sig.index(last) + 1 : sig.index(last) + 2] != ["where"]:
                at = last.end
                return query[:at] + f" WHERE {alias} <> 'Entity'" + query[at:]
    return query


def _labels_without_entity(toks: list[Token]) -> str:
    out: list[str] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        j = _next(toks, i + 1)
        if _is_call(toks, i, "labels"):
            close = _close(toks, j)
            inner = "".join(x.text for x in toks[j + 1 : close])
            out.append(f"[_pg_l IN labels({inner}) WHERE _pg_l <> 'Entity']")
            i = close + 1
            continue
        out.append(t.text)
        i += 1
    return "".join(out)


# -- refusals on the whole query --------------------------------------------------------


def _refuse_unsupported(sig: list[Token]) -> None:
    for k, t in enumerate(sig):
        nxt = sig[k + 1] if k + 1 < len(sig) else None
        prev = sig[k - 1] if k else None
        if t.upper == "AS" and nxt is not None and nxt.kind == "word":
            if nxt.text.lower() in RESERVED:
                raise refuse(
                    f"{nxt.text} is a reserved word in Ladybug Cypher",
                    f"backquote the name: AS `{nxt.text}` (and `{nxt.text}` where it is used)",
                )
        if t.kind == "word" and nxt is not None and nxt.text == "(":
            if prev is not None and prev.text in (".", ":"):
                continue
            name = t.text.lower()
            if name in _NO_EQUIVALENT:
                raise refuse(f"{t.text}() differs on the embedded store", _NO_EQUIVALENT[name])
            if name == "date" and k + 2 < len(sig) and sig[k + 2].text == ")":
                raise refuse(
                    "date() without an argument has no equivalent here",
                    "write the day as date('YYYY-MM-DD') or pass it as a $parameter",
                )
    _refuse_ordered_aggregation(sig)
    _refuse_lambda_mixes(sig)


_QUANTIFIERS = {"ANY", "ALL", "NONE", "SINGLE"}


def _refuse_lambda_mixes(sig: list[Token]) -> None:
    """Ladybug 0.22 corrupts a list lambda (what a comprehension becomes) when another
    one, or any()/all()/none()/single(), follows it in the same clause over matched
    rows (measured: ['专精特新!'] came back as ['']). One per clause is right."""
    if not any(t.upper == "MATCH" for t in sig):
        return
    count = 0
    for k, t in enumerate(sig):
        if t.kind == "word" and t.upper in _CLAUSES:
            count = 0
        nxt = sig[k + 1 : k + 4]
        lam = len(nxt) >= 2 and nxt[0].kind == "word" and nxt[1].upper == "IN"
        if t.text == "[" and lam and (k == 0 or sig[k - 1].text not in ("-", "<-")):
            count += 1
        elif t.upper in _QUANTIFIERS and nxt and nxt[0].text == "(":
            if len(nxt) >= 3 and nxt[1].kind == "word" and nxt[2].upper == "IN":
                count += 1
        if count > 1:
            raise refuse(
                "two list comprehensions (or any()/all()...) in one clause give wrong lists "
                "on the embedded store",
                "compute one per clause: WITH ..., [x IN l | ...] AS xs RETURN ..., "
                "any(y IN xs WHERE ...)",
            )


def _refuse_ordered_aggregation(sig: list[Token]) -> None:
    """Ladybug 0.22 ignores ``WITH ... ORDER BY ... LIMIT`` when a later clause
    aggregates (it aggregates the first rows unsorted): refuse instead of a wrong sum."""
    ends = None  # where the first WITH ... ORDER BY clause ends
    for k, t in enumerate(sig):
        if ends is None and t.upper == "WITH":
            rest = sig[k + 1 :]
            stop = next(
                (
                    n
                    for n, u in enumerate(rest)
                    if u.upper in ("RETURN", "MATCH", "UNWIND", "CALL", "WITH", "OPTIONAL")
                ),
                len(rest),
            )
            if any(u.upper == "ORDER" for u in rest[:stop]):
                ends = k + 1 + stop
        elif ends is not None and k >= ends and t.kind == "word":
            if t.text.lower() in _AGGREGATES and k + 1 < len(sig) and sig[k + 1].text == "(":
                raise refuse(
                    "an aggregation after WITH ... ORDER BY ... LIMIT gives another answer "
                    "on the embedded store",
                    "Ladybug aggregates those rows unsorted: sort and limit in the final "
                    "RETURN, or put UNWIND [x] AS x2 after the WITH",
                )


# -- relationship uniqueness ------------------------------------------------------------

_PATTERN_ENDS = {"WHERE", "RETURN", "WITH", "MATCH", "OPTIONAL", "UNWIND", "CALL", "UNION"}
_PATTERN_ENDS |= {"ORDER", "SKIP", "LIMIT", "YIELD"}
_WALKS = {"SHORTEST", "ALL", "TRAIL", "ACYCLIC", "WSHORTEST"}


def unique_relationships(query: str) -> str:
    """Neo4j's relationship uniqueness within one MATCH, which Ladybug does not keep:
    variable-length patterns become TRAILs, and the relationships of one MATCH are
    named (``_pg_r1``...) and kept apart in its WHERE.

    >>> unique_relationships("MATCH (f)-->(e)<-[:INVESTS_IN]-(g) RETURN f")
    'MATCH (f)-[_pg_r1]->(e)<-[_pg_r2:INVESTS_IN]-(g) WHERE _pg_r1 <> _pg_r2 RETURN f'
    >>> unique_relationships("MATCH (a)-[r]-(x)-[*1..2]-(y) WHERE a.k = 1 RETURN y")[18:]
    '[_pg_v1* TRAIL 1..2]-(y) WHERE (NOT r IN rels(_pg_v1)) AND (a.k = 1) RETURN y'
    >>> unique_relationships("MATCH (a)-->(b) RETURN *")
    'MATCH (a)-->(b) RETURN *'
    """
    toks = lex(query)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in query
    serial = [0]
    for k, t in enumerate(toks):
        if t.kind == "word" and t.upper == "MATCH":
            _one_match(toks, k, edits, serial)
    for start, end, text in sorted(edits, reverse=True):
        query = query[:start] + text + query[end:]
    return query


def _one_match(toks: list[Token], k: int, edits: list, serial: list[int]) -> None:
    depth, i, where, end = 0, k + 1, None, len(toks)
    rels: list[tuple[str, str]] = []  # (name, "fixed" | "var")
    pending: list[tuple[int, int, str, bool]] = []
    while i < len(toks):
        t = toks[i]
        if t.kind == "op" and t.text in "([{":
            depth += 1
        elif t.kind == "op" and t.text in ")]}":
            depth -= 1
            if depth < 0:
                end = i
                break
        if depth == 0 and t.kind == "word" and t.upper in _PATTERN_ENDS:
            if t.upper == "WHERE" and where is None:
                where = i
                i += 1
                continue
            end = i
            break
        if where is None and t.kind == "op" and t.text in ("-", "<-"):
            i = _one_relationship(toks, i, rels, pending, serial)
            continue
        i += 1
    fixed = [n for n, kind in rels if kind == "fixed"]
    var = [n for n, kind in rels if kind == "var"]
    preds = [f"{a} <> {b}" for x, a in enumerate(fixed) for b in fixed[x + 1 :] if a != b]
    preds += [f"NOT {a} IN rels({v})" for a in fixed for v in var]
    edits.extend(e[:3] for e in pending if e[3] or preds)  # TRAILs always, names if used
    if not preds:
        return
    cond = " AND ".join(preds)
    if where is None:
        at = toks[end - 1].end if end > 0 else 0
        while at > 0 and toks and _ends_in_space(toks, at):
            at -= 1
        edits.append((at, at, f" WHERE {cond}"))
        return
    stop = _prev(toks, end) if end < len(toks) else _prev(toks, len(toks))
    first = toks[_next(toks, where + 1)].start
    edits.append((first, first, f"({cond}) AND ("))
    edits.append((toks[stop].end, toks[stop].end, ")"))


def _ends_in_space(toks: list[Token], at: int) -> bool:
    return any(t.kind in ("space", "comment") and t.start < at <= t.end for t in toks)


def _one_relationship(toks, i: int, rels: list, pending: list, serial: list[int]) -> int:
    """Record the relationship pattern starting at toks[i] ('-' or '<-'); return the
    index after it. Anonymous ones get a name (an edit in ``pending``)."""
    j = _next(toks, i + 1)
    if j < len(toks) and toks[j].text == "[":
        close = _close(toks, j)
        inner = [x for x in range(j + 1, close) if toks[x].kind not in ("space", "comment")]
        star = next((x for x in inner if toks[x].text == "*"), None)
        first = toks[inner[0]] if inner else None
        named = first is not None and first.kind in ("word", "quoted") and inner[0] != star
        walk = star is not None and any(toks[x].upper in _WALKS for x in inner if x > star)
        if star is not None:
            bounds = [toks[x] for x in inner if x > star and toks[x].text not in ("{",)]
            if not walk and not any(b.kind == "number" for b in bounds[-1:]):
                raise refuse(
                    "a variable-length pattern without an upper bound",
                    "give the longest path you want, e.g. -[*1..8]- (30 at most here)",
                )
            if not walk:
                gap = "" if toks[star + 1].kind == "space" else " "
                pending.append((toks[star].end, toks[star].end, " TRAIL" + gap, True))
            if walk:
                return close + 1
        name = first.text if named else None
        if name is None:
            serial[0] += 1
            name = f"_pg_{'v' if star is not None else 'r'}{serial[0]}"
            pending.append((toks[j].end, toks[j].end, name, False))
        rels.append((name, "var" if star is not None else "fixed"))
        return close + 1
    # bare: -- --> <-- <-->
    if j < len(toks) and toks[j].text in ("-", "->"):
        p = _prev(toks, i)
        n = _next(toks, j + 1)
        if p >= 0 and toks[p].text == ")" and n < len(toks) and toks[n].text == "(":
            serial[0] += 1
            name = f"_pg_r{serial[0]}"
            pending.append((toks[i].end, toks[j].start, f"[{name}]", False))
            rels.append((name, "fixed"))
            return j + 1
    return i + 1


# -- token helpers ----------------------------------------------------------------------


def _next(toks: list[Token], i: int) -> int:
    while i < len(toks) and toks[i].kind in ("space", "comment"):
        i += 1
    return i


def _prev(toks: list[Token], i: int) -> int:
    i -= 1
    while i >= 0 and toks[i].kind in ("space", "comment"):
        i -= 1
    return i


def _close(toks: list[Token], i: int) -> int:
    """Index of the bracket closing the one at ``i`` (any kind counts for depth)."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j].kind != "op":
            continue
        if toks[j].text in "([{":
            depth += 1
        elif toks[j].text in ")]}":
            depth -= 1
            if depth == 0:
                return j
    raise _Unbalanced()


def _opener(toks: list[Token], i: int) -> str:
    """The bracket that encloses token ``i`` ('' at the top level)."""
    depth = 0
    for j in range(i - 1, -1, -1):
        t = toks[j]
        if t.kind == "op" and t.text in ")]}":
            depth += 1
        elif t.kind == "op" and t.text in "([{":
            if depth == 0:
                return t.text
            depth -= 1
    return ""


def _is_call(toks: list[Token], i: int, name: str | None = None) -> bool:
    t = toks[i]
    if t.kind != "word" or (name is not None and t.text.lower() != name):
        return False
    if t.upper in _NOT_OPERANDS or t.upper in _KEYWORDS:
        return False
    j = _next(toks, i + 1)
    if j >= len(toks) or toks[j].text != "(":
        return False
    p = _prev(toks, i)
    return p < 0 or toks[p].text not in (".", ":")


def _split_top(toks: list[Token], lo: int, hi: int, seps: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, separator before) parts of toks[lo:hi] split at depth-0 separators."""
    parts, depth, start, sep = [], 0, lo, ""
    for j in range(lo, hi):
        t = toks[j]
        if t.kind == "op" and t.text in "([{":
            depth += 1
        elif t.kind == "op" and t.text in ")]}":
            depth -= 1
        elif depth == 0 and (t.text in seps or (t.kind == "word" and t.upper in seps)):
            parts.append((start, j, sep))
            start, sep = j + 1, t.upper
    parts.append((start, hi, sep))
    return parts


def _int_literal(toks: list[Token], lo: int, hi: int) -> int | None:
    sig = [t for t in toks[lo:hi] if t.kind not in ("space", "comment")]
    sign = 1
    if len(sig) == 2 and sig[0].text in ("-", "+"):
        sign = -1 if sig[0].text == "-" else 1
        sig = sig[1:]
    if len(sig) == 1 and sig[0].kind == "number" and sig[0].text.isdigit():
        return sign * int(sig[0].text)
    return None


def _arg_type(toks: list[Token], lo: int, hi: int) -> str | None:
    """'string', 'list', 'int', 'float' or 'date' when the argument shows its type."""
    sig = [t for t in toks[lo:hi] if t.kind not in ("space", "comment")]
    if len(sig) == 1:
        if sig[0].kind == "string":
            return "string"
        if sig[0].kind == "number":
            return "int" if sig[0].text.isdigit() else "float"
    if len(sig) == 3 and sig[1].text == "." and sig[2].kind in ("word", "quoted"):
        types = PROP_TYPES.get(sig[2].value, set())
        if len(types) == 1:
            (kind,) = types
            return "list" if kind.endswith("[]") else kind
    if sig and sig[0].text == "[":
        return "list"
    if sig and sig[0].kind == "word" and sig[0].text.lower() in ("date",):
        return "date"
    if sig and sig[0].kind == "word" and sig[0].text.lower() in (
        "collect", "range", "split", "labels", "nodes", "relationships", "tail", "reverse",
    ):  # fmt: skip
        return "list"
    return None


# -- the rewrite ------------------------------------------------------------------------


class _Rewriter:
    def __init__(self, toks: list[Token]):
        self.toks = toks
        self.rename: dict[str, str] = {}  # comprehension variables -> unique lambda names
        self.lambdas = 0
        self.memo: dict[tuple[int, int], str] = {}

    def text(self, lo: int, hi: int) -> str:
        """toks[lo:hi] rewritten."""
        toks, out, i = self.toks, [], lo
        atom = 0  # where in ``out`` the current operand began (for postfix rewrites)
        while i < hi:
            t = toks[i]
            if t.kind in ("space", "comment"):
                out.append(t.text)
                i += 1
                continue
            p = _prev(toks, i)
            after_dot = p >= lo and toks[p].text == "."
            if t.kind == "op" and t.text == "[" and self._is_subscript(p, lo):
                close = _close(toks, i)
                sub = self._subscript(i, close)
                nxt = _next(toks, close + 1)
                if sub.startswith(".") or nxt >= hi or toks[nxt].text != ".":
                    out.append(sub)
                else:  # Ladybug parses x[i].key only as (x[i]).key
                    out.insert(atom, "(")
                    out.append(sub + ")")
                i = close + 1
                continue
            if t.kind == "op" and t.text == "." and self._date_field(i, hi, out, atom):
                field = toks[_next(toks, i + 1)]
                operand = "".join(out[atom:])
                del out[atom:]
                out.append(f"date_part('{field.text.lower()}', {operand})")
                i = _next(toks, i + 1) + 1
                continue
            if not after_dot and t.text not in (".", "["):
                atom = len(out)
            if _is_call(toks, i):
                j = _next(toks, i + 1)
                close = _close(toks, j)
                out.append(self._call(i, j, close))
                i = close + 1
                continue
            if t.kind == "op" and t.text == "[":
                close = _close(toks, i)
                out.append(self._bracket(i, close))
                i = close + 1
                continue
            if t.kind == "op" and t.text in "({":
                close = _close(toks, i)
                out.append(t.text + self.text(i + 1, close) + toks[close].text)
                i = close + 1
                continue
            if t.kind == "word" and self._label_test(i, lo):
                text, i = self._label_predicate(i)
                out.append(text)
                continue
            if t.kind == "word" and t.text in self.rename and not after_dot:
                out.append(self.rename[t.text])
            else:
                out.append(t.text)
            i += 1
        return "".join(out)

    # -- operands
    def _is_subscript(self, p: int, lo: int) -> bool:
        if p < lo:
            return False
        t = self.toks[p]
        if t.kind in ("quoted", "param", "string"):
            return True
        if t.kind == "word":
            return t.upper not in _NOT_OPERANDS
        return t.kind == "op" and t.text in (")", "]", "}")

    def _date_field(self, i: int, hi: int, out: list[str], atom: int) -> bool:
        toks = self.toks
        j = _next(toks, i + 1)
        if j >= hi or toks[j].kind != "word":
            return False
        operand = "".join(out[atom:]).lstrip()
        if not re.match(r"(?i)date\s*\(", operand):
            return False
        field = toks[j].text
        if field.lower() not in _DATE_FIELDS:
            raise refuse(
                f"date(...).{field} differs on the embedded store",
                "write date_part('year'|'month'|'day', d); other date fields have no "
                "equivalent here",
            )
        return True

    def _subscript(self, i: int, close: int) -> str:
        toks = self.toks
        parts = _split_top(toks, i + 1, close, {".."})
        if len(parts) == 2:  # a slice: Neo4j [from..to) 0-based, Ladybug [from..to] 1-based
            (a, b, _), (c, d, _) = parts
            return f"[{self._slice_start(a, b)}..{self._slice_end(c, d)}]"
        sig = [t for t in toks[i + 1 : close] if t.kind not in ("space", "comment")]
        if len(sig) == 1 and sig[0].kind == "string":  # map access x['prop']
            name = sig[0].value
            return "." + (name if _NAME.match(name) else "`" + name.replace("`", "``") + "`")
        return f"[{self._index(i + 1, close)}]"

    def _index(self, lo: int, hi: int) -> str:
        n = _int_literal(self.toks, lo, hi)
        if n is not None:
            return str(n + 1 if n >= 0 else n)
        # i + 1 for i >= 0, else i (Ladybug counts negative indexes from the end too)
        return f"({self._once(lo, hi)}) + sign(sign({self._once(lo, hi)}) + 1)"

    def _once(self, lo: int, hi: int) -> str:
        """toks[lo:hi] rewritten, for a form that names it twice: a nested index doubles
        it, so a long one is refused rather than grown without bound."""
        key = (lo, hi)
        if key not in self.memo:
            self.memo[key] = self.text(lo, hi).strip()
        if len(self.memo[key]) > 2000:
            raise refuse(
                "an index expression nested this deep is too long to rewrite",
                "compute the index first: WITH l[0] AS i RETURN m[i]",
            )
        return self.memo[key]

    def _slice_start(self, lo: int, hi: int) -> str:
        if not self.text(lo, hi).strip():
            return ""
        return self._index(lo, hi)

    def _slice_end(self, lo: int, hi: int) -> str:
        if not self.text(lo, hi).strip():
            return ""
        e = self._once(lo, hi)
        n = _int_literal(self.toks, lo, hi)
        if n is not None:
            return str(n if n >= 0 else n - 1)
        return f"({e}) - 1 + sign(sign({e}) + 1)"

    def _bracket(self, i: int, close: int) -> str:
        """A list literal, a list comprehension or a relationship pattern."""
        toks = self.toks
        sig = [k for k in range(i + 1, close) if toks[k].kind not in ("space", "comment")]
        if len(sig) >= 3 and toks[sig[0]].kind == "word" and toks[sig[1]].upper == "IN":
            p = _prev(toks, i)
            if p < 0 or toks[p].text not in ("-", "<-"):
                return self._comprehension(sig[0], sig[1], close)
        if sig and toks[sig[0]].text == "(":
            parts = _split_top(toks, i + 1, close, {"|"})
            if len(parts) > 1:
                raise refuse(
                    "pattern comprehensions differ on the embedded store",
                    "write [(a)-->(b) | b.x] as OPTIONAL MATCH (a)-->(b) ... collect(b.x)",
                )
        return "[" + self.text(i + 1, close) + "]"

    def _comprehension(self, var: int, in_: int, close: int) -> str:
        toks = self.toks
        parts = _split_top(toks, in_ + 1, close, {"WHERE", "|"})
        source = self.text(parts[0][0], parts[0][1]).strip()
        # Ladybug mixes up lambdas of one name in one expression list: name each apart
        self.lambdas += 1
        name, outer = f"_pg_x{self.lambdas}", self.rename.get(toks[var].text)
        self.rename[toks[var].text] = name
        try:
            return self._lambdas(name, source, parts)
        finally:
            if outer is None:
                del self.rename[toks[var].text]
            else:
                self.rename[toks[var].text] = outer

    def _lambdas(self, name: str, source: str, parts) -> str:
        toks = self.toks
        where = next((p for p in parts[1:] if p[2] == "WHERE"), None)
        proj = next((p for p in parts[1:] if p[2] == "|"), None)
        expr = source
        if where is not None:
            if any(t.upper == "MATCH" for t in toks if t.kind == "word"):
                # Ladybug 0.22's list_filter drops or nulls lists on rows a MATCH filtered
                raise refuse(
                    "[x IN list WHERE ...] over matched rows gives wrong lists on the "
                    "embedded store",
                    "filter with UNWIND: UNWIND list AS x WITH ..., x WHERE ... "
                    "RETURN collect(x); any()/all()/none() and [x IN list | ...] work",
                )
            expr = f"list_filter({expr}, {name} -> {self.text(where[0], where[1]).strip()})"
        if proj is not None:
            expr = f"list_transform({expr}, {name} -> {self.text(proj[0], proj[1]).strip()})"
        return expr

    # -- WHERE n:Label
    def _label_test(self, i: int, lo: int) -> bool:
        toks = self.toks
        j = _next(toks, i + 1)
        if j >= len(toks) or toks[j].text != ":" or toks[i].upper in _NOT_OPERANDS:
            return False
        p = _prev(toks, i)
        if p < 0:
            return False
        if toks[p].kind == "word" and toks[p].upper in ("WHERE", "AND", "OR", "XOR", "NOT"):
            return True
        if toks[p].text == ",":  # RETURN a, n:City -- but not a map {a: 1, b: 2}
            return _opener(toks, p) not in ("{", "(")
        return toks[p].kind == "word" and toks[p].upper in ("RETURN", "WITH", "WHEN", "THEN")

    def _label_predicate(self, i: int) -> tuple[str, int]:
        toks = self.toks
        labels, k, end = [], _next(toks, i + 1), i + 1
        while k < len(toks) and toks[k].text in (":", "|"):
            if toks[k].text == ":" and labels:
                raise refuse(
                    "n:A:B (two labels) can't hold here: a node has one label",
                    "test one label: label(n) = 'A'",
                )
            at = _next(toks, k + 1)
            if at >= len(toks) or toks[at].kind not in ("word", "quoted"):
                raise _Unbalanced()  # not a label test after all: the engine's error
            labels.append(toks[at].value)
            end, k = at + 1, _next(toks, at + 1)
        k = end
        var = toks[i].text
        if len(labels) == 1:
            return f"(label({var}) = '{labels[0]}')", k
        listed = ", ".join(f"'{x}'" for x in labels)
        return f"(label({var}) IN [{listed}])", k

    # -- function calls
    def _call(self, i: int, j: int, close: int) -> str:
        toks = self.toks
        name = toks[i].text
        low = name.lower()
        args = [(a, b) for a, b, _ in _split_top(toks, j + 1, close, {","})]
        if len(args) == 1 and not self.text(*args[0]).strip():
            args = []
        text = [self.text(a, b).strip() for a, b in args]
        handler = getattr(self, f"_fn_{low}", None)
        if handler is not None:
            return handler(name, args, text)
        if low in ("shortestpath", "allshortestpaths"):
            return self._shortest(low, j, close)
        return "".join(t.text for t in toks[i:j]) + "(" + self.text(j + 1, close) + ")"

    def _fn_labels(self, name, args, text) -> str:
        return f"[label({', '.join(text)})]"

    def _fn_type(self, name, args, text) -> str:
        return f"label({', '.join(text)})"

    def _fn_substring(self, name, args, text) -> str:
        if len(args) not in (2, 3):
            return f"{name}({', '.join(text)})"
        n = _int_literal(self.toks, *args[1])
        start = str(n + 1) if n is not None else f"({text[1]}) + 1"
        if len(args) == 2:
            return f"substring({text[0]}, {start}, {LONGEST})"
        length = _int_literal(self.toks, *args[2])
        if length is not None and length < 0:
            raise refuse(
                "substring() with a negative length",
                "the length must be 0 or more (Neo4j refuses it too)",
            )
        return f"substring({text[0]}, {start}, {text[2]})"

    def _fn_tointeger(self, name, args, text) -> str:
        if len(args) != 1:
            return f"to_int64({', '.join(text)})"
        kind = _arg_type(self.toks, *args[0])
        x = text[0]
        if kind == "int":
            return f"to_int64({x})"
        d = f"to_double({x})"  # Neo4j truncates toward zero; to_int64 rounds
        return f"to_int64(sign({d}) * floor(abs({d})))"

    def _fn_sum(self, name, args, text) -> str:
        # Neo4j sums no values to 0, Ladybug to null
        if not args:
            return f"{name}()"
        return f"coalesce({name}({self.text(args[0][0], args[-1][1]).strip()}), 0)"

    def _fn_tofloat(self, name, args, text) -> str:
        return f"to_double({', '.join(text)})"

    def _fn_tostring(self, name, args, text) -> str:
        kind = _arg_type(self.toks, *args[0]) if len(args) == 1 else None
        if kind in ("int", "string", "date"):
            return f"to_string({text[0]})"
        raise refuse(
            "toString() of a value that may be a float or a boolean differs here "
            "(1.5 is written 1.500000, true is True)",
            "use toString() on integers, strings and dates (a literal or a property), "
            "or return the value itself",
        )

    def _fn_split(self, name, args, text) -> str:
        if len(text) == 2 and text[1].strip() in ("''", '""'):
            raise refuse(
                "split(s, '') splits into bytes here, not characters (Chinese text breaks)",
                "take characters with substring(s, i, 1) over range(0, size(s) - 1)",
            )
        return f"string_split({', '.join(text)})"

    def _fn_head(self, name, args, text) -> str:
        return f"list_extract({text[0]}, 1)" if len(args) == 1 else f"head({', '.join(text)})"

    def _fn_last(self, name, args, text) -> str:
        return f"list_extract({text[0]}, -1)" if len(args) == 1 else f"last({', '.join(text)})"

    def _fn_tail(self, name, args, text) -> str:
        if len(args) != 1:
            return f"tail({', '.join(text)})"
        return f"list_slice({text[0]}, 2, {LONGEST})"

    def _fn_reverse(self, name, args, text) -> str:
        kind = _arg_type(self.toks, *args[0]) if len(args) == 1 else None
        if kind == "list":
            return f"list_reverse({text[0]})"
        if kind == "string":
            return f"reverse({text[0]})"
        raise refuse(
            "reverse() of a value whose type the app can't see: Ladybug reverses a list as text",
            "reverse a list literal, collect(...) or a list property, or a string "
            "literal or string property",
        )

    def _fn_round(self, name, args, text) -> str:
        if len(args) == 1:  # Neo4j rounds half up (-2.5 -> -2.0); Ladybug away from zero
            return f"floor(to_double({text[0]}) + 0.5)"
        if len(args) == 2 and _int_literal(self.toks, *args[1]) == 0:
            return f"floor(to_double({text[0]}) + 0.5)"
        raise refuse(
            "round(x, digits) differs on the embedded store for halves such as 1.005 "
            "(Neo4j rounds the decimal text, Ladybug the binary value)",
            "write round(x * 100) / 100.0, which gives the same answer on both stores",
        )

    def _fn_exists(self, name, args, text) -> str:
        if len(args) == 1 and re.fullmatch(r"[\w`]+\s*\.\s*[\w`]+", text[0]):
            return f"({text[0]} IS NOT NULL)"
        return f"exists({', '.join(text)})"

    def _fn_size(self, name, args, text) -> str:
        if len(args) == 1 and re.match(r"\(.*\)\s*(<?-)", text[0], re.DOTALL):
            raise refuse(
                "size() of a pattern counts something else on the embedded store",
                "count matches with COUNT { MATCH (n)-->() } (works on Neo4j 5 too)",
            )
        return f"size({', '.join(text)})"

    def _shortest(self, low: str, j: int, close: int) -> str:
        """shortestPath((a)-[r:T*..n]-(b)) -> (a)-[r:T* SHORTEST 1..n]-(b)."""
        toks = self.toks
        name = "allShortestPaths" if low == "allshortestpaths" else "shortestPath"
        inner, inner_close = j, close
        sig = [k for k in range(inner + 1, inner_close) if toks[k].text in ("[", "]")]
        opens = [k for k in sig if toks[k].text == "["]
        if len(opens) != 1:
            raise refuse(
                f"{low}() needs one relationship pattern here",
                "write MATCH p = (a)-[* SHORTEST 1..n]-(b)",
            )
        o = opens[0]
        c = _close(toks, o)
        star = next((k for k in range(o, c) if toks[k].text == "*"), None)
        if star is None:
            raise refuse(f"{low}() of one hop", "write MATCH p = (a)-[* SHORTEST 1..1]-(b)")
        bounds = "".join(t.text for t in toks[star + 1 : c]).strip()
        m = re.fullmatch(r"(\d*)\s*(\.\.)?\s*(\d*)", bounds)
        if m is None or not m.group(3):
            raise refuse(
                f"{low}() without an upper bound",
                f"{name} needs an upper bound here: {name}((a)-[*..8]-(b)), which runs as "
                "(a)-[* SHORTEST 1..8]-(b) (30 at most)",
            )
        lower = m.group(1) or "1"
        kind = "ALL SHORTEST" if low == "allshortestpaths" else "SHORTEST"
        rel = "".join(t.text for t in toks[o:star]).rstrip()  # [r:T
        head = self.text(inner + 1, o) + rel + "* " + kind + f" {lower}..{m.group(3)}]"
        return head + self.text(c + 1, inner_close)
