"""The embedded store: LadybugDB (the maintained fork of Kùzu), one file on disk.

Thread safety: one ``Database`` per store and a pool of ``Connection`` objects, one per
concurrent caller (Flask's threaded server); writes are serialised by a lock since the
engine allows one write transaction at a time. Every read runs in a
``BEGIN TRANSACTION READ ONLY`` transaction under the engine's query timeout, so user
Cypher that tries to write is refused by the engine itself.
"""

from __future__ import annotations

import queue
import re
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path as FsPath
from typing import Any

import ladybug
import pandas as pd

from . import _journal, _ladybug_bulk, _ladybug_paths, _search_index, _upsert
from . import _ladybug_schema as ddl
from ._common import SharedStore
from ._cypher_guard import (
    LADYBUG_KEYWORDS,
    NEO4J_FUNCTIONS,
    READ_STARTS,
    ConsoleRules,
    check_read_text,
    split_catalogue,
)
from ._ladybug_dialect import to_ladybug
from ._ladybug_worker import WorkerPool
from ._values import Collector, clean_props
from .errors import (
    BadParameter,
    CypherSyntaxError,
    GraphError,
    LimitReached,
    QueryTimeout,
    StoreUnavailable,
    WriteNotAllowed,
)
from .model import WriteCounts
from .queries import label as lbl
from .queries import rel_types, render
from .schema import SCHEMA
from .store import Limits

READ_ONLY_REFUSAL = "read-only transaction"
# Scalar functions that change the engine's state: sequences and the random seed.
STATEFUL_FUNCTIONS = frozenset({"nextval", "setseed"})
BUFFER_POOL_FULL = "buffer pool is full"


def engine_error(e: RuntimeError, timeout_s: float | None = None) -> GraphError:
    """Our typed error for an engine message."""
    msg = str(e)
    if msg.startswith("Interrupted") and timeout_s is not None:
        return QueryTimeout(timeout_s)
    if BUFFER_POOL_FULL in msg:
        return LimitReached(
            "LADYBUG_BUFFER_POOL_MB",
            "the query needed more memory than the engine's buffer pool holds "
            "(LADYBUG_BUFFER_POOL_MB; console queries: CONSOLE_WORKER_MB) and was stopped; "
            "ask for less (LIMIT, fewer hops) or try again when the server is less busy",
            retry_after=1,
        )
    if READ_ONLY_REFUSAL in msg or "read-only mode" in msg or "READ_ONLY" in msg:
        return WriteNotAllowed()
    if msg.startswith(("Parser exception", "Binder exception", "Catalog exception")):
        return CypherSyntaxError(msg)
    if msg.startswith(("Runtime exception", "Conversion exception", "Overflow exception")):
        return BadParameter("query", msg)  # the query failed on its values
    return GraphError(f"Ladybug: {msg}")  # the engine itself (memory, I/O): not the query


