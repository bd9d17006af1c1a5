"""The explorer's JSON twins on both stores (the embedded one and a real Neo4j), loaded
with the bundled data: the pages only use the store interface, so both must answer alike."""

import pytest

from tests.conftest import client_over

ZHEJIANG = "province:330000"
NINGBO_FIRM = "enterprise:ningbo-precision-2025"


@pytest.fixture(scope="module")
def store_client(bundled_store, tmp_path_factory):
    """An app whose one store is ``bundled_store`` (the fixture owns and closes it)."""
    return client_over(bundled_store, tmp_path_factory)


def get_json(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.data[:400]
    return response.get_json()


def test_home_and_search(store_client):
    home = get_json(store_client, "/index.json")
    assert ZHEJIANG in [p["key"] for p in home["provinces"]]
    hits = get_json(store_client, "/search.json?q=浙江")["hits"]
    assert ZHEJIANG in [h["node"]["key"] for h in hits]


def test_node_and_neighbours(store_client):
    node = get_json(store_client, f"/node/{ZHEJIANG}.json")
    part_of = next(g for g in node["groups"] if g["type"] == "PART_OF")
    assert part_of["total"] == 11
    page = get_json(store_client, f"/node/{ZHEJIANG}/neighbours.json?type=PART_OF&limit=5")
    assert len(page["items"]) == 5 and page["has_more"] is True


def test_path_presets_and_analysis(store_client):
    path = get_json(store_client, f"/path.json?from=agency:state-council&to={NINGBO_FIRM}")
    assert path["paths"] and path["paths"][0]["nodes"][-1]["key"] == NINGBO_FIRM
    view = get_json(store_client, f"/preset/enterprise.json?key={NINGBO_FIRM}")
    assert {"city:330200", ZHEJIANG} <= set(view["keys"])
    analysis = get_json(store_client, "/analysis.json?keys=" + ",".join(view["keys"]))
    assert len(analysis["ranking"]) == len(view["keys"])


def test_errors_are_the_same_shape(store_client):
    response = store_client.get("/node/province:999999.json")
    assert response.status_code == 404
    assert response.get_json()["ok"] is False
