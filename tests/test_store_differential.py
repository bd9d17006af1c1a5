"""The same data in both stores gives the same answers: every store operation, a fixed
set of dialect-neutral read queries, and analysts' Neo4j Cypher over the bundled plus
generated data, which the embedded store answers alike (graph/_ladybug_dialect.py
rewrites it) or refuses with a hint (docs/dialect.md)."""

from __future__ import annotations

import pytest
from conftest import ladybug_test_store, neo4j_test_store
from store_fixture_data import ALL_KEYS, load

from graph.errors import BadParameter, CypherSyntaxError
from graph.schema import SCHEMA

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


# -- analysts' Neo4j Cypher over bundled + generated data ------------------------------
# Every ORDER BY is total (ties broken by key), so both stores must give the same rows.

MIIT = "{key: 'agency:miit'}"
ZJ = "{code: '330000'}"
NINGBO = "'enterprise:ningbo-precision-2025'"

ANALYST = [
    # aggregations and ORDER BY with ties
    "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n ORDER BY label",
    "MATCH (n) WHERE 'City' IN labels(n) RETURN count(*) AS n",
    "MATCH (n:City) UNWIND labels(n) AS l RETURN l, count(*) AS n",
    "MATCH (x)-[r]->(y) RETURN type(r) AS t, count(*) AS n ORDER BY n DESC, t",
    "MATCH (a:Agency) RETURN a.level AS level, count(*) AS n ORDER BY n DESC, level",
    "MATCH (m:Measure) RETURN m.instrument AS i, count(*) AS n ORDER BY n DESC, i",
    "MATCH (e:Enterprise) RETURN e.size_class AS s, count(*) AS n ORDER BY n DESC, s",
    "MATCH (e:Enterprise) RETURN count(DISTINCT e.size_class) AS n, count(e.founded) AS f",
    "MATCH (e:Enterprise)-[:LOCATED_IN]->(c:City) RETURN c.name AS city, count(DISTINCT e) AS n "
    "ORDER BY n DESC, city LIMIT 10",
    "MATCH (a:Agency)-[:ISSUED]->(p:Policy) WITH a, count(p) AS n WHERE n > 1 "
    "RETURN a.key AS k, n ORDER BY k",
    "MATCH (p:Policy) RETURN sum(p.period_start) AS s, min(p.period_start) AS lo, "
    "max(p.period_end) AS hi, count(*) AS n",
    "MATCH (f:Fund) RETURN sum(f.size) AS s, count(f.size) AS n",
    "MATCH (f:Fund) RETURN f.key AS k, f.size AS size ORDER BY size DESC, k LIMIT 5",
    "UNWIND [1, 2, 2, null] AS x RETURN count(x) AS a, count(*) AS b, sum(x) AS c, "
    "avg(x) AS d, min(x) AS e, sum(DISTINCT x) AS f",
    "UNWIND [1, 2, 3] AS x WITH x WHERE x > 1 RETURN sum(x) AS s, avg(x) AS a",
    # OPTIONAL MATCH
    "MATCH (a:Agency) OPTIONAL MATCH (a)-[:ISSUED]->(p:Policy) "
    "RETURN a.key AS k, count(p) AS n ORDER BY n DESC, k LIMIT 8",
    "MATCH (a:Agency) OPTIONAL MATCH (a)-[:MANAGES]->(f:Fund) "
    "RETURN a.key AS k, f.key AS fund ORDER BY k, fund LIMIT 12",
    f"MATCH (a:Agency {MIIT}) OPTIONAL MATCH (a)--(x)--(y:Fund) RETURN count(y) AS n",
    # relationship uniqueness, variable-length and shortest paths
    "MATCH (f:Fund)-[:INVESTS_IN]->(e)<-[:INVESTS_IN]-(g:Fund) RETURN count(*) AS n",
    f"MATCH (a:Agency {MIIT})--(x)--(y) RETURN count(*) AS n",
    f"MATCH (a:Agency {MIIT})-[r1]-(x), (x)-[r2]-(y) RETURN count(*) AS n",
    f"MATCH (a:Agency {MIIT})-[*1..3]-(x) RETURN count(*) AS n",
    f"MATCH (a:Agency {MIIT})-[r1]-(x)-[*1..2]-(y) RETURN count(*) AS n",
    f"MATCH p = (a:Agency {MIIT})-[*1..2]->(x) RETURN length(p) AS hops, count(*) AS n "
    "ORDER BY hops",
    f"MATCH (a:Agency {MIIT}) RETURN COUNT {{ MATCH (a)--(x)--(y) }} AS n",
    f"MATCH (a:Province {ZJ}), (b:Enterprise {{key: {NINGBO}}}) "
    "MATCH p = shortestPath((a)-[*..8]-(b)) RETURN length(p) AS n, nodes(p)[0].key AS start",
    f"MATCH (a:Province {ZJ}), (b:Enterprise) MATCH p = shortestPath((a)-[*..8]-(b)) "
    "RETURN length(p) AS hops, count(*) AS n ORDER BY hops",
    f"MATCH (a:Province {ZJ}), (b:Enterprise {{key: {NINGBO}}}) "
    "MATCH p = allShortestPaths((a)-[*..8]-(b)) RETURN count(p) AS n",
    "MATCH p = (c:City)-[:PART_OF]->(:Province) "
    "RETURN nodes(p)[0].key AS k, nodes(p)[-1].name AS province, type(relationships(p)[0]) AS t "
    "ORDER BY k LIMIT 3",
    "MATCH p = (c:City)-[:PART_OF]->(:Province {code: '330000'}) RETURN p ORDER BY c.key",
    # lists
    "RETURN [10, 20, 30][1] AS a, [10, 20, 30][0] AS b, [10, 20, 30][-1] AS c",
    "RETURN [10, 20, 30, 40][1..3] AS a, [10, 20, 30, 40][..2] AS b, [10, 20, 30, 40][-2..] AS c, "
    "[10, 20, 30, 40][0..-1] AS d, [10, 20, 30, 40][-3..-1] AS e, [10, 20, 30, 40][1..] AS f",
    "RETURN [10, 20, 30, 40][$i] AS a, [10, 20, 30, 40][$i..$j] AS b, [10, 20, 30, 40][1 + 1] AS c",
    "RETURN [x IN [1, 2, 3] WHERE x > 1 | x * 10] AS a, [x IN [1, 2, 3] | x * 10] AS b, "
    "[x IN [1, 2, 3] WHERE x > 1] AS c",
    "RETURN [x IN range(1, 10) WHERE x % 2 = 0 | [y IN range(1, x) | y][0]] AS a",
    "RETURN head([1, 2, 3]) AS a, last([1, 2, 3]) AS b, tail([1, 2, 3]) AS c, tail([1]) AS d",
    "RETURN reverse([1, 2, 3]) AS a, range(0, 10, 3) AS b, size([]) AS c, 1 IN [1, 2] AS d",
    "MATCH (e:Enterprise) WHERE size(e.designations) > 1 "
    "WITH e, any(d IN e.designations WHERE d = '小巨人') AS giant RETURN e.key AS k, "
    "[d IN e.designations | d + '!'] AS marked, reverse(['专精特新', '小巨人']) AS r, giant "
    "ORDER BY k LIMIT 5",
    "MATCH (n:Province {code: '330000'}) RETURN n['name'] AS a, n.aliases[0] AS b, "
    "n.aliases[-1] AS c, n.aliases[0..1] AS d",
    "UNWIND $xs AS x RETURN x * 2 AS y ORDER BY y",
    "RETURN any(x IN [1, 2] WHERE x > 1) AS a, all(x IN [1, 2] WHERE x > 1) AS b, "
    "none(x IN [1, 2] WHERE x > 5) AS c, single(x IN [1, 2] WHERE x > 1) AS d",
    # strings, Chinese text
    "RETURN substring('浙江省', 1, 2) AS a, substring('浙江省', 1) AS b, "
    "substring('2020-05-01', 0, 4) AS c, left('浙江省', 2) AS d, right('浙江省', 2) AS e",
    "RETURN split('浙江省,杭州市', ',') AS a, split('浙江省,杭州市', ',')[1] AS b, "
    "size('浙江省') AS c, reverse('浙江省') AS d",
    "RETURN trim('  x ') AS a, ltrim('  x ') AS b, rtrim('  x ') AS c, "
    "replace('浙江省', '省', '') AS d, toLower('浙江ABC') AS e, toUpper('abc') AS f",
    "MATCH (n:Policy) RETURN n.key AS k, size(n.name) AS len, left(n.name, 2) AS l, "
    "right(n.name, 2) AS r, substring(n.name, 2) AS s ORDER BY k LIMIT 5",
    "MATCH (n:Province) RETURN n.name AS name ORDER BY name LIMIT 8",
    "MATCH (n:City) RETURN n.name AS name ORDER BY name DESC LIMIT 8",
    "UNWIND ['杭州', 'Hangzhou', '宁波', 'beijing', ''] AS x RETURN x ORDER BY x",
    "RETURN '浙' < '江' AS a, 'a' < 'B' AS b, 'Z' < 'a' AS c, 'a' + 'b' AS d",
    "MATCH (n:Province) WHERE n.name STARTS WITH '浙' OR n.name ENDS WITH '江省' "
    "RETURN n.name AS name ORDER BY name",
    "MATCH (n:City) WHERE n.name =~ '杭.*' RETURN n.name AS name ORDER BY name",
    "MATCH (a:Agency) WHERE a.name CONTAINS $q RETURN a.key AS k ORDER BY k",
    "RETURN toString(42) AS a, toString('x') AS b, 'n=' + toString(3) AS c",
    "MATCH (p:Policy) RETURN toString(p.period_start) AS s ORDER BY s LIMIT 1",
    # numbers and nulls
    "RETURN toInteger('42') AS a, toInteger(3.7) AS b, toInteger(-3.7) AS c, "
    "toInteger('3.7') AS d, toFloat('2.5') AS e, toInteger(7) AS f",
    "RETURN round(2.5) AS a, round(-2.5) AS b, round(0.5) AS c, round(-0.5) AS d, "
    "round(2) AS e, round(-2.5, 0) AS f",
    "RETURN -7 / 2 AS a, -7 % 2 AS b, 7 % -2 AS c, 7.0 / 2 AS d, -7 % 3 AS e, 7.5 % 2 AS f",
    "RETURN abs(-3) AS a, sign(-3) AS b, sign(0) AS c, sign(2.5) AS d, ceil(-0.5) AS e, "
    "floor(-0.5) AS f, 2 ^ 3 AS g, sqrt(16) AS h",
    "RETURN 1 = 1.0 AS a, 1 / 2.0 AS b, 0.1 + 0.2 AS c, 10.0 / 0 AS d",
    "RETURN null = null AS a, null <> 1 AS b, 1 < null AS c, null IS NULL AS d, "
    "coalesce(null, 'x') AS e, NOT null AS f, null AND false AS g, null OR true AS h",
    "RETURN toUpper(null) AS a, size(null) AS b, substring(null, 1, 2) AS c, "
    "'abc' CONTAINS null AS d, 1 IN null AS e",
    "UNWIND [3, null, 1] AS x RETURN x ORDER BY x",
    "UNWIND [3, null, 1] AS x RETURN x ORDER BY x DESC",
    "MATCH (n:Province) RETURN n.key AS k, coalesce(n.iso_code, '-') AS iso ORDER BY k LIMIT 5",
    "MATCH (n:Province) WHERE n.iso_code IS NULL RETURN count(*) AS n",
    "RETURN CASE WHEN 1 > 2 THEN 'a' ELSE 'b' END AS a, "
    "CASE 2 WHEN 1 THEN 'a' WHEN 2 THEN 'b' END AS b",
    # labels in WHERE and RETURN
    "MATCH (n) WHERE n:Province OR n:City RETURN count(*) AS n",
    "MATCH (n) WHERE n:Province|City RETURN count(*) AS n",
    "MATCH (n) WHERE NOT n:Province AND n.name CONTAINS '州' RETURN count(*) AS n",
    "MATCH (n:Province) RETURN n.key AS k, n:Province AS a, n:City AS b, {a: 1} AS m "
    "ORDER BY k LIMIT 2",
    "MATCH (n:Province) RETURN labels(n) AS l, n ORDER BY n.key LIMIT 2",
    # dates
    "MATCH (e:Enterprise) WHERE e.founded IS NOT NULL "
    "RETURN date(e.founded).year AS y, count(*) AS n ORDER BY y LIMIT 5",
    "MATCH (e:Enterprise) WHERE e.founded IS NOT NULL "
    "RETURN substring(e.founded, 0, 4) AS y, count(*) AS n ORDER BY y LIMIT 5",
    "MATCH (e:Enterprise) RETURN toInteger(left(e.founded, 4)) AS y, count(*) AS n "
    "ORDER BY y DESC LIMIT 3",
    "RETURN date('2025-11-16') AS d, date('2025-11-16').month AS m, "
    "date('2025-11-16').day AS day, date('2025-11-16') < date('2025-12-01') AS before",
    # parameters
    "MATCH (n:Province) WHERE n.code = $code RETURN n.name AS name",
    "MATCH (p:Policy) WHERE p.period_start >= $year RETURN count(p) AS n",
    "MATCH (e:Enterprise) WHERE e.size_class IN $sizes RETURN e.size_class AS s, count(*) AS n "
    "ORDER BY s",
    # aliases Ladybug reserves, backquoted
    "WITH 1 AS `when`, 2 AS `order` RETURN `when`, `order`",
    "WITH 1 AS count, 2 AS type RETURN count, type",
]
PARAMS = {
    "code": "330000",
    "xs": [3, 1, 2],
    "i": 1,
    "j": -1,
    "q": "浙江",
    "year": 2025,
    "sizes": ["small", "micro"],
}