class LadybugStore(SharedStore):
    kind = "ladybug"
    dialect = "ladybug"
    keeps_counts = True  # the file is this process's: every write goes through this object
    search_all_label = ""

    def __init__(self, path: str | FsPath, limits: Limits | None = None, read_only: bool = False):
        self.path = FsPath(path)
        self.uri = f"embedded://{self.path}"
        self.limits = limits or Limits()
        self.read_only = read_only
        self._pool: queue.SimpleQueue = queue.SimpleQueue()
        self._all: list[ladybug.Connection] = []
        self._pool_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._tables: dict[str, str] | None = None
        # The search index beside the graph (graph/_search_index.py): None until checked.
        self._search = _search_index.SearchIndex(_search_index.index_path(self.path), read_only)
        self._search_ok: bool | None = None
        self._changes: _search_index.Changes | None = None  # the open write's
        self._structure = _ladybug_paths.Kept()  # for path search, built on first use
        # Console Cypher runs in killable worker processes (graph/_ladybug_worker.py).
        self._workers = WorkerPool(str(self.path), self.limits, self.uri)
        try:
            if not read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = ladybug.Database(
                str(self.path),
                read_only=read_only,
                buffer_pool_size=self.limits.LADYBUG_BUFFER_POOL_MB * 1024 * 1024,
            )
        except (RuntimeError, OSError) as e:
            raise StoreUnavailable(self.uri, str(e).splitlines()[0]) from e

    # -- lifecycle ------------------------------------------------------------------------
    def close(self) -> None:
        self._workers.close()
        self._search.close()
        with self._pool_lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
            db, self._db = getattr(self, "_db", None), None
        if db is not None:
            db.close()

    def version(self) -> str:
        return f"Ladybug {ladybug.__version__}"

    def ensure_schema(self) -> None:
        if self.read_only:
            return
        with self._write_lock, self._connection() as conn:
            for statement in ddl.ddl():
                _execute(conn, statement)
        self._workers.retire()
        self._changed()  # kept neighbour orders and counts (graph/_read_cache.py)
        self._tables = None  # table ids, cached for naming relationship ends, may be new

    # -- connections ------------------------------------------------------------------------
    @contextmanager
    def _connection(self):
        if self._db is None:
            raise StoreUnavailable(self.uri, "the store is closed")
        try:
            conn = self._pool.get_nowait()
        except queue.Empty:
            with self._pool_lock:
                conn = ladybug.Connection(self._db)
                self._all.append(conn)
        try:
            yield conn
        finally:
            if getattr(conn, "_pg_broken", False):  # its transaction could not be ended
                with self._pool_lock:
                    self._all.remove(conn)
                conn.close()
            else:
                self._pool.put(conn)

    @contextmanager
    def _transaction(self, conn, begin: str, timeout_s: float):
        conn.set_query_timeout(int(timeout_s * 1000))
        changes = self._index_begin() if begin == "BEGIN TRANSACTION" else None
        _execute(conn, begin)
        try:
            yield
        except BaseException:
            try:
                _rollback(conn)
            except RuntimeError:
                conn._pg_broken = True  # not reused (see _connection)
                if changes is not None:  # a write that could not be taken back: say so
                    self._index_end(changes, committed=False)
                    raise
                # A read: nothing to take back, and the error that ended it (a full
                # buffer pool, say) is the answer, not this one.
            self._index_end(changes, committed=False)
            raise
        _execute(conn, "COMMIT")
        self._index_end(changes, committed=True)

    @contextmanager
    def _begin_reading(self):
        with (
            self._connection() as conn,
            self._transaction(conn, "BEGIN TRANSACTION READ ONLY", self.limits.CYPHER_TIMEOUT_S),
        ):
            yield _Reader(self, conn)

    # -- reading user Cypher -----------------------------------------------------------------
    _console: ConsoleRules | None = None

    def _check_console_text(self, query: str) -> None:
        check_read_text(query, self.console_rules())

    def console_rules(self) -> ConsoleRules:
        """The console's allow-list here: no table function at all (they read files, memory
        and settings), the engine's scalar and aggregate functions but those that change
        state, and Neo4j's names, which the dialect rewrite turns into this engine's."""
        if self._console is None:
            with self._reading() as rd:
                functions, others = split_catalogue(rd.fetch("functions", {}))
            self._console = ConsoleRules(
                LADYBUG_KEYWORDS,
                (functions - STATEFUL_FUNCTIONS) | (NEO4J_FUNCTIONS - others),
                table_functions=others,
                call_hint="the schema is at /schema.json",
            )
        return self._console

    def _to_dialect(self, query: str) -> str:
        """Neo4j Cypher rewritten for Ladybug, or refused with a hint (docs/dialect.md)."""
        return to_ladybug(query)

    def _run_read_only(self, query: str, params: dict, timeout_s: float, max_rows: int):
        """In a worker process that is killed past CYPHER_TIMEOUT_S or CONSOLE_WORKER_MB."""
        return self._workers.run(query, params, timeout_s, max_rows)

    def run_here(self, query: str, params: dict, timeout_s: float, max_rows: int):
        """``_run_read_only`` in this process (what a worker runs)."""
        with self._connection() as conn:
            if check_read_text(query) not in READ_STARTS:
                self._refuse_non_query(conn, query)
            try:
                with self._transaction(conn, "BEGIN TRANSACTION READ ONLY", timeout_s):
                    columns, raw = _fetch(conn, query, params, max_rows + 1)
                    collector = Collector("ladybug")
                    rows = [
                        dict(zip(columns, (collector.value(v) for v in row), strict=True))
                        for row in raw[:max_rows]
                    ]
                    rows, nodes, rels = collector.finish(rows, _Reader(self, conn).resolve)
            except RuntimeError as e:
                raise engine_error(e, timeout_s) from e
        return columns, rows, nodes, rels, len(raw) > max_rows

    def _refuse_non_query(self, conn, query: str) -> None:
        """A text that does not start like a read query: the engine's own syntax error
        if it has one (EXPLAIN plans, never runs), else a refusal."""
        try:
            _execute(conn, "EXPLAIN " + query)
        except RuntimeError as e:
            raise engine_error(e) from e
        raise WriteNotAllowed(
            "only read queries (MATCH, OPTIONAL MATCH, UNWIND, WITH, RETURN, CALL) run here"
        )

    def table_names(self, conn) -> dict[str, str]:
        if self._tables is None:
            result = conn.execute("CALL show_tables() RETURN id, name")
            found = {}
            while result.has_next():
                table_id, name = result.get_next()
                found[str(table_id)] = name
            result.close()
            self._tables = found
        return self._tables

    # -- paths (graph/_ladybug_paths.py) ------------------------------------------------
    def _changed(self) -> None:
        super()._changed()
        self._structure.drop()

    def _paths(self, rd, start, end, hops: int, types, limit: int):
        structure = self._structure.get(self.read_cache.generation, rd)
        return _ladybug_paths.shortest_paths(self, rd, structure, start, end, hops, types, limit)

    # -- the search index (graph/_search_index.py) --------------------------------------
    def search(self, q, limit=None, labels=None, statuses=None, exclude_statuses=None):
        self._search_unless_empty()
        if self._search_ok is None:  # before the read transaction: it may rebuild
            if self.read_only:
                self._search_ok = self._search_fresh()
            else:
                with self._write_lock:
                    self._search_check()
        return super().search(q, limit, labels, statuses, exclude_statuses)

    def _search_run(self, rd, label, params) -> list[dict]:
        if not self._search_ok:
            return super()._search_run(rd, label, params)
        try:
            hits = self._search.search(label, params)
        except sqlite3.Error:  # closed by a rebuild in another thread, say: ask the graph
            return super()._search_run(rd, label, params)
        found = {n.key: n for n in self._nodes(rd, self._checked_keys([k for k, _ in hits]))}
        # A node deleted since the index answered is left out (writes do not wait).
        return [{"n": found[k], "rank": rank} for k, rank in hits if k in found]

    def _search_unless_empty(self) -> None:
        """An empty index is checked against the graph again: the bulk import of a first
        load (graph/_ladybug_bulk.py) fills an empty store without telling the index."""
        if self._search_ok and self._search.empty():
            self._search_ok = None

    def _search_fresh(self) -> bool:
        with self._reading() as rd:
            counts = {
                name: rd.fetch("count_label", {}, label=lbl(name))[0]["count"]
                for name in SCHEMA.label_names
            }
        return self._search.fresh(counts)

    def _search_check(self) -> None:
        """(Write lock held.) Rebuild the index from the graph unless it is fresh; on
        an error the store searches without it (cypher/search.ladybug.cypher)."""
        try:
            if not self._search_fresh():
                self._search.rebuild(self._search_docs())
            self._search_ok = True
        except (sqlite3.Error, OSError):
            self._search_ok = False
            self._search.discard()

    def _search_docs(self):
        with self._reading() as rd:
            for name in SCHEMA.label_names:
                for row in rd.fetch("search_index_rows", {}, label=lbl(name)):
                    yield _search_index.Doc(
                        row["key"], name, row["status"], row["name"] or "", row["search"]
                    )

    def _index_begin(self) -> _search_index.Changes:
        """(Write lock held, before a write transaction.) The index is marked dirty
        until the write's changes are in it (a crash in between: rebuilt on open)."""
        self._search_unless_empty()
        if self._search_ok is None:
            self._search_check()
        self._changes = _search_index.Changes()
        if self._search_ok:
            try:
                self._search.mark_dirty()
            except (sqlite3.Error, OSError):
                self._search_ok = False
                self._search.discard()
        return self._changes

    def _index_end(self, changes: _search_index.Changes | None, committed: bool) -> None:
        """(Write lock held, after the write transaction.) A write whose writer told
        what it changed goes into the index; any other (the bulk import) rebuilds it."""
        if changes is None:
            return
        self._changes = None
        if not self._search_ok:
            if committed:
                self._search_ok = None  # checked, and rebuilt, on the next use
            return
        try:
            if not committed:
                self._search.mark_clean()
            elif changes.told:
                self._search.apply(changes.docs(), changes.keys_removed)
            else:
                self._search.rebuild(self._search_docs())
        except (sqlite3.Error, OSError):
            self._search_ok = None  # left dirty: rebuilt on the next use

    # -- writing ------------------------------------------------------------------------
    def load(self, items, batch_size=None, unique=False) -> WriteCounts:
        """A first load of unique records into empty tables takes the engine's bulk
        import (graph/_ladybug_bulk.py); any other load the generic path. The bulk import
        builds the search index from the rows it copied (no read-back of the graph)."""
        if unique and not self.read_only and _journal.current(self) is None:
            counts = self._bulk_load(items)
            if counts is not None:
                return counts
        return super().load(items, batch_size, unique)

    def _bulk_load(self, items) -> WriteCounts | None:
        """The counts of a bulk load, or None (nothing read from ``items``) when the
        store is not empty."""
        with self._write_lock, self._connection() as conn:
            try:
                with self._transaction(conn, "BEGIN TRANSACTION READ ONLY", 0):
                    empty = _ladybug_bulk.is_empty(conn, _fetch)
                if not empty:
                    return None
                docs: list[_search_index.Doc] = []
                index: list = []  # the index being built beside the relationships' COPY

                def nodes_copied():
                    index.append(self._search.rebuild_beside(docs))

                bulk = _ladybug_bulk.BulkLoad(
                    conn, _execute, lambda *a: _told(docs, *a), nodes_copied
                )
                try:
                    counts = bulk.run(items)
                except RuntimeError as e:
                    error = GraphError(f"{self.uri}: the load was not written: {e}")
                    self._index_bulk(docs, index, loaded=False)
                    self._take_back_bulk(bulk, error)
                    raise error from e
                except BaseException as e:
                    self._index_bulk(docs, index, loaded=False)
                    self._take_back_bulk(bulk, e)
                    raise
                self._index_bulk(docs, index)
                return counts
            finally:
                self._workers.retire()  # they would answer from the data before this load
                self._changed()  # kept neighbour orders and counts (graph/_read_cache.py)

    def _index_bulk(self, docs: list[_search_index.Doc], index: list, loaded=True) -> None:
        """(Write lock held.) The search index of a bulk-loaded store, from the rows it
        copied: waits for the one built beside the COPY (``index``, a future) or builds
        it. On an error the store searches without it until rebuilt; after a failed load
        it is removed (the tables are emptied again)."""
        try:
            if index:
                index[0].result()
            elif loaded:
                self._search.rebuild(docs)
            self._search_ok = True if loaded else None
        except Exception:  # noqa: BLE001 - the build's process may fail in any way: no index
            self._search_ok = False
            self._search.discard()
        if not loaded:
            self._search.discard()

    def _take_back_bulk(self, bulk, error: BaseException) -> None:
        try:
            bulk.take_back()
        except RuntimeError as undo_error:
            _journal.amend(
                error,
                f"; emptying the tables again failed ({undo_error}): the store holds part "
                "of this load",
            )
            raise error from undo_error
        _journal.amend(error, "; what was copied was deleted, so the store is empty again")

    def _write_batch(self, batch: _upsert.Batch) -> WriteCounts:
        if self.read_only:
            raise WriteNotAllowed(f"{self.uri} is open read-only")
        run = _journal.current(self)
        with self._write_lock, self._connection() as conn:
            try:
                with self._transaction(conn, "BEGIN TRANSACTION", 0):
                    if run is not None and run.unique and run.empty is None:
                        run.empty = _ladybug_bulk.is_empty(conn, _fetch)
                    writer = _Writer(self, conn)
                    counts = writer.write(batch, run)
            except RuntimeError as e:
                raise GraphError(f"{self.uri}: the batch was not written: {e}") from e
            finally:
                self._workers.retire()  # they would answer from the data before this batch
                self._changed()  # kept neighbour orders and counts (graph/_read_cache.py)
        _journal.record(self, writer.undo)  # committed: a failing later batch takes it back
        return counts

    def _rollback_batch(self, undo: _upsert.Undo, keep: bool = False) -> _upsert.Undo:
        with self._write_lock, self._connection() as conn:
            try:
                with self._transaction(conn, "BEGIN TRANSACTION", 0):
                    return _Writer(self, conn).rollback(undo, keep)
            except RuntimeError as e:
                raise GraphError(f"{self.uri}: a written batch was not taken back: {e}") from e
            finally:
                self._workers.retire()
                self._changed()  # kept neighbour orders and counts (graph/_read_cache.py)

    def delete(self, keys) -> int:
        if self.read_only:
            raise WriteNotAllowed(f"{self.uri} is open read-only")
        grouped = self._checked_keys(keys)
        deleted = 0
        with self._write_lock, self._connection() as conn:
            try:
                with self._transaction(conn, "BEGIN TRANSACTION", 0):
                    for label, group in grouped.items():
                        self._changes.removed(group)
                        rows = _Reader(self, conn).fetch(
                            "delete_nodes", {"keys": group}, label=lbl(label)
                        )
                        deleted += rows[0]["deleted"] if rows else 0
            except RuntimeError as e:
                raise GraphError(f"{self.uri}: nothing was deleted: {e}") from e
            finally:
                self._workers.retire()
                self._changed()  # kept neighbour orders and counts (graph/_read_cache.py)
        return deleted


