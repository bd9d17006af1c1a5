"""The embedded store's structure in memory, for path search: who is linked to whom.

Ladybug finds all shortest paths by enumerating every one of them before its ORDER BY
and LIMIT: two enterprises four hops apart through the technology and policy hubs have
~150,000 shortest paths at 100,000 enterprises, and the query took 1-4 s. Here the same
answer comes from a bidirectional breadth-first search over compact arrays (the side
with fewer relationships to follow is expanded first), the layers of nodes that lie on a
shortest path, and a walk of those layers in key order that stops after ``limit``
paths: the first paths in the order the query's ORDER BY gives (keys along the path,
then relationship types, then starts).

Only structure is kept: per node its label and rank in key order, per relationship its
ends, type and direction, as numpy arrays (~13 bytes per relationship and direction).
Properties stay in the store and are read for the few nodes and relationships returned.
A Topology never changes; the store builds a new one after a write (graph/_read_cache.py
generation).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Topology:
    labels: tuple[str, ...]  # label code -> name
    base: np.ndarray  # label code -> first node id of that label (ids are per-label offsets)
    keys: tuple[np.ndarray, ...]  # label code -> keys by offset (object array)
    rank: np.ndarray  # node id -> position in key order
    types: tuple[str, ...]  # type code -> relationship type
    indptr: np.ndarray  # node id -> its first entry in nbr/etype/forward (CSR)
    nbr: np.ndarray  # entry -> the other end's node id
    etype: np.ndarray  # entry -> type code
    forward: np.ndarray  # entry -> True when the relationship starts at the node

    @property
    def size(self) -> int:
        return len(self.rank)

    def node_id(self, label: str, offset: int) -> int:
        return int(self.base[self.labels.index(label)]) + int(offset)

    def key(self, node: int) -> str:
        code = int(np.searchsorted(self.base, node, side="right")) - 1
        return str(self.keys[code][node - int(self.base[code])])

    def label(self, node: int) -> str:
        return self.labels[int(np.searchsorted(self.base, node, side="right")) - 1]

    def type_mask(self, types: Sequence[str] | None) -> np.ndarray:
        """A boolean per type code: which relationship types a search may follow."""
        if types is None:
            return np.ones(len(self.types), dtype=bool)
        wanted = set(types)
        return np.array([t in wanted for t in self.types], dtype=bool)


def build(
    nodes: dict[str, tuple[np.ndarray, np.ndarray]],
    relationships: list[tuple[str, str, str, np.ndarray, np.ndarray]],
) -> Topology:
    """A Topology from ``nodes`` (label -> (offsets, keys)) and ``relationships``
    ((type, start label, end label, start offsets, end offsets) per table pair)."""
    labels = tuple(sorted(nodes))
    sizes = []
    keys = []
    for label in labels:
        offsets, names = nodes[label]
        size = int(offsets.max()) + 1 if len(offsets) else 0
        by_offset = np.empty(size, dtype=object)
        by_offset[offsets] = names  # offsets of deleted nodes stay None: never reached
        keys.append(by_offset)
        sizes.append(size)
    base = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    n = int(base[-1])
    every = np.concatenate([k for k in keys]) if keys else np.empty(0, dtype=object)
    present = np.array([k is not None for k in every], dtype=bool)
    order = np.argsort(np.where(present, every, "").astype(str), kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    types = tuple(sorted({r[0] for r in relationships}))
    starts, ends, codes = [], [], []
    code_of = {label: i for i, label in enumerate(labels)}
    for rtype, a, b, s, e in relationships:
        starts.append(base[code_of[a]] + s.astype(np.int64))
        ends.append(base[code_of[b]] + e.astype(np.int64))
        codes.append(np.full(len(s), types.index(rtype), dtype=np.int8))
    s = np.concatenate(starts) if starts else np.empty(0, dtype=np.int64)
    e = np.concatenate(ends) if ends else np.empty(0, dtype=np.int64)
    c = np.concatenate(codes) if codes else np.empty(0, dtype=np.int8)
    # Each relationship twice: from its start (forward) and from its end.
    node = np.concatenate([s, e])
    nbr = np.concatenate([e, s])
    etype = np.concatenate([c, c])
    forward = np.concatenate([np.ones(len(s), dtype=bool), np.zeros(len(s), dtype=bool)])
    # Grouped by node, neighbours in key order (the walk below takes them in that order).
    by = np.lexsort((etype, rank[nbr] if len(nbr) else nbr, node))
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(node, minlength=n), out=indptr[1:])
    return Topology(
        labels,
        base,
        tuple(keys),
        rank,
        types,
        indptr,
        nbr[by].astype(np.int32),
        etype[by],
        forward[by],
    )


# -- search -------------------------------------------------------------------------
SMALL = 4096  # below this many ids, np.unique; above, a flag per node


def _entries(t: Topology, frontier: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """The CSR entries of ``frontier``'s relationships of an allowed type."""
    first, last = t.indptr[frontier], t.indptr[frontier + 1]
    lengths = last - first
    total = int(lengths.sum())
    if not total:
        return np.empty(0, dtype=np.int64)
    shift = np.repeat(first - (np.cumsum(lengths) - lengths), lengths)
    entries = shift + np.arange(total)
    return entries[allowed[t.etype[entries]]]


