"""Explorer pages and their JSON twins, in-process on the bundled data."""

ZHEJIANG = "province:330000"
NINGBO_CITY = "city:330200"
NINGBO_FIRM = "enterprise:ningbo-precision-2025"
PLAN = "policy:sme-digital-2025"
STATE_COUNCIL = "agency:state-council"


def get_json(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.data[:400]
    body = response.get_json()
    assert body["ok"] is True
    return body


# -- home ----------------------------------------------------------------------------


def test_home_counts_schema_and_entry_points(client):
    body = get_json(client, "/index.json")
    assert body["counts"]["labels"]["Province"] >= 34
    assert body["total_nodes"] == sum(body["counts"]["labels"].values())
    assert PLAN in [p["key"] for p in body["national_policies"]]
    assert ZHEJIANG in [p["key"] for p in body["provinces"]]
    assert "fund:sme-development-fund" in [f["key"] for f in body["funds"]]
    schema_keys = {n["key"] for n in body["schema_graph"]["nodes"]}
    assert "schema:Policy" in schema_keys
    assert body["schema_graph"]["relationships"], "the data's label-to-label patterns"
    assert client.get("/.json").get_json() == body


def test_home_page_is_chinese_by_default(client):
    html = client.get("/").data.decode()
    assert '<html lang="zh-CN">' in html
    assert "搜索" in html and "浙江省" in html
    assert f'href="/preset/province?key={ZHEJIANG}"' in html
    assert 'data-suggest="open"' in html
    assert 'id="province-schematic"' in html and "示意图，不用于出版" in html


# -- search --------------------------------------------------------------------------


def test_search_groups_results_by_label_in_chinese_and_english(client):
    for q in ("浙江", "Zhejiang", "zhejiang", ZHEJIANG):
        body = get_json(client, f"/search.json?q={q}")
        provinces = [g for g in body["groups"] if g["label"] == "Province"]
        assert provinces, q
        assert ZHEJIANG in [h["node"]["key"] for h in provinces[0]["hits"]], q
        assert sum(len(g["hits"]) for g in body["groups"]) == len(body["hits"])


def test_search_suggestions_respect_the_limit_and_say_when_cut(client):
    body = get_json(client, "/search.json?q=city:&limit=5")
    assert len(body["hits"]) == 5
    assert body["truncated"] is True
    assert get_json(client, "/search.json?q=")["hits"] == []


def test_search_page_lists_groups(client):
    html = client.get("/search?q=宁波").data.decode()
    assert 'data-label="City"' in html and 'data-label="Enterprise"' in html
    assert f'href="/node/{NINGBO_FIRM}"' in html


# -- node ----------------------------------------------------------------------------


def test_node_json_has_properties_provenance_and_grouped_neighbours(client):
    body = get_json(client, f"/node/{PLAN}.json")
    assert body["node"]["properties"]["name"].startswith("中小企业数字化转型专项行动计划")
    prov = body["provenance"]
    assert prov["status"] == "reported"
    assert prov["source"]["key"] == "source:seed-article-2025-11-17"
    assert prov["source"]["exists"] is True and prov["source"]["title"]
    assert "2025年11月16日" in prov["evidence"]
    types = {g["type"] for g in body["groups"]}
    assert {"SETS", "HAS_TASK", "ISSUED"} <= types
    sets = next(g for g in body["groups"] if g["type"] == "SETS")
    assert sets["total"] == 5 and len(sets["items"]) == 5


def test_node_page_shows_badge_source_evidence_and_counts(client):
    html = client.get(f"/node/{PLAN}").data.decode()
    assert 'data-status="reported"' in html
    assert 'href="/node/source:seed-article-2025-11-17"' in html
    assert 'class="evidence"' in html
    assert f'data-url="/view.json?focus={PLAN}"' in html
    assert 'data-type="SETS"' in html


def test_node_neighbours_page_by_type(client):
    body = get_json(client, f"/node/{ZHEJIANG}.json?type=PART_OF&limit=3&offset=3")
    (group,) = body["groups"]
    assert group["type"] == "PART_OF" and group["limit"] == 3 and group["offset"] == 3
    assert len(group["items"]) == 3 and group["total"] == 11 and group["has_more"] is True
    html = client.get(f"/node/{ZHEJIANG}?type=PART_OF&limit=3&offset=3").data.decode()
    assert "4–6 / 11" in html
    assert 'rel="next"' in html and 'rel="prev"' in html


def test_preview_groups_link_to_the_rest(client, app, monkeypatch):
    from webapp import explore

    monkeypatch.setattr(explore, "GROUP_PREVIEW", 2)
    html = client.get(f"/node/{ZHEJIANG}").data.decode()
    assert f"/node/{ZHEJIANG}?type=PART_OF" in html
    assert "2 / 11" in html


# -- neighbours.json -----------------------------------------------------------------


def test_neighbours_json_filters_and_pages(client):
    everything = get_json(client, f"/node/{ZHEJIANG}/neighbours.json")
    assert everything["total"] == len(everything["items"]) == sum(everything["counts"].values())
    cities = get_json(
        client,
        f"/node/{ZHEJIANG}/neighbours.json?type=PART_OF&direction=in&label=City&limit=4&offset=2",
    )
    assert len(cities["items"]) == 4 and cities["offset"] == 2 and cities["has_more"] is True
    assert all(i["relationship"]["type"] == "PART_OF" for i in cities["items"])
    assert all(i["direction"] == "in" and i["node"]["labels"] == ["City"] for i in cities["items"])
    out = get_json(client, f"/node/{ZHEJIANG}/neighbours.json?direction=out")
    assert out["total"] == 0


def test_neighbours_json_defaults_to_max_expand(client, app):
    body = get_json(client, f"/node/{ZHEJIANG}/neighbours.json")
    assert body["limit"] == app.config["MAX_EXPAND"]


# -- path ----------------------------------------------------------------------------


def test_path_from_the_state_council_to_the_ningbo_enterprise(client):
    body = get_json(client, f"/path.json?from={STATE_COUNCIL}&to={NINGBO_FIRM}&max_hops=6")
    assert body["paths"], "the bundled data connects them"
    for p in body["paths"]:
        assert p["nodes"][0]["key"] == STATE_COUNCIL and p["nodes"][-1]["key"] == NINGBO_FIRM
        assert p["length"] == len(p["relationships"]) <= 6
    lengths = {p["length"] for p in body["paths"]}
    assert len(lengths) == 1, "only shortest paths"
    drawn = {n["key"] for n in body["graph"]["nodes"]}
    assert drawn == {n["key"] for p in body["paths"] for n in p["nodes"]}
    html = client.get(f"/path?from={STATE_COUNCIL}&to={NINGBO_FIRM}").data.decode()
    assert html.count('class="path-chain"') == len(body["paths"])


def test_path_too_short_says_so(client):
    body = get_json(client, f"/path.json?from={STATE_COUNCIL}&to={NINGBO_FIRM}&max_hops=1")
    assert body["paths"] == []
    html = client.get(f"/path?from={STATE_COUNCIL}&to={NINGBO_FIRM}&max_hops=1").data.decode()
    assert 'id="no-path"' in html


def test_path_form_without_parameters(client):
    body = get_json(client, "/path.json")
    assert body["paths"] == [] and body["from"] is None
    assert 'id="path-form"' in client.get("/path").data.decode()


# -- views ---------------------------------------------------------------------------


def test_view_by_keys_reopens_exactly_those_nodes(client):
    keys = [ZHEJIANG, NINGBO_CITY, NINGBO_FIRM]
    body = get_json(client, "/view.json?keys=" + ",".join(keys))
    assert sorted(n["key"] for n in body["graph"]["nodes"]) == sorted(keys)
    rels = {(r["start"], r["type"], r["end"]) for r in body["graph"]["relationships"]}
    assert (NINGBO_CITY, "PART_OF", ZHEJIANG) in rels
    assert (NINGBO_FIRM, "LOCATED_IN", NINGBO_CITY) in rels
    assert body["graph"]["truncated"] is False


def test_view_says_which_shared_keys_are_gone(client):
    body = get_json(client, f"/view.json?keys={ZHEJIANG},city:999999")
    assert body["missing"] == ["city:999999"]
    assert [n["key"] for n in body["graph"]["nodes"]] == [ZHEJIANG]
    assert 'id="missing-notice"' in client.get(f"/view?keys={ZHEJIANG},city:999999").data.decode()


def test_view_by_focus_is_the_neighbourhood(client):
    body = get_json(client, f"/view.json?focus={ZHEJIANG}")
    keys = {n["key"] for n in body["graph"]["nodes"]}
    assert ZHEJIANG in keys and NINGBO_CITY in keys
    assert body["keys"] == [n["key"] for n in body["graph"]["nodes"]]


def test_view_caps_keys_at_max_nodes_and_says_so(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_NODES", 3)
    keys = [f"city:3302{i:02d}" for i in range(10)]
    body = get_json(client, "/view.json?keys=" + ",".join(keys))
    assert body["graph"]["truncated"] is True
    assert body["graph"]["caps"]["MAX_NODES"] == 3
    assert len(body["graph"]["nodes"]) <= 3
    html = client.get("/view?keys=" + ",".join(keys)).data.decode()
    assert 'id="truncated-notice"' in html and "MAX_NODES=3" in html


def test_big_views_get_server_positions_and_no_physics(client, app, monkeypatch):
    small = get_json(client, f"/view.json?focus={ZHEJIANG}")
    assert small["graph"]["physics"] is True and "positions" not in small["graph"]
    monkeypatch.setitem(app.config, "SERVER_LAYOUT_MIN_NODES", 3)
    big = get_json(client, f"/view.json?focus={ZHEJIANG}")
    assert big["graph"]["physics"] is False and big["graph"]["layout"] == "radial"
    assert set(big["graph"]["positions"]) == {n["key"] for n in big["graph"]["nodes"]}
    assert big["graph"]["positions"][ZHEJIANG] == [0.0, 0.0]
    forced = get_json(client, f"/view.json?focus={ZHEJIANG}&layout=force")
    assert forced["graph"]["layout"] == "force" and len(forced["graph"]["positions"]) > 3


def test_analysis_of_a_view(client):
    view = get_json(client, "/preset/policy-tree.json")
    keys = view["keys"]
    body = get_json(client, "/analysis.json?keys=" + ",".join(keys))
    assert {r["key"] for r in body["ranking"]} == set(keys)
    assert body["ranking"][0]["key"] == PLAN, "the plan is the hub of its own tree"
    assert sum(len(c) for c in body["communities"]) == len(keys)


# -- language ------------------------------------------------------------------------


def test_english_switch_persists_in_a_cookie(app):
    client = app.test_client()
    response = client.get("/lang/en?next=/node/province:330000")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/node/province:330000")
    html = client.get(f"/node/{ZHEJIANG}").data.decode()
    assert '<html lang="en">' in html and '<h1 id="node-name">Zhejiang</h1>' in html
    assert "Neighbours" in client.get(f"/node/{ZHEJIANG}").data.decode()
    client.get("/lang/zh?next=/")
    assert '<html lang="zh-CN">' in client.get("/").data.decode()


def test_lang_parameter_switches_and_is_remembered(app):
    client = app.test_client()
    assert "Path finder" in client.get("/path?lang=en").data.decode()
    assert "Path finder" in client.get("/path").data.decode()


def test_language_switch_never_redirects_off_site(client):
    response = client.get("/lang/en?next=//evil.example/x")
    assert response.headers["Location"] in ("/", "http://localhost/")


def test_search_at_the_cap_says_it_may_be_cut(client, app):
    cap = app.config["MAX_SEARCH_LIMIT"]
    body = get_json(client, f"/search.json?q=city:&limit={cap}")
    assert len(body["hits"]) == cap and body["truncated"] is True


def test_hub_nodes_preview_every_type(client, app, monkeypatch):
    """Above MAX_EXPAND neighbours the page asks per type, so no type is crowded out."""
    few = get_json(client, f"/node/{ZHEJIANG}.json")
    monkeypatch.setitem(app.config, "MAX_EXPAND", 3)
    hub = get_json(client, f"/node/{ZHEJIANG}.json")
    assert [(g["type"], g["total"], len(g["items"])) for g in hub["groups"]] == [
        (g["type"], g["total"], len(g["items"])) for g in few["groups"]
    ]
