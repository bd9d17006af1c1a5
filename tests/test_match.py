"""The policy matcher's JSON twin (/match.json) on both stores, loaded with the bundled
data plus two test enterprises and one test measure (status synthetic): matches and near
misses come from the rules and the data, the same rules the graph's ELIGIBLE_FOR uses."""

from __future__ import annotations

from urllib.parse import quote

import pytest

import loaders
from loaders.uscc import make_uscc
from tests.conftest import client_over

FEE_CUT = "measure:guarantee-fee-cut-2025"
ZJ_FUNDS = "measure:zhejiang-provincial-funds-2025"
TEST_MEASURE = "measure:test-zhejiang-hightech-smes"
NINGBO_USCC = "91330200MA2H3XY09Q"
EXAMPLE = (
    "/match.json?region=330200&industry=C34&employees=120&revenue_wan=8000&designations=专精特新"
)

ENTERPRISES = f"""uscc,name,region,industry,designations,employees,revenue_wan,status
{NINGBO_USCC},宁波甲精密制造有限公司,宁波,C34,专精特新,120,8000,synthetic
91440300MA5F6G7HXC,深圳乙科技有限公司,深圳,I65,,400,50000,synthetic
"""

MEASURE = f"""source: source:seed-article-2025-11-17
status: synthetic
nodes:
  - key: {TEST_MEASURE}
    name: 测试措施：浙江高新技术中小企业
    name_en: "Test measure: Zhejiang high-tech SMEs"
    instrument: grant
    eligible_regions: ["330000"]
    eligible_designations: [高新技术企业]
    eligible_employees_max: 300
    evidence: test data, not from a document
"""


@pytest.fixture(scope="module")
def client(bundled_store, tmp_path_factory):
    extra = tmp_path_factory.mktemp("match-data")
    (extra / "enterprises.csv").write_text(ENTERPRISES, encoding="utf-8")
    (extra / "measure.yaml").write_text(MEASURE, encoding="utf-8")
    report = loaders.load_paths(bundled_store, [extra])
    assert report.written, report.error_lines()[:10]
    return client_over(bundled_store, tmp_path_factory)


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.data[:400]
    return response.get_json()


def by_key(items):
    return {i["key"]: i for i in items}


def crit(item, name):
    return next(c for c in item["criteria"] if c["criterion"] == name)


def test_the_issue_example(client):
    data = get(client, EXAMPLE)
    assert data["ok"] is True
    assert data["profile"]["size_class"] == "small"
    assert data["profile"]["size_class_from"] == "standard"
    matches = by_key(data["matches"])
    plans = {"policy:sme-digital-2025", "policy:zhejiang-sme-digital-2025"}
    assert {FEE_CUT, ZJ_FUNDS, *plans} <= set(matches)
    fee = matches[FEE_CUT]
    assert fee["label"] == "Measure" and fee["status"] == "reported"
    assert fee["effective_from"] == "2025-12-01"
    assert fee["source"] == "source:seed-article-2025-11-17"
    assert "担保费率" in fee["evidence"]
    assert crit(fee, "size") == {
        "criterion": "size",
        "required": ["micro", "small"],
        "actual": "small",
        "met": True,
    }
    assert crit(fee, "designation")["met"] is True
    assert crit(matches[ZJ_FUNDS], "region")["required"] == ["330000"]
    # the test measure needs 高新技术企业 too: one criterion missing
    near = by_key(data["near_misses"])
    assert near[TEST_MEASURE]["missing"] == ["designation"]
    assert crit(near[TEST_MEASURE], "employees")["met"] is True


def test_near_miss_under_any(client):
    data = get(client, "/match.json?region=330200&industry=C34&employees=400&revenue_wan=8000")
    assert data["profile"]["size_class"] == "medium"
    assert FEE_CUT not in by_key(data["matches"])
    near = by_key(data["near_misses"])[FEE_CUT]
    assert near["match"] == "any" and near["missing"] == ["size", "designation"]


def test_unknown_is_unknown_never_no(client):
    # no revenue: the size class is unknown, so the fee cut is neither a match nor a miss
    data = get(client, "/match.json?region=330200&industry=C34&employees=120&designations=")
    assert data["profile"]["size_class"] is None
    assert FEE_CUT not in by_key(data["matches"]) | by_key(data["near_misses"])
    # with 专精特新 it qualifies whatever its size (any one is enough)
    data = get(client, "/match.json?region=330200&industry=C34&employees=120&designations=专精特新")
    assert crit(by_key(data["matches"])[FEE_CUT], "size")["met"] is None


def test_before_the_fee_cut_takes_effect(client):
    data = get(client, EXAMPLE + "&on=2025-11-30")
    assert FEE_CUT not in by_key(data["matches"])
    near = by_key(data["near_misses"])[FEE_CUT]
    assert near["missing"] == ["in_force"]
    assert crit(near, "in_force")["met"] is False