def _told(docs: list, label: str, rows: list[dict]) -> None:
    """What the search index keeps of nodes a bulk load copied (graph/_search_index.py)."""
    docs.extend(
        _search_index.Doc(r["key"], label, r.get("status"), r.get("name") or "", r["search"])
        for r in rows
    )


def _execute(conn, text: str, params: dict | None = None) -> None:
    """Run a statement and close its result at once (an open result pins memory)."""
    try:
        result = conn.execute(text, params or {})
    finally:
        _forget_frames(conn, params)
    for each in result if isinstance(result, list) else [result]:
        each.close()


def _forget_frames(conn, params: dict | None) -> None:
    """Drop the prepared statements ladybug 0.22 caches for each data frame parameter.

    Its implicit statement cache is keyed by the frame's identity and never evicted, so
    every batch's frame (and its scan state) would stay in memory: a 100k-enterprise
    load grew past 8 GB. Statements without frames stay cached."""
    if not params or not any(isinstance(v, pd.DataFrame) for v in params.values()):
        return
    cache = getattr(conn, "_pybind_implicit_prepared_cache", None)
    if cache is None:
        return
    with conn._prepared_cache_lock:
        for key in [k for k in cache if any(sig[:1] == ("pointer",) for _, sig in k[1])]:
            del cache[key]


