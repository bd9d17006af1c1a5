"""The embedded store's search index: SQLite (Python's standard library) beside the graph.

Ladybug has no text index, so a search was a CONTAINS scan of every node's ``search``
text, ranked after collecting every match (~1 s for 有限公司 at 100,000 enterprises).
This file (``<store path>.search.sqlite``) keeps, per node, the two parts of that text
(the key line, and the names and aliases) with its label, status and name, in:

- ``docs``: one row per node, its id in the ranking's tie order: ids ascend with
  (name length, name, key), the order cypher/search.cypher sorts equal ranks by. A new
  node takes an id between its neighbours in that order (their ids are spread apart;
  when two neighbours have no id left between them, a few around are spread anew).
- ``lines``: every line of the text in a B-tree, for the exact (rank 0) and prefix
  (rank 1) matches, whatever the length of the query.
- ``grams``: an FTS5 trigram index of the text, for words of 3 characters or more.
- ``short``: an FTS5 index of every 1- and 2-character piece of each line, each a
  word, for the short words the trigram index cannot find (浙江, 省).

Both full-text indexes return candidates in id order, so a search (:meth:`SearchIndex.
search`) can stop early and still answer exactly as cypher/search*.cypher does: every
candidate is checked and ranked by the same string tests, in SQL, and once ``limit``
hits of a rank are known while every better hit is known, a later candidate can only be
of that rank with a longer name (or a later name or key), or worse.

Kept in step by every write of the store (graph/ladybug_store.py): before a write the
index is marked dirty on disk, after the graph commits the changes and the clean mark
go in one SQLite transaction. A missing file, another format version, a dirty mark or
per-label node counts that differ from the graph's make :meth:`fresh` false, and the
store rebuilds the index from the graph (seconds at 100,000 enterprises).
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import sqlite3
import threading
import zlib
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

VERSION = "5"
SUFFIX = ".search.sqlite"
ID_MAX = 1 << 62  # ids lie strictly between 0 and ID_MAX
# Room for new nodes between two neighbours. Small, since the full-text indexes store
# each id as a varint delta from the previous one: wider gaps made them 2.5x larger.
GAP = 1 << 12
WINDOW = 16  # neighbours on each side spread anew when an id gap is used up
PREFIX_CAP = 2000  # more prefix matches than this: found by the walk instead
SMALL_SCAN = 5000  # a status filter leaving at most this many nodes: scan them
ANY_STATUS, NO_STATUS = "*", "\x00"  # graph/_common.py's stand-ins for "no filter"
KEY_PLANE = 0xF0000  # Supplementary Private Use Area-A: no text uses it
TOP = "\U0010ffff"  # above every character: line < q + TOP is "starts with q"

SCHEMA_SQL = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs(
    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, lb TEXT NOT NULL, st TEXT,
    nlen INTEGER NOT NULL, name TEXT NOT NULL, k TEXT NOT NULL, t TEXT NOT NULL);
CREATE TABLE lines(
    line TEXT NOT NULL, is_key INTEGER NOT NULL, doc INTEGER NOT NULL,
    PRIMARY KEY (line, is_key, doc)) WITHOUT ROWID;
CREATE VIRTUAL TABLE grams USING fts5(
    k, t, lb, st, content='', tokenize='trigram case_sensitive 1');
CREATE VIRTUAL TABLE short USING fts5(
    k, t, lb, st, content='', detail=column, tokenize='ascii');
"""
INDEX_SQL = (
    "CREATE INDEX docs_st ON docs(st)",
    "CREATE UNIQUE INDEX docs_order ON docs(nlen, name, key)",
)
ORDER = "(nlen, name, key)"


def shifted(key_line: str) -> str:
    """The key line as both full-text indexes hold it: every character moved to a
    private-use plane. A term's list of nodes covers every column, so without this the
    word ``enterprise`` in names would be looked up through all 100,000 enterprise keys.
    """
    return key_line.translate(_SHIFT)


_SHIFT = {code: KEY_PLANE + code for code in range(0x10000)}


