"""QA: hostile console queries on both stores, refused by the allow-list before any engine.

Generated, not hand-picked: every table function in the embedded engine's own catalogue
(``CALL show_functions()``, read here), every setting in every quoting, statements that
are not queries (SHOW, TERMINATE, USE, ...) at the start, after WITH, inside CALL { },
after UNION, with comments and Unicode whitespace between their keywords. After each,
the store still answers, its data is unchanged, the embedded engine's settings are
unchanged and no file was read or written. Only the guard raises QueryRefused (engine
errors map to CypherSyntaxError, BadParameter or GraphError), so a QueryRefused proves
the refusal came before the engine.
"""

from __future__ import annotations

import os
import tempfile

import ladybug
import pytest
from conftest import STORE_PARAMS, ladybug_test_store, neo4j_test_store

from graph._cypher_guard import CALLABLE_TYPES, NEO4J_FUNCTIONS, check_read_text
from graph.errors import QueryRefused
from tests.export_sample import KEYS, NODES, RELS, canonical


def ladybug_catalogue() -> list[tuple[str, str]]:
    """(name, type) of every function the embedded engine lists, from a scratch database."""
    with tempfile.TemporaryDirectory() as d:
        db = ladybug.Database(os.path.join(d, "graph"))
        conn = ladybug.Connection(db)
        result = conn.execute("CALL show_functions() RETURN DISTINCT name, type")
        rows = []
        while result.has_next():
            rows.append(tuple(result.get_next()))
        result.close()
        conn.close()
        db.close()
    return rows


CATALOGUE = ladybug_catalogue()
TABLE_FUNCTIONS = sorted({n for n, t in CATALOGUE if t not in CALLABLE_TYPES})
SCALARS = sorted({n for n, t in CATALOGUE if t in CALLABLE_TYPES and n.isidentifier()})

# Every setting Ladybug 0.22 answers current_setting() for, with a value that changes it.
SETTINGS = {
    "threads": "1",
    "timeout": "1",
    "file_search_path": "'/etc'",
    "var_length_extend_max_depth": "100000",
    "auto_checkpoint": "false",
    "checkpoint_threshold": "1",
    "enable_semi_mask": "false",
    "progress_bar": "true",
    "spill_to_disk": "false",
    "warning_limit": "1",
    "enable_zone_map": "false",
    "home_directory": "'/tmp'",
    "recursive_pattern_semantic": "'TRAIL'",
    "recursive_pattern_factor": "1",
    "enable_plan_optimizer": "false",
    "enable_internal_catalog": "true",
    "debug_enable_multi_writes": "true",
    "disable_map_key_check": "false",
}
SETTING_FORMS = [
    "CALL {s}={v}",
    "CALL {s} = {v}",
    "call {S} = {v}",
    "CALL `{s}` = {v}",
    "CALL '{s}' = {v}",
    'CALL "{s}" = {v}',
    "CALL /* x */ `{s}`\u3000=\u00a0{v}",
    "WITH 1 AS x CALL {s} = {v} RETURN x",
    "MATCH (n) CALL {{ CALL `{s}` = {v} }} RETURN n",
]

# Statements that are not queries, as a Neo4j user would type them.
STATEMENTS = [
    "SHOW TRANSACTIONS",
    "SHOW SETTINGS YIELD name, value",
    "SHOW FUNCTIONS",
    "SHOW PROCEDURES",
    "SHOW DATABASES",
    "SHOW USERS",
    "SHOW TABLES",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "USE system SHOW USERS",
    "USE neo4j MATCH (n) RETURN n",
]
CONTEXTS = [
    "{w}",
    "WITH 1 AS x {w}",
    "MATCH (n) WITH n LIMIT 1 {w}",
    "CALL {{ {w} }} RETURN 1",
    "MATCH (n) CALL {{ WITH n {w} }} RETURN n",
    "RETURN 1 AS x UNION {w}",
    "RETURN 1 AS x UNION ALL {w}",
]
SEPARATORS = [" ", "\t\n", "/* c */", "// c\n", "\u3000", "\u00a0", "\u2028", " /**/\u3000"]