# (Neo4j Cypher, what the embedded store's hint says): refused there, never a different answer.
REFUSED = [
    ("WITH 1 AS when RETURN when", "backquote the name"),
    ("WITH 1 AS order RETURN order", "backquote the name"),
    ("RETURN toString(1.5) AS s", "toString() on integers"),
    ("MATCH (e:Enterprise) WITH e ORDER BY e.key LIMIT 3 RETURN collect(e.key) AS ks",
     "sort and limit in the final"),
    ("UNWIND [5, 3, 1, 2] AS x WITH x ORDER BY x LIMIT 2 RETURN sum(x) AS s",
     "sort and limit in the final"),
    ("RETURN round(1.005, 2) AS r", "round(x * 100) / 100.0"),
    ("RETURN date('2025-11-16').dayOfWeek AS d", "date_part"),
    ("RETURN datetime('2025-11-16T10:00:00') AS d", "datetime()"),
    ("RETURN date('2025-11-16') + duration('P1D') AS d", "duration()"),
    ("RETURN keys({a: 1}) AS k", "name the properties"),
    ("MATCH (a:City)-->(b)<--(c:City) RETURN * LIMIT 1", "name the columns"),
    ("MATCH (n:Province) RETURN [(n)<-[:PART_OF]-(c) | c.name] AS cities LIMIT 1",
     "OPTIONAL MATCH"),
    ("MATCH (n:City) WHERE n:City:Province RETURN n", "one label"),
    ("MATCH (a:Agency)-[*]-(x) RETURN count(*) AS n", "longest path"),
    ("MATCH p = shortestPath((a:Province)-[*]-(b:City)) RETURN p LIMIT 1", "upper bound"),
    ("MATCH (e:Enterprise) WITH collect(e.key) AS ks RETURN reverse(ks) AS r", "reverse a list"),
    ("MATCH (e:Enterprise) RETURN [d IN e.designations | d + '!'] AS a, "
     "any(d IN e.designations WHERE d = '小巨人') AS b", "one per clause"),
    ("MATCH (e:Enterprise) WHERE size(e.designations) > 1 "
     "RETURN [d IN e.designations WHERE d <> '专精特新'] AS others", "filter with UNWIND"),
    ("MATCH (p:Province) RETURN split(p.name, '') AS chars LIMIT 1", "substring(s, i, 1)"),
]  # fmt: skip