def tag(kind: str, value: str | None) -> str | None:
    """A label's or status's word in ``grams``: 3 characters, so one trigram, found in
    no text (a private-use pair after a control character)."""
    if value is None:
        return None
    crc = zlib.crc32(f"{kind}:{value}".encode())
    return "\x01" + chr(0xE000 + (crc >> 16) % 0x1900) + chr(0xE000 + crc % 0x1900)


def short_tag(kind: str, value: str | None) -> str | None:
    """A label's or status's word in ``short`` (letters only: one word there)."""
    return None if value is None else f"{kind}{value.lower()}"


def pieces(text: str) -> str:
    """The ``short`` index's words for ``text``: each 1- and 2-character piece of each
    line, once. Its tokenizer (``ascii``) takes every non-ASCII character as part of a
    word, so ASCII punctuation and spaces are first moved to a private-use range.

    >>> pieces("a:b") == " ".join(sorted(["a", "b", piece(":"), piece("a:"), piece(":b")]))
    True
    """
    found: set[str] = set()
    for line in text.translate(_WORDLY).split("\n"):
        found.update(line)
        found.update([line[i : i + 2] for i in range(len(line) - 1)])
    return " ".join(sorted(found))


def piece(word: str) -> str:
    """The ``short`` index's word for a query word of 1 or 2 characters."""
    return word.translate(_WORDLY)


# ASCII that is not a letter or digit (but the newline between lines), to private use.
_WORDLY = {code: 0xE100 + code for code in range(0x80) if code != 10 and not chr(code).isalnum()}


@dataclass(frozen=True)
class Doc:
    """One node as the index keeps it."""

    key: str
    label: str
    status: str | None
    name: str
    search: str  # the node's ``search`` property (graph.schema.search_text)

    def parts(self) -> tuple[str, str]:
        """(key line, the other lines): the key is the first line, always present."""
        k, _, t = self.search.partition("\n")
        return k, t

    def order(self) -> tuple[int, str, str]:
        return (len(self.name), self.name, self.key)


class Changes:
    """What one write transaction did to nodes, as its writer tells it; a write that
    tells nothing (``told`` false: the bulk import) makes the store rebuild the index."""

    def __init__(self):
        self.told = False
        self._put: dict[str, tuple[str, dict]] = {}  # key -> (label, properties + search)
        self.keys_removed: list[str] = []

    def described(self) -> Changes:
        self.told = True
        return self

    def put(self, label: str, rows: Iterable[dict]) -> None:
        """Nodes created, updated or restored: their full properties with ``search``."""
        for props in rows:
            self._put[props["key"]] = (label, props)

    def removed(self, keys: Iterable[str]) -> None:
        self.told = True
        for key in keys:
            self.keys_removed.append(key)
            self._put.pop(key, None)

    def docs(self) -> list[Doc]:
        return [
            Doc(key, label, props.get("status"), props.get("name") or "", props["search"])
            for key, (label, props) in self._put.items()
        ]


def index_path(store_path: str | os.PathLike) -> Path:
    return Path(str(store_path) + SUFFIX)


def _fts_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


