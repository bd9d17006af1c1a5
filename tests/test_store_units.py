"""Unit tests of the stores' private helpers; no database needed."""

from __future__ import annotations

import datetime as dt

import pytest

from graph import _ladybug_schema as ddl
from graph import _upsert
from graph._cypher_guard import READ_KEYWORDS, ConsoleRules, check_read_text, tokens
from graph._values import Collector, clean_props, domain_labels, plain
from graph.errors import BadParameter, QueryRefused, SchemaViolation, WriteNotAllowed
from graph.model import Node, Path, Relationship
from graph.neo4j_store import schema_statements
from graph.schema import SCHEMA

# -- the Cypher guard (engine-neutral rules; each store's own rules: test_console_hostile) ---


@pytest.mark.parametrize(
    "query, first",
    [
        ("MATCH (n) RETURN n", "MATCH"),
        ("  optional match (n) return n", "OPTIONAL"),
        ("// CREATE (n)\nRETURN 'DELETE' AS x", "RETURN"),
        ("/* MERGE */ UNWIND [1] AS `CREATE` RETURN `CREATE`", "UNWIND"),
        ("MATCH (n) WHERE n.load = 'LOAD CSV' RETURN n", "MATCH"),
        ("RETURN 1;", "RETURN"),
        ("WITH 1 AS 集SET RETURN 集SET", "WITH"),
        ("WITH 1 AS set RETURN set", "WITH"),
        ("MATCH (n:Set {set: 1}) RETURN n.delete AS remove", "MATCH"),
        ("MATCH (n) RETURN n {.name, degree: 1} ORDER BY n.name DESC SKIP 1 LIMIT 2", "MATCH"),
        ("MATCH (n) WHERE EXISTS { MATCH (n)-->() } RETURN COUNT { (n)-->() } AS c", "MATCH"),
        ("RETURN 1 AS x UNION ALL RETURN 2 AS x", "RETURN"),
        ("MATCH p = (a)-[* ALL SHORTEST 1..3]-(b) RETURN p", "MATCH"),
        ("RETURN CASE WHEN 1 IS NOT NULL THEN 'a' ELSE 'b' END AS x", "RETURN"),
        ("MATCH (n) CALL { WITH n RETURN n.x AS y } RETURN y", "MATCH"),
        ("MATCH\u3000(n)\u00a0RETURN\u2028n", "MATCH"),
    ],
)
def test_guard_lets_reads_through(query, first):
    assert check_read_text(query) == first


@pytest.mark.parametrize(
    "query, named",
    [
        ("CREATE (n)", "CREATE"),
        ("merge (n:City {key: 'x'})", "MERGE"),
        ("DROP TABLE City", "DROP"),
        ("COPY City FROM 'x.csv'", "COPY"),
        ("LOAD CSV FROM 'file:///x' AS r RETURN r", "LOAD"),
        ("MATCH (n) WITH n LOAD CSV FROM 'x' AS r RETURN r", "LOAD"),
        ("LOAD FROM 'x.csv' RETURN *", "LOAD"),
        ("CALL threads = 1", "threads"),
        ("CALL `threads` = 1", "threads"),
        ("CALL 'threads' = 1", "threads"),
        ("CALL show_tables() RETURN *", "show_tables"),
        ("INSTALL httpfs", "INSTALL"),
        ("BEGIN TRANSACTION", "BEGIN"),
        ("DETACH DELETE n", "DETACH"),
        ("ALTER TABLE City ADD x STRING", "ALTER"),
        ("SHOW TRANSACTIONS", "SHOW"),
        ("WITH 1 AS x SHOW SETTINGS", "SHOW"),
        ("CALL { SHOW TRANSACTIONS YIELD * RETURN * } RETURN 1", "SHOW"),
        ("RETURN 1 UNION TERMINATE TRANSACTIONS 'x'", "TERMINATE"),
        ("USE system MATCH (n) RETURN n", "USE"),
        ("MATCH (n) /* */ SHOW/**/TRANSACTIONS", "SHOW"),
        ("WITH 1 AS set MATCH (n) SET n.x = 1", "SET"),
        ("RETURN 1; RETURN 2", "more than one statement"),
        ("EXPLAIN MATCH (n) RETURN n", "EXPLAIN"),
        ("PROFILE MATCH (n) RETURN n", "PROFILE"),
        ("MATCH (n) RETURN n FUTURECLAUSE", "FUTURECLAUSE"),
        ("CALL dbms.listConfig()", "dbms.listConfig"),
    ],
)
def test_guard_refuses_what_is_not_on_the_allow_list(query, named):
    with pytest.raises(QueryRefused, match=named) as caught:
        check_read_text(query)
    assert caught.value.status == 403 and isinstance(caught.value, WriteNotAllowed)