# Refused by the engine with the console's hint (webapp/console.py LADYBUG_HINTS).
ENGINE_REFUSED = [
    ("RETURN [1, 2, 3][5] AS x", "Neo4j returns null"),
    ("RETURN head([]) AS x", "Neo4j returns null"),
    ("RETURN toInteger('x') AS x", "filter first"),
    ("RETURN 'a' + 1 AS x", "toString(n)"),
    ("MATCH (n:Province) RETURN n.name AS n ORDER BY n", "give the alias another name"),
]


@pytest.fixture(scope="module")
def analyst_stores(tmp_path_factory, request):
    """Both stores loaded with data/ and 200 generated enterprises (seed 7), for the
    analyst queries (this module's last tests: the Neo4j database is theirs now)."""
    import loaders
    from loaders.generate import generate

    generated = tmp_path_factory.mktemp("generated")
    generate(200, 7, generated)
    target = request.getfixturevalue("neo4j_server")
    driver = request.getfixturevalue("neo4j_driver")
    lb_path = tmp_path_factory.mktemp("analyst") / "graph"
    with (
        ladybug_test_store(lb_path) as lb,
        neo4j_test_store(target, driver, "analyst_stores") as neo,
    ):
        for store in (lb, neo):
            report = loaders.load_paths(store, [loaders.BUNDLED_DATA, generated])
            assert report.written and not report.errors, report.errors[:5]
        yield lb, neo


