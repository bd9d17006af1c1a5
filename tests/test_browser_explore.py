"""The explorer in a real headless Chromium: search, open, expand, path, language, XSS.

Screenshots go to test-artifacts/<test id>/.
"""

import threading

import pytest
from explore_hostile import FIRM, HOSTILE, HOSTILE_EVIDENCE, hostile_app

pytestmark = pytest.mark.browser

STABLE = '#graph[data-stable="1"]'
ZHEJIANG = "province:330000"
NINGBO_CITY = "city:330200"
NINGBO_FIRM = "enterprise:ningbo-precision-2025"
STATE_COUNCIL = "agency:state-council"


def node_count(page) -> int:
    return int(page.get_attribute("#graph", "data-node-count"))


def node_screen_position(page, key):
    """Where the graph draws ``key``, in page coordinates."""
    box = page.locator("#graph .pg-canvas canvas").bounding_box()
    dom = page.evaluate("key => gv.network.canvasToDOM(gv.network.getPositions([key])[key])", key)
    return box["x"] + dom["x"], box["y"] + dom["y"]


def test_search_open_expand_path_and_language(page, live_server, artifacts_dir):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_server.url + "/")
    page.wait_for_selector(STABLE)
    assert page.get_attribute("html", "lang") == "zh-CN"
    page.screenshot(path=str(artifacts_dir / "01-home.png"), full_page=True)

    # Search 浙江: suggestions while typing, then the grouped results page.
    page.fill("#home-search", "浙江")
    page.wait_for_selector(f'.suggest .item[data-key="{ZHEJIANG}"]')
    page.screenshot(path=str(artifacts_dir / "02-suggestions.png"))
    page.press("#home-search", "Enter")
    page.wait_for_url("**/search?q=*")
    page.wait_for_selector('.group[data-label="Province"]')
    page.screenshot(path=str(artifacts_dir / "03-search.png"), full_page=True)

    # Open the province; its neighbourhood graph loads and settles.
    page.click(f'.group[data-label="Province"] a[data-key="{ZHEJIANG}"]')
    page.wait_for_url(f"**/node/{ZHEJIANG}")
    page.wait_for_selector(STABLE)
    before = node_count(page)
    assert before > 5
    page.screenshot(path=str(artifacts_dir / "04-province.png"), full_page=True)

    # Double-click Ningbo to expand it: the Ningbo enterprise appears.
    x, y = node_screen_position(page, NINGBO_CITY)
    page.mouse.dblclick(x, y)
    page.wait_for_function(f"() => gv.visibleKeys().includes('{NINGBO_FIRM}')")
    assert node_count(page) > before
    # ... without derived relationships (ELIGIBLE_FOR) unless asked (issue 12 item 1).
    eligible = f"{NINGBO_FIRM}-ELIGIBLE_FOR->policy:zhejiang-sme-digital-2025"
    assert page.evaluate(f"() => gv.edgeSet.get('{eligible}')") is None
    assert NINGBO_FIRM in page.input_value("#share-link")
    page.screenshot(path=str(artifacts_dir / "05-expanded.png"), full_page=True)

    # Click a node: the side panel shows it.
    x, y = node_screen_position(page, NINGBO_FIRM)
    page.mouse.click(x, y)
    page.wait_for_selector(".pg-panel .pg-title")
    assert "宁波" in page.text_content(".pg-panel .pg-title")

    # Undo removes the expansion, redo brings it back.
    page.click(".pg-toolbar button:has-text('撤销')")
    assert NINGBO_FIRM not in page.evaluate("gv.visibleKeys()")
    page.click(".pg-toolbar button:has-text('重做')")
    assert NINGBO_FIRM in page.evaluate("gv.visibleKeys()")

    # The shared link reopens the same view.
    shared = page.input_value("#share-link")
    page.goto(shared)
    page.wait_for_selector(STABLE)
    assert NINGBO_FIRM in page.evaluate("gv.visibleKeys()")

    # Path finder: the State Council to the Ningbo enterprise.
    page.goto(live_server.url + "/path")
    page.fill("#path-from", STATE_COUNCIL)
    page.fill("#path-to", NINGBO_FIRM)
    page.click("#path-submit")
    page.wait_for_selector("#path-list .path-chain")
    page.wait_for_selector(STABLE)
    chain = page.text_content("#path-list .path-chain")
    assert "国务院" in chain and "宁波" in chain
    assert {STATE_COUNCIL, NINGBO_FIRM} <= set(page.evaluate("gv.visibleKeys()"))
    page.screenshot(path=str(artifacts_dir / "06-path.png"), full_page=True)

    # Analysis: rank the shown nodes.
    page.click(".pg-toolbar button:has-text('网络分析')")
    page.wait_for_selector(".pg-analysis-table td")
    page.screenshot(path=str(artifacts_dir / "07-analysis.png"), full_page=True)

    # Switch to English; the choice persists on the next page.
    page.click("#lang-switch")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"
    page.goto(live_server.url + f"/node/{ZHEJIANG}")
    page.wait_for_selector(STABLE)
    assert page.text_content("#node-name") == "Zhejiang"
    page.screenshot(path=str(artifacts_dir / "08-english.png"), full_page=True)
    page.goto(live_server.url + "/")
    assert "Path finder" in page.text_content("header")
    assert errors == []


