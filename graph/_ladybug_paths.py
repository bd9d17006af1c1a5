"""Shortest paths on the embedded store, from the structure kept in memory.

Why not the engine's ``ALL SHORTEST`` (cypher/shortest_paths.ladybug.cypher): it lists
every shortest path before ORDER BY and LIMIT, ~150,000 of them between two enterprises
four hops apart at 100,000 enterprises (1-4 s). graph/_topology.py finds the first
``limit`` in the same order from arrays; the engine is asked only for the nodes and
relationships of those paths.
"""

from __future__ import annotations

import threading

from . import _topology
from .model import Path, Relationship
from .queries import label as lbl
from .queries import rel_types
from .schema import SCHEMA


class Kept:
    """The store's Topology for its current write generation, built on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: tuple[int, _topology.Topology] | None = None

    def get(self, generation: int, rd) -> _topology.Topology:
        with self._lock:
            if self._kept is None or self._kept[0] != generation:
                self._kept = (generation, read(rd))
            return self._kept[1]

    def drop(self) -> None:
        with self._lock:
            self._kept = None


def read(rd) -> _topology.Topology:
    """Every node's offset and key and every relationship's ends, in one read."""
    nodes = {}
    for label in SCHEMA.label_names:
        frame = rd.frame("topology_nodes", label=lbl(label))
        nodes[label] = (frame["o"].to_numpy(dtype="int64"), frame["k"].to_numpy(dtype=object))
    relationships = []
    for rel in SCHEMA.relationships:
        for a, b in rel.pairs:
            frame = rd.frame(
                "topology_relationships",
                start_label=lbl(a),
                end_label=lbl(b),
                types=rel_types([rel.name]),
            )
            relationships.append(
                (
                    rel.name,
                    a,
                    b,
                    frame["s"].to_numpy(dtype="int64"),
                    frame["e"].to_numpy(dtype="int64"),
                )
            )
    return _topology.build(nodes, relationships)


def shortest_paths(store, rd, topo, start, end, hops: int, types, limit: int) -> list[Path]:
    """The first ``limit`` shortest paths (graph/_common.py path_order), or all there are;
    ``start`` and ``end`` are (key, label) of two different stored nodes."""
    ends = [_node_id(rd, topo, key, label) for key, label in (start, end)]
    if None in ends:
        return []
    allowed = topo.type_mask(types)
    found = _topology.layers(topo, ends[0], ends[1], allowed, hops)
    if found is None:
        return []
    walked = list(_topology.walk(topo, found, allowed, limit))
    keys = {n: topo.key(n) for ids, _ in walked for n in ids}
    nodes = {n.key: n for n in store._nodes(rd, store._checked_keys(list(keys.values())))}
    rels: dict[tuple[str, str, str], Relationship] = {}
    paths = []
    for ids, steps in walked:
        path_rels = []
        for (u, w), (code, forward) in zip(zip(ids, ids[1:], strict=False), steps, strict=True):
            s, e = (u, w) if forward else (w, u)
            spec = (keys[s], topo.types[code], keys[e])
            if spec not in rels:
                rels[spec] = _relationship(rd, topo, s, e, spec)
            path_rels.append(rels[spec])
        paths.append(Path(tuple(nodes[keys[n]] for n in ids), tuple(path_rels)))
    return paths


def _node_id(rd, topo, key: str, label: str) -> int | None:
    rows = rd.fetch("topology_node_offset", {"key": key}, label=lbl(label))
    return topo.node_id(label, rows[0]["o"]) if rows else None


def _relationship(rd, topo, s: int, e: int, spec: tuple[str, str, str]) -> Relationship:
    start, rtype, end = spec
    rows = rd.fetch(
        "relationship_between",
        {"start_key": start, "end_key": end},
        start_label=lbl(topo.label(s)),
        end_label=lbl(topo.label(e)),
        types=rel_types([rtype]),
    )
    props = dict(rows[0]["r"].properties) if rows else {}
    return Relationship(rtype, start, end, props)
