"""Exports over HTTP and the CLI: formats, headers, manifests and the load round trip."""

from __future__ import annotations

import io
import json
import zipfile
from urllib.parse import urlencode

import pytest

from graph.convert import from_graphml, from_node_link
from graph.export import statements
from tests.export_sample import canonical

KEY = "policy:sme-digital-2025"


def export(client, **args):
    return client.get("/export?" + urlencode(args), headers={"Accept": "application/json"})


def test_json_export_of_a_view_has_manifest_and_headers(client):
    response = export(client, key=KEY, depth=1, format="json")
    assert response.status_code == 200
    assert response.content_type == "application/json"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="policygraph-policy-sme-digital-2025-d1.json"'
    )
    doc = response.get_json()
    manifest = doc["manifest"]
    assert manifest["view"] == {"key": KEY, "depth": 1}
    assert manifest["store"]["kind"] == "ladybug" and manifest["store"]["version"]
    assert manifest["exported_at"].endswith("Z")
    assert manifest["counts"]["nodes"] == len(doc["nodes"]) > 1
    assert manifest["counts"]["relationships"] == len(doc["edges"]) > 0
    assert {"truncated", "caps"} <= set(manifest)
    assert KEY in {n["id"] for n in doc["nodes"]}
    assert all({"start", "end", "type"} <= set(e) for e in doc["edges"])


def test_each_format_has_its_type_and_the_same_graph(client):
    expected = canonical(from_node_link(export(client, key=KEY, format="json").get_json()))
    graphml = export(client, key=KEY, format="graphml")
    assert graphml.content_type == "application/graphml+xml"
    assert canonical(from_graphml(graphml.data)) == expected
    csv_zip = export(client, key=KEY, format="csv")
    assert csv_zip.content_type == "application/zip"
    assert csv_zip.headers["Content-Disposition"].endswith('.zip"')
    with zipfile.ZipFile(io.BytesIO(csv_zip.data)) as zf:
        nodes = zf.read("nodes.csv").decode("utf-8").splitlines()
    assert len(nodes) - 1 == len(expected[0])
    cypher = export(client, key=KEY, format="cypher")
    assert cypher.content_type.startswith("application/x-cypher-query")
    script = statements(cypher.get_data(as_text=True))
    assert sum(s.startswith("MERGE (n:") for s in script) == len(expected[0])
    html = export(client, key=KEY, format="html")
    assert html.content_type == "text/html; charset=utf-8"
    assert b"vis.Network" in html.data


def test_export_of_keys_and_of_a_query(client):
    doc = export(client, keys="province:330000,city:330200", format="json").get_json()
    keys = sorted(n["id"] for n in doc["nodes"])
    # the two nodes, plus the Source nodes their facts cite (provenance travels along)
    assert [k for k in keys if not k.startswith("source:")] == ["city:330200", "province:330000"]
    cited = {n.get("source") for n in doc["nodes"]} | {e.get("source") for e in doc["edges"]}
    assert {k for k in keys if k.startswith("source:")} == cited - {None}
    assert [e["type"] for e in doc["edges"]] == ["PART_OF"]
    assert doc["manifest"]["view"] == {
        "keys": ["province:330000", "city:330200"],
        "missing_keys": [],
    }
    query = "MATCH (c:City)-[r:PART_OF]->(p:Province {code: $code}) RETURN r"
    doc = export(
        client, query=query, params=json.dumps({"code": "330000"}), format="json"
    ).get_json()
    assert doc["manifest"]["query"] == query
    assert doc["manifest"]["parameters"] == {"code": "330000"}
    keys = {n["id"] for n in doc["nodes"]}
    assert "province:330000" in keys and "city:330200" in keys  # ends come along


@pytest.mark.parametrize(
    "args, name",
    [
        ({"key": KEY, "format": "pdf"}, "format"),
        ({"format": "json"}, "key"),
        ({"key": KEY, "query": "RETURN 1"}, "key"),
        ({"key": "not a key"}, "key"),
        ({"query": "RETURN 1", "params": "{bad"}, "params"),
        ({"key": KEY, "depth": "99"}, "depth"),
    ],
)
def test_bad_export_requests_are_400s_naming_the_parameter(client, args, name):
    response = export(client, **args)
    body = response.get_json()
    assert response.status_code == 400 and body["ok"] is False
    assert body["error"].startswith(name + ":")