def _fetch(conn, text: str, params: dict, max_rows: int | None = None):
    """(columns, rows) of one statement, at most ``max_rows``; the result is closed."""
    try:
        result = conn.execute(text, params)
    finally:
        _forget_frames(conn, params)
    if isinstance(result, list):  # several statements slipped through
        for each in result:
            each.close()
        raise BadParameter("query", "one statement at a time")
    try:
        columns = result.get_column_names()
        rows = []
        while (max_rows is None or len(rows) < max_rows) and result.has_next():
            rows.append(result.get_next())
    finally:
        result.close()
    return columns, rows


def _rollback(conn) -> None:
    """Roll back if a transaction is still open (an engine error already ended it)."""
    try:
        _execute(conn, "ROLLBACK")
    except RuntimeError as e:
        if "No active transaction" not in str(e):
            raise


class _Reader:
    """Runs named queries on one connection, inside the caller's transaction."""

    def __init__(self, store: LadybugStore, conn):
        self.store = store
        self.conn = conn

    def raw(self, text: str, params: dict) -> tuple[list[str], list[list]]:
        return _fetch(self.conn, text, params)

    def fetch(self, name: str, params: dict, **names) -> list[dict[str, Any]]:
        text = render(name, "ladybug", **names)
        # The engine hashes every parameter value to find its cached statement, so a
        # list a variant does not use (relationships_among's $every_key) would cost.
        params = {k: v for k, v in params.items() if re.search(rf"\${k}\b", text)}
        try:
            columns, raw = self.raw(text, params)
        except RuntimeError as e:
            raise engine_error(e, self.store.limits.CYPHER_TIMEOUT_S) from e
        collector = Collector("ladybug")
        rows = [dict(zip(columns, (collector.value(v) for v in row), strict=True)) for row in raw]
        # The app's queries return the keys they need; ends are only named from nodes
        # the same result holds (paths), never looked up.
        return collector.finish(rows, lambda ids: {})[0]

    def frame(self, name: str, params: dict | None = None, **names) -> pd.DataFrame:
        """Query ``name``'s whole result as a data frame (column by column: a million
        rows of numbers in tens of milliseconds, where rows one by one take seconds)."""
        text = render(name, "ladybug", **names)
        try:
            result = self.conn.execute(text, params or {})
        except RuntimeError as e:
            raise engine_error(e, self.store.limits.CYPHER_TIMEOUT_S) from e
        try:
            return result.get_as_df()
        finally:
            result.close()

    def fetch_each(self, name: str, keys: list[str], params: dict, **names) -> list[dict]:
        """Query ``name`` once per key (``$key``), rows concatenated.

        Ladybug plans ``UNWIND $keys ... MATCH (a {key: k})-[r]-(b)`` as a hash join over
        every relationship of the table (~1 s at 1.1M relationships, whatever the number
        of keys), and ``a.key IN $keys`` as a scan; a lookup by one primary key and its
        adjacency list takes well under a millisecond, so one query per key is faster
        up to thousands of keys."""
        rows: list[dict[str, Any]] = []
        for key in keys:
            rows += self.fetch(name, {**params, "key": key}, **names)
        return rows

    @staticmethod
    def key_batches(keys: list[str]) -> list[list[str]]:
        """How fetch_each's keys are best grouped: one by one (see fetch_each)."""
        return [[key] for key in keys]

    def resolve(self, ids: list[str]) -> dict[str, str]:
        """Keys of nodes named by internal id ("table:offset")."""
        tables = self.store.table_names(self.conn)
        by_table: dict[str, list[int]] = {}
        for i in ids:
            table, offset = i.split(":")
            by_table.setdefault(table, []).append(int(offset))
        found = {}
        for table, offsets in by_table.items():
            label = tables.get(table)
            if label not in SCHEMA.label_names:
                continue
            text = render("resolve_offsets", "ladybug", label=lbl(label))
            for offset, key in self.raw(text, {"offsets": offsets})[1]:
                found[f"{table}:{offset}"] = key
        return found


