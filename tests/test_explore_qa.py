"""Regressions found by QA from outside: links from data, non-finite numbers in JSON,
the language fallback, and static files while the database is down."""

from __future__ import annotations

import json
import math
import socket

import pytest

from graph.model import Node
from webapp import create_app
from webapp.extensions import close_store, get_store

JS_URL = "javascript:alert(3)"
SOURCE = "source:qa-js-url"
FIRM = "enterprise:qa-js-url"


@pytest.fixture(scope="module")
def js_client(tmp_path_factory):
    """A store whose Source has a ``javascript:`` url and one with a real https url."""
    path = tmp_path_factory.mktemp("qa") / "graph"
    app = create_app(
        {"TESTING": True, "GRAPH_URI": f"embedded://{path}", "LOAD_BUNDLED_IF_EMPTY": False}
    )
    store = get_store(app)
    store.ensure_schema()
    nodes = [
        Node(SOURCE, ("Source",), {"key": SOURCE, "name": "js", "url": JS_URL}),
        Node(
            "source:qa-https",
            ("Source",),
            {"key": "source:qa-https", "name": "ok", "url": "https://www.gov.cn/zhengce/"},
        ),
        Node(
            FIRM,
            ("Enterprise",),
            {"key": FIRM, "name": "firm", "source": SOURCE, "status": "synthetic"},
        ),
        Node(
            "enterprise:qa-https",
            ("Enterprise",),
            {"key": "enterprise:qa-https", "name": "b", "source": "source:qa-https"},
        ),
    ]
    store.upsert(nodes, [])
    yield app.test_client()
    close_store(app)


def test_a_javascript_url_in_the_data_is_shown_but_never_a_link(js_client):
    html = js_client.get(f"/node/{FIRM}").get_data(as_text=True)
    assert JS_URL in html  # shown as text
    assert 'href="javascript' not in html.lower()


def test_an_https_source_url_stays_a_link(js_client):
    html = js_client.get("/node/enterprise:qa-https").get_data(as_text=True)
    assert 'href="https://www.gov.cn/zhengce/"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("RETURN 0.0/0.0 AS x", "NaN"),
        ("RETURN 1.0/0.0 AS x", "Infinity"),
        ("RETURN log(0) AS x", "-Infinity"),
    ],
)
def test_non_finite_results_still_give_valid_json(client, query, expected):
    response = client.get("/cypher.json", query_string={"query": query})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    # strict parse: what JSON.parse in the browser does
    body = json.loads(text, parse_constant=lambda c: pytest.fail(f"bare {c} in JSON"))
    assert body["result"]["records"] == [{"x": expected}]


def test_finite_floats_are_untouched(client):
    body = client.get("/cypher.json", query_string={"query": "RETURN 1.5 AS x"}).get_json()
    assert body["result"]["records"] == [{"x": 1.5}]


@pytest.mark.parametrize("params", ['{"x": 1e999}', '{"x": NaN}', '{"x": -Infinity}'])
def test_non_finite_params_are_a_400_naming_params(client, params):
    response = client.get("/cypher.json", query_string={"query": "RETURN $x", "params": params})
    assert response.status_code == 400
    body = response.get_json()
    assert body["ok"] is False and body["status"] == 400
    assert body["error"].startswith("params:")


def test_params_in_the_editor_keep_chinese_readable(client):
    page = client.get("/cypher", query_string={"query": "RETURN $n", "params": '{"n": "浙江"}'})
    html = page.get_data(as_text=True)
    assert "{&#34;n&#34;: &#34;浙江&#34;}</textarea>" in html or '{"n": "浙江"}</textarea>' in html


def test_a_junk_lang_falls_back_to_the_cookie(client):
    client.set_cookie("lang", "en")
    html = client.get("/?lang=xx").get_data(as_text=True)
    assert '<html lang="en"' in html
    client.delete_cookie("lang")


def test_junk_lang_cookie_gives_chinese(client):
    client.set_cookie("lang", "<script>")
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="zh-CN"' in html
    client.delete_cookie("lang")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends


@pytest.fixture
def down_client(tmp_path):
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    app = create_app({"TESTING": True, "GRAPH_URI": uri, "NEO4J_PASSWORD": "x"})
    yield app.test_client(), uri
    close_store(app)


def test_a_stopped_database_still_serves_css_and_a_503_naming_the_uri(down_client):
    client, uri = down_client
    for path in ("/static/css/app.css", "/vendor/vis-network/vis-network.min.js"):
        with client.get(path) as response:  # files are streamed: close them
            assert response.status_code == 200, path
    assert client.get("/schema.json").status_code == 200
    body = client.get("/index.json").get_json()
    assert body["status"] == 503 and uri in body["error"]
    page = client.get("/node/province:330000")
    assert page.status_code == 503 and uri in page.get_data(as_text=True)


def test_finite_helper_is_exact():
    from webapp.jsonsafe import finite

    assert finite({"a": (1, math.nan)}) == {"a": [1, "NaN"]}


def test_paging_past_the_end_leads_back_to_the_last_page(client):
    html = client.get("/node/province:330000?type=PART_OF&limit=5&offset=500").get_data(
        as_text=True
    )
    assert 'rel="prev" href="/node/province:330000?type=PART_OF&amp;offset=10&amp;limit=5"' in html
    assert "<span>0 " in html  # nothing shown on this page, not "0–500"
    first = client.get("/node/province:330000?type=PART_OF&limit=5&offset=5").get_data(as_text=True)
    assert 'rel="prev" href="/node/province:330000?type=PART_OF&amp;offset=0&amp;limit=5"' in first


def test_a_wrong_graph_uri_is_a_503_naming_the_setting_not_a_400(tmp_path):
    app = create_app({"TESTING": True, "GRAPH_URI": "foo://x"})
    body = app.test_client().get("/index.json").get_json()
    assert body["status"] == 503 and "GRAPH_URI" in body["error"] and "foo://x" in body["error"]


@pytest.mark.parametrize(
    ("name", "raw"), [("MAX_NODES", "-5"), ("MAX_ROWS", "0"), ("CYPHER_TIMEOUT_S", "nan")]
)
def test_a_cap_set_to_zero_or_below_stops_the_start_with_its_name(name, raw):
    """QA: MAX_NODES=-5 used to start, and every view then failed or came back empty."""
    from webapp.settings import from_environ

    with pytest.raises(SystemExit, match=f"{name}={raw!r}: expected a number above 0"):
        from_environ({name: raw})


def test_server_layout_may_be_zero():
    from webapp.settings import from_environ

    assert from_environ({"SERVER_LAYOUT_MIN_NODES": "0"}) == {"SERVER_LAYOUT_MIN_NODES": 0}
