"""Derived facts on request, neighbour order, group nodes and grouped presets, on both
stores loaded with the bundled data (GROUP_THRESHOLD lowered so its few neighbours
group; tests/test_browser_groups.py does the same at scale)."""

import pytest

from graph.grouping import parse_key
from tests.conftest import client_over

PLAN = "policy:sme-digital-2025"
FIRM = "enterprise:ningbo-precision-2025"
TASKS = f"group:{PLAN}:HAS_TASK:out:Task"
MEASURES = f"group:{PLAN}:PROVIDES:out:Measure"


@pytest.fixture(scope="module")
def client(bundled_store, tmp_path_factory):
    return client_over(bundled_store, tmp_path_factory, GROUP_THRESHOLD=3)


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


def test_values_past_a_split_are_one_remainder_that_splits_again(client):
    whole = get_json(client, "/group.json", key=MEASURES, limit=100)
    every = {m["key"]: m["properties"]["instrument"] for m in whole["items"]}
    assert len(set(every.values())) >= 3, "the bundled measures have several instruments"
    seen, key = [], MEASURES
    while key:
        body = get_json(client, "/group/facets.json", key=key, facet="instrument", limit=1)
        subs = body["graph"]["nodes"]
        rest = body["rest"]
        drawn = subs[:-1] if rest else subs
        assert body["shown"] == len(drawn) == 1
        seen += [n["group"]["value"] for n in drawn]
        if not rest:
            break
        node = subs[-1]
        assert node["group"] == {**node["group"], "rest": len(seen), "facet": "instrument"}
        assert node["key"] == f"{MEASURES}:instrument=*{len(seen)}"
        assert node["group"]["facets"] == ["instrument"], "a remainder splits by its facet"
        name = node["properties"]["name"]
        assert name.startswith(f"其他政策工具（{node['group']['values']} 个）")
        # its members: every measure whose instrument is not among those drawn so far
        members = get_json(client, "/group.json", key=node["key"], limit=100)
        expected = {k for k, v in every.items() if v not in seen}
        assert {m["key"] for m in members["items"]} == expected
        assert members["total"] == node["group"]["count"] == len(expected)
        paged = get_json(client, "/group.json", key=node["key"], limit=1, offset=1)
        assert [m["key"] for m in paged["items"]] == [m["key"] for m in members["items"][1:2]]
        key = node["key"]
    assert sorted(seen) == sorted(set(every.values())), "every value reachable"


def test_a_remainder_is_searchable_and_kept_by_shared_views(client):
    rest = f"{MEASURES}:instrument=*1"
    members = get_json(client, "/group.json", key=rest, limit=100)["items"]
    word = members[0]["properties"]["name"][:2]
    found = get_json(client, "/group.json", key=rest, q=word, limit=100)
    assert found["items"] and all(word in m["properties"]["name"] for m in found["items"])
    assert found["total"] == len(found["items"]) <= len(members)
    view = get_json(client, "/view.json", keys=f"{PLAN},{rest}")
    drawn = {n["key"]: n for n in view["graph"]["nodes"]}
    assert drawn[rest]["group"]["count"] == len(members)


def test_one_value_sub_group_lists_members_but_splits_no_further(client):
    sub = get_json(client, "/group/facets.json", key=MEASURES, facet="instrument")["graph"]
    key = sub["nodes"][0]["key"]
    assert sub["nodes"][0]["group"]["facets"] == []
    response = client.get("/group/facets.json", query_string={"key": key})
    assert response.status_code == 400 and response.get_json()["error"].startswith("key")
    for bad in (f"{MEASURES}:instrument=*x", f"{MEASURES}:city=*1"):
        response = client.get("/group.json", query_string={"key": bad})
        assert response.status_code == 400 and response.get_json()["error"].startswith("key")


def test_every_facet_has_a_name_in_both_languages():
    from graph.schema import FACETS
    from webapp.i18n import UI

    for facets in FACETS.values():
        for facet in facets:
            zh, en = UI[f"facet_{facet.name}"]
            assert zh and en


def rings_of(graph: dict, focus: str) -> dict[str, int]:
    """Drawn nodes (not groups) by their distance from ``focus`` in the drawn graph."""
    keys = {n["key"] for n in graph["nodes"] if not n.get("group")}
    far, frontier = {focus: 0}, [focus]
    while frontier:
        nxt = []
        for r in graph["relationships"]:
            for a, b in ((r["start"], r["end"]), (r["end"], r["start"])):
                if a in frontier and b in keys and b not in far:
                    far[b] = far[a] + 1
                    nxt.append(b)
        frontier = nxt
    return far


@pytest.mark.parametrize("focus", ["province:330000", PLAN, "city:330200"])
def test_depth_two_and_three_views_group_at_every_ring(client, bundled_store, focus):
    grouped_at = set()
    for depth in (2, 3):
        graph = get_json(client, "/view.json", focus=focus, depth=depth)["graph"]
        assert len(graph["nodes"]) <= graph["caps"]["MAX_NODES"]
        assert not graph["truncated"]
        assert "ELIGIBLE_FOR" not in {r["type"] for r in graph["relationships"]}
        keys = {n["key"] for n in graph["nodes"]}
        groups = {k for k in keys if k.startswith("group:")}
        assert all(parse_key(k).of in keys for k in groups)
        # every node short of the last ring: its many neighbours of a kind are one group,
        # its few drawn one by one
        for key, ring in rings_of(graph, focus).items():
            if ring >= depth:
                continue
            for rel_type, direction, label, count in bundled_store.neighbour_label_counts(key):
                if rel_type == "ELIGIBLE_FOR":
                    continue
                group = f"group:{key}:{rel_type}:{direction}:{label}"
                assert (group in keys) == (count > 3), (depth, group, count)
                if count > 3:
                    grouped_at.add(ring)
    assert grouped_at - {0}, "groups past the first ring"
    html = client.get(f"/view?focus={focus}&depth=2").data.decode()
    assert 'id="view-depth"' in html and 'data-depth="3"' in html


