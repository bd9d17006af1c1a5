"""Path search over the embedded store's in-memory structure (graph/_topology.py),
checked against networkx on random multigraphs and against the engine's own ALL
SHORTEST query on a real store."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import numpy as np
import pytest

from graph import _topology
from graph._common import SharedStore, path_order

TYPES = ("A", "B", "C")


def random_graph(rng: random.Random, n: int, m: int):
    """``n`` nodes over two labels, ``m`` distinct (start, type, end) relationships."""
    labels = {f"x:{i:03d}" if i % 3 else f"y:{i:03d}": ("X" if i % 3 else "Y") for i in range(n)}
    keys = list(labels)
    rng.shuffle(keys)  # offsets not in key order
    rels = set()
    while len(rels) < m:
        s, e = rng.choice(keys), rng.choice(keys)
        if s != e:
            rels.add((s, rng.choice(TYPES), e))
    return labels, keys, sorted(rels)


def topology_of(labels, keys, rels) -> tuple[_topology.Topology, dict[str, int]]:
    offsets: dict[str, int] = {}
    per_label: dict[str, list[str]] = {}
    for k in keys:
        per_label.setdefault(labels[k], []).append(k)
        offsets[k] = len(per_label[labels[k]]) - 1
    nodes = {
        label: (np.arange(len(ks), dtype=np.int64), np.array(ks, dtype=object))
        for label, ks in per_label.items()
    }
    tables: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
    for s, t, e in rels:
        tables.setdefault((t, labels[s], labels[e]), []).append((offsets[s], offsets[e]))
    relationships = [
        (t, a, b, np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs]))
        for (t, a, b), pairs in tables.items()
    ]
    topo = _topology.build(nodes, relationships)
    ids = {k: topo.node_id(labels[k], offsets[k]) for k in keys}
    return topo, ids


def expected(rels, a: str, b: str, types, hops: int, limit: int):
    """Every shortest path by brute force (networkx), as (keys, [(type, start)]),
    in path order, the first ``limit``."""
    g = nx.Graph()
    between: dict[frozenset, list[tuple[str, str]]] = {}
    for s, t, e in rels:
        if types is None or t in types:
            g.add_edge(s, e)
            between.setdefault(frozenset((s, e)), []).append((t, s))
    if a not in g or b not in g or not nx.has_path(g, a, b):
        return []
    if nx.shortest_path_length(g, a, b) > hops:
        return []
    out = []
    for nodes in nx.all_shortest_paths(g, a, b):
        steps = [between[frozenset(pair)] for pair in itertools.pairwise(nodes)]
        for choice in itertools.product(*steps):
            out.append((list(nodes), [t for t, _ in choice], [s for _, s in choice]))
    out.sort()
    return out[:limit]


def found(topo, ids, a, b, types, hops, limit):
    allowed = topo.type_mask(types)
    layers = _topology.layers(topo, ids[a], ids[b], allowed, hops)
    if layers is None:
        return []
    out = []
    for nodes, steps in _topology.walk(topo, layers, allowed, limit):
        keys = [topo.key(n) for n in nodes]
        starts = [keys[i] if forward else keys[i + 1] for i, (_, forward) in enumerate(steps)]
        out.append((keys, [topo.types[code] for code, _ in steps], starts))
    out.sort()
    return out[:limit]


@pytest.mark.parametrize("seed", range(12))
def test_paths_match_brute_force(seed):
    rng = random.Random(seed)
    labels, keys, rels = random_graph(rng, n=rng.randint(8, 60), m=rng.randint(10, 140))
    topo, ids = topology_of(labels, keys, rels)
    for _ in range(40):
        a, b = rng.sample(keys, 2)
        types = rng.choice([None, ["A"], ["A", "B"], ["C"]])
        hops, limit = rng.randint(1, 6), rng.choice([1, 3, 10, 1000])
        assert found(topo, ids, a, b, types, hops, limit) == expected(
            rels, a, b, types, hops, limit
        ), (seed, a, b, types, hops, limit)


def test_parallel_relationships_in_both_directions_are_separate_paths():
    labels = {"x:1": "X", "x:2": "X", "x:3": "X"}
    rels = [("x:1", "A", "x:2"), ("x:2", "A", "x:1"), ("x:2", "B", "x:3")]
    topo, ids = topology_of(labels, list(labels), rels)
    got = found(topo, ids, "x:1", "x:3", None, 6, 10)
    assert got == [
        (["x:1", "x:2", "x:3"], ["A", "B"], ["x:1", "x:2"]),
        (["x:1", "x:2", "x:3"], ["A", "B"], ["x:2", "x:2"]),
    ]


def test_unreachable_within_the_hops_and_isolated_nodes_give_nothing():
    labels = {f"x:{i}": "X" for i in range(5)}
    rels = [("x:0", "A", "x:1"), ("x:1", "A", "x:2"), ("x:2", "A", "x:3")]
    topo, ids = topology_of(labels, list(labels), rels)
    assert found(topo, ids, "x:0", "x:3", None, 2, 10) == []
    assert found(topo, ids, "x:0", "x:3", None, 3, 10)[0][0] == ["x:0", "x:1", "x:2", "x:3"]
    assert found(topo, ids, "x:0", "x:4", None, 6, 10) == []
    assert found(topo, ids, "x:0", "x:3", ["B"], 6, 10) == []


def test_a_hub_side_is_expanded_last():
    """A hub with many neighbours on one side: the search still finds the one path
    (and the work measure picks the small side first)."""
    labels = {"y:hub": "Y", "x:a": "X", "x:b": "X", **{f"x:{i:04d}": "X" for i in range(3000)}}
    rels = [("x:a", "A", "x:b"), ("x:b", "A", "y:hub")]
    rels += [(f"x:{i:04d}", "B", "y:hub") for i in range(3000)]
    topo, ids = topology_of(labels, list(labels), rels)
    assert found(topo, ids, "x:a", "x:0007", None, 6, 10) == [
        (["x:a", "x:b", "y:hub", "x:0007"], ["A", "A", "B"], ["x:a", "x:b", "x:0007"])
    ]


def test_store_paths_equal_the_engines_all_shortest(ladybug_store):
    """On a real store with the bundled data: the same paths, relationships and
    properties as the engine's ALL SHORTEST query, for every kind of pair."""
    from tests.conftest import load_bundled

    load_bundled(ladybug_store)
    store = ladybug_store
    result = store.run_cypher(
        "MATCH (n)--() RETURN DISTINCT n.key AS k ORDER BY k", max_rows=100_000
    )
    keys = [r["k"] for r in result.records]
    rng = random.Random(5)
    checked = 0
    for _ in range(200):
        a, b = rng.sample(keys, 2)
        derived = rng.random() < 0.3
        hops = rng.randint(2, 6)
        got = store.shortest_paths(a, b, max_hops=hops, include_derived=derived)
        types = store._types_shown(None, derived)
        with store._reading() as rd:
            engine = SharedStore._paths(
                store, rd, (a, store._label(a)), (b, store._label(b)), hops, types, 10
            )
        engine.sort(key=path_order)
        assert [p.to_dict() for p in got] == [p.to_dict() for p in engine[:10]], (a, b)
        checked += bool(got)
    assert checked >= 10  # the comparison saw real paths, not only empty answers


def test_a_write_is_seen_by_the_next_path_search(ladybug_store):
    from tests.conftest import load_bundled

    load_bundled(ladybug_store)
    a, b = "city:330100", "city:330200"
    before = ladybug_store.shortest_paths(a, b, max_hops=6)
    assert before and all("province:330000" in [n.key for n in p.nodes] for p in before)
    ladybug_store.delete(["province:330000"])
    after = ladybug_store.shortest_paths(a, b, max_hops=6)
    assert all("province:330000" not in [n.key for n in p.nodes] for p in after)