class SearchIndex:
    """The index file of one store; thread-safe (a pool of connections, one writer)."""

    def __init__(self, path: Path, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        self._pool: queue.SimpleQueue = queue.SimpleQueue()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._statuses: dict[str | None, int] | None = None  # nodes per status, kept

    # -- connections ----------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        if self.read_only:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        else:
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        with self._lock:
            self._all.append(conn)
        return conn

    @contextmanager
    def _connection(self):
        try:
            conn = self._pool.get_nowait()
        except queue.Empty:
            conn = self._open()
        try:
            yield conn
        finally:
            with self._lock:
                kept = any(c is conn for c in self._all)  # not closed by close() meanwhile
            if kept:
                self._pool.put(conn)

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._pool = queue.SimpleQueue()

    def discard(self) -> None:
        """Remove the file (best effort), so that it is never taken for a fresh one."""
        self.close()
        for path in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass

    # -- state ---------------------------------------------------------------------------
    def fresh(self, counts: dict[str, int]) -> bool:
        """Present, of this version, not dirty, and holding ``counts`` nodes per label."""
        if not self.path.exists():
            return False
        try:
            with self._connection() as conn:
                meta = dict(conn.execute("SELECT name, value FROM meta"))
                if meta.get("version") != VERSION or meta.get("dirty") != "0":
                    return False
                held = dict(conn.execute("SELECT lb, count(*) FROM docs GROUP BY lb"))
        except sqlite3.Error:
            return False
        return {k: v for k, v in counts.items() if v} == held

    def empty(self) -> bool:
        try:
            with self._connection() as conn:
                return conn.execute("SELECT 1 FROM docs LIMIT 1").fetchone() is None
        except sqlite3.Error:
            return True

    def rebuild_beside(self, docs: Iterable[Doc]) -> Future:
        """:meth:`rebuild` in a process of its own, so that what the caller does next (a
        bulk load's relationships) runs on the other core: the index of 100,000 nodes is
        ~8 s of CPU. The future's result is rebuild's; the file is not to be read before."""
        self.close()
        self._statuses = None
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        try:
            return pool.submit(_rebuild_at, str(self.path), tuple(docs))
        finally:
            pool.shutdown(wait=False)

    def rebuild(self, docs: Iterable[Doc]) -> int:
        """Build the index anew from every node, in a new file that then replaces the old
        one (a reader never sees half an index); how many nodes it holds."""
        self.close()
        self._statuses = None
        tmp = self.path.with_name(self.path.name + ".tmp")
        for stale in (tmp, Path(f"{tmp}-journal")):
            stale.unlink(missing_ok=True)
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute("PRAGMA synchronous=OFF")
            conn.executescript(SCHEMA_SQL)
            conn.execute("BEGIN")
            ordered = sorted(docs, key=Doc.order)
            ids = [(i + 1) * GAP for i in range(len(ordered))]
            parts = [doc.parts() for doc in ordered]
            rows = [
                (i, d.key, d.label, d.status, len(d.name), d.name, k, t)
                for i, d, (k, t) in zip(ids, ordered, parts, strict=True)
            ]
            conn.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
            conn.executemany(
                "INSERT INTO lines VALUES (?, ?, ?)",
                (line for i, (k, t) in zip(ids, parts, strict=True) for line in _lines(k, t, i)),
            )
            texts = [
                dict(_full_text(i, k, t, d.label, d.status))
                for i, d, (k, t) in zip(ids, ordered, parts, strict=True)
            ]
            for table in ("grams", "short"):
                conn.executemany(
                    f"INSERT INTO {table}(rowid, k, t, lb, st) VALUES (?, ?, ?, ?, ?)",
                    (text[table] for text in texts),
                )
            for statement in INDEX_SQL:
                conn.execute(statement)
            seq = len(ordered)
            meta = {"version": VERSION, "dirty": "0"}
            conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            conn.execute("COMMIT")
            conn.execute("PRAGMA journal_mode=WAL")
        finally:
            conn.close()
        for stale in (Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
            stale.unlink(missing_ok=True)
        os.replace(tmp, self.path)
        return seq

    # -- writing (the store holds its write lock) ----------------------------------------
    def mark_dirty(self) -> None:
        """Before the graph changes: a crash before :meth:`apply` leaves the mark, and
        the next open rebuilds."""
        with self._connection() as conn:
            conn.execute("UPDATE meta SET value = '1' WHERE name = 'dirty'")

    def mark_clean(self) -> None:
        """The graph write that :meth:`mark_dirty` announced changed nothing."""
        with self._connection() as conn:
            conn.execute("UPDATE meta SET value = '0' WHERE name = 'dirty'")

    def apply(self, put: Iterable[Doc] = (), remove: Iterable[str] = ()) -> None:
        """Nodes written (created, updated or restored) and keys deleted, in one
        transaction with the clean mark."""
        with self._connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                self._statuses = None
                for key in remove:
                    _delete(conn, key)
                for doc in put:
                    _delete(conn, doc.key)
                    _place(conn, doc)
                conn.execute("UPDATE meta SET value = '0' WHERE name = 'dirty'")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    # -- searching -----------------------------------------------------------------------
    def search(self, label: str | None, params: dict) -> list[tuple[str, int]]:
        """(key, rank) of the best ``params["limit"]`` nodes of one search run, best
        first; ``params`` as cypher/search.cypher takes them (graph/_common.py)."""
        with self._connection() as conn:
            if self._statuses is None:
                self._statuses = dict(conn.execute("SELECT st, count(*) FROM docs GROUP BY st"))
            return _Search(conn, label, params, self._statuses).run()


def _rebuild_at(path: str, docs: tuple[Doc, ...]) -> int:
    return SearchIndex(Path(path)).rebuild(docs)


def _place(conn: sqlite3.Connection, doc: Doc) -> None:
    """Insert ``doc`` with an id between its neighbours in the tie order."""
    order = doc.order()
    before = conn.execute(
        f"SELECT id FROM docs WHERE {ORDER} < (?, ?, ?)"
        " ORDER BY nlen DESC, name DESC, key DESC LIMIT 1",
        order,
    ).fetchone()
    after = conn.execute(
        f"SELECT id FROM docs WHERE {ORDER} > (?, ?, ?) ORDER BY {ORDER} LIMIT 1", order
    ).fetchone()
    lo, hi = (before[0] if before else 0), (after[0] if after else ID_MAX)
    if not after:
        doc_id = lo + GAP
    elif not before:
        doc_id = max(hi - GAP, hi // 2)
    else:
        doc_id = (lo + hi) // 2
    if lo < doc_id < hi:
        _insert(conn, doc, doc_id)
    else:
        _spread(conn, doc)


def _spread(conn: sqlite3.Connection, doc: Doc) -> None:
    """Give ``doc`` and up to WINDOW neighbours on each side ids evenly spread between
    the ids just outside them, widening the window until there is room."""
    order, width = doc.order(), WINDOW
    while True:
        cols = "id, key, lb, st, name, k, t"
        before = conn.execute(
            f"SELECT {cols} FROM docs WHERE {ORDER} < (?, ?, ?)"
            f" ORDER BY nlen DESC, name DESC, key DESC LIMIT {width + 1}",
            order,
        ).fetchall()
        after = conn.execute(
            f"SELECT {cols} FROM docs WHERE {ORDER} > (?, ?, ?) ORDER BY {ORDER} LIMIT {width + 1}",
            order,
        ).fetchall()
        lo = before[width][0] if len(before) > width else 0
        hi = after[width][0] if len(after) > width else ID_MAX
        moved = [*reversed(before[:width]), None, *after[:width]]
        step = min(GAP, (hi - lo) // (len(moved) + 1))
        if step >= 2:
            break
        width *= 2
    for row in moved:
        if row is not None:
            _delete(conn, row[1])
    for i, row in enumerate(moved):
        if row is None:
            placed = doc
        else:
            _, key, lb, st, name, k, t = row
            placed = Doc(key, lb, st, name, f"{k}\n{t}" if t else k)
        _insert(conn, placed, lo + step * (i + 1))


def _insert(conn: sqlite3.Connection, doc: Doc, doc_id: int) -> None:
    k, t = doc.parts()
    row = (doc_id, doc.key, doc.label, doc.status, len(doc.name), doc.name, k, t)
    conn.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
    conn.executemany("INSERT INTO lines VALUES (?, ?, ?)", _lines(k, t, doc_id))
    for table, values in _full_text(doc_id, k, t, doc.label, doc.status):
        conn.execute(f"INSERT INTO {table}(rowid, k, t, lb, st) VALUES (?, ?, ?, ?, ?)", values)


def _full_text(doc_id: int, k: str, t: str, label: str, status: str | None):
    """(table, row) of one node in each full-text index (contentless: a row is taken
    out by giving the same values again)."""
    yield "grams", (doc_id, shifted(k), t, tag("lb", label), tag("st", status))
    rows = (doc_id, pieces(shifted(k)), pieces(t), short_tag("lb", label), short_tag("st", status))
    yield "short", rows


def _lines(k: str, t: str, doc_id: int) -> list[tuple[str, int, int]]:
    return [(k, 1, doc_id)] + [(line, 0, doc_id) for line in set(t.split("\n")) - {""}]


def _delete(conn: sqlite3.Connection, key: str) -> None:
    old = conn.execute("SELECT id, k, t, lb, st FROM docs WHERE key = ?", (key,)).fetchone()
    if old is None:
        return
    doc_id, k, t, lb, st = old
    for table, values in _full_text(doc_id, k, t, lb, st):
        forget = (
            f"INSERT INTO {table}({table}, rowid, k, t, lb, st) VALUES ('delete', ?, ?, ?, ?, ?)"
        )
        conn.execute(forget, values)
    unlined = "DELETE FROM lines WHERE line = ? AND is_key = ? AND doc = ?"
    conn.executemany(unlined, _lines(k, t, doc_id))
    conn.execute("DELETE FROM docs WHERE id = ?", (doc_id,))


class _Search:
    """One search run: exact and prefix matches from ``lines``, then walks over the
    full-text candidates in id order (see the module docstring for why stopping early
    is exact)."""

    def __init__(self, conn: sqlite3.Connection, label: str | None, params: dict, statuses: dict):
        self.conn = conn
        self.label = label
        self.q: str = params["q"]
        self.words: list[str] = list(dict.fromkeys(params["words"]))
        self.with_key: bool = bool(params["with_key"])
        self.limit: int = params["limit"]
        given = params["statuses"]
        self.statuses = [] if ANY_STATUS in given else list(dict.fromkeys(given))
        self.excluded = [s for s in params["exclude_statuses"] if s != NO_STATUS]
        # The statuses a hit may have, when a filter leaves few nodes: then those nodes
        # are scanned, not the matches of a broad term that the filter mostly rejects.
        self.allowed: list[str | None] | None = None
        if self.statuses or self.excluded:
            allowed = [
                s
                for s in (self.statuses or statuses)
                if s not in self.excluded and (s is not None or "" not in self.excluded)
            ]
            if sum(statuses.get(s, 0) for s in allowed) <= SMALL_SCAN:
                self.allowed = allowed
        self.known: dict[int, tuple[int, str, str]] = {}  # id -> (rank, name, key)
        q = self.q
        self.args: dict = {
            "q": q,
            "q_nl": q + "\n",
            "nl_q": "\n" + q,
            "nl_q_nl": "\n" + q + "\n",
            "n_q": len(q),
            "n_q1": len(q) + 1,
            "q_top": q + TOP,
            "label": label,
            **{f"w{i}": w for i, w in enumerate(self.words)},
            **{f"s{i}": s for i, s in enumerate(self.statuses)},
            **{f"x{i}": s for i, s in enumerate(self.excluded)},
        }

    # The SQL is assembled from fixed fragments only; every value is a parameter.
    def _select(self, source: str, where: str, tail: str, phrase: bool) -> str:
        """Rows (id, rank, name, key) of ``source`` (aliasing docs as d) that hold every
        word (and the whole phrase when ``phrase``) and pass the label and status
        filters, ranked as cypher/search.cypher ranks them. No subquery: a walk's ORDER
        BY must be the full-text index's own rowid order."""
        s = "d.t"
        if self.with_key:
            s = "(CASE WHEN d.t = '' THEN d.k ELSE d.k || char(10) || d.t END)"
        tests = [f"instr({s}, :w{i}) > 0" for i in range(len(self.words))]
        if phrase:
            tests.append(f"instr({s}, :q) > 0")
        if self.label:
            tests.append("d.lb = :label")
        if self.statuses:
            tests.append(f"d.st IN ({', '.join(f':s{i}' for i in range(len(self.statuses)))})")
        if self.excluded:
            marks = ", ".join(f":x{i}" for i in range(len(self.excluded)))
            tests.append(f"coalesce(d.st, '') NOT IN ({marks})")
        rank = (
            f"CASE WHEN {s} = :q OR substr({s}, 1, :n_q1) = :q_nl"
            f" OR substr({s}, -:n_q1) = :nl_q OR instr({s}, :nl_q_nl) > 0 THEN 0"
            f" WHEN substr({s}, 1, :n_q) = :q OR instr({s}, :nl_q) > 0 THEN 1"
            f" WHEN instr({s}, :q) > 0 THEN 2 ELSE 3 END"
        )
        return (
            f"SELECT d.id, {rank} AS rank, d.name, d.key FROM {source}"
            f" WHERE {where}{''.join(f' AND {t}' for t in tests)} {tail}"
        )

    def _count(self, best: int) -> int:
        return sum(1 for rank, _, _ in self.known.values() if rank <= best)

    def run(self) -> list[tuple[str, int]]:
        complete = self._exact_and_prefix()  # every hit of a rank below this is known
        if self._count(complete) < self.limit:
            done = self._walk([self.q], complete, phrase=True)
            if done and set(self.words) != {self.q} and self._count(3) < self.limit:
                self._walk(self.words, 3, phrase=False)
        ranked = sorted(self.known.values(), key=lambda h: (h[0], len(h[1]), h[1], h[2]))
        return [(key, rank) for rank, _, key in ranked[: self.limit]]

    def _exact_and_prefix(self) -> int:
        """Every exact and prefix match when they are few (ranks 0 and 1 known: 2), or
        else every exact one (1)."""
        key_lines = "" if self.with_key else " AND is_key = 0"
        for upper, complete in (("line < :q_top", 2), ("line = :q", 1)):
            found = f"SELECT doc FROM lines WHERE line >= :q AND {upper}{key_lines}"
            capped = f"SELECT count(*) FROM ({found} LIMIT {PREFIX_CAP})"
            if self.conn.execute(capped, self.args).fetchone()[0] < PREFIX_CAP:
                select = self._select("docs d", f"d.id IN ({found})", "", phrase=False)
                for doc_id, rank, name, key in self.conn.execute(select, self.args):
                    self.known[doc_id] = (rank, name, key)
                return complete
        return 0

    def _match(self, words: list[str]) -> tuple[str, str]:
        """(table, FTS5 query) for candidates holding every one of ``words``: the
        trigram index for words of 3 characters or more, else the short pieces."""
        long_words = [w for w in words if len(w) >= 3]
        table = "grams" if long_words else "short"
        if long_words:
            terms = [self._either(_fts_string(w), _fts_string(shifted(w))) for w in long_words]
            label, statuses = tag("lb", self.label), [tag("st", x) for x in self.statuses]
        else:
            terms = [self._either(piece(w), piece(shifted(w))) for w in words]
            label = short_tag("lb", self.label)
            statuses = [short_tag("st", x) for x in self.statuses]
        if self.label:
            terms.append(f"lb : {_fts_string(label)}")
        if statuses:
            terms.append("(" + " OR ".join(f"st : {_fts_string(x)}" for x in statuses) + ")")
        return table, " AND ".join(terms)

    def _either(self, term: str, key_term: str) -> str:
        """The term in the names, or (when the key takes part) in the key line."""
        return f"(t : {term} OR k : {key_term})" if self.with_key else f"t : {term}"

    def _walk(self, words: list[str], complete: int, phrase: bool) -> bool:
        """Candidates in id order until ``limit`` hits of rank <= ``complete`` are
        known; True when every candidate was seen."""
        if self.allowed is not None:
            marks = [f"d.st = :a{i}" for i, s in enumerate(self.allowed) if s is not None]
            if None in self.allowed:
                marks.append("d.st IS NULL")
            where = f"({' OR '.join(marks) or '0'})"
            select = self._select("docs d INDEXED BY docs_st", where, "ORDER BY d.id", phrase)
            args = {**self.args, **{f"a{i}": s for i, s in enumerate(self.allowed)}}
        else:
            table, match = self._match(words)
            source = f"{table} CROSS JOIN docs d ON d.id = {table}.rowid"
            select = self._select(source, f"{table} MATCH :m", f"ORDER BY {table}.rowid", phrase)
            args = {**self.args, "m": match}
        cursor = self.conn.execute(select, args)
        count = self._count(complete)
        try:
            for doc_id, rank, name, key in cursor:
                if doc_id in self.known:
                    continue
                self.known[doc_id] = (rank, name, key)
                if rank <= complete:
                    count += 1
                    if count >= self.limit:
                        return False
        finally:
            cursor.close()
        return True
