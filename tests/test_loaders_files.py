"""Every reader on good and bad input, with the exact messages users see. No database:
readers yield records and rejects, and only load_paths writes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from graph.convert import to_node_link
from graph.model import Node, Relationship, Subgraph
from loaders import BUNDLED_DATA, Record, Rejected, read_paths

BAD = Path(__file__).parent / "bad_files"
FORMULA = (
    "spreadsheet formula text is not accepted in names (it would run when an export "
    "is opened in a spreadsheet)"
)


def problems(*paths, kind=None) -> list[str]:
    return [
        str(p)
        for item in read_paths(paths, kind)
        if isinstance(item, Rejected)
        for p in item.problems
    ]


def records(*paths, kind=None) -> list[Record]:
    items = list(read_paths(paths, kind))
    bad = [str(p) for i in items if isinstance(i, Rejected) for p in i.problems]
    assert bad == []
    return items


def by_key(recs: list[Record]) -> dict:
    return {r.item.key if isinstance(r.item, Node) else r.item.id: r.item for r in recs}


# -- the bad-file corpus: each file, its exact messages -------------------------------

CORPUS = {
    "empty.csv": ["{f}:1: file: is empty (no header row)"],
    "enterprises_utf16.csv": [
        "{f}:1: encoding: not UTF-8 (byte 0xff at offset 0) nor GBK/GB18030 text; save the "
        "file as UTF-8, or name its encoding with --encoding NAME (for example --encoding "
        "latin-1 or --encoding utf-16)"
    ],
    "enterprises_missing_column.csv": ["{f}:1: uscc: missing column"],
    "enterprises_extra_column.csv": [
        "{f}:1: colour: unknown column (not a property of Enterprise)"
    ],
    "enterprises_bad_uscc.csv": [
        "{f}:2: uscc: 91330200MA2H3XY09R: check character (position 18) is 'R', expected 'Q'",
        "{f}:3: uscc: 91330200MA2H3XY19Q: organisation-code check character (position 17) is "
        "'9', expected '7'; check character (position 18) is 'Q', expected 'R'",
        "{f}:4: uscc: 91330200MA2H3XI09Q: character 'I' at position 15 is not allowed (use "
        "0-9 and ABCDEFGHJKLMNPQRTUWXY)",
    ],
    "enterprises_unknown_region.csv": [
        "{f}:2: region: '火星' is not a known province or city (give a GB/T 2260 code or a "
        "name such as 浙江, 宁波市, Ningbo)",
        "{f}:3: uscc: 91990000MA01AB23X0: region code 990000 (positions 3-8) is not a known "
        "GB/T 2260 code",
    ],
    "enterprises_duplicate.csv": [
        "{f}:3: key: duplicate key 'enterprise:91330200MA2H3XY09Q' (first at line 2)"
    ],
    "enterprises_formula.csv": [
        "{f}:2: name: starts with '=': " + FORMULA,
        "{f}:3: name: starts with '+': " + FORMULA,
        "{f}:4: name: starts with '@': " + FORMULA,
        "{f}:5: name: starts with '-': " + FORMULA,
    ],
    "nodes_amounts.csv": [
        "{f}:2: amount: -5 is negative; amounts must be 0 or more",
        "{f}:3: amount: '很多钱' is not a number or an amount such as 50亿元, 数千万元 or XX亿元",
    ],
    "nodes_dates.csv": [
        "{f}:2: date: '2025-02-30' is not a real date",
        "{f}:3: date: '2025年13月1日' is not a real date",
    ],
    "rels_row_width.csv": [
        "{f}:2: row: has 2 fields, the header has 3",
        "{f}:3: row: has 4 fields, the header has 3",
    ],
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_bad_file_reports_every_problem(name):
    f = BAD / name
    assert problems(f) == [m.format(f=f) for m in CORPUS[name]]


def test_duplicate_keys_across_files():
    a, b = BAD / "across" / "enterprises_a.csv", BAD / "across" / "enterprises_b.csv"
    assert problems(BAD / "across") == [
        f"{b}:2: key: duplicate key 'enterprise:91330200MA2H3XY09Q' (first at {a}:2)"
    ]


def test_ten_megabyte_field_is_refused_by_name(tmp_path):
    f = tmp_path / "enterprises_huge.csv"
    f.write_text(
        "uscc,name,region,industry,size_class,designations,address\n"
        f"91330200MA2H3XY09Q,宁波甲有限公司,宁波,C34,small,,{'x' * 10_000_000}\n"
        "91110000MA01AB23X9,北京乙有限公司,北京,I65,micro,,\n",
        encoding="utf-8",
    )
    items = list(read_paths([f]))
    assert problems(f) == [
        f"{f}:2: address: 10000000 characters is more than MAX_FIELD_CHARS=100000"
    ]
    # the rows after it are still read (and would load under --skip-invalid)
    assert any(
        isinstance(i, Record) and i.item.key == "enterprise:91110000MA01AB23X9" for i in items
    )


def test_html_and_script_in_a_name_are_kept_as_plain_text():
    recs = records(BAD / "enterprises_html.csv")
    name = by_key(recs)["enterprise:91330200MA2H3XY09Q"].properties["name"]
    assert name == "<script>alert(1)</script><img src=x onerror=alert(2)>"


@pytest.mark.parametrize(
    "name", ["enterprises_gbk.csv", "enterprises_bom.csv", "enterprises_good.csv"]
)
def test_gbk_bom_and_utf8_read_the_same(name):
    nodes = by_key(records(BAD / name))
    firm = nodes["enterprise:91330200MA2H3XY09Q"]
    assert firm.properties["name"] == "宁波甲精密制造有限公司"
    assert firm.properties["region_code"] == "330200"
    assert firm.properties["industry_code"] == "C34"
    assert "enterprise:91330200MA2H3XY09Q-LOCATED_IN->city:330200" in nodes
    assert "enterprise:91330200MA2H3XY09Q-IN_INDUSTRY->industry:C34" in nodes


def test_enterprise_region_from_name_or_address_when_blank(tmp_path):
    f = tmp_path / "enterprises.csv"
    f.write_text(
        "uscc,name,region,address\n"
        "91330200MA2H3XY09Q,宁波舜宇光学科技有限公司,,\n"
        "91110000MA01AB23X9,某某科技有限公司,,北京市海淀区中关村大街1号\n"
        "91440300876543210T,某某有限公司,,\n",
        encoding="utf-8",
    )
    assert problems(f) == [
        f"{f}:4: region: missing, and no region was found in the address or name"
    ]
    nodes = by_key([i for i in read_paths([f]) if isinstance(i, Record)])
    assert "enterprise:91330200MA2H3XY09Q-LOCATED_IN->city:330200" in nodes
    assert "enterprise:91110000MA01AB23X9-LOCATED_IN->province:110000" in nodes


def test_kind_option_reads_any_csv_as_enterprises(tmp_path):
    f = tmp_path / "firms.csv"
    f.write_text("uscc,name,region\n91330200MA2H3XY09Q,宁波甲有限公司,Ningbo\n", encoding="utf-8")
    assert problems(f) == [
        f"{f}:1: key: missing column",  # by its header, a node file
        f"{f}:1: region: unknown column (not a property of any label)",
    ]
    assert [r.label for r in records(f, kind="enterprise")] == ["Enterprise", "LOCATED_IN"]


def test_bundled_data_reads_without_a_problem():
    labels = {r.label for r in records(BUNDLED_DATA)}
    assert {"Policy", "Province", "City", "Source", "PART_OF"} <= labels


# -- records files (YAML / JSON) --------------------------------------------------------

YAML = """\
source: source:seed-article-2025-11-17
status: reported
nodes:
  - key: fund:test-fund
    name: 测试基金
    size_text: 50亿元
  - key: event:test
    name: 测试事件
    date: 2025年12月1日
    amount_text: 数千万元
  - key: agency:bad
    name: "=cmd"
    level: 3
