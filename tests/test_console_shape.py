"""QA: query texts that crash the embedded engine are refused before they reach it.

``RETURN [[[...]]]`` nested 1,000 deep (4 KB) killed the whole server process with a
segmentation fault inside Ladybug; 400 deep took 54 s past CYPHER_TIMEOUT_S. These tests
use shapes just past the caps that the engine survives, so a missing check fails the test
instead of crashing the test run.
"""

from __future__ import annotations

import pytest

from graph._cypher_guard import bracket_depth, check_query_shape
from graph.errors import BadParameter

DEEP = "RETURN " + "[" * 40 + "1" + "]" * 40 + " AS x"  # past MAX_QUERY_DEPTH=32
LONG = "RETURN " + "+".join(["1"] * 5100) + " AS x"  # past MAX_QUERY_CHARS=10,000
SHAPES = [(DEEP, "MAX_QUERY_DEPTH"), (LONG, "MAX_QUERY_CHARS")]


@pytest.mark.parametrize(("query", "setting"), SHAPES)
def test_the_console_refuses_crashing_shapes_naming_the_setting(client, query, setting):
    response = client.get("/cypher.json", query_string={"query": query})
    body = response.get_json()
    assert response.status_code == 400, body
    assert body["ok"] is False and body["error"].startswith("query:") and setting in body["error"]


@pytest.mark.parametrize(("query", "setting"), SHAPES)
def test_export_by_query_refuses_them_too(client, query, setting):
    response = client.get(
        "/export",
        query_string={"query": query, "format": "json"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert setting in response.get_json()["error"]


def test_ordinary_nesting_and_brackets_in_strings_still_run(client):
    query = (
        "MATCH (p:Province {key: $k}) "
        "RETURN [[p.name, '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[']], size(p.name) AS x"
    )
    response = client.get(
        "/cypher.json", query_string={"query": query, "params": '{"k": "province:330000"}'}
    )
    assert response.status_code == 200, response.get_json()


@pytest.mark.parametrize(("query", "setting"), SHAPES)
def test_every_caller_of_the_store_is_protected(store, query, setting):
    with pytest.raises(BadParameter, match=setting):
        store.run_cypher(query)


def test_the_caps_are_settings(app):
    assert app.config["MAX_QUERY_CHARS"] == 10_000 and app.config["MAX_QUERY_DEPTH"] == 32
    assert check_query_shape("RETURN (1)", 20, 1) == "RETURN (1)"
    with pytest.raises(BadParameter, match="MAX_QUERY_DEPTH=1"):
        check_query_shape("RETURN ((1))", 20, 1)


def test_depth_skips_comments_and_escaped_quotes():
    assert bracket_depth("RETURN 'it\\'s ((' /* [[[ */ AS x") == 0
    assert bracket_depth("MATCH (a)-[r]->(b) RETURN {k: [1]}") == 2
