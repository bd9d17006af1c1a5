"""Network analysis of a view: pure functions over a networkx graph.

The graph comes from :func:`graph.convert.to_networkx` (a MultiDiGraph keyed by business
key). Rankings treat it as an undirected simple graph: in this domain edge direction is
a matter of wording (an agency *issues* a policy, a city is *part of* a province), so
"how central is this node" should not depend on it.
"""

from __future__ import annotations

import networkx as nx

SEED = 42  # communities and sampled betweenness are reproducible for the same view
EXACT_BETWEENNESS_MAX = 600  # above this many nodes, betweenness samples this many pivots


def undirected(g: nx.Graph) -> nx.Graph:
    """A simple undirected copy: parallel and reverse edges become one, self-loops go.

    >>> mg = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("a", "b"), ("a", "a")])
    >>> sorted(undirected(mg).edges())
    [('a', 'b')]
    """
    simple = nx.Graph()
    simple.add_nodes_from(g.nodes)
    simple.add_edges_from((u, v) for u, v in g.edges() if u != v)
    return simple


def degree(g: nx.Graph) -> dict[str, int]:
    """Distinct neighbours of each node.

    >>> degree(nx.MultiDiGraph([("a", "b"), ("a", "b"), ("c", "a")]))
    {'a': 2, 'b': 1, 'c': 1}
    """
    simple = undirected(g)
    return {n: simple.degree(n) for n in simple.nodes}


def betweenness(g: nx.Graph, seed: int = SEED) -> dict[str, float]:
    """Normalised betweenness centrality; sampled (``EXACT_BETWEENNESS_MAX`` pivots,
    seeded) on big views so a 3,000-node view still answers quickly.

    >>> b = betweenness(nx.path_graph(["a", "b", "c"]))
    >>> b["b"], b["a"]
    (1.0, 0.0)
    """
    simple = undirected(g)
    n = simple.number_of_nodes()
    k = EXACT_BETWEENNESS_MAX if n > EXACT_BETWEENNESS_MAX else None
    return nx.betweenness_centrality(simple, k=k, seed=seed if k else None)


def pagerank(g: nx.Graph) -> dict[str, float]:
    """PageRank on the undirected view (sums to 1).

    >>> pr = pagerank(nx.star_graph(3))
    >>> max(pr, key=pr.get), round(sum(pr.values()), 6)
    (0, 1.0)
    """
    simple = undirected(g)
    if simple.number_of_nodes() == 0:
        return {}
    return nx.pagerank(simple)


def communities(g: nx.Graph, seed: int = SEED) -> list[list[str]]:
    """Louvain communities (seeded), largest first, each sorted.

    >>> two = nx.union(nx.complete_graph(["a", "b", "c"]), nx.complete_graph(["x", "y", "z"]))
    >>> two.add_edge("c", "x")
    >>> communities(two)
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    simple = undirected(g)
    found = nx.community.louvain_communities(simple, seed=seed)
    return sorted((sorted(map(str, c)) for c in found), key=lambda c: (-len(c), c))


def analyse(g: nx.Graph) -> dict:
    """Every measure per node, ranked by PageRank, plus the communities.

    >>> result = analyse(nx.MultiDiGraph([("hub", "a"), ("hub", "b"), ("hub", "c")]))
    >>> result["ranking"][0]["key"], result["ranking"][0]["degree"], len(result["communities"])
    ('hub', 3, 1)
    """
    deg, btw, pr = degree(g), betweenness(g), pagerank(g)
    groups = communities(g)
    community_of = {key: i for i, members in enumerate(groups) for key in members}
    ranking = [
        {
            "key": key,
            "degree": deg[key],
            "betweenness": round(btw.get(key, 0.0), 6),
            "pagerank": round(pr.get(key, 0.0), 6),
            "community": community_of.get(key),
        }
        for key in g.nodes
    ]
    ranking.sort(key=lambda r: (-r["pagerank"], -r["degree"], r["key"]))
    return {
        "ranking": ranking,
        "communities": groups,
        "nodes": g.number_of_nodes(),
        "sampled_betweenness": g.number_of_nodes() > EXACT_BETWEENNESS_MAX,
    }
