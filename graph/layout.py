"""Server-side positions for big views, so the browser only draws them.

vis-network's own physics needs seconds for thousands of nodes; igraph's
Fruchterman-Reingold needs a fraction of one. Positions are in screen pixels, about
``SPACING`` apart, keyed by business key.
"""

from __future__ import annotations

import math
import random
import threading
from collections import deque
from collections.abc import Iterable, Sequence

import igraph

SPACING = 60.0  # pixels between neighbouring nodes, roughly
SEED = 7
# igraph draws from one process-wide generator; a seeded one per call, under a lock,
# makes a view's layout the same every time it is opened.
_rng_lock = threading.Lock()


def force(keys: Sequence[str], edges: Iterable[tuple[str, str]], seed: int = SEED) -> dict:
    """Fruchterman-Reingold positions (igraph), scaled to ``SPACING``; deterministic.

    >>> pos = force(["a", "b", "c"], [("a", "b"), ("b", "c")])
    >>> sorted(pos), all(len(p) == 2 for p in pos.values())
    (['a', 'b', 'c'], True)
    >>> pos == force(["a", "b", "c"], [("a", "b"), ("b", "c")])
    True
    """
    if not keys:
        return {}
    index = {k: i for i, k in enumerate(keys)}
    pairs = {(index[s], index[e]) for s, e in edges if s in index and e in index and s != e}
    g = igraph.Graph(n=len(keys), edges=sorted(pairs))
    rng = random.Random(seed)
    # igraph's own starting spread (side ~ sqrt(n)); a tighter start makes FR crawl.
    side = math.sqrt(len(keys))
    start = [[rng.uniform(-side, side), rng.uniform(-side, side)] for _ in keys]
    with _rng_lock:
        igraph.set_random_number_generator(rng)
        try:
            coords = g.layout_fruchterman_reingold(seed=start, niter=300, grid="grid").coords
        finally:
            igraph.set_random_number_generator(random)
    return _scaled(keys, coords)


def radial(keys: Sequence[str], edges: Iterable[tuple[str, str]], focus: str) -> dict:
    """Rings by hop distance from ``focus`` (unreached nodes on an outer ring); each
    ring ordered by its parents' angles so that branches stay together.

    >>> pos = radial(["f", "a", "b", "z"], [("f", "a"), ("a", "b")], "f")
    >>> pos["f"]
    [0.0, 0.0]
    >>> round(math.hypot(*pos["a"])) < round(math.hypot(*pos["b"])) < round(math.hypot(*pos["z"]))
    True
    """
    adjacent: dict[str, list[str]] = {k: [] for k in keys}
    for s, e in edges:
        if s in adjacent and e in adjacent:
            adjacent[s].append(e)
            adjacent[e].append(s)
    hops, parent = _bfs(adjacent, focus)
    far = max(hops.values(), default=0) + 1
    rings: dict[int, list[str]] = {}
    for k in keys:
        rings.setdefault(hops.get(k, far), []).append(k)
    angle = {focus: 0.0}
    pos: dict[str, list[float]] = {}
    radius = 0.0
    for hop in sorted(rings):
        ring = sorted(rings[hop], key=lambda k: (angle.get(parent.get(k), math.tau), k))
        if hop == 0:
            pos.update({k: [0.0, 0.0] for k in ring})
            continue
        radius = max(radius + SPACING * 2, len(ring) * SPACING / math.tau)
        for i, k in enumerate(ring):
            angle[k] = math.tau * i / len(ring)
            pos[k] = [round(radius * math.cos(angle[k]), 1), round(radius * math.sin(angle[k]), 1)]
    return pos


def _bfs(adjacent: dict[str, list[str]], focus: str) -> tuple[dict, dict]:
    hops, parent = {focus: 0}, {}
    queue = deque([focus] if focus in adjacent else [])
    while queue:
        node = queue.popleft()
        for nxt in adjacent[node]:
            if nxt not in hops:
                hops[nxt], parent[nxt] = hops[node] + 1, node
                queue.append(nxt)
    return hops, parent


def _scaled(keys: Sequence[str], coords: list) -> dict:
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    width, height = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    side = SPACING * math.sqrt(len(keys)) * 1.5
    factor = side / max(width, height)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {
        k: [round((x - cx) * factor, 1), round((y - cy) * factor, 1)]
        for k, (x, y) in zip(keys, coords, strict=True)
    }