OTHERS = [
    (
        "SHOW TRANSACTIONS YIELD transactionId AS t, currentQuery AS q WHERE q CONTAINS 'x' "
        "TERMINATE TRANSACTIONS t YIELD transactionId, message RETURN transactionId, message",
        "SHOW",
    ),
    ("MATCH (n:Agency) SET n.name = 'x'", "SET"),
    ("MATCH (n:Agency) WITH n REMOVE n.name", "REMOVE"),
    ("MATCH (n) WITH n LIMIT 1 DETACH DELETE n", "DETACH"),
    ("MATCH (n) FOREACH (x IN [1] | SET n.name = 'x')", "FOREACH"),
    ("CREATE (n:Agency {key: 'agency:hostile'})", "CREATE"),
    ("MERGE (n:Agency {key: 'agency:hostile'})", "MERGE"),
    ("DROP TABLE Agency", "DROP"),
    ("ALTER TABLE Agency ADD hostile STRING", "ALTER"),
    ("GRANT ROLE reader TO someone", "GRANT"),
    ("DENY READ {*} ON GRAPH * TO reader", "DENY"),
    ("REVOKE ROLE reader FROM someone", "REVOKE"),
    ("LOAD EXTENSION httpfs", "LOAD"),
    ("INSTALL httpfs", "INSTALL"),
    ("ATTACH '/tmp/other.db' AS other (dbtype lbug)", "ATTACH"),
    ("IMPORT DATABASE '/tmp'", "IMPORT"),
    ("BEGIN TRANSACTION", "BEGIN"),
    ("COMMIT", "COMMIT"),
    ("CHECKPOINT", "CHECKPOINT"),
    ("EXPLAIN MATCH (n) RETURN n", "EXPLAIN"),
    ("PROFILE MATCH (n) RETURN n", "PROFILE"),
    ("CALL dbms.listConfig()", "dbms.listConfig"),
    ("CALL dbms.killQuery('x')", "dbms.killQuery"),
    ("CALL apoc.load.json('file:///etc/passwd')", "apoc.load.json"),
    ("CALL db.createLabel('Hacked')", "db.createLabel"),
    ("CALL db.index.fulltext.queryNodes('x', 'y')", "db.index.fulltext.queryNodes"),
    ("CALL `dbms`.`listConfig`() YIELD name RETURN name", "dbms.listConfig"),
    ("MATCH (n) WITH n CALL dbms.components() YIELD name RETURN name", "dbms.components"),
    ("MATCH (n) CALL { MATCH (m) RETURN m } IN TRANSACTIONS RETURN n", "TRANSACTIONS"),
    ("MATCH (n) RETURN n FINISH", "FINISH"),
    ("LET x = 1 RETURN x", "LET"),
    ("MATCH (n) RETURN n NEXT RETURN 1", "NEXT"),
    ("RETURN 1; MATCH (n) DETACH DELETE n", "more than one statement"),
    ("RETURN 1;RETURN 2", "more than one statement"),
    ("RETURN 1 ; ;", "more than one statement"),
    ("RETURN 'a;b' AS x; SHOW SETTINGS", "more than one statement"),
    ("WITH 1 AS set MATCH (n) SET n.name = 'x'", "SET"),
    ("ſhow transactions", "SHOW"),
]

# Reads that mention every refused word in a place where it is no keyword.
ACCEPTED = [
    ("WITH 1 AS 集SET RETURN 集SET", [{"集SET": 1}]),
    ("RETURN 'SHOW USERS; CALL threads=1' AS s", [{"s": "SHOW USERS; CALL threads=1"}]),
    ("RETURN 1 AS `SHOW`", [{"SHOW": 1}]),
    ("WITH 1 AS set RETURN set", [{"set": 1}]),
    ("WITH {set: 1, show: 2} AS m RETURN m.set AS a, m.show AS b", [{"a": 1, "b": 2}]),
    ("MATCH (n:Agency) /* SHOW SETTINGS */ RETURN count(n) AS c // TERMINATE", [{"c": 1}]),
    ("MATCH\u3000(n:Agency)\u00a0RETURN\u2028count(n) AS c", [{"c": 1}]),
    ("MATCH (n:Agency) WHERE n.name CONTAINS 'CALL threads = 1' RETURN count(*) AS c", [{"c": 0}]),
    ("UNWIND ['USE', 'SHOW'] AS `TERMINATE` RETURN `TERMINATE` ORDER BY `TERMINATE`",
     [{"TERMINATE": "SHOW"}, {"TERMINATE": "USE"}]),
    ("MATCH (n:Agency) WITH n, 'x' AS set RETURN set", [{"set": "x"}]),
    ("RETURN toUpper('load csv') AS x", [{"x": "LOAD CSV"}]),
    ("RETURN CASE WHEN 1 > 0 THEN 'TERMINATE' ELSE 'SHOW' END AS w", [{"w": "TERMINATE"}]),
    ("RETURN 1 AS x UNION ALL RETURN 2 AS x", [{"x": 1}, {"x": 2}]),
]  # fmt: skip