def test_export_refuses_a_writing_query(client):
    response = export(client, query="MATCH (n:Province) DETACH DELETE n")
    assert response.status_code == 403


def test_cli_export_then_load_restores_the_same_subgraph(app, tmp_path):
    from webapp import create_app
    from webapp.extensions import close_store, get_store

    runner = app.test_cli_runner()
    results = {}
    for fmt in ("json", "csv"):
        out = tmp_path / ("export.zip" if fmt == "csv" else "export.json")
        result = runner.invoke(
            args=["export", "--key", KEY, "--depth", "1", "--format", fmt, "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        results[fmt] = out
    original = from_node_link(json.loads(results["json"].read_text(encoding="utf-8")))

    for fmt, path in results.items():
        fresh = create_app(
            {
                "TESTING": True,
                "LOAD_BUNDLED_IF_EMPTY": False,
                "GRAPH_URI": f"embedded://{tmp_path / ('fresh-' + fmt)}",
            }
        )
        try:
            loaded = fresh.test_cli_runner().invoke(args=["load", str(path)])
            assert loaded.exit_code == 0, loaded.output
            back = get_store(fresh).subgraph([n.key for n in original.nodes])
        finally:
            close_store(fresh)
        assert canonical(back) == canonical(original), fmt


def test_cli_export_needs_exactly_one_selector(app, tmp_path):
    result = app.test_cli_runner().invoke(
        args=["export", "--format", "json", "--out", str(tmp_path / "x.json")]
    )
    assert result.exit_code != 0 and "exactly one of" in result.output
    assert not (tmp_path / "x.json").exists()


def test_large_exports_are_streamed(client, app):
    app.config["EXPORT_STREAM_MIN_ITEMS"] = 10
    try:
        response = export(client, key="province:330000", depth=1, format="json")
        assert "Content-Length" not in response.headers  # sent in chunks
        doc = json.loads(response.get_data())
    finally:
        del app.config["EXPORT_STREAM_MIN_ITEMS"]
    assert doc["manifest"]["counts"]["nodes"] == len(doc["nodes"]) >= 10
    small = export(client, keys="province:330000", format="json")
    assert int(small.headers["Content-Length"]) == len(small.data)


def test_cli_export_of_a_query_with_parameters(app, tmp_path):
    out = tmp_path / "cities.cypher"
    result = app.test_cli_runner().invoke(
        args=[
            "export",
            "--query",
            "MATCH (c:City)-[r:PART_OF]->(p:Province {code: $code}) RETURN r",
            "-p",
            'code="330000"',
            "--format",
            "cypher",
            "--out",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    script = out.read_text(encoding="utf-8")
    header = json.loads(
        "\n".join(line[3:] for line in script.splitlines() if line.startswith("// "))
    )
    assert header["parameters"] == {"code": "330000"} and header["format"] == "cypher"
    lines = statements(script)
    assert any(s.startswith("MERGE (n:Province {key: 'province:330000'})") for s in lines)
    assert sum(":PART_OF]" in s for s in lines) >= 10
    assert not list(tmp_path.glob("*.part"))


def test_export_of_keys_none_of_which_exist_is_404(client):
    response = client.get(
        "/export?keys=policy:no-such-plan&format=json", headers={"Accept": "application/json"}
    )
    assert response.status_code == 404
    assert response.get_json()["ok"] is False
    assert "policy:no-such-plan" in response.get_json()["error"]


def test_export_of_keys_lists_the_missing_ones_in_the_manifest(client):
    response = client.get("/export?keys=province:330000,policy:no-such-plan&format=json")
    assert response.status_code == 200
    manifest = json.loads(response.get_data(as_text=True))["manifest"]
    assert manifest["view"]["missing_keys"] == ["policy:no-such-plan"]
