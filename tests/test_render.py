"""webapp.render: every page answers as HTML and as JSON at the same path plus .json."""

from flask import Blueprint, Flask
from jinja2 import DictLoader

from webapp.render import page, twin_route, twin_rules


def tiny_app() -> Flask:
    app = Flask(__name__)
    app.jinja_loader = DictLoader({"t.html": "<a href='{{ json_url }}'>{{ data }}</a>"})
    bp = Blueprint("t", __name__)

    @twin_route(bp, "/")
    def home():
        return page("t.html", {"where": "home"})

    @twin_route(bp, "/thing/<key>")
    def thing(key):
        return page("t.html", {"key": key})

    app.register_blueprint(bp)
    return app


def test_twin_rules():
    assert twin_rules("/") == ["/.json", "/index.json"]
    assert twin_rules("/search") == ["/search.json"]
    assert twin_rules("/node/<key>") == ["/node/<key>.json"]


def test_root_answers_at_dot_json_and_index_json_without_redirect():
    client = tiny_app().test_client()
    for path in ("/.json", "/index.json"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.get_json() == {"ok": True, "where": "home"}
    html = client.get("/")
    assert html.status_code == 200
    assert b"/index.json" in html.data


def test_twin_keeps_the_query_string_and_the_path_parameter():
    client = tiny_app().test_client()
    response = client.get("/thing/province:330000.json?x=1")
    assert response.get_json() == {"ok": True, "key": "province:330000"}
    html = client.get("/thing/province:330000?q=%E6%B5%99%E6%B1%9F").data.decode()
    assert "/thing/province:330000.json?q=%E6%B5%99%E6%B1%9F" in html


def test_pages_of_the_app_link_their_twin(client):
    for path, twin in [
        ("/", "/index.json"),
        ("/search?q=%E6%B5%99%E6%B1%9F", "/search.json?q="),
        ("/node/province:330000", "/node/province:330000.json"),
        ("/preset/funding-flows", "/preset/funding-flows.json"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, (path, response.get_data(as_text=True)[:400])
        html = response.data.decode()
        assert f'href="{twin}' in html, path
        assert 'rel="alternate" type="application/json"' in html
        json_path = twin if "?" not in path else twin + path.split("?q=")[1]
        body = client.get(json_path).get_json()
        assert body["ok"] is True, json_path


def test_json_twin_holds_what_the_page_shows(client):
    body = client.get("/node/province:330000.json").get_json()
    assert body["node"]["key"] == "province:330000"
    html = client.get("/node/province:330000").data.decode()
    assert body["node"]["properties"]["name"] in html
    for group in body["groups"]:
        assert f'data-type="{group["type"]}"' in html
