"""The one interface both stores implement, and the checks they share.

Every method returns the plain objects of :mod:`graph.model` and raises only the
errors of :mod:`graph.errors`; a failing query never looks like an empty result.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ._journal import load_run
from .errors import BadParameter
from .keys import check_key
from .model import (
    CypherResult,
    NeighbourPage,
    Node,
    NodeDetail,
    Path,
    Relationship,
    SearchHit,
    Subgraph,
    WriteCounts,
)
from .schema import SCHEMA

DIRECTIONS = ("out", "in", "both")


@dataclass(frozen=True)
class Limits:
    """Named limits; error messages name the setting that stopped a request."""

    CYPHER_TIMEOUT_S: float = 10.0
    MAX_ROWS: int = 1000
    MAX_NODES: int = 300
    MAX_EXPAND: int = 100
    MAX_HOPS: int = 10
    DEFAULT_HOPS: int = 6
    MAX_PATHS: int = 10
    SEARCH_LIMIT: int = 20
    MAX_SEARCH_LIMIT: int = 100
    MAX_PAGE: int = 1000
    # Records per write transaction. Large, because a commit has a fixed cost (a Ladybug
    # commit is ~80 ms: at 5,000 a batch, commits took half of a 1M-relationship load).
    # Longest and deepest Cypher text run_cypher accepts (graph/_cypher_guard.py says why).
    MAX_QUERY_CHARS: int = 10_000
    MAX_QUERY_DEPTH: int = 32
    BATCH_SIZE: int = 50000
    # Ladybug's page buffer; its default, ~80% of the machine's memory, let one app
    # process grow past 4 GB under concurrent hub queries at 100,000 enterprises. 512
    # holds a load of 100,000 generated enterprises but not 8 clients' k-hop views and
    # home pages at that size ("buffer pool is full", measured in issue 11).
    LADYBUG_BUFFER_POOL_MB: int = 1024
    # Console Cypher on the embedded store runs in a worker process, killed when it
    # passes CYPHER_TIMEOUT_S or this resident size (its buffer pool is half of it).
    CONSOLE_WORKER_MB: int = 512
    # Heavy operations (console queries, paths, neighbourhoods, exports) at once; one
    # more waits up to HEAVY_WAIT_S for a slot (most take milliseconds), then is
    # answered 503 with Retry-After (docs/console.md).
    MAX_HEAVY_QUERIES: int = 2
    HEAVY_WAIT_S: float = 1.0
    # What a zip given to the loader may expand to, counted while it is read (a 200 KB
    # zip can expand to gigabytes), and how far one member may expand per stored byte.
    MAX_ARCHIVE_BYTES: int = 1_000_000_000
    MAX_ARCHIVE_RATIO: int = 200
    # Largest document `flask --app webapp ingest` and /ingest accept (docs/ingest.md).
    MAX_INGEST_BYTES: int = 20_000_000


class GraphStore(abc.ABC):
    """A graph database behind the operations the app uses.

    ``kind`` is "neo4j" or "ladybug"; ``uri`` is what the user configured.
    """

    kind: str
    uri: str
    limits: Limits

    # -- lifecycle ---------------------------------------------------------
    @abc.abstractmethod
    def close(self) -> None: ...

    @abc.abstractmethod
    def version(self) -> str:
        """Engine name and version, e.g. "Neo4j 5.26.30" or "Ladybug 0.22.0"."""

    @abc.abstractmethod
    def ensure_schema(self) -> None:
        """Create constraints, indexes (Neo4j) or tables (Ladybug) from SCHEMA; idempotent."""

    # -- writing (loaders only) -----------------------------------------------
    @abc.abstractmethod
    def upsert(self, nodes: Sequence[Node], relationships: Sequence[Relationship]) -> WriteCounts:
        """Write one batch in one transaction: nodes (by key) then relationships
        (by start, type, end). Properties given replace stored ones; absent ones are
        kept. Every relationship's ends must exist (in the store or the batch).
        Either all of the batch is written or nothing is."""

    def load(
        self,
        items: Iterable[Node | Relationship],
        batch_size: int | None = None,
        unique: bool = False,
    ) -> WriteCounts:
        """Upsert a stream of records in batches of ``batch_size`` (default BATCH_SIZE),
        one transaction each; sum the counts.

        ``unique``: the caller promises that no node key and no (start, type, end) comes
        twice (the loaders refuse duplicates). A store may then skip reading back what
        this run itself created, and an empty embedded store takes the engine's bulk
        import instead (graph/_ladybug_bulk.py): same checks, same counts.

        All or nothing: if any batch fails (or the stream raises), the batches already
        committed are taken back, newest first (what they created is deleted with its
        relationships, what they updated gets its stored properties back), and the error
        is raised again with its message saying so. The undo journal (graph/_journal.py)
        is a temporary file: keys of what each batch created, the stored property maps of
        what it updated. Other writers should leave this run's records alone meanwhile
        (docs/data.md "All or nothing")."""
        with load_run(self, unique):
            return self._load_batches(items, batch_size or self.limits.BATCH_SIZE)

    def _load_batches(self, items: Iterable[Node | Relationship], size: int) -> WriteCounts:
        total = WriteCounts()
        nodes: list[Node] = []
        rels: list[Relationship] = []
        for item in items:
            (nodes if isinstance(item, Node) else rels).append(item)
            if len(nodes) + len(rels) >= size:
                total.add(self.upsert(nodes, rels))
                nodes, rels = [], []
        if nodes or rels:
            total.add(self.upsert(nodes, rels))
        return total

    def _rollback_batch(self, undo, keep: bool = False):
        """Take back one committed batch (a graph._upsert.Undo) in one write transaction;
        with ``keep``, return the Undo of what it deleted (BatchWriter.rollback)."""
        raise NotImplementedError

    @abc.abstractmethod
    def delete(self, keys: Sequence[str]) -> int:
        """Delete these nodes and their relationships in one write transaction (loaders
        and tests only; ``loaders.delete`` also re-derives the ELIGIBLE_FOR it changes)."""

    def delete_relationships(self, rels: Iterable[tuple[str, str, str]]) -> int:
        """Delete these (type, start key, end key) relationships in one write
        transaction, and only those (derived ELIGIBLE_FOR that no longer hold:
        loaders/rederive.py). Through the stores' taking-back hook, so both engines
        delete alike. Inside a load run the deleted relationships are journaled with
        their properties, so a later failure of the run recreates them."""
        from ._journal import current, record
        from ._upsert import Undo

        groups: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
        for rtype, start, end in rels:
            group = (SCHEMA.label_for_key(start), rtype, SCHEMA.label_for_key(end))
            groups.setdefault(group, []).append((start, end))
        if groups:
            run = current(self)
            kept = self._rollback_batch(Undo(rels_created=groups), keep=run is not None)
            if run is not None:
                record(self, kept)
        return sum(len(pairs) for pairs in groups.values())

    # -- reading ------------------------------------------------------------
    @abc.abstractmethod
    def get_node(self, key: str) -> NodeDetail:
        """The node with its degree per relationship type and direction; NodeNotFound."""

    @abc.abstractmethod
    def neighbours(
        self,
        key: str,
        types: Sequence[str] | None = None,
        direction: str = "both",
        label: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> NeighbourPage:
        """Neighbours ordered by (relationship type, neighbour name, neighbour key)."""

    @abc.abstractmethod
    def search(
        self,
        q: str,
        limit: int | None = None,
        labels: Sequence[str] | None = None,
        statuses: Sequence[str] | None = None,
        exclude_statuses: Sequence[str] | None = None,
    ) -> list[SearchHit]:
        """Every word of ``q`` in name, name_en or aliases (and the key when ``q`` looks
        like a key ``kind:id``), case- and width-insensitive; ranked on the whole phrase
        exact > prefix > substring > words, then by name length, name, key. A word naming
        a label (``province``, ``企业``) may be met by the node's label. ``statuses`` keeps
        only nodes of those statuses, ``exclude_statuses`` leaves those out."""

    @abc.abstractmethod
    def shortest_paths(
        self,
        start: str,
        end: str,
        max_hops: int | None = None,
        types: Sequence[str] | None = None,
        limit: int | None = None,
        include_derived: bool = False,
    ) -> list[Path]:
        """All shortest undirected paths (up to ``limit``) within ``max_hops``; [] if none.
        With no ``types``, derived relationships (schema DERIVED_TYPES) count only when
        ``include_derived``."""

    @abc.abstractmethod
    def subgraph(self, keys: Sequence[str]) -> Subgraph:
        """These nodes (unknown keys are left out) and the relationships among them."""

    @abc.abstractmethod
    def neighbourhood(
        self,
        key: str,
        depth: int = 1,
        max_nodes: int | None = None,
        types: Sequence[str] | None = None,
        include_derived: bool = False,
    ) -> Subgraph:
        """The k-hop neighbourhood, nearest first, at most ``max_nodes`` nodes, with the
        relationships among them; ``truncated`` when the cap cut nodes. With no ``types``,
        derived relationships are followed and drawn only when ``include_derived``."""

    @abc.abstractmethod
    def stats(self) -> dict[str, dict[str, int]]:
        """{"labels": {label: count}, "relationships": {type: count}}; every schema
        label and type appears, with 0 when absent."""

    @abc.abstractmethod
    def schema_graph(self) -> dict[str, Any]:
        """Labels and types with their properties, and the label-to-label patterns
        present in the data: {"labels": [...], "relationship_types": [...],
        "patterns": [{"start": L, "type": T, "end": L2, "count": n}]}."""

    @abc.abstractmethod
    def run_cypher(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        timeout_s: float | None = None,
        max_rows: int | None = None,
    ) -> CypherResult:
        """Read-only Cypher. Writes are refused before anything runs (WriteNotAllowed);
        runs in a read transaction under min(timeout_s, CYPHER_TIMEOUT_S) (QueryTimeout)
        and returns at most min(max_rows, MAX_ROWS) rows, ``truncated`` if more."""

    # -- internal reads (loaders, never user input) ---------------------------------
    @abc.abstractmethod
    def existing_keys(self, keys: Iterable[str]) -> set[str]:
        """Those of ``keys`` that name a stored node (a key of an unknown kind is absent,
        a malformed one is BadParameter)."""

    @abc.abstractmethod
    def read_named(self, name: str, params: dict[str, Any], **names: str) -> list[dict]:
        """Rows of the app's query ``cypher/<name>.cypher`` (labels and types in ``names``
        rendered by graph.queries), in one read transaction under CYPHER_TIMEOUT_S; not
        the console path, so neither its guard nor MAX_ROWS applies (page with $limit)."""

    # -- shared checks --------------------------------------------------------
    def check_limit(self, name: str, value: Any, cap: int, minimum: int = 0) -> int:
        return check_int(name, value, minimum, cap)

    def check_types(self, types: Sequence[str] | None) -> list[str] | None:
        if not types:
            return None
        for t in types:
            if t not in SCHEMA.rel_names:
                raise BadParameter("type", f"unknown relationship type {t!r}")
        return list(types)

    def check_label(self, label: str | None) -> str | None:
        if label and label not in SCHEMA.label_names:
            raise BadParameter("label", f"unknown label {label!r}")
        return label or None

    @staticmethod
    def check_direction(direction: str) -> str:
        if direction not in DIRECTIONS:
            raise BadParameter("direction", f"must be one of {', '.join(DIRECTIONS)}")
        return direction

    @staticmethod
    def check_key(key: str, name: str = "key") -> str:
        return check_key(key, name)

    def effective_timeout(self, timeout_s: float | None) -> float:
        cap = self.limits.CYPHER_TIMEOUT_S
        if timeout_s is None:
            return cap
        if not isinstance(timeout_s, (int, float)) or isinstance(timeout_s, bool) or timeout_s <= 0:
            raise BadParameter("timeout", "must be a positive number of seconds")
        return min(float(timeout_s), cap)

    def effective_max_rows(self, max_rows: int | None) -> int:
        if max_rows is None:
            return self.limits.MAX_ROWS
        return min(check_int("max_rows", max_rows, 1, 10**9), self.limits.MAX_ROWS)


def check_int(name: str, value: Any, minimum: int, maximum: int) -> int:
    """An int within [minimum, maximum], else BadParameter naming ``name``.

    >>> check_int("limit", "20", 0, 100)
    20
    >>> check_int("limit", -1, 0, 100)
    Traceback (most recent call last):
    ...
    graph.errors.BadParameter: limit: must be an integer from 0 to 100
    """
    try:
        if isinstance(value, bool):
            raise ValueError
        number = int(value)
        if isinstance(value, float) and number != value:
            raise ValueError
    except (TypeError, ValueError):
        raise BadParameter(name, f"must be an integer from {minimum} to {maximum}") from None
    if not minimum <= number <= maximum:
        raise BadParameter(name, f"must be an integer from {minimum} to {maximum}")
    return number
