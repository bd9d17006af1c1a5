"""The matcher in batch: ``flask --app webapp match`` and the upload on /match, on UTF-8
and GBK files with bad rows; the output is formula-safe and names each bad cell as
``file:line: field: problem``."""

from __future__ import annotations

import csv
import io

import pytest

from tests.test_html_strict import problems_of

FEE_CUT = "measure:guarantee-fee-cut-2025"
MEMBERS = """企业名称备注,name,region,industry,employees,revenue_wan,designations
a,宁波甲精密,宁波,C34,120,8000,专精特新
b,杭州乙,330100,C35,400,8000,
c,坏行一,宁波,C34,很多,8000,
d,坏行二,不存在市,C34,10,100,
e,坏行三,宁波,C34X,10,100,金牌
f,"=HYPERLINK(""http://x"")",宁波,C34,10,100,
"""


def read_out(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.fixture(params=["utf-8", "gbk"])
def members(request, tmp_path):
    path = tmp_path / f"members-{request.param}.csv"
    path.write_bytes(MEMBERS.encode(request.param))
    return path


def test_cli_matches_each_row_and_reports_bad_ones(app, members, tmp_path):
    out = tmp_path / "matches.csv"
    result = app.test_cli_runner().invoke(
        args=["match", "--in", str(members), "--out", str(out), "--on", "2026-01-01"]
    )
    assert result.exit_code == 0, result.output
    rows = read_out(out.read_text(encoding="utf-8-sig"))
    by_line: dict[str, list[dict]] = {}
    for r in rows:
        by_line.setdefault(r["line"], []).append(r)
    first = {r["key"]: r for r in by_line["2"]}
    assert first[FEE_CUT]["result"] == "match"
    assert first[FEE_CUT]["size_class"] == "small"
    assert "size:small" in first[FEE_CUT]["criteria_met"]
    second = {r["key"]: r for r in by_line["3"]}
    assert second[FEE_CUT]["result"] == "near_miss"
    assert "designation:专精特新" in second[FEE_CUT]["criteria_missing"]
    name = str(members)
    assert f"{name}:4: employees: must be a whole number, got '很多'" in result.output
    assert f"{name}:5: region: '不存在市' is not a known province or city" in result.output
    assert f"{name}:6: industry: 'C34X' is not a GB/T 4754 code" in result.output
    assert f"{name}:6: designations: unknown designation '金牌'" in result.output
    for line in ("4", "5", "6"):
        assert [r["result"] for r in by_line[line]] == ["error"]
        assert by_line[line][0]["error"].startswith(f"{name}:{line}: ")
    # formula-safe: the cell starts with a quote, so a spreadsheet shows it as text
    assert {r["name"] for r in by_line["7"]} == {'\'=HYPERLINK("http://x")'}
    assert "ignored columns: 企业名称备注" in result.output


def test_cli_refuses_a_file_without_usable_columns(app, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["match", "--in", str(path), "--out", "-"])
    assert result.exit_code != 0
    assert f"{path}:1: header: no usable column" in result.output


def test_upload_on_the_match_page(client, members):
    response = client.post(
        "/match/batch",
        data={"file": (io.BytesIO(members.read_bytes()), members.name), "on": "2026-01-01"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "text/csv"
    rows = read_out(response.get_data().decode("utf-8"))
    assert {r["result"] for r in rows} >= {"match", "near_miss", "error"}
    assert response.headers["X-Rejected"] == "3"


def test_a_lower_case_industry_code_reads_as_on_the_match_page(client):
    """/match reads c34 as C34; so does the batch (the same profile, the same rows)."""

    def matched(industry: str) -> list[tuple]:
        text = f"name,region,industry,employees,revenue_wan\n甲,330200,{industry},20,300\n"
        response = client.post(
            "/match/batch",
            data={"file": (io.BytesIO(text.encode("gbk")), "m.csv"), "on": "2026-01-01"},
            content_type="multipart/form-data",
        )
        assert response.status_code == 200, response.data[:300]
        rows = read_out(response.get_data().decode("utf-8"))
        return [(r["result"], r["key"], r["industry_code"], r["size_class"]) for r in rows]

    upper = matched("C34")
    assert ("match", FEE_CUT, "C34", "small") in upper
    assert matched("c34") == upper


def test_a_row_the_rules_cannot_decide_is_undecided_never_no(client):
    """No revenue: the size class is unknown, so the fee cut (small or 专精特新) is
    undecided for a firm holding no designation, naming the unknown criterion."""
    text = "name,region,industry,employees,designations\n甲,330200,C34,120,\n"
    response = client.post(
        "/match/batch",
        data={"file": (io.BytesIO(text.encode("utf-8")), "m.csv"), "on": "2026-01-01"},
        content_type="multipart/form-data",
    )
    rows = {r["key"]: r for r in read_out(response.get_data().decode("utf-8"))}
    fee_cut = rows[FEE_CUT]
    assert fee_cut["result"] == "undecided" and fee_cut["size_class"] == ""
    assert fee_cut["criteria_unknown"] == "size:micro|small"
    assert fee_cut["criteria_missing"] == "designation:专精特新"


def test_upload_without_a_file_is_400(client):
    response = client.post("/match/batch", data={})
    assert response.status_code == 400


def test_match_pages_are_strict_html(client):
    for path in (
        "/match",
        "/match?region=330200&industry=C34&employees=120&revenue_wan=8000&designations=专精特新",
        "/match?region=330200&industry=C34&employees=400&revenue_wan=8000",
        "/match?employees=abc",
    ):
        for lang in ("zh", "en"):
            client.set_cookie("lang", lang)
            response = client.get(path)
            assert response.status_code in (200, 400)
            assert problems_of(response.get_data(as_text=True)) == [], path