relationships:
  - start: agency:miit
    type: MANAGES
    end: fund:test-fund
  - start: fund:test-fund
    type: MANAGES
    end: agency:miit
"""


def test_yaml_records_with_defaults_and_line_numbers(tmp_path):
    f = tmp_path / "facts.yaml"
    f.write_text(YAML, encoding="utf-8")
    assert problems(f) == [
        f"{f}:12: name: starts with '=': " + FORMULA,
        f"{f}:19: type: Fund -MANAGES-> Agency is not allowed (allowed: Agency->Fund)",
    ]
    got = by_key([i for i in read_paths([f]) if isinstance(i, Record)])
    assert got["fund:test-fund"].properties == {
        "key": "fund:test-fund",
        "name": "测试基金",
        "size_text": "50亿元",
        "size": 5e9,
        "source": "source:seed-article-2025-11-17",
        "status": "reported",
    }
    event = got["event:test"].properties
    assert (event["date"], event["amount_min"], event["amount_max"]) == ("2025-12-01", 1e7, 1e8)
    assert got["agency:miit-MANAGES->fund:test-fund"].properties["status"] == "reported"


def test_json_records_report_lines(tmp_path):
    f = tmp_path / "facts.json"
    f.write_text(
        json.dumps(
            {
                "nodes": [
                    {"key": "fund:a", "name": "甲"},
                    {"key": "fund:b", "name": "乙", "size": -1},
                ]
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    assert problems(f) == [f"{f}:10: size: -1 is negative; amounts must be 0 or more"]


def test_broken_json_and_yaml_name_the_line(tmp_path):
    j, y = tmp_path / "a.json", tmp_path / "b.yaml"
    j.write_text('{"nodes": [\n  {"key": "fund:a",}\n]}', encoding="utf-8")
    y.write_text("nodes:\n  - key: [unclosed\n", encoding="utf-8")
    assert problems(j) == [
        f"{j}:2: file: not valid JSON: Expecting property name enclosed in double quotes"
    ]
    assert problems(y)[0].startswith(f"{y}:3: file: not valid YAML: ")


# -- node-link JSON and the CSV zip (the exports) -----------------------------------------

SUB = Subgraph(
    [
        Node(
            "agency:miit",
            ("Agency",),
            {
                "key": "agency:miit",
                "name": "工业和信息化部",
                "aliases": ["工信部"],
                "status": "reported",
                "source": "source:seed-article-2025-11-17",
            },
        ),
        Node(
            "fund:f",
            ("Fund",),
            {"key": "fund:f", "name": "基金", "size": 5e9, "size_text": "50亿元"},
        ),
    ],
    [
        Relationship(
            "MANAGES",
            "agency:miit",
            "fund:f",
            {
                "source": "source:seed-article-2025-11-17",
                "status": "reported",
                "evidence": "由工信部管理",
            },
        )
    ],
)


def test_node_link_json_round_trip(tmp_path):
    f = tmp_path / "export.json"
    f.write_text(
        json.dumps(to_node_link(SUB, {"query": "test"}), ensure_ascii=False), encoding="utf-8"
    )
    got = records(f)
    assert [r.item for r in got if isinstance(r.item, Node)] == SUB.nodes
    assert [r.item for r in got if isinstance(r.item, Relationship)] == SUB.relationships


def test_csv_zip_round_trip(tmp_path):
    from graph.export import write_csv_zip

    f = tmp_path / "export.zip"
    f.write_bytes(b"".join(write_csv_zip(SUB, {})))
    got = records(f)
    assert [r.item for r in got if isinstance(r.item, Node)] == SUB.nodes
    assert [r.item for r in got if isinstance(r.item, Relationship)] == SUB.relationships


def test_zip_without_the_csv_files(tmp_path):
    f = tmp_path / "other.zip"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("readme.txt", "hello")
    assert problems(f) == [f"{f}:1: file: holds no nodes.csv or relationships.csv"]
