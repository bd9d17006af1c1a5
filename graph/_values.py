"""Engine values to the plain objects of :mod:`graph.model` and JSON-ready values.

Both engines' nodes become :class:`Node` (domain label only, no internal ``search``
property, no nulls); relationships become :class:`Relationship` named by the keys of
their ends. A relationship whose end nodes a query did not return carries the end's
engine id until :class:`Collector` resolves it to a key.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .model import Node, Path, Relationship
from .schema import SCHEMA, SEARCH_PROP

ENTITY = "Entity"  # Neo4j-only second label on every node; never shown
_DOMAIN = set(SCHEMA.label_names)
_LB_NODE = {"_ID", "_LABEL"}
_LB_REL = {"_ID", "_LABEL", "_SRC", "_DST"}


def clean_props(props: dict) -> dict:
    """Stored properties without nulls and the internal search text."""
    return {k: v for k, v in props.items() if v is not None and k != SEARCH_PROP}


def domain_labels(labels) -> tuple[str, ...]:
    """The labels worth showing: domain ones first, never the internal Entity."""
    shown = [label for label in labels if label != ENTITY]
    return tuple(sorted(shown, key=lambda label: (label not in _DOMAIN, label)))


# -- Ladybug -------------------------------------------------------------------------


def lb_id(value: dict) -> str:
    return f"{value['table']}:{value['offset']}"


def lb_is_node(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and "_LABEL" in value
        and isinstance(value.get("_ID"), dict)
        and "_SRC" not in value
    )


def lb_is_rel(value: Any) -> bool:
    return isinstance(value, dict) and "_LABEL" in value and isinstance(value.get("_SRC"), dict)


def lb_is_path(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"_NODES", "_RELS"}


def lb_node(value: dict) -> Node:
    props = clean_props({k: v for k, v in value.items() if k not in _LB_NODE})
    return Node(props.get("key", lb_id(value["_ID"])), (value["_LABEL"],), props)


def lb_rel_parts(value: dict) -> tuple[str, dict]:
    return value["_LABEL"], clean_props({k: v for k, v in value.items() if k not in _LB_REL})


# -- Neo4j ---------------------------------------------------------------------------


def neo_node(value) -> Node:
    props = clean_props(dict(value))
    return Node(props.get("key", value.element_id), domain_labels(value.labels), props)


def neo_rel_parts(value) -> tuple[str, dict]:
    return value.type, clean_props(dict(value))


def _internal_only(v) -> bool:
    """A virtual node of the internal label alone (``db.schema.visualization()``), or a
    virtual relationship touching one: left out of lists, as ``labels(n)`` leaves it out."""
    from neo4j import graph as ng

    if isinstance(v, ng.Node):
        return set(v.labels) == {ENTITY}
    if isinstance(v, ng.Relationship):
        return any(n is not None and _internal_only(n) for n in (v.start_node, v.end_node))
    return False


# -- results ---------------------------------------------------------------------------


class Collector:
    """Converts one result's values, remembering the nodes and relationships seen.

    ``kind`` is "neo4j" or "ladybug". Relationship ends not seen as nodes are resolved
    at the end with ``resolve(ids) -> {engine id: key}`` (one query for all of them).
    """

    def __init__(self, kind: str):
        self.kind = kind
        self.keys: dict[str, str] = {}  # engine id -> key
        self.nodes: dict[str, Node] = {}
        self.rels: dict[str, Relationship] = {}
        self._pending: list[tuple[Relationship, str, str]] = []
        self._fixed: dict[int, Relationship] = {}

    # each engine value -> model object (nodes, rels, paths) or plain value
    def value(self, v: Any) -> Any:
        if self.kind == "neo4j":
            return self._neo(v)
        return self._lb(v)

    def _lb(self, v: Any) -> Any:
        if lb_is_path(v):
            nodes = [self._node(lb_id(n["_ID"]), lb_node(n)) for n in v["_NODES"]]
            rels = [self._lb(r) for r in v["_RELS"]]
            return Path(tuple(nodes), tuple(rels))
        if lb_is_rel(v):
            rtype, props = lb_rel_parts(v)
            return self._rel(lb_id(v["_ID"]), rtype, lb_id(v["_SRC"]), lb_id(v["_DST"]), props)
        if lb_is_node(v):
            return self._node(lb_id(v["_ID"]), lb_node(v))
        if isinstance(v, dict) and set(v) == {"offset", "table"}:
            return lb_id(v)
        if isinstance(v, dict):
            return {str(k): self._lb(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [self._lb(x) for x in v]
        return plain(v)

    def _neo(self, v: Any) -> Any:
        from neo4j import graph as ng

        if isinstance(v, ng.Path):
            nodes = [self._neo(n) for n in v.nodes]
            return Path(tuple(nodes), tuple(self._neo(r) for r in v.relationships))
        if isinstance(v, ng.Relationship):
            rtype, props = neo_rel_parts(v)
            return self._rel(
                v.element_id, rtype, v.start_node.element_id, v.end_node.element_id, props
            )
        if isinstance(v, ng.Node):
            return self._node(v.element_id, neo_node(v))
        if isinstance(v, dict):
            return {str(k): self._neo(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [self._neo(x) for x in v if not _internal_only(x)]
        return plain(v)

    def _node(self, engine_id: str, node: Node) -> Node:
        self.keys[engine_id] = node.key
        self.nodes.setdefault(node.key, node)
        return node

    def _rel(self, engine_id: str, rtype: str, src: str, dst: str, props: dict) -> Relationship:
        rel = Relationship(rtype, src, dst, props)
        self._pending.append((rel, src, dst))
        return rel

    def unresolved(self) -> list[str]:
        return sorted({i for _, s, d in self._pending for i in (s, d) if i not in self.keys})

    def finish(self, rows: list[dict], resolve: Callable[[list[str]], dict[str, str]]):
        """Replace engine ids by keys in every relationship of ``rows``; return
        (rows of model objects, nodes, relationships)."""
        missing = self.unresolved()
        if missing:
            self.keys.update(resolve(missing))
        for rel, src, dst in self._pending:
            new = replace(rel, start=self.keys.get(src, src), end=self.keys.get(dst, dst))
            self._fixed[id(rel)] = new
            self.rels.setdefault(new.id, new)
        out = [{k: self._model(v) for k, v in row.items()} for row in rows]
        return out, list(self.nodes.values()), list(self.rels.values())

    def _model(self, v: Any) -> Any:
        if isinstance(v, Relationship):
            return self._fixed.get(id(v), v)
        if isinstance(v, Path):
            return Path(v.nodes, tuple(self._fixed.get(id(r), r) for r in v.relationships))
        if isinstance(v, dict):
            return {k: self._model(x) for k, x in v.items()}
        if isinstance(v, list):
            return [self._model(x) for x in v]
        return v


def to_json(v: Any) -> Any:
    """Model objects inside a value as their dicts."""
    if isinstance(v, (Node, Relationship, Path)):
        return v.to_dict()
    if isinstance(v, dict):
        return {k: to_json(x) for k, x in v.items()}
    if isinstance(v, list):
        return [to_json(x) for x in v]
    return v


def plain(v: Any) -> Any:
    """A scalar as JSON-ready: temporals as ISO text, decimals as float, others as text."""
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, (dt.date, dt.datetime, dt.time)):
        return v.isoformat()
    if isinstance(v, dt.timedelta):
        return str(v)
    if isinstance(v, decimal.Decimal):  # Ladybug sums integers as INT128 -> Decimal('3')
        return int(v) if v.as_tuple().exponent >= 0 else float(v)
    if isinstance(v, uuid.UUID):
        return str(v)
    if isinstance(v, (bytes, bytearray)):
        return v.hex()
    iso = getattr(v, "iso_format", None)  # neo4j.time values
    if callable(iso):
        return iso()
    if hasattr(v, "srid") and hasattr(v, "__iter__"):  # neo4j.spatial points
        return {"srid": v.srid, "coordinates": list(v)}
    return str(v)
