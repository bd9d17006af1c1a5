"""graph.analytics: rankings and communities of a view, on networkx graphs built by the
one converter (no database needed)."""

import networkx as nx

from graph import analytics
from graph.convert import to_networkx
from graph.model import Node, Relationship, Subgraph


def star_view() -> Subgraph:
    """An agency issuing three policies, one of which has two targets."""

    def node(key, label):
        return Node(key, (label,), {"key": key, "name": key})

    nodes = [
        node("agency:a", "Agency"),
        node("policy:p1", "Policy"),
        node("policy:p2", "Policy"),
        node("policy:p3", "Policy"),
        node("target:t1", "Target"),
        node("target:t2", "Target"),
    ]
    rels = [Relationship("ISSUED", "agency:a", f"policy:p{i}", {}) for i in (1, 2, 3)]
    rels += [Relationship("SETS", "policy:p1", f"target:t{i}", {}) for i in (1, 2)]
    return Subgraph(nodes, rels)


def test_degree_counts_distinct_neighbours_ignoring_direction_and_parallels():
    g = to_networkx(star_view())
    g.add_edge("policy:p1", "agency:a", key="ISSUED", type="ISSUED")  # reverse duplicate
    deg = analytics.degree(g)
    assert deg["agency:a"] == 3
    assert deg["policy:p1"] == 3
    assert deg["target:t1"] == 1


def test_betweenness_ranks_the_bridges_first():
    btw = analytics.betweenness(to_networkx(star_view()))
    assert max(btw, key=btw.get) in ("agency:a", "policy:p1")
    assert btw["target:t1"] == 0.0


def test_pagerank_sums_to_one_and_favours_the_hub():
    pr = analytics.pagerank(to_networkx(star_view()))
    assert abs(sum(pr.values()) - 1.0) < 1e-9
    assert pr["agency:a"] > pr["policy:p2"]
    assert analytics.pagerank(nx.MultiDiGraph()) == {}


def test_communities_are_seeded_and_cover_every_node():
    g = to_networkx(star_view())
    first = analytics.communities(g)
    assert first == analytics.communities(g)
    assert sorted(k for c in first for k in c) == sorted(g.nodes)


def test_analyse_ranks_every_node_with_every_measure():
    result = analytics.analyse(to_networkx(star_view()))
    assert {r["key"] for r in result["ranking"]} == {n.key for n in star_view().nodes}
    assert set(result["ranking"][0]) == {"key", "degree", "betweenness", "pagerank", "community"}
    pageranks = [r["pagerank"] for r in result["ranking"]]
    assert pageranks == sorted(pageranks, reverse=True)
    assert all(r["community"] is not None for r in result["ranking"])
    assert result["sampled_betweenness"] is False


def test_big_views_sample_betweenness_reproducibly():
    g = nx.path_graph(analytics.EXACT_BETWEENNESS_MAX + 50)
    result = analytics.analyse(g)
    assert result["sampled_betweenness"] is True
    assert analytics.betweenness(g) == analytics.betweenness(g)