def test_other_province_measures_are_no_match(client):
    data = get(client, "/match.json?region=440300&industry=I65&employees=50&revenue_wan=500")
    keys = set(by_key(data["matches"])) | set(by_key(data["near_misses"]))
    assert ZJ_FUNDS not in keys and TEST_MEASURE not in keys
    assert "policy:sme-digital-2025" in by_key(data["matches"])


def test_uscc_prefills_from_the_graph(client):
    data = get(client, f"/match.json?uscc={NINGBO_USCC}")
    p = data["profile"]
    assert p["key"] == f"enterprise:{NINGBO_USCC}"
    assert (p["region_code"], p["industry_code"], p["employees"]) == ("330200", "C34", 120)
    assert p["designations"] == ["专精特新"] and p["size_class"] == "small"
    # a parameter given overrides the stored value
    data = get(client, f"/match.json?uscc={NINGBO_USCC}&employees=400")
    assert data["profile"]["size_class"] == "medium"


def test_matches_agree_with_the_graphs_eligible_for(client):
    key = f"enterprise:{NINGBO_USCC}"
    rels = get(client, f"/node/{key}/neighbours.json?type=ELIGIBLE_FOR&limit=100")["items"]
    derived = {n["node"]["key"] for n in rels}
    matched = set(by_key(get(client, f"/match.json?uscc={NINGBO_USCC}")["matches"]))
    assert derived == matched


def test_the_result_opens_as_a_graph_view(client):
    data = get(client, EXAMPLE)
    view = get(client, data["view_url"].replace("/view?", "/view.json?", 1))
    keys = set(view["keys"])
    assert {"city:330200", FEE_CUT, "agency:national-financing-guarantee-fund"} <= keys
    assert "agency:zhejiang-deit" in keys  # through the plan that provides the funds


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("employees=-1", "employees"),
        ("employees=12.5", "employees"),
        ("revenue_wan=lots", "revenue_wan"),
        ("region=33", "region"),
        ("region=339900", "region"),
        ("industry=C34X", "industry"),
        ("designations=" + quote("金牌企业"), "designations"),
        ("size_class=huge", "size_class"),
        ("region=330200&on=2025-13-01", "on"),
        ("uscc=91330200MA2H3XY09R", "uscc"),
    ],
)
def test_bad_parameters_are_400_naming_them(client, query, param):
    data = get(client, f"/match.json?{query}", status=400)
    assert data["ok"] is False and data["error"].startswith(f"{param}:")


def test_unknown_enterprise_is_404(client):
    assert get(client, "/match.json?uscc=91440300MA5F6G7001", status=404)["ok"] is False


def test_the_form_and_its_choices(client):
    data = get(client, "/match.json")
    assert data["profile"] is None and data["matches"] == []
    choices = data["choices"]
    assert "330000" in [p["code"] for p in choices["provinces"]]
    ningbo = next(c for c in choices["cities"] if c["code"] == "330200")
    assert ningbo["province_code"] == "330000"
    assert "C34" in [i["code"] for i in choices["industries"]]
    assert "专精特新中小企业" in [d["name"] for d in choices["designations"]]
    html = client.get("/match?region=330200&industry=C34&employees=120&revenue_wan=8000")
    assert html.status_code == 200
    assert 'id="match-matches"' in html.get_data(as_text=True)


# -- as a demanding user meets it (issue 14 item 3): raw UTF-8 in the URL (as curl sends
# the issue's example), results the profile does not say enough to decide, the page's
# errors in its language with the form kept, the size standard's boundaries (工业:
# 20人及以上且300万元及以上为小型, data/reference/sme_size_standard.toml).

ABSENT = make_uscc("330100", "MA27XY12")  # a valid USCC of no enterprise in the data
RAW_EXAMPLE = "region=330200&industry=C34&employees=120&revenue_wan=8000&designations=专精特新"


def raw(client, query: str, twice: bool = False):
    """GET /match.json with the query string as a WSGI server hands raw UTF-8 over:
    latin-1 text of the bytes (waitress), or those bytes encoded once more (werkzeug's
    development server, ``flask run``)."""
    text = query.encode("utf-8").decode("latin-1")
    if twice:
        text = text.encode("utf-8").decode("latin-1")
    return client.get("/match.json", environ_overrides={"QUERY_STRING": text})


@pytest.mark.parametrize("twice", [False, True])
def test_raw_utf8_in_the_query_means_the_same(client, twice):
    encoded = get(
        client,
        "/match.json?" + RAW_EXAMPLE.replace("专精特新", "%E4%B8%93%E7%B2%BE%E7%89%B9%E6%96%B0"),
    )
    response = raw(client, RAW_EXAMPLE, twice)
    assert response.status_code == 200, response.data[:300]
    data = response.get_json()
    assert data["profile"]["designations"] == ["专精特新"]
    assert data["matches"] == encoded["matches"]


