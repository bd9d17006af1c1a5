"""Single values: amounts, dates, text limits, regions. No database."""

import pytest

from graph.schema import STATUSES
from loaders import values
from loaders.regions import region_table
from loaders.validate import check_props


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50亿元", {"amount": 5e9, "amount_text": "50亿元"}),
        ("1.5亿元", {"amount": 1.5e8, "amount_text": "1.5亿元"}),
        ("3200万元", {"amount": 3.2e7, "amount_text": "3200万元"}),
        ("数千万元", {"amount_min": 1e7, "amount_max": 1e8, "amount_text": "数千万元"}),
        ("XX亿元", {"amount_text": "XX亿元"}),
        ("不超过1.5亿元", {"amount_max": 1.5e8, "amount_text": "不超过1.5亿元"}),
        ("超过10万元", {"amount_min": 1e5, "amount_text": "超过10万元"}),
        ("1200000", {"amount": 1.2e6}),
        (0, {"amount": 0.0}),
    ],
)
def test_amounts(text, expected):
    assert values.parse_amount(text) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("-5", "-5 is negative; amounts must be 0 or more"),
        ("-5亿元", "-5亿元 is negative; amounts must be 0 or more"),
        ("很多钱", "'很多钱' is not a number or an amount such as 50亿元, 数千万元 or XX亿元"),
    ],
)
def test_bad_amounts(text, problem):
    with pytest.raises(ValueError) as e:
        values.parse_amount(text)
    assert str(e.value) == problem


def test_amount_text_alone_fills_the_figure_and_keeps_the_text():
    props, problems = check_props("Event", {"amount_text": "数千万元"})
    assert problems == []
    assert props == {"amount_text": "数千万元", "amount_min": 1e7, "amount_max": 1e8}
    props, _ = check_props("Fund", {"size_text": "50亿元"})
    assert props == {"size_text": "50亿元", "size": 5e9}
    props, _ = check_props("Measure", {"amount_text": "XX亿元"})
    assert props == {"amount_text": "XX亿元"}  # unknown stays unknown, never 0


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2025-12-01", "2025-12-01"),
        ("2025/12/1", "2025-12-01"),
        ("2025年12月1日", "2025-12-01"),
        ("2025年12月1日起", "2025-12-01"),
        ("2027年底", "2027-12-31"),
    ],
)
def test_dates(text, iso):
    assert values.parse_date(text) == iso


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2025-02-30", "'2025-02-30' is not a real date"),
        ("2025年13月1日", "'2025年13月1日' is not a real date"),
        ("next week", "'next week' is not a date (write 2025-12-01 or 2025年12月1日)"),
    ],
)
def test_bad_dates(text, problem):
    with pytest.raises(ValueError) as e:
        values.parse_date(text)
    assert str(e.value) == problem


def test_field_limit_is_named():
    with pytest.raises(ValueError) as e:
        values.check_text("x" * (values.MAX_FIELD_CHARS + 1))
    assert str(e.value) == "100001 characters is more than MAX_FIELD_CHARS=100000"


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]
)
def test_formula_text_in_names_is_refused(name):
    _, problems = check_props("Agency", {"name": name})
    assert problems == [
        (
            "name",
            f"starts with {name[0]!r}: spreadsheet formula text is not "
            "accepted in names (it would run when an export is opened "
            "in a spreadsheet)",
        )
    ]


def test_html_in_names_is_kept_as_text():
    name = "<script>alert(1)</script>"
    props, problems = check_props("Agency", {"name": name})
    assert problems == [] and props["name"] == name


def test_types_are_checked_against_the_schema():
    props, problems = check_props(
        "Policy",
        {"period_start": "2025", "period_end": "soon", "colour": "red", "status": "rumoured"},
    )
    assert props == {"period_start": 2025}
    assert problems == [
        ("period_end", "'soon' is not an integer"),
        ("colour", "Policy has no property 'colour'"),
        ("status", "'rumoured' is not one of " + ", ".join(STATUSES)),
    ]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("浙江", "province:330000"),
        ("浙江省", "province:330000"),
        ("Zhejiang", "province:330000"),
        ("zhejiang province", "province:330000"),
        ("330000", "province:330000"),
        ("宁波", "city:330200"),
        ("宁波市", "city:330200"),
        ("Ningbo", "city:330200"),
        ("city:330200", "city:330200"),
        ("330212", "city:330200"),
        ("吉林", "province:220000"),
        ("吉林市", "city:220200"),
        ("内蒙古", "province:150000"),
        ("北京", "province:110000"),
        ("110105", "province:110000"),
    ],
)
def test_regions_in_any_common_form(text, key):
    assert region_table().resolve(text).key == key


def test_unknown_region_is_none():
    assert region_table().resolve("火星") is None
    assert region_table().resolve("990000") is None


def test_company_names_and_addresses_resolve_with_cpca():
    table = region_table()
    assert table.resolve_address("宁波舜宇光学科技有限公司").key == "city:330200"
    assert table.resolve_address("", "浙江省杭州市西湖区文三路1号").key == "city:330100"