def test_path_page_switches_derived_relationships(client):
    body = get_json(client, "/path.json", **{"from": FIRM, "to": PLAN})
    assert body["derived"] is False and body["paths"]
    assert all(r["type"] != "ELIGIBLE_FOR" for p in body["paths"] for r in p["relationships"])
    asked = get_json(client, "/path.json", **{"from": FIRM, "to": PLAN, "derived": 1})
    assert asked["derived"] is True
    assert [r["type"] for r in asked["paths"][0]["relationships"]] == ["ELIGIBLE_FOR"]
    html = client.get(f"/path?from={FIRM}&to={PLAN}").data.decode()
    assert 'id="path-derived"' in html and "路径不经过推导关系" in html
    assert 'name="derived" value="1" id="path-derived" checked' not in html
    html = client.get(f"/path?from={FIRM}&to={PLAN}&derived=1").data.decode()
    assert 'id="path-derived" checked' in html and "路径包含推导关系" in html


def test_exports_keep_or_expand_a_remainder(client):
    import json

    rest = f"{MEASURES}:instrument=*1"
    members = get_json(client, "/group.json", key=rest, limit=100)
    keys = f"{PLAN},{rest}"
    kept = json.loads(client.get(f"/export?keys={keys}&format=json").data)
    [node] = [n for n in kept["nodes"] if n["key"] == rest]
    assert node["count"] == members["total"] and node["rest"] == 1
    expanded = json.loads(client.get(f"/export?keys={keys}&format=json&groups=expand").data)
    drawn = {n["key"] for n in expanded["nodes"]}
    assert {m["key"] for m in members["items"]} <= drawn and rest not in drawn


# -- presets with generated data beside the reported (the last tests of the module: they
# add synthetic records to the shared store and delete them again) -------------------

SYN_PLANS = [f"policy:syn-test-{i}" for i in range(4)]
SYN_FUND = "fund:syn-test"
ZHEJIANG_PLAN = "policy:zhejiang-sme-digital-2025"


@pytest.fixture
def with_synthetic(bundled_store):
    """Four generated plans implementing the national plan and a generated fund investing
    in a reported enterprise, written to the shared store and deleted afterwards."""
    from graph.model import Node, Relationship

    made = {"status": "synthetic", "source": "source:seed-article-2025-11-17"}
    nodes = [
        Node(
            key,
            ("Policy",),
            {"key": key, "name": f"「示例」方案{i}", "level": "provincial", **made},
        )
        for i, key in enumerate(SYN_PLANS)
    ]
    nodes.append(Node(SYN_FUND, ("Fund",), {"key": SYN_FUND, "name": "「示例」基金", **made}))
    rels = [Relationship("IMPLEMENTS", key, PLAN, dict(made)) for key in SYN_PLANS]
    rels.append(Relationship("INVESTS_IN", SYN_FUND, FIRM, {"amount": 3e8, **made}))
    bundled_store.upsert(nodes, rels)
    try:
        yield bundled_store
    finally:
        bundled_store.delete([*SYN_PLANS, SYN_FUND])


def test_reported_members_of_a_mixed_group_are_drawn_by_name(client, with_synthetic):
    graph = get_json(client, "/preset/policy-tree.json")["graph"]
    keys = {n["key"] for n in graph["nodes"]}
    group = f"group:{PLAN}:IMPLEMENTS:in:Policy"
    assert group in keys, "the implementing plans are one group"
    assert ZHEJIANG_PLAN in keys, "the reported plan is drawn by name beside the generated"
    assert not keys & set(SYN_PLANS), "the generated plans stay in the group"
    members = get_json(client, "/group.json", key=group, limit=100)["items"]
    reported = [m["key"] for m in members if m["properties"].get("status") != "synthetic"]
    assert reported and set(reported) <= keys
    [plan] = [n for n in graph["nodes"] if n["key"] == PLAN]
    assert plan.get("prominent") is True and not plan.get("group")


def test_funding_flows_draws_reported_funds_and_sums_the_generated(client, with_synthetic):
    body = get_json(client, "/preset/funding-flows.json")
    keys = {n["key"] for n in body["graph"]["nodes"]}
    assert "fund:sme-development-fund" in keys and SYN_FUND not in keys
    [fund] = [n for n in body["graph"]["nodes"] if n["key"] == "fund:sme-development-fund"]
    assert fund["prominent"] is True, "the national fund stands out"
    assert body["synthetic"] == {
        "funds": 1,
        "investments": 1,
        "amount": 3e8,
        "amount_text": "3.00亿元",
        "shown": False,
    }
    html = client.get("/preset/funding-flows").data.decode()
    assert 'id="synthetic-notice"' in html and "synthetic=1" in html
    shown = get_json(client, "/preset/funding-flows.json", synthetic=1)
    assert SYN_FUND in {n["key"] for n in shown["graph"]["nodes"]}
    assert shown["synthetic"]["shown"] is True
