"""Every piece of text from the data is escaped in pages and in data handed to scripts."""

import pytest
from explore_hostile import FIRM, HOSTILE, HOSTILE_EN, hostile_app

from webapp.extensions import close_store

PAGES = [
    f"/node/{FIRM}",
    f"/node/{FIRM}?lang=en",
    "/search?q=onerror",
    "/search?q=script&lang=en",
    f"/view?focus={FIRM}",
    f"/view?keys={FIRM},city:xss-city",
    f"/path?from={FIRM}&to=city:xss-city",
    f"/preset/enterprise?key={FIRM}",
    "/preset/enterprise",
]


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    app = hostile_app(tmp_path_factory.mktemp("xss") / "graph")
    yield app.test_client()
    close_store(app)


@pytest.mark.parametrize("path", PAGES)
def test_hostile_names_never_reach_a_page_as_markup(hostile_client, path):
    response = hostile_client.get(path)
    assert response.status_code == 200, response.data[:300]
    html = response.data.decode()
    for raw in (HOSTILE, HOSTILE_EN, "<svg onload", "<iframe", "<b>bold</b>", "<i>alias</i>"):
        assert raw not in html, (path, raw)
    escaped = (
        "&lt;img src=x onerror=alert(1)&gt;",
        "\\u003cimg src=x onerror=alert(1)\\u003e",
        "&lt;script&gt;alert(2)&lt;/script&gt;",
        "\\u003cscript\\u003ealert(2)",
    )
    assert any(e in html for e in escaped), path


def test_the_json_twin_carries_the_text_as_data(hostile_client):
    body = hostile_client.get(f"/node/{FIRM}.json").get_json()
    assert body["node"]["properties"]["name"] == HOSTILE
    response = hostile_client.get(f"/node/{FIRM}.json")
    assert response.mimetype == "application/json"


def test_no_inner_html_in_the_front_end():
    """The graph component and page glue build DOM with textContent only."""
    from pathlib import Path

    static = Path(__file__).resolve().parent.parent / "webapp" / "static" / "js"
    for name in ("graphview.js", "app.js"):
        text = (static / name).read_text(encoding="utf-8")
        for sink in (".innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in text, (name, sink)
