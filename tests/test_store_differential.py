"""The same data in both stores gives the same answers: every store operation and a
fixed set of dialect-neutral read queries, compared as JSON-ready dicts."""

from __future__ import annotations

import pytest
from store_fixture_data import ALL_KEYS, load

pytestmark = pytest.mark.neo4j

QUERIES = [
    ("MATCH (n:City) RETURN n.key AS key, n.name AS name ORDER BY key", {}),
    ("MATCH (n:Province {key: $key}) RETURN n", {"key": "province:330000"}),
    ("MATCH (a:Agency)-[r:ISSUED]->(p:Policy) RETURN a.key AS agency, r, p ORDER BY agency", {}),
    ("MATCH (f:Fund)-[r:INVESTS_IN]->(e:Enterprise) RETURN r ORDER BY e.key", {}),
    (
        "MATCH (e:Enterprise) RETURN e.key AS k, e.designations AS d, size(e.designations) AS n "
        "ORDER BY n DESC, k",
        {},
    ),
    ("MATCH (p:Policy) WHERE p.period_start >= $year RETURN count(p) AS n", {"year": 2025}),
    ("MATCH (f:Fund) RETURN f.key AS k, f.size AS size ORDER BY k", {}),
    ("MATCH p = (c:City)-[:PART_OF]->(:Province) RETURN p ORDER BY c.key", {}),
    ("MATCH (c:City)<-[:LOCATED_IN]-(x) RETURN c.key AS city, count(x) AS n ORDER BY city", {}),
    ("UNWIND [3, 1, 2] AS x RETURN x ORDER BY x", {}),
    ("MATCH (n:Enterprise) RETURN n.key AS k ORDER BY k LIMIT 1", {}),
    (
        "MATCH (n:Policy) OPTIONAL MATCH (n)-[:COVERS]->(r) "
        "RETURN n.key AS k, r.key AS region ORDER BY k",
        {},
    ),
    ("MATCH (a:Agency) WHERE a.name CONTAINS $q RETURN a.key AS k ORDER BY k", {"q": "浙江"}),
]


@pytest.fixture
def both(ladybug_store, neo4j_store):
    load(ladybug_store)
    load(neo4j_store)
    return ladybug_store, neo4j_store


def same(both, call):
    lb, neo = (call(store) for store in both)
    assert lb == neo
    return lb


def as_dicts(value):
    if isinstance(value, list):
        return [as_dicts(v) for v in value]
    return value.to_dict() if hasattr(value, "to_dict") else value


@pytest.mark.parametrize("query, params", QUERIES)
def test_read_queries_agree(both, query, params):
    def run(store):
        result = store.run_cypher(query, params).to_dict()
        del result["elapsed_ms"]
        result["nodes"] = sorted(result["nodes"], key=lambda n: n["key"])
        result["relationships"] = sorted(result["relationships"], key=lambda r: r["id"])
        return result

    assert same(both, run)["records"]


def test_store_operations_agree(both):
    for key in ALL_KEYS:
        same(both, lambda s, key=key: s.get_node(key).to_dict())
        same(both, lambda s, key=key: s.neighbours(key).to_dict())
        same(
            both, lambda s, key=key: s.neighbours(key, direction="in", limit=1, offset=1).to_dict()
        )
        same(both, lambda s, key=key: s.neighbourhood(key, depth=2, max_nodes=6).to_dict())
    for q in ("浙江", "科技", "miit", "city:", "基金", "Zhejiang"):
        same(both, lambda s, q=q: as_dicts(s.search(q)))
    pairs = [
        ("enterprise:91330200MA2H3XYZ0K", "enterprise:91330100MA2H3ABC1D"),
        ("technology:industrial-internet", "agency:miit"),
        ("city:330100", "policy:zj-digital-2025"),
    ]
    for a, b in pairs:
        same(both, lambda s, a=a, b=b: as_dicts(s.shortest_paths(a, b)))
        same(
            both,
            lambda s, a=a, b=b: as_dicts(s.shortest_paths(a, b, types=["LOCATED_IN", "PART_OF"])),
        )
    same(both, lambda s: s.subgraph(ALL_KEYS).to_dict())
    same(both, lambda s: s.stats())
    same(both, lambda s: s.schema_graph())
