"""Derived facts on request, neighbour order, group nodes and grouped presets, on both
stores loaded with the bundled data (GROUP_THRESHOLD lowered so its few neighbours
group; tests/test_browser_groups.py does the same at scale)."""

import pytest

from graph.grouping import parse_key
from webapp import create_app

PLAN = "policy:sme-digital-2025"
FIRM = "enterprise:ningbo-precision-2025"
TASKS = f"group:{PLAN}:HAS_TASK:out:Task"
MEASURES = f"group:{PLAN}:PROVIDES:out:Measure"


@pytest.fixture(scope="module")
def client(bundled_store, tmp_path_factory):
    app = create_app(
        {
            "TESTING": True,
            "GRAPH_URI": f"embedded://{tmp_path_factory.mktemp('unused') / 'graph'}",
            "LOAD_BUNDLED_IF_EMPTY": False,
            "GROUP_THRESHOLD": 3,
        }
    )
    app.extensions["graph_store"] = bundled_store
    return app.test_client()


def get_json(client, url, **query):
    response = client.get(url, query_string=query)
    assert response.status_code == 200, response.data[:400]
    return response.get_json()


def test_node_page_orders_types_as_the_schema_declares(client):
    body = get_json(client, f"/node/{PLAN}.json")
    types = [g["type"] for g in body["groups"]]
    assert types[:4] == ["ISSUED", "SETS", "HAS_TASK", "PROVIDES"]
    assert "ELIGIBLE_FOR" not in types, "derived facts are hidden by default"
    assert body["derived"]["shown"] is False
    [eligible] = body["derived"]["counts"]
    assert (eligible["type"], eligible["direction"], eligible["label"]) == (
        "ELIGIBLE_FOR",
        "in",
        "Enterprise",
    )
    assert eligible["count"] >= 1
    shown = get_json(client, f"/node/{PLAN}.json", derived=1)
    assert [g["type"] for g in shown["groups"]][-1] == "ELIGIBLE_FOR", "derived come last"
    assert shown["graph_url"].endswith("derived=1")
    html = client.get(f"/node/{PLAN}").data.decode()
    assert "符合条件" in html and "derived=1" in html


def test_view_draws_groups_and_hides_derived(client):
    graph = get_json(client, "/view.json", focus=PLAN)["graph"]
    by_key = {n["key"]: n for n in graph["nodes"]}
    assert PLAN in by_key and "agency:state-council" in by_key
    group = by_key[TASKS]["group"]
    assert group == {**group, "of": PLAN, "type": "HAS_TASK", "direction": "out"}
    assert group["label"] == "Task" and group["count"] == 6 and group["facet"] is None
    assert by_key[TASKS]["properties"]["name"] == "任务 ×6"
    assert not any(k.startswith("task:") for k in by_key), "the tasks are in their group"
    edge = next(r for r in graph["relationships"] if r["end"] == TASKS)
    assert (edge["start"], edge["type"], edge["properties"]["count"]) == (PLAN, "HAS_TASK", 6)
    assert "ELIGIBLE_FOR" not in {r["type"] for r in graph["relationships"]}
    assert FIRM not in by_key
    with_derived = get_json(client, "/view.json", focus=PLAN, derived=1)["graph"]
    assert "ELIGIBLE_FOR" in {r["type"] for r in with_derived["relationships"]}


def test_group_members_are_paged_and_searchable(client):
    whole = get_json(client, "/group.json", key=TASKS, limit=100)
    assert whole["total"] == 6 and len(whole["items"]) == 6
    names = [(i["properties"].get("name") or "", i["key"]) for i in whole["items"]]
    assert names == sorted(names)
    page = get_json(client, "/group.json", key=TASKS, limit=2, offset=2)
    assert [i["key"] for i in page["items"]] == [i["key"] for i in whole["items"][2:4]]
    assert page["has_more"] is True
    found = get_json(client, "/group.json", key=TASKS, q="数据")
    assert 1 <= found["total"] < 6
    assert all("数据" in i["properties"]["name"] for i in found["items"])