def test_undecided_lists_what_the_profile_does_not_say(client):
    # no revenue: the size class is unknown; the fee cut (small or 专精特新, any) with no
    # designation held is then unknown: listed as undecided, its size criterion null
    data = get(client, "/match.json?region=330200&industry=C34&employees=120&designations=")
    assert FEE_CUT not in by_key(data["matches"]) | by_key(data["near_misses"])
    item = by_key(data["undecided"])[FEE_CUT]
    assert item["unknown"] == ["size"]
    assert crit(item, "size")["met"] is None
    assert crit(item, "designation")["met"] is False
    # given the revenue, it is decided and no longer undecided
    data = get(client, "/match.json?region=330200&industry=C34&employees=120&revenue_wan=300")
    assert FEE_CUT in by_key(data["matches"])
    assert FEE_CUT not in by_key(data["undecided"])


@pytest.mark.parametrize(
    ("employees", "revenue", "size"),
    [(19, 300, "micro"), (20, 300, "small"), (20, 299.99, "micro"), (300, 2000, "medium")],
)
def test_size_boundaries_of_the_standard(client, employees, revenue, size):
    url = f"/match.json?region=330200&industry=C3411&employees={employees}&revenue_wan={revenue}"
    data = get(client, url)
    assert data["profile"]["size_class"] == size
    assert data["profile"]["size_class_from"] == "standard"
    fee_cut = by_key(data["matches"] + data["near_misses"])[FEE_CUT]
    assert crit(fee_cut, "size")["met"] is (size in ("micro", "small"))


def test_an_unknown_region_names_the_code(client):
    data = get(client, "/match.json?region=990000", status=400)
    assert data["error"] == "region: 990000 is not a known GB/T 2260 province or city"


@pytest.mark.parametrize(
    ("query", "status", "zh", "en"),
    [
        (
            "uscc=91330200MA2H3XY09R&employees=12",
            400,
            "统一社会信用代码：第 18 位校验码为 'R'，应为 'Q'",
            "uscc: check character (position 18) is 'R', expected 'Q'",
        ),
        (
            "region=330200&employees=abc",
            400,
            "从业人员：须为整数，收到 'abc'",
            "employees: must be a whole number, got 'abc'",
        ),
        (
            f"uscc={ABSENT}&employees=12",
            404,
            f"图中没有统一社会信用代码为 {ABSENT} 的企业",
            f"no node with key 'enterprise:{ABSENT}'",
        ),
    ],
)
def test_the_page_shows_errors_in_its_language_and_keeps_the_form(client, query, status, zh, en):
    import html

    for lang, expected in (("zh", zh), ("en", en)):
        response = client.get(f"/match?{query}&lang={lang}")
        assert response.status_code == status
        text = html.unescape(response.get_data(as_text=True))
        assert 'id="match-form"' in text and 'id="match-error"' in text
        assert (
            'name="employees" id="m-employees" type="number" min="0" step="1" value="12"' in text
            or ("employees=abc" in query)
        )
        if expected:
            assert expected in text
    # the JSON twin keeps the one error shape, in English
    assert client.get(f"/match.json?{query}").get_json()["status"] == status


@pytest.mark.parametrize("name", ["宁波", "宁波市", "Ningbo", "city:330200"])
def test_a_region_by_name_as_the_batch_takes_it(client, name):
    by_code = get(client, "/match.json?region=330200&industry=C34&employees=20&revenue_wan=300")
    data = get(
        client, f"/match.json?region={quote(name)}&industry=C34&employees=20&revenue_wan=300"
    )
    assert data["profile"]["region_code"] == "330200"
    assert data["matches"] == by_code["matches"]


def test_an_unknown_region_name_is_400_in_both_languages(client):
    data = get(client, f"/match.json?region={quote('不存在市')}", status=400)
    assert data["error"].startswith("region: '不存在市' is not a known province or city")
    text = client.get(f"/match?region={quote('不存在市')}&lang=zh").get_data(as_text=True)
    assert "地区：&#39;不存在市&#39; 不是已知的省份或城市" in text


def test_a_uscc_profile_as_a_graph_names_its_enterprise_and_writes_nothing(client, bundled_store):
    before = bundled_store.stats()
    data = get(client, f"/match/view.json?uscc={NINGBO_USCC}")
    node = next(n for n in data["graph"]["nodes"] if n["key"].startswith("profile:"))
    assert node["properties"]["enterprise"] == f"enterprise:{NINGBO_USCC}"
    assert node["properties"]["employees"] == 120
    eligible = {
        r["end"]: r["properties"]
        for r in data["graph"]["relationships"]
        if r["start"] == node["key"] and r["type"] == "ELIGIBLE_FOR"
    }
    # the matcher's answer for the same profile, drawn: one edge per match shown
    matches = {m["key"] for m in get(client, f"/match.json?uscc={NINGBO_USCC}")["matches"]}
    assert FEE_CUT in eligible and set(eligible) <= matches
    assert eligible[FEE_CUT]["stored"] is False and eligible[FEE_CUT]["status"] == "derived"
    assert bundled_store.stats() == before
