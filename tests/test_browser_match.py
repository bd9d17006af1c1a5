"""The policy matcher in a real headless Chromium: pick a province and city, fill the
form, read the matches and near misses, open the result as a graph, switch language.

Screenshots go to test-artifacts/<test id>/.
"""

import pytest

pytestmark = pytest.mark.browser

STABLE = '#graph[data-stable="1"]'
FEE_CUT = "measure:guarantee-fee-cut-2025"
ZJ_FUNDS = "measure:zhejiang-provincial-funds-2025"
# The profile's node as drawn: caption, shape, what its edges reach, whether they are
# dashed (derived), and the plans shown beside it.
PROFILE_DRAWN = """() => {
  const key = gv.visibleKeys().find((k) => k.startsWith("profile:"));
  const item = gv.nodeSet.get(key);
  const edges = gv.edgeSet.get().filter((e) => e.from === key);
  return { key, name: gv.name(gv.nodes.get(key)), shape: item.shape,
    linked: edges.map((e) => e.to), dashed: edges.some((e) => e.dashes),
    plans: gv.visibleKeys().filter((k) => k.startsWith("policy:")),
    shown: gv.visibleKeys() };
}"""
PROFILE_ON_SCREEN = """() => {
  const key = gv.visibleKeys().find((k) => k.startsWith("profile:"));
  return gv.network.canvasToDOM(gv.network.getPositions([key])[key]);
}"""


def test_fill_the_form_read_the_results_open_the_graph(page, live_server, artifacts_dir):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_server.url + "/match")
    page.wait_for_selector("#match-form")

    # The city picker offers the chosen province's cities only.
    page.select_option("#m-province", "330000")
    hidden = page.eval_on_selector(
        "#m-city", "s => [...s.options].filter(o => o.value && !o.hidden).map(o => o.value)"
    )
    assert "330200" in hidden and all(code.startswith("33") for code in hidden)
    page.select_option("#m-city", "330200")
    page.fill("#m-industry", "C34")
    page.fill("#m-employees", "120")
    page.fill("#m-revenue", "8000")
    page.check('input[name="designations"][value="专精特新中小企业"]')
    page.screenshot(path=str(artifacts_dir / "01-form.png"), full_page=True)
    page.click("#match-submit")
    page.wait_for_selector("#match-matches")
    page.screenshot(path=str(artifacts_dir / "02-results.png"), full_page=True)

    assert page.get_attribute("#m-size-class", "data-size") == "small"
    item = page.locator(f'#match-matches .match-item[data-key="{FEE_CUT}"]')
    assert item.count() == 1
    assert item.locator('tr[data-criterion="size"]').get_attribute("data-met") == "true"
    assert "据来源报道" in item.inner_text()  # a reported fact says so
    assert page.locator(f'#match-matches .match-item[data-key="{ZJ_FUNDS}"]').count() == 1

    # Medium and without a designation: the fee cut becomes a near miss.
    page.fill("#m-employees", "400")
    page.uncheck('input[name="designations"][value="专精特新中小企业"]')
    page.click("#match-submit")
    page.wait_for_selector(f'#match-near_misses .match-item[data-key="{FEE_CUT}"]')
    missing = page.get_attribute(
        f'#match-near_misses .match-item[data-key="{FEE_CUT}"] .missing', "data-missing"
    )
    assert missing == "size,designation"
    page.screenshot(path=str(artifacts_dir / "03-near-miss.png"), full_page=True)

    # Open the result as a graph: the typed-in profile is one node, drawn (never
    # stored), linked to what it matches and to its city; the plans and agencies around.
    explore = page.get_attribute("#match-explore", "href")
    page.click("#match-graph")
    page.wait_for_url("**/match/view?*")
    page.wait_for_selector(STABLE)
    drawn = page.evaluate(PROFILE_DRAWN)
    assert drawn["name"] == "您的企业（画像）" and drawn["shape"] == "star"
    assert ZJ_FUNDS in drawn["linked"] and "city:330200" in drawn["linked"]
    assert FEE_CUT not in drawn["linked"]  # a near miss now: no edge to it
    assert drawn["dashed"] and drawn["plans"]
    # its panel links back to the matcher, and a double click expands nothing
    pos = page.evaluate(PROFILE_ON_SCREEN)
    box = page.locator("#graph canvas").bounding_box()
    page.mouse.dblclick(box["x"] + pos["x"], box["y"] + pos["y"])
    page.wait_for_selector(".pg-panel .pg-title")
    assert page.inner_text(".pg-panel .pg-title") == "您的企业（画像）"
    href = page.get_attribute(".pg-panel .pg-actions a", "href")
    assert href.startswith("/match?") and "employees=400" in href
    assert page.locator(".pg-panel .pg-error").count() == 0
    assert page.evaluate("() => gv.visibleKeys().length") == len(drawn["shown"])
    page.screenshot(path=str(artifacts_dir / "04-graph.png"), full_page=True)
    # in English too
    page.goto(page.url + "&lang=en")
    page.wait_for_selector(STABLE)
    assert "Matches as a graph" in page.inner_text("h1")
    assert page.evaluate(PROFILE_DRAWN)["name"] == "Your enterprise (profile)"
    page.goto(page.url.replace("&lang=en", "&lang=zh"))
    # The explorer's view of the matched keys, as before.
    page.goto(live_server.url + explore)
    page.wait_for_selector(STABLE)
    shown = page.evaluate("() => gv.visibleKeys()")
    assert ZJ_FUNDS in shown and "city:330200" in shown

    # No revenue and no designation: the fee cut cannot be decided, and the page says
    # what it depends on (the size class), never "not met".
    page.goto(live_server.url + "/match?region=330200&industry=C34&employees=120")
    undecided = page.locator(f'#match-undecided .match-item[data-key="{FEE_CUT}"]')
    assert undecided.locator(".unknown").get_attribute("data-unknown") == "size"
    assert undecided.locator('tr[data-criterion="size"]').get_attribute("data-met") == "null"
    assert "规模" in undecided.locator(".unknown").inner_text()

    # A USCC whose check character is wrong: the form again, as typed, the error in
    # Chinese on the Chinese page.
    page.fill("#m-uscc", "91330200MA2H3XY09R")
    page.click("#match-submit")
    page.wait_for_selector("#match-error")
    assert "第 18 位校验码" in page.inner_text("#match-error")
    assert page.input_value("#m-uscc") == "91330200MA2H3XY09R"
    assert page.input_value("#m-employees") == "120"
    page.screenshot(path=str(artifacts_dir / "05-error.png"), full_page=True)

    # English.
    page.goto(live_server.url + "/match?region=330200&industry=C34&employees=120&lang=en")
    assert page.get_attribute("html", "lang") == "en"
    assert "Policy matcher" in page.inner_text("h1")
    assert "Depends on what the profile does not say" in page.inner_text("#match-undecided")
    assert errors == []