def test_guard_checks_functions_against_the_rules():
    rules = ConsoleRules(READ_KEYWORDS, frozenset({"count", "tolower"}))
    assert check_read_text("MATCH (n) RETURN count(*), toLower(n.x) AS x", rules) == "MATCH"
    for query in ["RETURN read_csv('/etc/passwd')", "RETURN `read_csv`('x')", "RETURN a.b.c(1)"]:
        with pytest.raises(QueryRefused, match="function"):
            check_read_text(query, rules)


@pytest.mark.parametrize("query", ["", "  ", "// only a comment", None, ";", "RETURN 'oops"])
def test_guard_bad_text(query):
    with pytest.raises(BadParameter):
        check_read_text(query)


def test_tokens_skip_strings_comments_and_backquotes():
    kinds = [t.kind for t in tokens("MATCH (n) /* x */ WHERE n.a = 'it''s' RETURN `a b` // z")]
    assert "comment" not in kinds and kinds.count("string") >= 1 and "quoted" in kinds


# -- upsert validation and planning ------------------------------------------------------------


def city(key="city:1", **props):
    return Node(key, ("City",), {"name": "x", **props})


def test_validate_groups_and_merges_duplicates():
    batch = _upsert.validate(
        [city(lat=1), city(name="y"), Node("province:1", ("Province",), {"name": "p"})],
        [
            Relationship("PART_OF", "city:1", "province:1"),
            Relationship("PART_OF", "city:1", "province:1", {"status": "derived"}),
        ],
    )
    assert batch.nodes["City"] == {"city:1": {"key": "city:1", "name": "y", "lat": 1.0}}
    assert batch.rels == {
        ("City", "PART_OF", "Province"): {("city:1", "province:1"): {"status": "derived"}}
    }
    assert batch.end_keys() == {}


def test_validate_names_record_and_property():
    with pytest.raises(SchemaViolation, match="node 'city:1': property 'lat' must be float"):
        _upsert.validate([city(lat="north")], [])
    with pytest.raises(SchemaViolation, match="relationship city:1-PART_OF->city:2: City"):
        _upsert.validate([], [Relationship("PART_OF", "city:1", "city:2")])
    with pytest.raises(SchemaViolation, match="property 'key' is 'city:2'"):
        _upsert.validate([Node("city:1", ("City",), {"key": "city:2"})], [])
    with pytest.raises(SchemaViolation, match="int"):
        _upsert.validate([Node("task:1", ("Task",), {"seq": 2**70})], [])
    with pytest.raises(SchemaViolation, match="float"):
        _upsert.validate([city(lat=float("nan"))], [])


def test_missing_ends_names_the_key():
    batch = _upsert.validate([city()], [Relationship("PART_OF", "city:1", "province:9")])
    assert batch.end_keys() == {"Province": {"province:9"}}
    with pytest.raises(SchemaViolation, match="province:9"):
        _upsert.missing_ends(batch, set())
    _upsert.missing_ends(batch, {"province:9"})


def test_plan_nodes_compares_with_stored_values():
    given = {
        "city:1": {"key": "city:1", "name": "a"},
        "city:2": {"key": "city:2", "name": "b", "lat": None},
        "city:3": {"key": "city:3", "name": "c", "lat": 2.0},
    }
    stored = {
        "city:2": {"key": "city:2", "name": "b"},
        "city:3": {"key": "city:3", "name": "c", "lat": 1.0, "aliases": ["C"]},
    }
    plan = _upsert.plan_nodes(given, stored)
    assert plan.create == [{"key": "city:1", "name": "a", "search": "city:1\na"}]
    assert plan.unchanged == 1  # null given, absent stored: the same
    ((key, delta, merged),) = plan.update
    assert key == "city:3" and delta["lat"] == 2.0 and delta["search"] == "city:3\nc\nc"
    assert merged == {"key": "city:3", "name": "c", "lat": 2.0, "aliases": ["C"]}


