"""The console in a real headless Chromium: type a query, run it with Ctrl+Enter, switch
graph / table / JSON, open a permalink, use the history, download the JSON export and a
PNG."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.browser

QUERY = "MATCH (c:City)-[r:PART_OF]->(p:Province {code: $code}) RETURN c, r, p"


def wait_for_result(page, word="rows"):
    page.wait_for_function(
        f"document.getElementById('status').textContent.includes('{word}')", timeout=30000
    )
    return page.locator("#status").inner_text()


def test_type_run_switch_views_permalink_and_export(page, live_server, tmp_path):
    page.goto(live_server.url + "/cypher?lang=en")
    page.select_option("#canned", "cities_of_province")
    assert "PART_OF" in page.evaluate("window.policyGraphConsole.editor.getValue()")

    # type a query of our own into the editor, and its parameters
    page.evaluate("window.policyGraphConsole.editor.setValue('')")
    page.click(".CodeMirror")
    page.keyboard.type(QUERY)
    assert page.evaluate("window.policyGraphConsole.editor.getValue()") == QUERY
    # Cypher highlighting, and the bracket at the cursor matched with its partner
    assert page.locator(".CodeMirror .cm-keyword").count() >= 2  # MATCH, RETURN
    page.evaluate("window.policyGraphConsole.editor.setCursor({line: 0, ch: 7})")
    assert page.locator(".CodeMirror-matchingbracket").count() == 2
    page.fill("#params", json.dumps({"code": "330000"}))
    page.click(".CodeMirror")
    page.keyboard.press("Control+Enter")
    status = wait_for_result(page)
    assert "relationships" in status and "truncated" not in status.lower()

    page.wait_for_selector("#tab-graph[data-node-count]")
    assert int(page.get_attribute("#tab-graph", "data-node-count")) > 5

    page.click("[data-tab=table]")
    assert page.is_visible("#result-table") and not page.is_visible("#tab-graph")
    assert page.locator("#result-table tbody tr").count() > 5
    assert "(province:330000)" in page.locator("#result-table").inner_text()

    page.click("[data-tab=json]")
    shown = json.loads(page.locator("#tab-json").inner_text())
    assert shown["counts"]["rows"] == page.locator("#result-table tbody tr").count()

    page.click("[data-tab=graph]")
    assert page.is_visible("#tab-graph")

    # the JSON export of this result
    page.select_option("#export-format", "json")
    with page.expect_download() as download_info:
        page.click("#export")
    path = tmp_path / "export.json"
    download_info.value.save_as(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["manifest"]["query"] == QUERY
    assert doc["manifest"]["parameters"] == {"code": "330000"}
    assert "province:330000" in {n["id"] for n in doc["nodes"]}

    # PNG of the graph as drawn
    with page.expect_download() as png_info:
        page.click("#png")
    png = tmp_path / "graph.png"
    png_info.value.save_as(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # the permalink opens and runs the query
    permalink = page.get_attribute("#permalink", "href")
    page.goto(live_server.url + permalink)
    assert "rows" in wait_for_result(page)
    assert page.evaluate("window.policyGraphConsole.editor.getValue()") == QUERY

    # history survives the reload
    page.evaluate("window.policyGraphConsole.editor.setValue('')")
    page.click("#history-prev")
    assert page.evaluate("window.policyGraphConsole.editor.getValue()") == QUERY


def test_a_canned_permalink_runs_and_errors_show_hints(page, live_server):
    # Chinese is the default language
    page.goto(live_server.url + "/cypher?canned=plans_issued")
    assert "行 ·" in wait_for_result(page, "行 ·")  # "8 行 · …", not "正在运行…"
    assert page.inner_text("[data-tab=table]") == "表"
    page.click("[data-tab=table]")
    assert page.locator("#result-table tbody tr").count() > 0

    page.goto(
        live_server.url
        + "/cypher?"
        + urlencode({"query": "WITH 1 AS when RETURN when", "lang": "en"})
    )
    page.wait_for_selector("#error:not([hidden])")
    error = page.locator("#error").inner_text()
    assert "backquote the name" in error
    assert page.get_attribute("#error a", "href") == "/cypher/docs/dialect"


def test_the_truncated_notice_names_the_cap(page, live_server):
    page.goto(
        live_server.url
        + "/cypher?"
        + urlencode({"query": "UNWIND range(1, 30) AS x RETURN x", "lang": "en"})
    )
    page.fill("#max-rows", "7")
    page.click("#run")
    page.wait_for_function(
        "document.getElementById('status').textContent.includes('Truncated')", timeout=30000
    )
    assert "max_rows=7" in page.locator("#status").inner_text()
