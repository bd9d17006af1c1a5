"""Issue 12 (items 4-7) on both stores, loaded with the bundled data: search that ranks
alike in Chinese and English, paths between names, the console's connected result,
saved views and the schema's looks. JSON twins through the Flask test client."""

from urllib.parse import quote

import pytest

from tests.conftest import client_over

ZHEJIANG = "province:330000"
STATE_COUNCIL = "agency:state-council"
NINGBO = "city:330200"
CONSOLE_QUERY = "MATCH (p:Province)<-[:COVERS]-(pol:Policy)-[:IMPLEMENTS]->(n) RETURN p, pol, n"


@pytest.fixture(scope="module")
def store_client(bundled_store, tmp_path_factory):
    """An app whose one store is ``bundled_store`` (the fixture owns and closes it)."""
    return client_over(
        bundled_store, tmp_path_factory, SAVED_VIEWS_DIR=str(tmp_path_factory.mktemp("views"))
    )


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.data[:400]
    return response.get_json()


def hits(client, q, extra=""):
    body = get_json(client, f"/search.json?q={quote(q)}{extra}")
    return [(h["match"], h["node"]["key"]) for h in body["hits"]]


# -- search ---------------------------------------------------------------------------


def test_one_ranking_in_both_languages(store_client):
    chinese = hits(store_client, "浙江")
    assert chinese[0] == ("exact", ZHEJIANG)
    assert hits(store_client, "Zhejiang") == chinese  # English no longer also matches keys
    assert hits(store_client, "浙江省")[0] == ("exact", ZHEJIANG)
    for q in ("zhejiang province", "Zhejiang  PROVINCE", "浙江 省份"):
        assert hits(store_client, q)[0] == ("words", ZHEJIANG), q


def test_keys_match_only_key_like_queries(store_client):
    assert all(key != ZHEJIANG for _, key in hits(store_client, "330000"))
    assert hits(store_client, "province:330000")[0] == ("exact", ZHEJIANG)


def test_multi_word_queries_match_every_word(store_client):
    body = get_json(store_client, f"/search.json?q={quote('Ningbo  precision')}")
    assert "enterprise:ningbo-precision-2025" in [h["node"]["key"] for h in body["hits"]]
    for hit in body["hits"]:
        p = hit["node"]["properties"]
        names = " ".join([p.get("name", ""), p.get("name_en", ""), *p.get("aliases", [])]).lower()
        assert "ningbo" in names and "precision" in names, hit["node"]["key"]
    assert hits(store_client, "ningbo no-such-word") == []


def test_status_filters(store_client):
    every = hits(store_client, "基金", "&limit=100")
    shown = hits(store_client, "基金", "&limit=100&exclude_status=synthetic")
    statuses = {
        h["node"]["properties"].get("status")
        for h in get_json(store_client, "/search.json?q=基金&limit=100&exclude_status=synthetic")[
            "hits"
        ]
    }
    assert "synthetic" not in statuses and len(shown) <= len(every)
    only = get_json(store_client, "/search.json?q=浙江&status=reference")["hits"]
    assert only and {h["node"]["properties"]["status"] for h in only} == {"reference"}
    bad = get_json(store_client, "/search.json?q=x&status=made-up", status=400)
    assert bad["ok"] is False and "status" in bad["error"]
    html = store_client.get("/search?q=基金").data.decode()
    assert 'id="hide-synthetic"' in html and "隐藏示例数据" in html


# -- paths by name ----------------------------------------------------------------------


def test_path_between_names(store_client):
    body = get_json(store_client, f"/path.json?from={quote('国务院')}&to={quote('宁波市')}")
    assert body["from_node"]["key"] == STATE_COUNCIL and body["to_node"]["key"] == NINGBO
    assert body["paths"] and body["paths"][0]["nodes"][-1]["key"] == NINGBO
    assert body["choices"] == {}


def test_path_offers_a_choice_when_names_tie(store_client):
    body = get_json(store_client, f"/path.json?from={quote('基金')}&to={NINGBO}")
    assert body["paths"] == [] and len(body["choices"]["from"]) > 1
    assert "to" not in body["choices"]
    html = store_client.get(f"/path?from={quote('基金')}&to={NINGBO}").data.decode()
    assert 'id="path-choices"' in html and 'class="choice"' in html


def test_path_errors_keep_the_form_and_speak_the_ui_language(store_client):
    body = get_json(store_client, f"/path.json?from=no-such-thing-anywhere&to={NINGBO}", 400)
    assert body["error"].startswith("from: 找不到匹配的节点")
    response = store_client.get(f"/path?from=no-such-thing-anywhere&to={NINGBO}")
    html = response.data.decode()
    assert response.status_code == 400
    assert 'id="path-form"' in html and 'id="path-error"' in html and "找不到匹配的节点" in html
    assert 'value="no-such-thing-anywhere"' in html
    half = get_json(store_client, f"/path.json?from={NINGBO}", 400)
    assert half["error"] == "to: 请同时填写起点和终点"
    english = store_client.get("/path?from=province:999999&to=city:330200&lang=en")
    assert english.status_code == 404 and "No such node in the graph" in english.data.decode()
    store_client.get("/lang/zh")  # the cookie ?lang=en set goes back to the default


# -- console: relationships among the result nodes ---------------------------------------


def test_console_connects_result_nodes(store_client):
    url = f"/cypher.json?query={quote(CONSOLE_QUERY)}"
    result = get_json(store_client, url)["result"]
    keys = {n["key"] for n in result["nodes"]}
    connected = [r for r in result["relationships"] if r.get("connected")]
    assert connected and result["counts"]["connected"] == len(connected)
    assert all(r["start"] in keys and r["end"] in keys for r in connected)
    assert {"COVERS", "IMPLEMENTS"} <= {r["type"] for r in connected}
    plain = get_json(store_client, url + "&connect=0")["result"]
    assert plain["relationships"] == [] and "connect" not in plain


# -- saved views and the schema's looks -------------------------------------------------------


def test_saved_view_is_short_and_content_addressed(store_client):
    keys = [h["node"]["key"] for h in get_json(store_client, "/search.json?q=a&limit=50")["hits"]]
    keys += [ZHEJIANG, NINGBO]
    saved = store_client.post("/view/save", json={"keys": keys, "focus": ZHEJIANG}).get_json()
    again = store_client.post("/view/save", json={"keys": keys[::-1], "focus": ZHEJIANG})
    assert saved["ok"] and again.get_json()["id"] == saved["id"]
    assert len(saved["url"]) < 30
    view = store_client.get(saved["url"] + ".json", follow_redirects=True).get_json()
    assert set(view["keys"]) == set(keys) and view["focus"] == ZHEJIANG
    page = store_client.get(saved["url"])
    assert page.status_code == 302 and "/view?keys=" in page.headers["Location"]
    assert store_client.get("/view/0123456789ab").status_code == 404
    assert store_client.post("/view/save", json={"keys": []}).status_code == 400


def test_schema_json_declares_every_look(store_client):
    body = get_json(store_client, "/schema.json")
    for item in body["labels"] + body["relationship_types"]:
        assert item["zh"] and item["en"] and item["color"].startswith("#"), item["name"]
    province = next(lb for lb in body["labels"] if lb["name"] == "Province")
    assert (province["zh"], province["shape"]) == ("省份", "dot")