def test_a_group_splits_by_a_declared_facet(client):
    body = get_json(client, "/group/facets.json", key=MEASURES, facet="instrument")
    subs = body["graph"]["nodes"]
    assert "instrument" in body["facets"]
    assert sum(n["group"]["count"] for n in subs) == 7
    for node in subs:
        assert node["key"].startswith(MEASURES + ":instrument=")
        assert parse_key(node["key"]).value == node["group"]["value"]
        members = get_json(client, "/group.json", key=node["key"])
        assert members["total"] == node["group"]["count"]
        assert {m["properties"]["instrument"] for m in members["items"]} == {node["group"]["value"]}
    # a shared view keeps a split group, with its count
    view = get_json(client, "/view.json", keys=f"{PLAN},{subs[0]['key']}")
    drawn = {n["key"]: n for n in view["graph"]["nodes"]}
    assert drawn[subs[0]["key"]]["group"]["count"] == subs[0]["group"]["count"]


def test_enterprise_facets_by_neighbour_and_list(client):
    group = "group:city:330200:LOCATED_IN:in:Enterprise"
    total = get_json(client, "/group.json", key=group)["total"]
    assert total >= 1
    for facet in ("city", "industry", "size_class", "designation", "status"):
        subs = get_json(client, "/group/facets.json", key=group, facet=facet)["graph"]["nodes"]
        if facet == "city":
            assert [(n["group"]["value"], n["group"]["count"]) for n in subs] == [
                ("city:330200", total)
            ]
        for node in subs:
            assert (
                get_json(client, "/group.json", key=node["key"])["total"] == node["group"]["count"]
            )


def test_bad_group_requests_name_the_parameter(client):
    for url, name in (
        ("/group.json?key=policy:x", "key"),
        ("/group.json?key=group:policy:x:NEAR:in:Task", "key"),
        (f"/group/facets.json?key={TASKS}&facet=city", "facet"),
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.get_json()["error"].startswith(name)


def test_presets_group_and_hide_derived(client):
    tree = get_json(client, "/preset/policy-tree.json")["graph"]
    assert len(tree["nodes"]) <= 150
    province = get_json(client, "/preset/province.json", key="province:330000")["graph"]
    assert "ELIGIBLE_FOR" not in {r["type"] for r in province["relationships"]}
    cities = [n for n in province["nodes"] if n["labels"] == ["City"] and not n.get("group")]
    assert cities and all("size" in n for n in cities), "cities sized by their enterprises"


def test_paths_leave_derived_out_unless_asked(bundled_store):
    default = bundled_store.shortest_paths(FIRM, PLAN)
    assert default and all(r.type != "ELIGIBLE_FOR" for p in default for r in p.relationships)
    asked = bundled_store.shortest_paths(FIRM, PLAN, include_derived=True)
    assert [r.type for r in asked[0].relationships] == ["ELIGIBLE_FOR"]
    hood = bundled_store.neighbourhood(PLAN, depth=1)
    assert FIRM not in {n.key for n in hood.nodes}
    assert FIRM in {n.key for n in bundled_store.neighbourhood(PLAN, include_derived=True).nodes}


def test_group_amounts_are_sums_or_unknown_never_zero(client, bundled_store):
    # the article gives only the sub-funds' combined 50亿元: each edge's amount is unknown
    fund = "fund:sme-development-fund"
    assert bundled_store.group_amount(fund, "SUB_FUND_OF", "in", "Fund") is None
    assert bundled_store.group_amount(PLAN, "HAS_TASK", "out", "Task") is None, "no amounts"
    graph = get_json(client, "/preset/funding-flows.json")["graph"]
    assert fund in {n["key"] for n in graph["nodes"]}
    for node in graph["nodes"]:
        g = node.get("group")
        if g and g["type"] == "INVESTS_IN":  # the fund's investees, one group node
            amount = bundled_store.group_amount(g["of"], g["type"], g["direction"], g["label"])
            assert g["amount"] == amount and amount != 0