def test_hub_expansion_offers_a_type_choice_and_more(
    page, live_server, artifacts_dir, app, monkeypatch
):
    """A node with more neighbours than MAX_EXPAND asks for a relationship type first."""
    page.goto(live_server.url + f"/view?keys={ZHEJIANG}")
    page.wait_for_selector(STABLE)
    page.evaluate("gv.o.maxExpand = 4")
    x, y = node_screen_position(page, ZHEJIANG)
    page.mouse.dblclick(x, y)
    page.wait_for_selector('.pg-chooser button[data-type="PART_OF"]')
    assert node_count(page) == 1, "nothing is added before the user chooses"
    page.screenshot(path=str(artifacts_dir / "hub-chooser.png"))
    page.click('.pg-chooser button[data-type="PART_OF"]')
    page.wait_for_function("() => gv.visibleKeys().length === 5")
    page.click(".pg-more")
    page.wait_for_function("() => gv.visibleKeys().length === 9")
    page.screenshot(path=str(artifacts_dir / "hub-more.png"))


def test_views_above_the_layout_threshold_are_drawn_without_physics(
    page, live_server, app, monkeypatch
):
    monkeypatch.setitem(app.config, "SERVER_LAYOUT_MIN_NODES", 5)
    page.goto(live_server.url + f"/view?focus={ZHEJIANG}")
    page.wait_for_selector(STABLE)
    assert page.evaluate("gv.physics") is False
    assert page.evaluate("gv.toPNG()").startswith("data:image/png;base64,")


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    from werkzeug.serving import make_server

    from webapp.extensions import close_store

    app = hostile_app(tmp_path_factory.mktemp("xss-browser") / "graph")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)
    server.server_close()
    close_store(app)


def test_hostile_names_show_as_text_in_the_browser(page, hostile_server, artifacts_dir):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(hostile_server + f"/node/{FIRM}")
    page.wait_for_selector(STABLE)
    assert page.text_content("#node-name") == HOSTILE
    assert HOSTILE_EVIDENCE in page.text_content("#provenance")

    # Tooltip (vis-network title) and side panel.
    x, y = node_screen_position(page, FIRM)
    page.mouse.move(x, y)
    page.wait_for_selector(".pg-tooltip:visible")
    assert HOSTILE in page.text_content(".pg-tooltip")
    page.mouse.click(x, y)
    page.wait_for_selector(".pg-panel .pg-title")
    assert page.text_content(".pg-panel .pg-title") == HOSTILE
    assert "null" not in page.text_content(".pg-panel")
    assert HOSTILE in page.text_content(".pg-legend") or page.locator(".pg-legend-item").count()

    # Search suggestions.
    page.fill("#top-search", "onerror")
    page.wait_for_selector(f'.suggest .item[data-key="{FIRM}"]')
    assert HOSTILE in page.text_content(".suggest")
    page.screenshot(path=str(artifacts_dir / "xss.png"), full_page=True)

    assert page.locator('img[src="x"]').count() == 0
    assert page.locator("svg[onload], iframe").count() == 0
    assert dialogs == []


def test_money_edges_name_their_type_beside_an_unknown_amount(page, live_server):
    """QA: funding flows drew sub-fund edges labelled only 未知 ("unknown")."""
    page.goto(live_server.url + "/preset/funding-flows")
    page.wait_for_selector(STABLE)
    labels = page.evaluate(
        "gv.edgeSet.get().filter(e => gv.rels.get(e.id).type === 'SUB_FUND_OF').map(e => e.label)"
    )
    assert labels, "the bundled data has sub-funds"
    assert all(label.startswith("子基金 · ") for label in labels), labels


def test_the_schema_graph_labels_money_types_by_name_not_unknown_amount(page, live_server):
    """QA: the home page's schema graph labelled its SUB_FUND_OF loop "未知" (unknown)."""
    page.goto(live_server.url + "/")
    page.wait_for_selector(STABLE)
    labels = page.evaluate(
        "gv.edgeSet.get().filter(e => ['SUB_FUND_OF', 'INVESTS_IN']"
        ".includes(gv.rels.get(e.id).type)).map(e => e.label)"
    )
    assert labels and "子基金" in labels, labels
    assert not any("未知" in (label or "") for label in labels), labels