# -- the store, shared by the module, and what must not change -------------------------


@pytest.fixture(scope="module", params=STORE_PARAMS)
def hostile(request, tmp_path_factory):
    if request.param == "ladybug":
        context = ladybug_test_store(tmp_path_factory.mktemp("hostile") / "graph")
    else:
        server = request.getfixturevalue("neo4j_server")
        driver = request.getfixturevalue("neo4j_driver")
        context = neo4j_test_store(server, driver, "test_console_hostile")
    with context as store:
        store.load([*NODES, *RELS])
        yield store


@pytest.fixture(scope="module")
def secret(tmp_path_factory):
    """A file a table function could read, and a path one could write."""
    folder = tmp_path_factory.mktemp("secret")
    path = folder / "secret.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    return path, folder / "written.csv"


def settings(store) -> dict:
    """Every setting on every connection the embedded store holds."""
    found = {}
    for n, conn in enumerate(store._all):
        for name in SETTINGS:
            result = conn.execute(f"CALL current_setting('{name}') RETURN *")
            found[(n, name)] = result.get_next()[0]
            result.close()
    return found


def state(store) -> tuple:
    return store.stats(), canonical(store.subgraph(KEYS))


def assert_refused(store, query: str, named: str) -> None:
    before = state(store)
    with pytest.raises(QueryRefused) as caught:
        store.run_cypher(query)
    err = caught.value
    assert err.status == 403 and named.lower() in err.message.lower(), err.message
    assert store.run_cypher("RETURN 1 AS x").records == [{"x": 1}]  # it still answers
    assert state(store) == before


# -- table functions: every one the engine lists ------------------------------------------

TABLE_FORMS = [
    "CALL {f}('{path}') RETURN *",
    "CALL `{f}`('{path}') RETURN *",
    "call {lower} ( '{path}' ) return *",
    "MATCH (n) WITH n LIMIT 1 CALL {f}('{path}') RETURN *",
    "RETURN {f}('{path}') AS x",
    "UNWIND [1] AS i RETURN `{lower}`('{path}') AS x",
]


@pytest.mark.parametrize("form", TABLE_FORMS)
@pytest.mark.parametrize("function", TABLE_FUNCTIONS)
def test_every_table_function_is_refused_before_the_engine(hostile, secret, function, form):
    path, written = secret
    query = form.format(f=function, lower=function.lower(), path=path)
    read_before = os.stat(path).st_atime_ns
    assert_refused(hostile, query, function)
    assert os.stat(path).st_atime_ns == read_before and not written.exists()


def test_file_access_in_any_form_is_refused(hostile, secret):
    path, written = secret
    for query, named in [
        (f"LOAD CSV FROM 'file://{path}' AS row RETURN row", "LOAD"),
        (f"LOAD CSV WITH HEADERS FROM 'file://{path}' AS row RETURN row", "LOAD"),
        (f"LOAD FROM '{path}' RETURN *", "LOAD"),
        (f"LOAD WITH HEADERS (a STRING) FROM '{path}' RETURN *", "LOAD"),
        (f"MATCH (n) WITH n LOAD FROM '{path}' RETURN *", "LOAD"),
        (f"COPY Agency FROM '{path}'", "COPY"),
        (f"COPY (MATCH (n) RETURN n.key) TO '{written}'", "COPY"),
        (f"EXPORT DATABASE '{written.parent / 'export'}'", "EXPORT"),
        (f"CALL copy_csv('{written}') RETURN *", "copy_csv"),
    ]:
        assert_refused(hostile, query, named)
    assert not written.exists() and not (written.parent / "export").exists()


# -- settings, in every quoting --------------------------------------------------------


@pytest.mark.parametrize("form", SETTING_FORMS)
@pytest.mark.parametrize("setting", sorted(SETTINGS))
def test_settings_cannot_be_changed(hostile, setting, form):
    query = form.format(s=setting, S=setting.upper(), v=SETTINGS[setting])
    before = settings(hostile) if hostile.kind == "ladybug" else None
    with pytest.raises(QueryRefused) as caught:
        hostile.run_cypher(query)
    assert caught.value.status == 403
    assert setting in caught.value.message.lower() or "CALL" in caught.value.message
    if hostile.kind == "ladybug":
        assert settings(hostile) == before


def test_engine_internals_are_not_readable(hostile):
    for function in ["current_setting", "storage_info", "disk_info", "bm_info", "show_tables"]:
        for query in [f"CALL {function}('threads') RETURN *", f"RETURN {function}('x') AS v"]:
            assert_refused(hostile, query, function)


