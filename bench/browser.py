"""Browser: time for the explorer's graph view to draw and settle N nodes in headless
Chromium (Debian's /usr/bin/chromium driven by Playwright).

The page holds only the view's own files: vis-network from pyvis's package, and
webapp/static/js/graphview.js with its CSS when present (the explorer's component, which
marks its container ``data-stable`` and fires ``pg:stable`` once drawn and settled);
otherwise a plain vis-network page with the same physics settings. The subgraph is the
hub's neighbourhood capped at N nodes, shaped as the explorer's /view.json sends it
(server positions above SERVER_LAYOUT_MIN_NODES, else physics in the browser), and also
with physics in the browser at every size, as Neo4j Browser draws.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from .proc import ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
GRAPHVIEW_JS = ROOT / "webapp" / "static" / "js" / "graphview.js"
GRAPHVIEW_CSS = ROOT / "webapp" / "static" / "css" / "graphview.css"
TIMEOUT_MS = 180_000

DRAW_GRAPHVIEW = """
async (data) => {
  const box = document.getElementById("g");
  const gv = new PolicyGraph.GraphView(box, {lang: "zh"});
  return await new Promise((resolve) => {
    const t0 = performance.now();
    let firstDraw = null;
    gv.network.once("afterDrawing", () => { firstDraw = performance.now() - t0; });
    box.addEventListener("pg:stable", () => {
      requestAnimationFrame(() => resolve({first_draw_ms: firstDraw,
                                           settled_ms: performance.now() - t0}));
    }, {once: true});
    gv.setData(data);
  });
}
"""

DRAW_VIS = """
async (data) => {
  const box = document.getElementById("g");
  const nodes = data.nodes.map((n) => ({id: n.key, label: n.properties.name || n.key}));
  const edges = data.relationships.map((r) => ({id: r.id, from: r.start, to: r.end}));
  const positions = data.positions || null;
  if (positions) for (const n of nodes) { [n.x, n.y] = positions[n.id]; }
  return await new Promise((resolve) => {
    const t0 = performance.now();
    let firstDraw = null;
    const net = new vis.Network(box, {nodes, edges}, {
      layout: {improvedLayout: false, randomSeed: 7}, edges: {smooth: false},
      physics: {enabled: !positions, solver: "forceAtlas2Based",
                stabilization: {enabled: true, iterations: 200, updateInterval: 50}}});
    net.once("afterDrawing", () => {
      firstDraw = performance.now() - t0;
      if (positions) resolve({first_draw_ms: firstDraw, settled_ms: firstDraw});
    });
    net.on("stabilizationIterationsDone", () => {
      net.setOptions({physics: {enabled: false}});
      requestAnimationFrame(() => resolve({first_draw_ms: firstDraw,
                                           settled_ms: performance.now() - t0}));
    });
  });
}
"""


def vis_dir() -> Path:
    import pyvis

    return Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"


def view_data(open_for, args: dict, size: int, layout: str) -> tuple[dict, float]:
    """(the hub's neighbourhood of ``size`` nodes shaped as /view.json, ms to build it)."""
    from webapp import create_app
    from webapp.extensions import get_store
    from webapp.graphdata import with_layout

    # MAX_NODES raised so that one view can hold the 1,000 and 3,000 nodes measured.
    app = create_app(
        {"GRAPH_URI": args["uri"], "LOAD_BUNDLED_IF_EMPTY": False, "MAX_NODES": max(args["sizes"])}
    )
    with app.app_context():
        store = get_store(app)
        start = time.perf_counter()
        # With derived ELIGIBLE_FOR (off by default since issue 12): the hub's structural
        # neighbourhood is a few hundred nodes, too few to measure 1,000 and 3,000.
        sub = store.neighbourhood(args["hub"], depth=2, max_nodes=size, include_derived=True)
        data = with_layout(sub, focus=args["hub"], layout=layout)
        elapsed = (time.perf_counter() - start) * 1000
        store.close()
    return data, elapsed


def measure(args: dict, open_for) -> dict:
    from playwright.sync_api import sync_playwright

    component = "graphview.js" if GRAPHVIEW_JS.exists() else "vis-network"
    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            for size in args["sizes"]:
                for layout in ("auto", "none"):
                    data, server_ms = view_data(open_for, args, size, layout)
                    runs = [_draw(browser, data, component) for _ in range(args["reps"])]
                    results.append(
                        {
                            "nodes": len(data["nodes"]),
                            "relationships": len(data["relationships"]),
                            "requested": size,
                            "mode": "explorer (auto)" if layout == "auto" else "physics in browser",
                            "layout": data.get("layout"),
                            "server_ms": round(server_ms, 1),
                            "first_draw_ms": _median(r["first_draw_ms"] for r in runs),
                            "settled_ms": _median(r["settled_ms"] for r in runs),
                            "settled_runs_ms": [round(r["settled_ms"], 1) for r in runs],
                        }
                    )
        finally:
            browser.close()
    return {"component": component, "viewport": "1280x800", "draws": results}


def _median(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 1) if values else None


def _draw(browser, data: dict, component: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.set_content(
            '<!doctype html><meta charset="utf-8">'
            '<div id="g" style="width:1280px;height:800px"></div>'
        )
        page.add_style_tag(path=str(vis_dir() / "vis-network.css"))
        page.add_script_tag(path=str(vis_dir() / "vis-network.min.js"))
        if component == "graphview.js":
            page.add_style_tag(path=str(GRAPHVIEW_CSS))
            page.add_script_tag(path=str(GRAPHVIEW_JS))
            return page.evaluate(DRAW_GRAPHVIEW, data)
        return page.evaluate(DRAW_VIS, data)
    finally:
        context.close()
