"""Plain Python objects both stores return, and the records loaders hand to them.

Nothing here knows about a database. Every object turns into JSON-ready dicts with
``to_dict()``; keys, never internal ids, identify nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Node:
    """A node: its business key, its labels (one domain label) and its properties.

    ``properties`` holds every stored property except the internal search text,
    including ``key`` and ``name``; absent (null) properties are left out.
    """

    key: str
    labels: tuple[str, ...]
    properties: dict[str, Any] = field(default_factory=dict, compare=True, hash=False)

    @property
    def label(self) -> str:
        return self.labels[0]

    @property
    def name(self) -> str | None:
        return self.properties.get("name")

    def to_dict(self) -> dict:
        return {"key": self.key, "labels": list(self.labels), "properties": dict(self.properties)}


@dataclass(frozen=True)
class Relationship:
    """A relationship, identified by (start key, type, end key)."""

    type: str
    start: str
    end: str
    properties: dict[str, Any] = field(default_factory=dict, compare=True, hash=False)

    @property
    def id(self) -> str:
        return f"{self.start}-{self.type}->{self.end}"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "type": self.type,
            "start": self.start,
            "end": self.end,
            "properties": dict(self.properties),
        }


@dataclass(frozen=True)
class Path:
    nodes: tuple[Node, ...]
    relationships: tuple[Relationship, ...]

    def __len__(self) -> int:
        return len(self.relationships)

    def to_dict(self) -> dict:
        return {
            "length": len(self),
            "nodes": [n.to_dict() for n in self.nodes],
            "relationships": [r.to_dict() for r in self.relationships],
        }


@dataclass
class Subgraph:
    """Nodes plus relationships among them; ``truncated`` when a cap cut it short."""

    nodes: list[Node] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    truncated: bool = False
    caps: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "nodes": [n.to_dict() for n in self.nodes],
            "relationships": [r.to_dict() for r in self.relationships],
            "truncated": self.truncated,
            "caps": dict(self.caps),
        }


@dataclass(frozen=True)
class Degree:
    """How many relationships of one type, in one direction, a node has."""

    type: str
    direction: str  # "out" or "in"
    count: int

    def to_dict(self) -> dict:
        return {"type": self.type, "direction": self.direction, "count": self.count}


@dataclass
class NodeDetail:
    node: Node
    degrees: list[Degree]

    def to_dict(self) -> dict:
        return {"node": self.node.to_dict(), "degrees": [d.to_dict() for d in self.degrees]}


@dataclass(frozen=True)
class Neighbour:
    """One neighbour of the focus node and the relationship that joins them."""

    relationship: Relationship
    node: Node
    direction: str  # "out": focus -> node; "in": node -> focus

    def to_dict(self) -> dict:
        return {
            "direction": self.direction,
            "relationship": self.relationship.to_dict(),
            "node": self.node.to_dict(),
        }


@dataclass
class NeighbourPage:
    key: str
    items: list[Neighbour]
    total: int  # matching every filter
    counts: dict[str, int]  # per relationship type, under the direction and label filters
    limit: int
    offset: int

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "items": [i.to_dict() for i in self.items],
            "total": self.total,
            "counts": dict(self.counts),
            "limit": self.limit,
            "offset": self.offset,
            "has_more": self.offset + len(self.items) < self.total,
        }


@dataclass(frozen=True)
class SearchHit:
    node: Node
    match: str  # "exact" | "prefix" | "substring"

    def to_dict(self) -> dict:
        return {"match": self.match, "node": self.node.to_dict()}


@dataclass
class CypherResult:
    """Rows of a read-only query plus the nodes and relationships they contain.

    Record values are JSON-ready: a node becomes ``Node.to_dict()``, a relationship
    ``Relationship.to_dict()``, a path ``Path.to_dict()``; dates become ISO strings.
    """

    columns: list[str]
    records: list[dict[str, Any]]
    nodes: list[Node]
    relationships: list[Relationship]
    truncated: bool
    max_rows: int
    elapsed_ms: float

    def to_dict(self) -> dict:
        return {
            "columns": list(self.columns),
            "records": self.records,
            "nodes": [n.to_dict() for n in self.nodes],
            "relationships": [r.to_dict() for r in self.relationships],
            "truncated": self.truncated,
            "max_rows": self.max_rows,
            "elapsed_ms": round(self.elapsed_ms, 3),
        }


@dataclass
class WriteCounts:
    """What an upsert did, per label (nodes) and per relationship type."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def add(self, other: WriteCounts) -> WriteCounts:
        for mine, theirs in (
            (self.created, other.created),
            (self.updated, other.updated),
            (self.unchanged, other.unchanged),
        ):
            for k, v in theirs.items():
                mine[k] = mine.get(k, 0) + v
        return self

    def to_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}
