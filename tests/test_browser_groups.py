"""Views that summarise at national scale, in a real headless Chromium: the plan page
without its enterprise ring, presets of at most 150 drawn nodes with group nodes, a group
split into facets (and what lies past the drawn sub-groups), a depth-2 view grouped at
every ring and paths with and without derived facts. Screenshots go to
test-artifacts/<test id>/.

The store (``big_server`` in conftest.py, once per session) holds the bundled data plus
100,000 generated enterprises, generated and loaded with the project's own generator and
bulk loader.
"""

import re
from urllib.parse import quote

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STABLE = '#graph[data-stable="1"]'
PLAN = "policy:sme-digital-2025"
ZHEJIANG_PLAN = "policy:zhejiang-sme-digital-2025"
FUND = "fund:sme-development-fund"
FIRM = "enterprise:ningbo-precision-2025"
MAX_DRAWN = 150
LEGIBLE_PX = 11.5  # graphview.js LABEL_MIN_PX is 12


def shown(page) -> list[dict]:
    return page.evaluate("gv.visibleKeys().map((k) => gv.nodes.get(k))")


def group_nodes(page) -> list[dict]:
    return [n for n in shown(page) if n["key"].startswith("group:")]


def click_node(page, key: str) -> None:
    box = page.locator("#graph .pg-canvas canvas").bounding_box()
    dom = page.evaluate("key => gv.network.canvasToDOM(gv.network.getPositions([key])[key])", key)
    page.mouse.click(box["x"] + dom["x"], box["y"] + dom["y"])


def test_plan_page_shows_its_content_not_an_enterprise_ring(page, big_server, artifacts_dir):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{big_server}/node/{PLAN}")
    page.wait_for_selector(STABLE)
    keys = {n["key"] for n in shown(page)}
    for kind in ("target:", "task:", "measure:"):
        assert any(k.startswith(kind) for k in keys), f"no {kind} node on the plan page"
    assert not any(k.startswith("enterprise:") for k in keys), "an enterprise ring"
    assert not any(":ELIGIBLE_FOR:" in k for k in keys), "derived facts are hidden"
    heads = page.locator("#neighbours .group").evaluate_all("els => els.map((e) => e.dataset.type)")
    assert heads[0] == "ISSUED" and "ELIGIBLE_FOR" not in heads
    switch = page.text_content(".derived-switch")
    assert "符合条件" in switch
    assert int(re.sub(r"\D", "", switch.split("·")[0])) > 20, "the hidden count"
    page.screenshot(path=str(artifacts_dir / "01-plan.png"), full_page=True)
    assert not errors


def label_pixels(page) -> dict[str, float]:
    """Each drawn node's caption height on screen (font size x the canvas scale), px."""
    return page.evaluate("gv.labelPixels()")


def reported_members_drawn(page, groups: list[dict]) -> None:
    """No reported (or other non-synthetic) member is hidden in a group of generated ones:
    every member of a mixed whole group that is not synthetic is drawn by name."""
    drawn = set(page.evaluate("gv.visibleKeys()"))
    for g in groups:
        if g["group"]["facet"] is not None or "status" not in g["group"]["facets"]:
            continue
        split = page.evaluate(FETCH, f"/group/facets.json?facet=status&key={quote(g['key'])}")
        subs = split["graph"]["nodes"]
        if not any(s["group"]["value"] == "synthetic" for s in subs):
            continue
        for sub in subs:
            if sub["group"]["value"] == "synthetic":
                continue
            url = f"/group.json?limit=100&key={quote(sub['key'])}"
            members = {m["key"] for m in page.evaluate(FETCH, url)["items"]}
            assert members <= drawn, f"reported members of {g['key']} hidden: {members - drawn}"


FETCH = "async (u) => (await (await fetch(u)).json())"


