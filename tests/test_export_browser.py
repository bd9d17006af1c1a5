"""Exports in a real headless Chromium: the explorer's export menu downloads the nodes a
view shows, and the standalone HTML export opens offline from disk, data as text only."""

from __future__ import annotations

import json

import pytest

from graph import export as ex
from graph.model import Subgraph
from tests.export_sample import NODES, RELS

pytestmark = pytest.mark.browser


def test_the_explorer_export_menu_downloads_the_view(page, live_server, tmp_path):
    page.goto(live_server.url + "/view?keys=province:330000,city:330200,city:330100&lang=en")
    page.wait_for_selector("#graph[data-stable]", timeout=30000)
    shown = sorted(page.evaluate("window.gv.visibleKeys()"))
    page.select_option(".export-menu .export-format", "json")
    with page.expect_download() as info:
        page.click(".export-menu .export-download")
    path = tmp_path / "view.json"
    info.value.save_as(path)
    assert info.value.suggested_filename.endswith(".json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert sorted(doc["manifest"]["view"]["keys"]) == shown
    assert set(shown) <= {n["id"] for n in doc["nodes"]}
    assert {"start": "city:330200", "end": "province:330000"}.items() <= next(
        e for e in doc["edges"] if e["start"] == "city:330200"
    ).items()

    with page.expect_download() as png_info:
        page.click(".export-menu .export-png")
    png = tmp_path / "view.png"
    png_info.value.save_as(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_html_export_opens_offline_and_renders_no_data_as_html(browser, tmp_path):
    sub = Subgraph(list(NODES), list(RELS))
    meta = {
        "view": {"keys": [n.key for n in NODES]},
        "store": {"kind": "test", "version": "0"},
        "exported_at": "2026-01-01T00:00:00Z",
        "counts": {"nodes": len(NODES), "relationships": len(RELS)},
        "caps": {},
        "truncated": False,
    }
    path = tmp_path / "export.html"
    path.write_bytes(ex.export_bytes(sub, meta, "html"))

    context = browser.new_context()
    requested = []

    def only_files(route):
        requested.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_files)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(path.as_uri())
        page.wait_for_function("window.policyGraphExport !== undefined", timeout=30000)
        assert page.evaluate("window.policyGraphExport.nodes.length") == len(NODES)
        assert page.evaluate("window.policyGraphExport.edges.length") == len(RELS)
        # the markup in the data stays text: no element was made from it, no script ran
        assert page.locator("b").count() == 0
        assert page.evaluate("document.scripts.length") == 2
        assert dialogs == []
        title = page.evaluate(
            "window.policyGraphExport.nodes.get('agency:export-test-miit').title.textContent"
        )
        assert "<script>alert(1)</script>" in title
        page.evaluate("window.policyGraphExport.network.selectNodes(['agency:export-test-miit'])")
        manifest = page.locator("#manifest").text_content()
        assert json.loads(manifest)["counts"]["nodes"] == len(NODES)
    finally:
        context.close()
    assert [u for u in requested if not u.startswith("file://")] == []
