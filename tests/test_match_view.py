"""The matcher's profile as a graph (/match/view.json, the same query as /match.json)
on both stores: one node for the typed-in profile, linked to what it matches by
ELIGIBLE_FOR as the matcher computes it (status derived, not stored) and to its city and
industry, with the matched items' agencies and plans from the store; nothing written."""

from __future__ import annotations

import pytest

from tests.conftest import client_over

FEE_CUT = "measure:guarantee-fee-cut-2025"
ZJ_FUNDS = "measure:zhejiang-provincial-funds-2025"
QUERY = "region=330200&industry=C34&employees=120&revenue_wan=8000&designations=专精特新"


@pytest.fixture(scope="module")
def client(bundled_store, tmp_path_factory):
    return client_over(bundled_store, tmp_path_factory)


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.data[:400]
    return response.get_json()


def profile_node(graph):
    found = [n for n in graph["nodes"] if n["key"].startswith("profile:")]
    assert len(found) == 1, [n["key"] for n in graph["nodes"]]
    return found[0]


def test_the_profile_is_one_node_linked_to_what_it_matches(client, bundled_store):
    before = bundled_store.stats()
    matched = get(client, f"/match.json?{QUERY}")
    data = get(client, matched["graph_url"].replace("/match/view?", "/match/view.json?"))
    graph = data["graph"]
    node = profile_node(graph)
    assert data["profile"]["node"] == node["key"]
    props = node["properties"]
    assert props["name"] == "您的企业（画像）"
    assert props["name_en"] == "Your enterprise (profile)"
    assert props["region_code"] == "330200" and props["region"] == "宁波市"
    assert props["industry_code"] == "C34" and props["size_class"] == "small"
    assert props["employees"] == 120 and props["revenue_wan"] == 8000
    assert props["designations"] == ["专精特新"]
    assert props["stored"] is False and "enterprise" not in props
    assert node["profile"]["stored"] is False and node["prominent"] is True

    shown = {n["key"] for n in graph["nodes"]}
    out = {(r["type"], r["end"]): r for r in graph["relationships"] if r["start"] == node["key"]}
    # an ELIGIBLE_FOR to every match, computed now: the criteria met in the stored form
    match_keys = {m["key"] for m in matched["matches"]}
    assert data["matches"] == [m["key"] for m in matched["matches"]]
    assert {e for t, e in out if t == "ELIGIBLE_FOR"} == match_keys & shown
    assert {FEE_CUT, ZJ_FUNDS} <= match_keys & shown
    fee = out[("ELIGIBLE_FOR", FEE_CUT)]["properties"]
    assert fee["status"] == "derived" and fee["stored"] is False
    assert fee["computed_by"] == "matcher" and fee["match"] == "any"
    assert {"size:small", "designation:专精特新"} <= set(fee["criteria"])
    assert fee["source"] == "source:seed-article-2025-11-17"
    # its city and industry, not stored either
    assert out[("LOCATED_IN", "city:330200")]["properties"]["stored"] is False
    if "industry:C34" in shown:
        assert ("IN_INDUSTRY", "industry:C34") in out
    # the matched items' plans and agencies, as stored, and their relationships
    fee_context = next(m["context"] for m in matched["matches"] if m["key"] == FEE_CUT)
    assert fee_context and set(fee_context) <= shown
    stored_rels = [r for r in graph["relationships"] if r["start"] != node["key"]]
    assert any(r["start"] in fee_context and r["end"] == FEE_CUT for r in stored_rels) or any(
        r["end"] in fee_context and r["start"] == FEE_CUT for r in stored_rels
    )
    # every relationship joins two drawn nodes
    assert all(r["start"] in shown and r["end"] in shown for r in graph["relationships"])
    # nothing written, and the store knows no node of that key
    assert bundled_store.stats() == before
    assert bundled_store.subgraph([node["key"]]).nodes == []


def test_the_same_profile_the_same_key_and_the_page_in_both_languages(client):
    first = profile_node(get(client, f"/match/view.json?{QUERY}")["graph"])["key"]
    again = profile_node(get(client, f"/match/view.json?{QUERY}&lang=en")["graph"])["key"]
    other = profile_node(get(client, "/match/view.json?region=330200&industry=C34")["graph"])
    assert first == again != other["key"]
    for lang, caption in (("zh", "匹配结果图"), ("en", "Matches as a graph")):
        response = client.get(f"/match/view?{QUERY}&lang={lang}")
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        assert caption in text and first in text and 'id="graph-data"' in text
    # the matcher page's button opens it; the explorer's view stays as it was
    page = client.get(f"/match?{QUERY}").get_data(as_text=True)
    assert 'id="match-graph" href="/match/view?' in page
    assert 'id="match-explore" href="/view?keys=' in page


def test_a_profile_of_a_province_links_the_province(client):
    graph = get(client, "/match/view.json?region=330000&employees=10&revenue_wan=100")["graph"]
    node = profile_node(graph)
    ends = {(r["type"], r["end"]) for r in graph["relationships"] if r["start"] == node["key"]}
    assert ("LOCATED_IN", "province:330000") in ends
    # no industry given: none linked, none invented
    assert "industry_code" not in node["properties"]
    assert not any(t == "IN_INDUSTRY" for t, _ in ends)


def test_bad_or_no_profile_is_400_naming_the_parameter(client):
    assert get(client, "/match/view.json", status=400)["error"].startswith("region:")
    data = get(client, "/match/view.json?region=330200&employees=abc", status=400)
    assert data["error"] == "employees: must be a whole number, got 'abc'"