def test_rels_with_a_new_end_need_no_lookup():
    pairs = {("a:1", "b:1"): {}, ("a:2", "b:1"): {}}
    assert _upsert.may_exist(pairs, {"a:1"}) == [("a:2", "b:1")]


# -- engine values ---------------------------------------------------------------------------


LB_CITY = {
    "_ID": {"offset": 0, "table": 1},
    "_LABEL": "City",
    "key": "city:1",
    "name": "x",
    "lat": None,
    "search": "city:1\nx",
}
LB_PROV = {
    "_ID": {"offset": 4, "table": 0},
    "_LABEL": "Province",
    "key": "province:1",
    "name": "p",
    "search": "province:1\np",
}
LB_REL = {
    "_SRC": {"offset": 0, "table": 1},
    "_DST": {"offset": 4, "table": 0},
    "_ID": {"offset": 0, "table": 2},
    "_LABEL": "PART_OF",
    "source": None,
    "status": "x",
}


def test_ladybug_values_become_model_objects():
    c = Collector("ladybug")
    rows = [
        {
            "n": c.value(LB_CITY),
            "r": c.value(LB_REL),
            "when": c.value(dt.date(2025, 1, 2)),
            "p": c.value({"_NODES": [LB_CITY, LB_PROV], "_RELS": [LB_REL]}),
            "id": c.value({"offset": 3, "table": 1}),
        }
    ]
    out, nodes, rels = c.finish(rows, lambda ids: {})
    row = out[0]
    assert row["n"] == Node("city:1", ("City",), {"key": "city:1", "name": "x"})
    assert row["r"] == Relationship("PART_OF", "city:1", "province:1", {"status": "x"})
    assert row["when"] == "2025-01-02" and row["id"] == "1:3"
    assert isinstance(row["p"], Path) and row["p"].relationships[0].end == "province:1"
    assert [n.key for n in nodes] == ["city:1", "province:1"] and len(rels) == 1


def test_unseen_relationship_ends_are_resolved_once():
    c = Collector("ladybug")
    rows = [{"r": c.value(LB_REL)}]
    asked = []

    def resolve(ids):
        asked.append(ids)
        return {"1:0": "city:1", "0:4": "province:1"}

    out, _, _ = c.finish(rows, resolve)
    assert asked == [["0:4", "1:0"]] and out[0]["r"].id == "city:1-PART_OF->province:1"


def test_small_helpers():
    assert clean_props({"a": 1, "b": None, "search": "x"}) == {"a": 1}
    assert domain_labels(["Entity", "City"]) == ("City",)
    assert plain(dt.datetime(2025, 1, 2, 3, 4)) == "2025-01-02T03:04:00"
    assert plain(dt.timedelta(days=1)) == "1 day, 0:00:00"


# -- schema derivations -----------------------------------------------------------------------


def test_ladybug_ddl_covers_every_label_and_type():
    statements = ddl.ddl()
    for label in SCHEMA.labels:
        assert any(
            s.startswith(f"CREATE NODE TABLE IF NOT EXISTS {label.name}(")
            and "`key` STRING PRIMARY KEY" in s
            and "`search` STRING" in s
            for s in statements
        )
    located = next(s for s in statements if "REL TABLE IF NOT EXISTS LOCATED_IN(" in s)
    assert "FROM Enterprise TO City" in located and "FROM Agency TO Province" in located
    assert "`aliases` STRING[]" in next(s for s in statements if " City(" in s)


def test_ladybug_write_statements_cast_every_column():
    text = ddl.create_nodes("City")
    assert text.startswith("LOAD FROM $rows CREATE (n:City {")
    assert "`lat`: CAST(p_lat AS DOUBLE)" in text
    assert "SET n.`name` = CAST(p_name AS STRING)" in ddl.update_nodes("City")
    assert "[:PART_OF {" in ddl.create_rels("City", "PART_OF", "Province")


def test_neo4j_constraints_and_search_index():
    statements = schema_statements()
    assert (
        "CREATE CONSTRAINT city_key IF NOT EXISTS FOR (n:City) REQUIRE n.key IS UNIQUE"
        in statements
    )
    assert any("TEXT INDEX entity_search" in s for s in statements)
