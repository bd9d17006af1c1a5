"""The one error shape: {"ok": false, "error": ..., "status": ...}, never a 500, and no
explorer route that writes."""

import pytest

ERROR_KEYS = {"ok", "error", "status"}

BAD_REQUESTS = [
    # (path, status, words the message must contain)
    ("/node/province:999999.json", 404, "province:999999"),
    ("/node/Province%2033.json", 400, "key"),
    ("/node/province:330000/neighbours.json?limit=-1", 400, "limit"),
    ("/node/province:330000/neighbours.json?limit=abc", 400, "limit"),
    ("/node/province:330000/neighbours.json?limit=100000", 400, "MAX_PAGE"),
    ("/node/province:330000/neighbours.json?offset=-5", 400, "offset"),
    ("/node/province:330000/neighbours.json?type=NOPE", 400, "NOPE"),
    ("/node/province:330000/neighbours.json?direction=sideways", 400, "direction"),
    ("/node/province:330000/neighbours.json?label=Planet", 400, "Planet"),
    ("/node/nope:nothing/neighbours.json", 404, "nope:nothing"),
    ("/path.json?from=agency:state-council&to=province:330000&max_hops=1000", 400, "MAX_HOPS"),
    ("/path.json?from=agency:state-council&to=province:330000&max_hops=0", 400, "max_hops"),
    ("/path.json?from=agency:state-council", 400, "to"),
    ("/path.json?from=agency:state-council&to=%3Cscript%3E", 400, "to"),
    ("/path.json?from=agency:state-council&to=province:999999", 404, "province:999999"),
    ("/view.json?keys=province:330000,not%20a%20key", 400, "keys"),
    ("/view.json?keys=%7B%22json%22%3A1%7D", 400, "keys"),
    ("/view.json", 400, "keys"),
    ("/view.json?focus=province:999999", 404, "province:999999"),
    ("/view.json?focus=province:330000&depth=9", 400, "depth"),
    ("/view.json?focus=province:330000&layout=spiral", 400, "layout"),
    ("/analysis.json", 400, "keys"),
    ("/analysis.json?keys=%5B1,2%5D", 400, "keys"),
    ("/search.json?q=x&limit=0", 400, "limit"),
    ("/search.json?q=x&limit=100000", 400, "MAX_SEARCH_LIMIT"),
    ("/search.json?q=x&label=Nope", 400, "Nope"),
    ("/search.json?q=" + "x" * 500, 400, "q"),
    ("/preset/province.json?key=enterprise:ningbo-precision-2025", 400, "Province"),
    ("/preset/enterprise.json?key=enterprise:missing", 404, "enterprise:missing"),
    ("/preset/policy-tree.json?key=unknownkind:x", 400, "unknownkind"),
    ("/lang/fr", 400, "lang"),
    ("/no/such/page.json", 404, ""),
]


@pytest.mark.parametrize(("path", "status", "words"), BAD_REQUESTS)
def test_bad_parameters_get_a_clear_4xx_in_the_one_shape(client, path, status, words):
    response = client.get(path, headers={"Accept": "application/json"})
    assert response.status_code == status, response.data[:300]
    body = response.get_json()
    assert set(body) >= ERROR_KEYS
    assert body["ok"] is False
    assert body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert words in body["error"]


def test_error_shape_is_pinned(client):
    body = client.get("/node/province:330000/neighbours.json?limit=-1").get_json()
    assert body == {
        "ok": False,
        "error": "limit: must be an integer from 0 to 1000 (MAX_PAGE=1000)",
        "status": 400,
    }


def test_html_pages_show_errors_as_a_page_with_the_status(client):
    response = client.get("/node/province:999999")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "province:999999" in response.data.decode()
    response = client.get("/path?from=agency:state-council&to=province:330000&max_hops=1000")
    assert response.status_code == 400
    assert "MAX_HOPS" in response.data.decode()


def test_the_explorer_has_no_route_that_writes(app):
    explorer = ("explore.", "presets.", "i18n.", "vendor_vis.")
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith(explorer)]
    assert len(rules) > 10
    for rule in rules:
        assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def test_posting_to_an_explorer_page_is_refused_in_the_error_shape(client):
    response = client.post("/node/province:330000.json")
    assert response.status_code == 405
    assert response.get_json()["ok"] is False
