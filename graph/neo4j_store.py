"""The Neo4j store: one driver per store (so per process), closed by ``close()``.

Every node carries its domain label plus ``Entity`` (never shown), which holds a
uniqueness constraint on ``key`` and a TEXT index on the internal ``search`` property,
so that search over every label uses one index. Reads run in READ-routed sessions;
user Cypher is EXPLAINed first and refused unless its query type is "r", then runs in
a read transaction with a server-side timeout.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Any

import neo4j
from neo4j import exceptions as ne

from . import _journal, _upsert
from ._common import SharedStore
from ._cypher_guard import NEO4J_KEYWORDS, ConsoleRules, check_read_text, split_catalogue
from ._ladybug_dialect import to_neo4j
from ._values import ENTITY, Collector
from .errors import (
    BadParameter,
    CypherSyntaxError,
    GraphError,
    QueryTimeout,
    StoreUnavailable,
    WriteNotAllowed,
)
from .model import WriteCounts
from .queries import label as lbl
from .queries import rel_types, render
from .schema import SCHEMA
from .store import Limits

TIMEOUT_CODES = (
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
    "Neo.TransientError.Transaction.LockClientStopped",
)
SYNTAX_CODES = (
    "Neo.ClientError.Statement.SyntaxError",
    "Neo.ClientError.Statement.SemanticError",
    "Neo.ClientError.Procedure.ProcedureNotFound",
    "Neo.ClientError.Statement.ParameterMissing",
)
# What the console's CALL may name (lower case): read-only schema procedures.
READ_PROCEDURES = frozenset(
    {"db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization"}
)
# The full-text index of the search text (cjk analyzer: Chinese as overlapping pairs of
# characters), asked for Chinese words of 2 characters or more (cypher/search_fulltext).
FULLTEXT_INDEX = "entity_search_text"
FULLTEXT_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")
WRITE_CODES = ("Neo.ClientError.Statement.AccessMode", "Neo.ClientError.Security.Forbidden")


def schema_statements() -> list[str]:
    """Constraints and indexes, derived from SCHEMA."""
    out = [
        f"CREATE CONSTRAINT {label.kind}_key IF NOT EXISTS "
        f"FOR (n:{label.name}) REQUIRE n.key IS UNIQUE"
        for label in SCHEMA.labels
    ]
    out.append(
        f"CREATE CONSTRAINT entity_key IF NOT EXISTS FOR (n:{ENTITY}) REQUIRE n.key IS UNIQUE"
    )
    out.append(f"CREATE TEXT INDEX entity_search IF NOT EXISTS FOR (n:{ENTITY}) ON (n.search)")
    out.append(
        f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{ENTITY}) ON EACH "
        "[n.search] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"
    )
    return out


def neo_error(e: ne.Neo4jError, timeout_s: float | None = None) -> GraphError:
    code = e.code or ""
    if code in TIMEOUT_CODES or "Timed" in code:
        return QueryTimeout(timeout_s or 0)
    if code in WRITE_CODES:
        return WriteNotAllowed()
    if code in SYNTAX_CODES or isinstance(e, ne.CypherSyntaxError):
        return CypherSyntaxError(e.message or str(e))
    if code.startswith("Neo.ClientError.Statement") or code.startswith("Neo.ClientError.Procedure"):
        return BadParameter("query", e.message or str(e))
    return GraphError(f"Neo4j: {e.message or e}")


class Neo4jStore(SharedStore):
    kind = "neo4j"
    dialect = "neo4j"
    search_all_label = ":" + ENTITY
    _search_ok = True  # search asks the full-text index where it can (False: never)

    def __init__(
        self,
        uri: str,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        limits: Limits | None = None,
    ):
        self.uri = uri
        self.limits = limits or Limits()
        self.database = database or None
        self._driver = None
        self._version: str | None = None
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri,
                auth=(user or "neo4j", password or ""),
                connection_timeout=10,
                max_transaction_retry_time=15,
                notifications_min_severity="OFF",
            )
            self._driver.verify_connectivity()
        except (ne.DriverError, ne.Neo4jError, OSError, ValueError) as e:
            self.close()
            raise StoreUnavailable(uri, _cause(e)) from e

    # -- lifecycle ------------------------------------------------------------------------
    def close(self) -> None:
        driver, self._driver = self._driver, None
        if driver is not None:
            driver.close()

    @contextmanager
    def _session(self, access: str):
        if self._driver is None:
            raise StoreUnavailable(self.uri, "the store is closed")
        try:
            with self._driver.session(
                database=self.database, default_access_mode=access
            ) as session:
                yield session
        except (ne.ServiceUnavailable, ne.SessionExpired, OSError) as e:
            raise StoreUnavailable(self.uri, _cause(e)) from e

    def version(self) -> str:
        """Asked once per store object (every home page and export shows it)."""
        if self._version is None:
            with self._reading() as rd:
                rows = rd.fetch("version", {})
            row = next((r for r in rows if r["name"] == "Neo4j Kernel"), rows[0])
            self._version = f"Neo4j {row['versions'][0]} ({row['edition']})"
        return self._version

    def ensure_schema(self) -> None:
        with self._session(neo4j.WRITE_ACCESS) as session:
            for statement in schema_statements():
                session.run(statement).consume()
            session.run("CALL db.awaitIndexes(300)").consume()

    # -- reading ------------------------------------------------------------------------
    @contextmanager
    def _begin_reading(self):
        with self._session(neo4j.READ_ACCESS) as session:
            tx = session.begin_transaction(timeout=self.limits.CYPHER_TIMEOUT_S)
            try:
                yield _Reader(tx, self.limits.CYPHER_TIMEOUT_S)
            finally:
                tx.close()

    def _search_run(self, rd, label, params) -> list[dict]:
        """A run whose longest word is Chinese of 2 characters or more takes its
        candidates from the full-text index (any node holding the word holds its pairs
        in a row); any other from the TEXT index. Filters and ranking are the same."""
        first = params["first"]
        if not (self._search_ok and FULLTEXT_WORD.fullmatch(first)):
            return super()._search_run(rd, label, params)
        placeholder = lbl(label) if label else self.search_all_label
        return rd.fetch("search_fulltext", {**params, "lucene": f'"{first}"'}, label=placeholder)

    _console: ConsoleRules | None = None

    def _check_console_text(self, query: str) -> None:
        check_read_text(query, self.console_rules())

    def console_rules(self) -> ConsoleRules:
        """The console's allow-list here: the server's built-in functions (asked once)
        and the schema procedures a Neo4j user expects (READ_PROCEDURES)."""
        if self._console is None:
            with self._reading() as rd:
                functions, _ = split_catalogue(rd.fetch("functions", {}))
            self._console = ConsoleRules(NEO4J_KEYWORDS, functions, READ_PROCEDURES)
        return self._console

    def _to_dialect(self, query: str) -> str:
        """``labels(n)`` without the internal Entity label."""
        return to_neo4j(query)

    def _run_read_only(self, query: str, params: dict, timeout_s: float, max_rows: int):
        with self._session(neo4j.READ_ACCESS) as session:
            tx = session.begin_transaction(timeout=timeout_s)
            try:
                self._refuse_writes(tx, query, params)
                result = tx.run(query, params)
                columns = list(result.keys())
                raw = []
                for record in result:
                    raw.append(record)
                    if len(raw) > max_rows:
                        break
                collector = Collector("neo4j")
                rows = [
                    {c: collector.value(v) for c, v in zip(columns, rec.values(), strict=True)}
                    for rec in raw[:max_rows]
                ]
                rows, nodes, rels = collector.finish(rows, _Reader(tx, timeout_s).resolve)
            except ne.Neo4jError as e:
                raise neo_error(e, timeout_s) from e
            finally:
                tx.close()
        return columns, rows, nodes, rels, len(raw) > max_rows

    @staticmethod
    def _refuse_writes(tx, query: str, params: dict) -> None:
        try:
            summary = tx.run(EXPLAIN + query, params).consume()
        except ne.CypherSyntaxError as e:
            raise CypherSyntaxError(unprefixed(e.message or str(e))) from e
        if summary.query_type != "r":
            raise WriteNotAllowed()

    # -- writing ------------------------------------------------------------------------
    def _write_batch(self, batch: _upsert.Batch) -> WriteCounts:
        run = _journal.current(self)

        def work(tx):  # retried on transient errors: the undo is the last attempt's
            if run is not None and run.unique and run.empty is None:
                run.empty = not list(tx.run(render("any_node", "neo4j", label="")))
            writer = _Writer(tx)
            return writer.write(batch, run), writer.undo

        with self._session(neo4j.WRITE_ACCESS) as session:
            try:
                counts, undo = session.execute_write(work)
            except ne.Neo4jError as e:
                raise GraphError(f"{self.uri}: the batch was not written: {e.message}") from e
        _journal.record(self, undo)  # committed: a failing later batch takes it back
        return counts

    def _rollback_batch(self, undo: _upsert.Undo, keep: bool = False) -> _upsert.Undo:
        with self._session(neo4j.WRITE_ACCESS) as session:
            try:
                return session.execute_write(lambda tx: _Writer(tx).rollback(undo, keep))
            except ne.Neo4jError as e:
                raise GraphError(
                    f"{self.uri}: a written batch was not taken back: {e.message}"
                ) from e
            finally:
                self._changed()  # kept neighbour orders (graph/_read_cache.py)

    def delete(self, keys) -> int:
        grouped = self._checked_keys(keys)

        def work(tx):
            reader = _Reader(tx, None)
            return sum(
                reader.fetch("delete_nodes", {"keys": group}, label=lbl(label))[0]["deleted"]
                for label, group in grouped.items()
            )

        with self._session(neo4j.WRITE_ACCESS) as session:
            try:
                return session.execute_write(work)
            except ne.Neo4jError as e:
                raise GraphError(f"{self.uri}: nothing was deleted: {e.message}") from e
            finally:
                self._changed()  # kept neighbour orders (graph/_read_cache.py)


EXPLAIN = "EXPLAIN "


def unprefixed(message: str) -> str:
    """The engine's message as if the user's text had been sent without our EXPLAIN.

    >>> text = 'Bad (line 1, column 33 (offset: 32))\\n"EXPLAIN RETURN x"\\n' + " " * 16 + "^"
    >>> print(unprefixed(text))
    Bad (line 1, column 25 (offset: 24))
    "RETURN x"
            ^
    """

    def shift(m: re.Match) -> str:
        return f"(line 1, column {int(m[1]) - len(EXPLAIN)} (offset: {int(m[2]) - len(EXPLAIN)}))"

    lines = message.split("\n")
    if len(lines) >= 3 and lines[-2].startswith('"' + EXPLAIN):
        caret_on_first = "(line 1," in lines[0]
        lines[-2] = '"' + lines[-2][1 + len(EXPLAIN) :]
        if caret_on_first:
            lines[-1] = lines[-1][len(EXPLAIN) :]
    lines[0] = re.sub(r"\(line 1, column (\d+) \(offset: (\d+)\)\)", shift, lines[0])
    return "\n".join(lines)


def _cause(e: Exception) -> str:
    """The driver's message on one line; its last line says why (Connection refused)."""
    text = getattr(e, "message", None) or str(e) or type(e).__name__
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