@pytest.mark.parametrize(
    "url,grouped,named",
    [
        (
            "/preset/province?key=province:330000",
            True,
            ["province:330000", ZHEJIANG_PLAN, "agency:zhejiang-deit", FIRM],
        ),
        # the reported funds have no investees: no group; the generated ones in one line
        ("/preset/funding-flows", False, [FUND, f"{FUND}-smart-manufacturing", PLAN]),
        ("/preset/policy-tree", True, [PLAN, ZHEJIANG_PLAN, FUND]),
    ],
)
def test_presets_draw_at_most_150_nodes_with_groups(
    page, big_server, artifacts_dir, url, grouped, named
):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(big_server + url)
    page.wait_for_selector(STABLE)
    count = int(page.get_attribute("#graph", "data-node-count"))
    assert 0 < count <= MAX_DRAWN
    groups = group_nodes(page)
    assert bool(groups) == grouped
    # legible at the default zoom: every drawn node captioned, at least LEGIBLE_PX high
    nodes = page.evaluate("gv.nodeSet.get().filter((n) => !n.hidden)")
    assert len(nodes) == count and all(n["label"] for n in nodes), "a node without caption"
    pixels = label_pixels(page)
    small = {k: round(px, 1) for k, px in pixels.items() if px < LEGIBLE_PX}
    assert not small, f"captions under {LEGIBLE_PX} px at the fitted zoom: {small}"
    # the key nodes are drawn by name, never inside a group; the first stands out
    drawn = {n["key"]: n for n in shown(page)}
    for key in named:
        assert key in drawn and not drawn[key].get("group"), f"{key} not drawn by name"
    assert drawn[named[0]].get("prominent") and pixels[named[0]] > LEGIBLE_PX + 2
    reported_members_drawn(page, groups)
    for g in groups:
        assert g["group"]["count"] > 0 and "×" in g["properties"]["name"]
    # one kind's groups are all split or all whole (never the first few of forty funds)
    by_kind: dict[tuple, set] = {}
    for g in groups:
        info = g["group"]
        by_kind.setdefault((info["type"], info["label"]), set()).add(info["facet"] is None)
    assert all(len(split) == 1 for split in by_kind.values()), by_kind
    page.screenshot(path=str(artifacts_dir / "preset.png"), full_page=True)
    assert not errors


def test_funding_flows_switch_draws_the_generated_funds(page, big_server, artifacts_dir):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{big_server}/preset/funding-flows")
    page.wait_for_selector(STABLE)
    notice = page.inner_text("#synthetic-notice")
    assert "「示例」基金" in notice and "金额合计" in notice
    assert not any(k.startswith("fund:syn-") for k in page.evaluate("gv.visibleKeys()"))
    page.click("#synthetic-notice a")
    page.wait_for_url("**synthetic=1*")
    page.wait_for_selector(STABLE)
    keys = page.evaluate("gv.visibleKeys()")
    assert len(keys) <= MAX_DRAWN and any(k.startswith("fund:syn-") for k in keys)
    assert FUND in keys and any(g["group"]["type"] == "INVESTS_IN" for g in group_nodes(page))
    page.screenshot(path=str(artifacts_dir / "with-generated.png"), full_page=True)
    assert not errors