# -- statements that are not queries, wherever they stand ------------------------------


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("statement", STATEMENTS)
def test_statements_are_refused_wherever_they_stand(hostile, statement, context):
    assert_refused(hostile, context.format(w=statement), statement.split()[0])


@pytest.mark.parametrize("where", ["{w}", "CALL {{ {w} }} RETURN 1", "RETURN 1 AS x UNION {w}"])
@pytest.mark.parametrize("sep", SEPARATORS)
@pytest.mark.parametrize("statement", STATEMENTS[:1] + STATEMENTS[7:9])
def test_comments_and_unicode_whitespace_change_nothing(hostile, statement, sep, where):
    query = where.format(w=sep.join(statement.split(" ")))
    assert_refused(hostile, query, statement.split()[0])


@pytest.mark.parametrize("query, named", OTHERS)
def test_writes_administration_and_unknown_keywords_are_refused(hostile, query, named):
    assert_refused(hostile, query, named)


@pytest.mark.parametrize("query, records", ACCEPTED)
def test_keywords_in_strings_names_and_comments_run(hostile, query, records):
    before = state(hostile)
    got = hostile.run_cypher(query).records
    if "UNION" in query:  # a union's parts come in no promised order (Ladybug: parallel)
        got, records = (sorted(r, key=repr) for r in (got, records))
    assert got == records
    assert state(hostile) == before


# -- the catalogues the allow-lists come from -------------------------------------------


def test_the_allow_list_follows_the_engines_catalogue(hostile, request):
    rules = hostile.console_rules()
    if hostile.kind == "ladybug":
        for name in SCALARS:
            if name.lower() in ("nextval", "setseed"):  # they change the engine's state
                with pytest.raises(QueryRefused, match=name):
                    check_read_text(f"RETURN {name}('x') AS v", rules)
            else:
                assert check_read_text(f"RETURN {name}(1) AS v", rules) == "RETURN"
        return
    driver = request.getfixturevalue("neo4j_driver")
    functions = driver.execute_query("SHOW BUILT IN FUNCTIONS YIELD name", routing_="r")[0]
    # The embedded store lets Neo4j's names through to its dialect rewrite: the same list.
    assert {r["name"].lower() for r in functions} == rules.functions <= NEO4J_FUNCTIONS
    procedures = [
        r["name"] for r in driver.execute_query("SHOW PROCEDURES YIELD name", routing_="r")[0]
    ]
    allowed = {"db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization"}
    assert allowed <= set(procedures) and len(procedures) > 20
    for name in procedures:
        if name in allowed:
            result = hostile.run_cypher(f"CALL {name}()")
            shown = [str(v) for r in result.records for v in r.values()] + [
                repr(n.to_dict()) for n in result.nodes
            ]
            assert not any("'Entity'" in v or v == "Entity" for v in shown), name
        else:
            assert_refused(hostile, f"CALL {name}()", f"procedure {name} is not allowed")


# -- the same through the web console and the CLI --------------------------------------


@pytest.mark.parametrize(
    "query, named",
    [
        ("CALL READ_CSV_SERIAL('/etc/passwd') RETURN *", "READ_CSV_SERIAL"),
        ("CALL `threads` = 1", "threads"),
        ("WITH 1 AS x SHOW TRANSACTIONS", "SHOW"),
        ("CALL db.labels()", "/schema.json"),
    ],
)
def test_the_web_console_answers_403_naming_it(client, query, named):
    response = client.get("/cypher.json", query_string={"query": query})
    body = response.get_json()
    assert response.status_code == 403 and body["status"] == 403, body
    assert body["ok"] is False and named in body["error"]
    assert client.get("/cypher.json", query_string={"query": "RETURN 1 AS x"}).status_code == 200


def test_the_cli_exits_non_zero_naming_it(tmp_path):
    from webapp import create_app
    from webapp.extensions import close_store

    app = create_app(
        {
            "TESTING": True,
            "GRAPH_URI": f"embedded://{tmp_path / 'g'}",
            "LOAD_BUNDLED_IF_EMPTY": False,
        }
    )
    try:
        runner = app.test_cli_runner()
        for query, named in [
            ("CALL READ_PARQUET('/etc/passwd') RETURN *", "READ_PARQUET"),
            ("CALL 'threads' = 1", "threads"),
        ]:
            result = runner.invoke(args=["query", query])
            assert result.exit_code != 0 and named in result.output, result.output
    finally:
        close_store(app)