class _Reader:
    """Runs named queries in one transaction."""

    def __init__(self, tx, timeout_s: float | None):
        self.tx = tx
        self.timeout_s = timeout_s

    def fetch(self, name: str, params: dict, **names) -> list[dict[str, Any]]:
        text = render(name, "neo4j", **names)
        try:
            result = self.tx.run(text, params)
            columns = list(result.keys())
            collector = Collector("neo4j")
            rows = [
                {c: collector.value(v) for c, v in zip(columns, rec.values(), strict=True)}
                for rec in result
            ]
        except ne.Neo4jError as e:
            raise neo_error(e, self.timeout_s) from e
        return collector.finish(rows, lambda ids: {})[0]

    def fetch_each(self, name: str, keys: list[str], params: dict, **names) -> list[dict]:
        """Query ``name`` for every key at once (``$keys``): one round trip, index seeks."""
        return self.fetch(name, {**params, "keys": keys}, **names)

    @staticmethod
    def key_batches(keys: list[str]) -> list[list[str]]:
        return [keys]

    def resolve(self, ids: list[str]) -> dict[str, str]:
        rows = self.tx.run(render("resolve_element_ids"), {"ids": ids})
        return {row["id"]: row["key"] for row in rows}


class _Writer(_upsert.BatchWriter):
    def __init__(self, tx):
        self.tx = tx
        self.reader = _Reader(tx, None)

    def write_nodes(self, label, plan) -> None:
        if plan.create:
            self.run("create_nodes", plan.create, label=lbl(label))
        if plan.update:
            rows = [{"key": k, "props": g} for k, g, _ in plan.update]
            self.run("update_nodes", rows, label=lbl(label))

    def write_rels(self, group, plan) -> None:
        start, rtype, end = group
        names = {"start_label": lbl(start), "types": rel_types([rtype]), "end_label": lbl(end)}
        if plan.create:
            rows = [{"start": s, "end": e, "props": p} for (s, e), p in plan.create]
            self.run("create_relationships", rows, **names)
        if plan.update:
            rows = [{"start": s, "end": e, "props": g} for (s, e), g, _ in plan.update]
            self.run("update_relationships", rows, **names)

    def stored_rels(self, group, pairs, new: set[str]) -> dict[tuple[str, str], dict]:
        start, rtype, end = group
        pairs = _upsert.may_exist(pairs, new)
        if not pairs:
            return {}
        rows = self.reader.fetch(
            "existing_relationships",
            {"rows": [{"s_key": s, "e_key": e} for s, e in pairs]},
            start_label=lbl(start),
            types=rel_types([rtype]),
            end_label=lbl(end),
        )
        return {(row["start_key"], row["end_key"]): dict(row["r"].properties) for row in rows}

    def run(self, name: str, rows: list, **names) -> None:
        self.tx.run(render(name, "neo4j", **names), {"rows": rows}).consume()

    # -- taking a batch back (graph/_journal.py) --
    def restore_nodes(self, label, rows) -> None:
        rows = [{"key": props["key"], "props": props} for props in rows]
        self.run("restore_nodes", rows, label=lbl(label))

    def delete_nodes(self, label, keys) -> None:
        self.reader.fetch("delete_nodes", {"keys": keys}, label=lbl(label))

    def restore_rels(self, group, rows) -> None:
        rows = [{"start": s, "end": e, "props": old} for (s, e), old in rows]
        self.run("restore_relationships", rows, **_group_names(group))

    def delete_rels(self, group, pairs) -> None:
        rows = [{"s_key": s, "e_key": e} for s, e in pairs]
        self.run("delete_relationships", rows, **_group_names(group))


def _group_names(group: tuple[str, str, str]) -> dict[str, str]:
    start, rtype, end = group
    return {"start_label": lbl(start), "types": rel_types([rtype]), "end_label": lbl(end)}