def test_a_group_lists_members_and_expands_into_facets(page, big_server, artifacts_dir):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{big_server}/preset/province?key=province:330000")
    page.wait_for_selector(STABLE)
    ningbo = "group:city:330200:LOCATED_IN:in:Enterprise"
    assert ningbo in page.evaluate("gv.visibleKeys()")

    # Click the group: its members, paged, with a search box.
    click_node(page, ningbo)
    page.wait_for_selector(".pg-panel .pg-members li")
    assert page.locator(".pg-panel .pg-members li").count() == 20
    page.fill(".pg-panel .pg-group-q", "宁波")
    page.press(".pg-panel .pg-group-q", "Enter")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.pg-panel .pg-members li a')]"
        ".every((a) => a.textContent.includes('宁波'))"
    )
    page.screenshot(path=str(artifacts_dir / "01-members.png"), full_page=True)

    # Pull one member out into the view.
    first = page.get_attribute(".pg-panel .pg-members li", "data-key")
    page.click(".pg-panel .pg-members li .pg-pull")
    page.wait_for_function(f"() => gv.visibleKeys().includes('{first}')")

    # Split by industry: sub-groups with counts replace the group.
    page.select_option(".pg-panel .pg-facet", "industry")
    page.click(".pg-panel .pg-split")
    page.wait_for_function(
        f"() => gv.visibleKeys().some((k) => k.startsWith('{ningbo}:industry='))"
    )
    keys = page.evaluate("gv.visibleKeys()")
    assert ningbo not in keys
    subs = [n for n in group_nodes(page) if n["key"].startswith(ningbo + ":industry=")]
    assert subs and all(n["group"]["facet"] == "industry" for n in subs)
    page.screenshot(path=str(artifacts_dir / "02-split.png"), full_page=True)
    assert not errors

    # Past the 12 largest industries: one remainder group, listed and split again.
    rest = f"{ningbo}:industry=*12"
    assert rest in keys, "the other industries are one group"
    node = next(n for n in subs if n["key"] == rest)
    assert node["properties"]["name"].startswith("其他行业（") and node["group"]["values"] > 0
    drawn = sum(n["group"]["count"] for n in subs)
    whole = page.evaluate(
        "async (k) => (await (await fetch('/group.json?limit=1&key=' + encodeURIComponent(k)))"
        ".json()).total",
        ningbo,
    )
    assert drawn == whole, "the sub-groups and the remainder add up to the group"
    page.evaluate("() => { gv.network.stopSimulation(); gv.fit(); }")
    click_node(page, rest)
    page.wait_for_selector(f'.pg-panel .key:text-is("{rest}")')
    page.wait_for_selector(".pg-panel .pg-members li")
    assert page.locator(".pg-panel .pg-facet option").all_inner_texts() == ["行业"]
    page.screenshot(path=str(artifacts_dir / "03-remainder.png"), full_page=True)
    page.click(".pg-panel .pg-split")
    page.wait_for_function(
        f"() => !gv.visibleKeys().includes('{rest}') && gv.visibleKeys()"
        f".filter((k) => k.startsWith('{ningbo}:industry=')).length > {len(subs)}"
    )
    page.screenshot(path=str(artifacts_dir / "04-remainder-split.png"), full_page=True)
    assert not errors


@pytest.mark.parametrize(
    "focus,second_ring_groups",
    # the province's cities each have hundreds of enterprises; the plan's tasks and
    # measures few neighbours but their (hidden) derived ones
    [("province:330000", True), (PLAN, False)],
)
def test_depth_two_views_group_at_every_ring(
    page, big_server, artifacts_dir, focus, second_ring_groups
):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{big_server}/view?focus={focus}")
    page.wait_for_selector(STABLE)
    page.click('#view-depth a[data-depth="2"]')
    page.wait_for_selector('#view-depth strong[data-depth="2"]')
    page.wait_for_selector(STABLE, timeout=60000)
    nodes = shown(page)
    assert len(nodes) <= 300  # MAX_NODES
    firms = [n for n in nodes if n["key"].startswith("enterprise:")]
    assert len(firms) <= 20, "no ring of raw enterprises"  # GROUP_THRESHOLD
    groups = [n for n in nodes if n.get("group")]
    assert groups
    assert any(g["group"]["of"] != focus for g in groups) == second_ring_groups
    assert not any(g["group"]["type"] == "ELIGIBLE_FOR" for g in groups), "derived hidden"
    page.screenshot(path=str(artifacts_dir / "depth-2.png"), full_page=True)
    assert not errors


def test_path_finder_leaves_derived_facts_out_unless_asked(page, big_server, artifacts_dir):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{big_server}/path")
    page.fill("#path-from", "enterprise:ningbo-precision-2025")
    page.fill("#path-to", PLAN)
    page.keyboard.press("Escape")
    assert not page.is_checked("#path-derived")
    assert "不经过推导关系" in page.inner_text("#path-derived-note")
    page.click("#path-submit")
    page.wait_for_selector("#path-list .path-chain")
    assert "ELIGIBLE_FOR" not in page.inner_text("#path-list")
    page.screenshot(path=str(artifacts_dir / "01-without-derived.png"), full_page=True)
    page.check("#path-derived")
    page.click("#path-submit")
    page.wait_for_url("**derived=1*")
    page.wait_for_selector("#path-list .path-chain")
    assert page.is_checked("#path-derived")
    assert "ELIGIBLE_FOR" in page.inner_text("#path-list .path-chain")
    page.screenshot(path=str(artifacts_dir / "02-with-derived.png"), full_page=True)
    assert not errors