def _step(t: Topology, frontier: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """The distinct neighbours of ``frontier``, in id order."""
    found = t.nbr[_entries(t, frontier, allowed)]
    if len(found) < SMALL:
        return np.unique(found)
    # A hub's 100,000 neighbours: marking them in a flag per node is ~10x faster than
    # np.unique's hashing or sorting.
    mark = np.zeros(t.size, dtype=bool)
    mark[found] = True
    return np.flatnonzero(mark)


def _work(t: Topology, frontier: np.ndarray) -> int:
    return int((t.indptr[frontier + 1] - t.indptr[frontier]).sum())


def layers(
    t: Topology, a: int, b: int, allowed: np.ndarray, max_hops: int
) -> list[np.ndarray] | None:
    """The nodes at each position of a shortest path from ``a`` to ``b`` (``a != b``)
    of at most ``max_hops`` relationships of an allowed type, or None when there is none.

    A level is expanded whole, from the side whose frontier has fewer relationships;
    when the sides first meet after la + lb levels, every shortest path has length
    la + lb and passes through the met nodes at position la."""
    dist_a = np.full(t.size, -1, dtype=np.int16)
    dist_b = np.full(t.size, -1, dtype=np.int16)
    dist_a[a], dist_b[b] = 0, 0
    fa, fb = np.array([a]), np.array([b])
    la = lb = 0
    met = None
    while la + lb < max_hops and len(fa) and len(fb):
        if _work(t, fa) <= _work(t, fb):
            step = _step(t, fa, allowed)
            fa = step[dist_a[step] < 0]
            la += 1
            dist_a[fa] = la
            hit = fa[dist_b[fa] >= 0]
        else:
            step = _step(t, fb, allowed)
            fb = step[dist_b[step] < 0]
            lb += 1
            dist_b[fb] = lb
            hit = fb[dist_a[fb] >= 0]
        if len(hit):
            met = hit[(dist_a[hit] == la) & (dist_b[hit] == lb)]
            break
    if met is None or not len(met):
        return None
    total = la + lb
    out: list[np.ndarray] = [np.empty(0, dtype=np.int64)] * (total + 1)
    out[la] = met
    for i in range(la - 1, -1, -1):  # back towards a: one step nearer a each time
        step = _step(t, out[i + 1], allowed)
        out[i] = step[dist_a[step] == i]
    for i in range(la + 1, total + 1):  # on towards b
        step = _step(t, out[i - 1], allowed)
        out[i] = step[dist_b[step] == total - i]
    return out


def walk(
    t: Topology, path_layers: list[np.ndarray], allowed: np.ndarray, limit: int
) -> Iterator[tuple[list[int], list[tuple[int, bool]]]]:
    """Shortest paths through ``path_layers``, node sequences in key order, each with
    every choice of relationship between consecutive nodes; stops once ``limit`` paths
    are given and their node sequence is complete (the caller sorts and cuts)."""
    inside = []
    for layer in path_layers:
        mask = np.zeros(t.size, dtype=bool)
        mask[layer] = True
        inside.append(mask)
    last = len(path_layers) - 1
    given = 0

    def links(u: int, position: int) -> list[tuple[int, list[tuple[int, bool]]]]:
        lo, hi = int(t.indptr[u]), int(t.indptr[u + 1])
        nbr = t.nbr[lo:hi]
        keep = np.nonzero(inside[position][nbr] & allowed[t.etype[lo:hi]])[0] + lo
        found: dict[int, list[tuple[int, bool]]] = {}
        for i in keep.tolist():  # entries are in neighbour key order
            found.setdefault(int(t.nbr[i]), []).append((int(t.etype[i]), bool(t.forward[i])))
        return list(found.items())

    stack = [(int(path_layers[0][0]), 0, [], [])]
    while stack:
        u, position, nodes, hops = stack.pop()
        nodes = [*nodes, u]
        if position == last:
            for choice in _choices(hops):
                yield nodes, choice
                given += 1
            if given >= limit:
                return
            continue
        for w, rels in reversed(links(u, position + 1)):
            stack.append((w, position + 1, nodes, [*hops, rels]))


def _choices(hops: list[list[tuple[int, bool]]]) -> Iterator[list[tuple[int, bool]]]:
    if not hops:
        yield []
        return
    for first in hops[0]:
        for rest in _choices(hops[1:]):
            yield [first, *rest]