class _Writer(_upsert.BatchWriter):
    """One upsert batch inside an open write transaction."""

    def __init__(self, store: LadybugStore, conn):
        self.reader = _Reader(store, conn)
        self.conn = conn
        self.changes = store._changes.described()  # what the search index is told

    def write_nodes(self, label, plan) -> None:
        cols = ddl.node_columns(label)
        if plan.create:
            self.load(ddl.create_nodes(label), _frame(cols, plan.create))
            self.changes.put(label, plan.create)
        if plan.update:
            merged = [{**m, "key": k, "search": g["search"]} for k, g, m in plan.update]
            self.load(ddl.update_nodes(label), _frame(cols, merged))
            self.changes.put(label, merged)

    def write_rels(self, group, plan) -> None:
        start, rtype, end = group
        cols = ddl.rel_columns(rtype)
        if plan.create:
            rows = [{**p, "s_key": s, "e_key": e} for (s, e), p in plan.create]
            self.load(ddl.create_rels(start, rtype, end), _frame(cols, rows, ends=True))
        if plan.update:
            rows = [{**m, "s_key": s, "e_key": e} for (s, e), _, m in plan.update]
            self.load(ddl.update_rels(start, rtype, end), _frame(cols, rows, ends=True))

    def stored_rels(self, group, pairs, new: set[str]) -> dict[tuple[str, str], dict]:
        start, rtype, end = group
        pairs = _upsert.may_exist(pairs, new)
        if not pairs:
            return {}
        frame = pd.DataFrame(
            {"s_key": [s for s, _ in pairs], "e_key": [e for _, e in pairs]}, dtype=object
        )
        rows = self.reader.fetch(
            "existing_relationships",
            {"rows": frame},
            start_label=lbl(start),
            types=rel_types([rtype]),
            end_label=lbl(end),
        )
        return {
            (row["start_key"], row["end_key"]): clean_props(dict(row["r"].properties))
            for row in rows
        }

    def load(self, statement: str, frame: pd.DataFrame) -> None:
        _execute(self.conn, statement, {"rows": frame})

    # -- taking a batch back (graph/_journal.py); update statements set every column --
    def restore_nodes(self, label, rows) -> None:
        self.load(ddl.update_nodes(label), _frame(ddl.node_columns(label), rows))
        self.changes.put(label, rows)

    def delete_nodes(self, label, keys) -> None:
        self.reader.fetch("delete_nodes", {"keys": keys}, label=lbl(label))
        self.changes.removed(keys)

    def restore_rels(self, group, rows) -> None:
        start, rtype, end = group
        rows = [{**old, "s_key": s, "e_key": e} for (s, e), old in rows]
        statement = ddl.update_rels(start, rtype, end)
        self.load(statement, _frame(ddl.rel_columns(rtype), rows, ends=True))

    def delete_rels(self, group, pairs) -> None:
        start, rtype, end = group
        frame = pd.DataFrame(
            {"s_key": [s for s, _ in pairs], "e_key": [e for _, e in pairs]}, dtype=object
        )
        text = render(
            "delete_relationships",
            "ladybug",
            start_label=lbl(start),
            types=rel_types([rtype]),
            end_label=lbl(end),
        )
        _execute(self.conn, text, {"rows": frame})


def _frame(cols, rows: list[dict], ends: bool = False) -> pd.DataFrame:
    data = {f"p_{p.name}": [row.get(p.name) for row in rows] for p in cols}
    if ends:
        data["s_key"] = [row["s_key"] for row in rows]
        data["e_key"] = [row["e_key"] for row in rows]
    return pd.DataFrame(data, dtype=object)
