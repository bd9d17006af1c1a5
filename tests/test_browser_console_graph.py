"""Issue 12 (items 4-7) in a real headless Chromium: the console draws the relationships
among its result nodes, captioned and styled as the explorer, and the path finder takes
names, both on the 100,000-enterprise store (``big_server``); suggestions show whole
names; the legend, header counts and share links.

Screenshots go to test-artifacts/<test id>/.
"""

import json
from urllib.parse import quote
from urllib.request import urlopen

import pytest

pytestmark = pytest.mark.browser

CONSOLE_QUERY = "MATCH (p:Province)<-[:COVERS]-(pol:Policy)-[:IMPLEMENTS]->(n) RETURN p, pol, n"
STABLE = '#graph[data-stable="1"]'
ZHEJIANG = "province:330000"


def console_edges(page) -> list[dict]:
    return page.evaluate("window.policyGraphConsole.graph().edgeSet.get()")


def test_console_draws_connected_captioned_nodes(page, big_server, artifacts_dir):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    with urlopen(big_server + "/cypher.json?query=" + quote(CONSOLE_QUERY)) as response:
        twin = json.load(response)["result"]
    page.goto(big_server + "/cypher?query=" + quote(CONSOLE_QUERY))
    page.wait_for_function(
        "document.getElementById('status').textContent.includes('行 ·')", timeout=60000
    )
    page.wait_for_selector('#tab-graph[data-stable="1"]', timeout=60000)
    assert page.is_checked("#connect")
    nodes = page.evaluate("window.policyGraphConsole.graph().nodeSet.get()")
    assert len(nodes) == twin["counts"]["nodes"] > 3  # the provincial plans at scale too
    assert all(n["label"] for n in nodes)  # captioned with names, as in the explorer
    styles = page.evaluate("PolicyGraph.STYLES")
    province = next(n for n in nodes if n["id"] == ZHEJIANG)
    assert province["label"] == "浙江省"
    assert province["color"]["background"] == styles["Province"]["color"]
    assert province["shape"] == styles["Province"]["shape"]
    edges = console_edges(page)
    drawn = {frozenset((e["from"], e["to"])) for e in edges}
    for record in twin["records"]:  # every row's COVERS and IMPLEMENTS, fetched and drawn
        p, pol, n = (record[c]["key"] for c in ("p", "pol", "n"))
        assert {frozenset((p, pol)), frozenset((pol, n))} <= drawn, record
    assert "条结果节点之间的关系" in page.locator("#status").inner_text()
    page.screenshot(path=str(artifacts_dir / "01-console-connected.png"), full_page=True)

    page.uncheck("#connect")  # the switch runs again without them
    page.wait_for_function("window.policyGraphConsole.graph().edgeSet.length === 0")
    assert "条结果节点之间的关系" not in page.locator("#status").inner_text()
    page.screenshot(path=str(artifacts_dir / "02-console-unconnected.png"), full_page=True)
    assert errors == []


def test_path_finder_with_names(page, big_server, artifacts_dir):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(big_server + "/path")
    page.fill("#path-from", "国务院")
    page.fill("#path-to", "宁波市")
    page.keyboard.press("Escape")
    page.click("#path-submit")
    page.wait_for_selector("#path-list")
    assert page.locator(".path-chain").count() >= 1
    assert page.input_value("#path-from") == "国务院"  # the form keeps what was typed
    page.wait_for_selector(STABLE, timeout=60000)
    page.screenshot(path=str(artifacts_dir / "01-path-by-name.png"), full_page=True)

    # an unknown name: the form stays, with the message in Chinese
    page.fill("#path-from", "没有这个名字的节点")
    page.click("#path-submit")
    page.wait_for_selector("#path-error")
    assert "找不到匹配的节点" in page.locator("#path-error").inner_text()
    assert page.input_value("#path-from") == "没有这个名字的节点"
    page.screenshot(path=str(artifacts_dir / "02-path-error.png"), full_page=True)

    # a name several nodes match equally well: choose one
    page.fill("#path-from", "基金")
    page.fill("#path-to", "宁波市")
    page.click("#path-submit")
    page.wait_for_selector("#path-choices")
    page.screenshot(path=str(artifacts_dir / "03-path-choices.png"), full_page=True)
    page.locator("#path-choices a.choice").first.click()
    page.wait_for_selector("#path-list")
    assert errors == []


def test_suggestions_show_whole_names(page, live_server, artifacts_dir):
    page.goto(live_server.url + "/")
    page.fill("#top-search", "宁波")
    page.wait_for_selector(".suggest .item")
    names = page.locator(".suggest .item .name").all_inner_texts()
    keys = page.locator(".suggest .item .key").all_inner_texts()
    assert names and len(names) == len(keys)
    assert all("…" not in n for n in names)
    assert "宁波市" in names
    page.screenshot(path=str(artifacts_dir / "01-suggestions.png"))


def test_legend_text_toggles_counts_follow_and_share_link_is_short(
    page, live_server, app, tmp_path, artifacts_dir
):
    app.config["SAVED_VIEWS_DIR"] = str(tmp_path / "views")
    page.goto(live_server.url + f"/view?focus={ZHEJIANG}")
    page.wait_for_selector(STABLE, timeout=30000)

    # clicking a legend label's text toggles the label
    item = page.locator(".pg-legend-item", has=page.locator(".pg-legend-name", has_text="城市"))
    item.locator(".pg-legend-name").click()
    page.wait_for_selector(".pg-legend-item.off")
    page.locator(".pg-legend-item.off .pg-legend-name").click()
    assert page.locator(".pg-legend-item.off").count() == 0

    # header counts follow an expansion
    before = int(page.inner_text("#view-node-count"))
    page.evaluate("gv.expand('city:330200')")
    page.wait_for_function(
        f"Number(document.getElementById('view-node-count').textContent) > {before}"
    )
    assert int(page.inner_text("#view-node-count")) == page.evaluate("gv.visibleKeys().length")
    assert int(page.inner_text("#view-rel-count")) == page.evaluate("gv.edgeSet.length")

    # a share link for a big view stays short: a saved view (expand until the keys alone
    # would pass 2,000 characters)
    page.evaluate(
        """async () => {
            const done = new Set();
            for (let round = 0; round < 6; round++) {
                for (const key of gv.visibleKeys()) {
                    if (gv.visibleKeys().join(",").length > 2500) return;
                    if (done.has(key)) continue;
                    done.add(key);
                    await gv.expand(key, { all: true });
                }
            }
        }"""
    )
    assert len(",".join(page.evaluate("gv.visibleKeys()"))) > 2000
    page.wait_for_function("document.getElementById('share-link').value.includes('/view/')")
    link = page.input_value("#share-link")
    assert len(link) < 2000
    page.screenshot(path=str(artifacts_dir / "01-view-after-expand.png"), full_page=True)
    shown = page.evaluate("gv.visibleKeys().length")
    page.goto(link)
    page.wait_for_selector(STABLE, timeout=30000)
    assert page.evaluate("gv.visibleKeys().length") == shown
