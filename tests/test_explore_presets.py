"""Preset relationship views on the bundled data."""

PLAN = "policy:sme-digital-2025"


def graph_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.data[:400]
    body = response.get_json()
    keys = {n["key"] for n in body["graph"]["nodes"]}
    rels = body["graph"]["relationships"]
    return body, keys, rels


def test_policy_tree(client):
    body, keys, rels = graph_of(client, "/preset/policy-tree.json")
    assert body["focus"] == PLAN
    assert body["layout_hint"] == "hierarchical", "a tree reads best as a tree"
    assert {
        PLAN,
        "agency:state-council",
        "target:sme-digital-2025-cnc-rate",
        "task:sme-digital-2025-t1",
    } <= keys
    assert any(k.startswith("measure:") for k in keys)
    assert "policy:zhejiang-sme-digital-2025" in keys, "the provincial plan implementing it"
    types = {r["type"] for r in rels}
    assert {"ISSUED", "SETS", "HAS_TASK", "IMPLEMENTS"} <= types


def test_funding_flows_keep_unknown_amounts_unknown(client):
    body, keys, rels = graph_of(client, "/preset/funding-flows.json")
    assert {"fund:sme-development-fund", "fund:sme-development-fund-smart-manufacturing"} <= keys
    subs = [r for r in rels if r["type"] == "SUB_FUND_OF"]
    assert subs
    for r in subs:
        # the article gives only the combined 50亿元, so each edge's amount is unknown
        assert r["properties"].get("amount") != 0
    assert any(r["type"] == "DELIVERED_BY" for r in rels), "the measure the fund delivers"
    assert "event:sme-fund-capital-increase-2025" in keys, "the 50亿元 capital increase"


def test_province_response(client):
    body, keys, rels = graph_of(client, "/preset/province.json?key=province:330000")
    assert {
        "province:330000",
        "agency:zhejiang-deit",
        "policy:zhejiang-sme-digital-2025",
        "city:330200",
        "enterprise:ningbo-precision-2025",
    } <= keys
    assert any(k.startswith("event:") for k in keys)
    html = client.get("/preset/province?key=province:330000").data.decode()
    assert 'id="graph-data"' in html


def test_province_chooser_lists_provinces(client):
    body = client.get("/preset/province.json").get_json()
    assert "province:330000" in [c["key"] for c in body["choices"]]
    html = client.get("/preset/province").data.decode()
    assert 'href="/preset/province?key=province:330000"' in html


def test_enterprise_360(client):
    url = "/preset/enterprise.json?key=enterprise:ningbo-precision-2025"
    body, keys, rels = graph_of(client, url)
    assert {
        "enterprise:ningbo-precision-2025",
        "city:330200",
        "province:330000",
        "industry:C",
        "technology:smart-production-line",
    } <= keys
    assert "event:ningbo-precision-investment-2025" in keys
    eligible = [r for r in rels if r["type"] == "ELIGIBLE_FOR"]
    assert all(r["start"] == "enterprise:ningbo-precision-2025" for r in eligible)


def test_presets_respect_max_nodes(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_NODES", 5)
    body, keys, rels = graph_of(client, "/preset/province.json?key=province:330000")
    assert len(keys) <= 5 and body["graph"]["truncated"] is True
