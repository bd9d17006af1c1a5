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

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STABLE = '#graph[data-stable="1"]'
PLAN = "policy:sme-digital-2025"
MAX_DRAWN = 150


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


@pytest.mark.parametrize(
    "url,grouped",
    [
        ("/preset/province?key=province:330000", True),
        ("/preset/funding-flows", True),
        ("/preset/policy-tree", True),
    ],
)
def test_presets_draw_at_most_150_nodes_with_groups(page, big_server, artifacts_dir, url, grouped):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(big_server + url)
    page.wait_for_selector(STABLE)
    count = int(page.get_attribute("#graph", "data-node-count"))
    assert 0 < count <= MAX_DRAWN
    groups = group_nodes(page)
    assert bool(groups) == grouped
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