def records(store, query: str):
    result = store.run_cypher(query, PARAMS)
    return result.columns, result.to_dict()["records"]


@pytest.mark.parametrize("query", ANALYST)
def test_analyst_queries_agree(analyst_stores, query):
    lb, neo = (records(s, query) for s in analyst_stores)
    assert lb == neo


@pytest.mark.parametrize("query, hint", REFUSED + ENGINE_REFUSED)
def test_differences_are_refused_with_a_hint(analyst_stores, client, query, hint):
    """The embedded store refuses; the console (on an embedded store) shows the hint."""
    lb, neo = analyst_stores
    with pytest.raises((CypherSyntaxError, BadParameter)):
        lb.run_cypher(query, PARAMS)
    body = client.get("/cypher.json", query_string={"query": query}).get_json()
    assert body["ok"] is False and hint in body["hint"], body
    assert body["docs"] == "/cypher/docs/dialect"


def test_neo4j_never_shows_its_internal_label(analyst_stores):
    lb, neo = analyst_stores
    for query in (
        "MATCH (n:Province) RETURN labels(n) AS l, n ORDER BY n.key LIMIT 3",
        "MATCH (n) UNWIND labels(n) AS l RETURN DISTINCT l ORDER BY l",
        "CALL db.labels()",
        "CALL db.labels() YIELD label AS l RETURN l ORDER BY l",
    ):
        result = neo.run_cypher(query).to_dict()
        assert result["records"] and "Entity" not in str(result), query
    labels = {r["l"] for r in neo.run_cypher("CALL db.labels() YIELD label AS l RETURN l").records}
    assert labels <= set(SCHEMA.label_names)
