"""The console over HTTP: /cypher.json, its one error shape, caps, hints and canned queries."""

from __future__ import annotations

import json
from urllib.parse import urlencode


def get_json(client, **args):
    response = client.get("/cypher.json?" + urlencode(args))
    return response.status_code, response.get_json()


def test_a_query_returns_rows_nodes_counts_and_limits(client):
    status, body = get_json(client, query="MATCH (p:Province) RETURN p ORDER BY p.key LIMIT 3")
    assert status == 200 and body["ok"]
    result = body["result"]
    assert result["counts"] == {"rows": 3, "nodes": 3, "relationships": 0, "connected": 0}
    assert [n["key"] for n in result["nodes"]] == sorted(n["key"] for n in result["nodes"])
    assert result["applied"]["capped_by"] == ["CYPHER_TIMEOUT_S", "MAX_ROWS"]
    assert body["store"]["kind"] == "ladybug" and "Ladybug" in body["store"]["dialect"]


def test_lower_limits_apply_and_say_so(client):
    status, body = get_json(
        client, query="UNWIND range(1, 20) AS x RETURN x", max_rows="5", timeout="2"
    )
    result = body["result"]
    assert status == 200 and result["truncated"] and result["counts"]["rows"] == 5
    assert result["applied"] == {"timeout_s": 2.0, "max_rows": 5, "capped_by": []}


def test_higher_limits_are_capped_by_the_settings(client, app):
    cap = app.config["MAX_ROWS"]
    status, body = get_json(
        client, query="UNWIND range(1, 3) AS x RETURN x", max_rows=str(cap * 100), timeout="100000"
    )
    applied = body["result"]["applied"]
    assert status == 200 and applied["max_rows"] == cap
    assert applied["timeout_s"] == app.config["CYPHER_TIMEOUT_S"]
    assert applied["capped_by"] == ["CYPHER_TIMEOUT_S", "MAX_ROWS"]


def test_params_are_passed_as_parameters(client):
    status, body = get_json(
        client,
        query="MATCH (p:Province {code: $code}) RETURN p.name AS n",
        params=json.dumps({"code": "330000"}),
    )
    assert status == 200 and body["result"]["records"] == [{"n": "浙江省"}]


def test_malformed_params_are_a_400_in_the_one_error_shape(client):
    status, body = get_json(client, query="RETURN 1", params="{code: 33")
    assert status == 400
    assert body["ok"] is False and body["status"] == 400 and body["error"].startswith("params:")
    status, body = get_json(client, query="RETURN 1", params="[1, 2]")
    assert status == 400 and "JSON object" in body["error"]


def test_bad_limits_are_a_400_naming_the_parameter(client):
    status, body = get_json(client, query="RETURN 1", max_rows="many")
    assert status == 400 and body["error"].startswith("max_rows:")
    status, body = get_json(client, query="RETURN 1", timeout="-1")
    assert status == 400 and body["error"].startswith("timeout:")
    status, body = get_json(client, query="RETURN 1", timeout="nan")
    assert status == 400 and body["error"].startswith("timeout:")


def test_a_write_is_refused_with_403(client):
    status, body = get_json(client, query="MATCH (n:Province) DETACH DELETE n")
    assert status == 403 and body["ok"] is False
    status, body = get_json(client, query="MATCH (p:Province) RETURN count(p) AS n")
    assert body["result"]["records"][0]["n"] > 30


def test_dialect_errors_get_a_hint_and_the_dialect_page(client):
    status, body = get_json(client, query="MATCH ()-[r]->() RETURN type(r) AS t LIMIT 1")
    assert status == 200 and body["result"]["records"][0]["t"]  # rewritten to label(r)
    status, body = get_json(client, query="WITH 1 AS when RETURN when")
    assert status == 400 and "backquote the name" in body["hint"]
    assert "when" in body["error"]
    assert body["docs"] == "/cypher/docs/dialect"
    doc = client.get(body["docs"])
    assert doc.status_code == 200 and doc.mimetype == "text/html"
    assert "<table>" in doc.get_data(as_text=True) and "label(r)" in doc.get_data(as_text=True)
    status, body = get_json(
        client, query="MATCH p = shortestPath((a:Province)-[*]-(b:City)) RETURN p LIMIT 1"
    )
    assert status == 400 and body["hint"].startswith("shortestPath needs an upper bound")
    status, body = get_json(client, query="RETURN [1, 2][5] AS x")
    assert status == 400 and "Neo4j returns null" in body["hint"]


def test_syntax_error_shows_the_engine_message(client):
    status, body = get_json(client, query="MATCH (n RETURN n")
    assert status == 400 and "Invalid input" in body["error"]


def test_canned_query_runs_by_name_with_defaults_and_overrides(client):
    status, body = get_json(client, canned="cities_of_province")
    assert status == 200 and body["request"]["params"] == {"province_code": "330000"}
    assert any(r["city"] == "宁波市" for r in body["result"]["records"])
    status, body = get_json(
        client, canned="cities_of_province", params=json.dumps({"province_code": "440000"})
    )
    assert any(r["city"] == "广州市" for r in body["result"]["records"])
    status, body = get_json(client, canned="no_such_query")
    assert status == 404 and body["ok"] is False


def test_the_console_page_lists_canned_queries_and_links_its_twin(client):
    response = client.get("/cypher?canned=plans_issued")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Who issued which plans, and when" in html
    assert 'href="/cypher.json?canned=plans_issued"' in html
    assert "Ladybug" in html and "/cypher/docs/dialect" in html


def test_the_page_escapes_query_text(client):
    response = client.get("/cypher?" + urlencode({"query": "RETURN '</script><b>x</b>' AS s"}))
    html = response.get_data(as_text=True)
    assert "</script><b>" not in html


def test_without_a_query_the_twin_describes_the_console(client):
    status, body = get_json(client)
    assert status == 200 and "result" not in body
    assert len(body["canned"]) >= 12 and body["limits"]["MAX_ROWS"] > 0
