"""Hostile files (issue 10): each is refused with ``file:line: field: problem``, exit 1
and the store unchanged (every node and relationship, with its properties, fingerprinted
before and after); under ``--skip-invalid`` the good records load and the bad one goes to
the rejects file. Values the stores refuse are refused at validation, decoding is UTF-8
or plausible GBK only, facts agree with GB/T 2260, YAML and JSON report their own line,
zips are capped, exports are valid whatever the data, and search finds what was stored.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import tracemalloc
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from graph.export import write_csv_zip, write_graphml
from graph.model import Node, Relationship, Subgraph
from graph.store import Limits
from loaders import BUNDLED_DATA, Rejected, load_paths, read_file
from loaders.values import FORMULA_PREFIXES

REGIONS = BUNDLED_DATA / "regions"
SRC = "source:seed-article-2025-11-17"
CTRL = "no tab, line break or other control characters are accepted in this field"


# -- helpers -------------------------------------------------------------------------


def fingerprint(store) -> tuple:
    """Every node and relationship with its properties."""
    keys: list[str] = []
    while True:
        page = store.run_cypher(
            "MATCH (n) RETURN n.key AS k ORDER BY k SKIP $skip LIMIT 1000", {"skip": len(keys)}
        ).records
        keys += [row["k"] for row in page]
        if len(page) < 1000:
            break
    sub = store.subgraph(keys)
    nodes = sorted((n.key, n.labels, sorted(n.properties.items(), key=str)) for n in sub.nodes)
    rels = sorted(
        (r.start, r.type, r.end, sorted(r.properties.items(), key=str)) for r in sub.relationships
    )
    return tuple(map(str, nodes)), tuple(map(str, rels))


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    """The ``flask load`` CLI on an embedded store holding the bundled data."""
    from webapp import create_app
    from webapp.extensions import close_store, get_store

    path = tmp_path_factory.mktemp("hostile") / "graph"
    app = create_app(
        {"TESTING": True, "GRAPH_URI": f"embedded://{path}", "LOAD_BUNDLED_IF_EMPTY": False}
    )
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["load"])
    assert ok.exit_code == 0, ok.output
    yield runner, get_store(app)
    close_store(app)


def refused(cli, path: Path, *lines: str, extra=()):
    """Strict load: exit 1, every ``lines`` (file:line: field: problem prefix) reported,
    the store unchanged."""
    runner, store = cli
    before = fingerprint(store)
    result = runner.invoke(args=["load", *extra, str(path)])
    assert result.exit_code == 1, result.output
    reported = result.stderr.splitlines()
    for line in lines:
        assert any(r.startswith(line) for r in reported), (line, reported)
    assert "Traceback" not in result.output
    assert fingerprint(store) == before
    return reported


def skipped(cli, path: Path, loaded: list[str], rejected: int):
    """``--skip-invalid``: exit 0, the good keys stored, the bad rows in the rejects file."""
    runner, store = cli
    result = runner.invoke(args=["load", "--skip-invalid", str(path)])
    assert result.exit_code == 0, result.output
    assert {n.key for n in store.subgraph(loaded).nodes} == set(loaded)
    rejects = [p for p in path.parent.iterdir() if p.name.startswith(path.name + ".rejects.")]
    assert len(rejects) == 1, result.output
    text = rejects[0].read_text(encoding="utf-8")
    if rejects[0].suffix == ".csv":
        rows = list(csv.DictReader(io.StringIO(text)))
    else:
        rows = [json.loads(line) for line in text.splitlines()]
    assert len(rows) == rejected, text


# -- values the stores refuse are refused at validation ---------------------------------


def test_integer_beyond_int64_in_csv(cli, tmp_path):
    f = write(
        tmp_path / "nodes.csv",
        "key,name,period_start\npolicy:h-int-ok,好,2025\npolicy:h-int-bad,坏,9223372036854775808\n",
    )
    refused(cli, f, f"{f}:3: period_start: 9223372036854775808 is outside the 64-bit integer")
    skipped(cli, f, ["policy:h-int-ok"], 1)


@pytest.mark.parametrize(
    ("suffix", "text", "line", "field"),
    [
        (
            ".yaml",
            "nodes:\n  - key: target:h-y-ok\n    name: 好\n  - key: target:h-y-nan\n"
            "    name: 坏\n    value: .nan\n",
            6,
            "value",
        ),
        (
            ".yaml",
            "nodes:\n  - key: target:h-y-ok2\n    name: 好\n  - key: fund:h-y-inf\n"
            "    name: 坏\n    size: .inf\n",
            6,
            "size",
        ),
        (
            ".json",
            '{"nodes": [\n {"key": "target:h-j-ok", "name": "好"},\n'
            ' {"key": "target:h-j-nan", "name": "坏",\n  "value": NaN}\n]}',
            4,
            "value",
        ),
        (
            ".json",
            '{"nodes": [\n {"key": "target:h-j-ok2", "name": "好"},\n'
            ' {"key": "policy:h-j-big", "name": "坏", "period_end": 1e999999}\n]}',
            3,
            "period_end",
        ),
    ],
)
def test_nan_and_infinity_in_yaml_and_json(cli, tmp_path, suffix, text, line, field):
    f = write(tmp_path / f"facts{suffix}", text)
    refused(cli, f, f"{f}:{line}: {field}: ")
    good = [
        k
        for k in ("target:h-y-ok", "target:h-y-ok2", "target:h-j-ok", "target:h-j-ok2")
        if k in text
    ]
    skipped(cli, f, good, 1)


def test_nul_and_control_characters(cli, tmp_path):
    f = write(
        tmp_path / "nodes.csv",
        'key,name,summary\npolicy:h-ok,好,"two\nlines\tand a tab"\n'
        "policy:h-nul,a\x00b,\npolicy:h-c1,c\x85d,\n",
    )
    refused(
        cli,
        f,
        f"{f}:4: name: holds U+0000 at character 2; {CTRL}",
        f"{f}:5: name: holds U+0085 at character 2; {CTRL}",
    )
    j = write(tmp_path / "nul.json", '{"nodes": [{"key": "technology:h-j", "name": "x\\u0000"}]}')
    refused(cli, j, f"{j}:1: name: holds U+0000 at character 2")
    s = write(tmp_path / "sur.json", '{"nodes": [{"key": "technology:h-s", "name": "x\\ud800"}]}')
    refused(cli, s, f"{s}:1: name: holds U+D800 at character 2")
    skipped(cli, f, ["policy:h-ok"], 2)


def test_invisible_characters_in_one_line_fields(cli, tmp_path):
    f = write(
        tmp_path / "nodes.csv",
        "key,name,evidence\ntechnology:h-bidi,abc\u202edef,ok\ntechnology:h-zw,好,零\u200b宽\n",
    )
    refused(
        cli,
        f,
        f"{f}:2: name: holds U+202E RIGHT-TO-LEFT OVERRIDE at character 4; invisible format "
        "characters are not accepted in this one-line field",
    )
    skipped(cli, f, ["technology:h-zw"], 1)  # long text may hold a zero-width space


def test_codes_are_ascii_only(cli, tmp_path):
    f = write(
        tmp_path / "nodes.csv",
        "key,name,region_code\nagency:h-fw,某局,３３０２００\nagency:h-ok,某局,330200\n",
    )
    refused(
        cli,
        f,
        f"{f}:2: region_code: '３３０２００' holds U+FF13 FULLWIDTH DIGIT THREE at character 1; "
        "codes are ASCII only (write 330200 in half-width characters)",
    )
    e = write(
        tmp_path / "enterprises.csv",
        "uscc,name,region,industry\n91330200MA2H3XY09Q,甲公司,３３０２００,C34\n"
        "91330200MA2H3XY09Q,乙公司,330200,Ｃ３４\n",
    )
    refused(
        cli, e, f"{e}:2: region: '３３０２００' holds U+FF13", f"{e}:3: industry: 'Ｃ３４' holds"
    )


# -- decoding ------------------------------------------------------------------------


def test_latin1_is_not_read_as_gb18030(cli, tmp_path):
    f = write(tmp_path / "nodes.csv", "key,name\ntechnology:h-latin,Müller\n".encode("latin-1"))
    lines = refused(cli, f, f"{f}:2: encoding: not UTF-8 (byte 0xfc at offset 29)")
    assert any("--encoding NAME" in line for line in lines)
    runner, store = cli
    ok = runner.invoke(args=["load", "--encoding", "latin-1", str(f)])
    assert ok.exit_code == 0, ok.output
    assert store.get_node("technology:h-latin").node.name == "Müller"
    unknown = runner.invoke(args=["load", "--encoding", "klingon", str(f)])
    assert unknown.exit_code == 2 and "unknown encoding 'klingon'" in unknown.output


def test_gbk_chinese_is_still_read(tmp_path):
    f = write(tmp_path / "nodes.csv", "key,name\ntechnology:h-gbk,工业互联网\n".encode("gbk"))
    (item,) = read_file(f)
    assert item.item.name == "工业互联网"
    bom = write(tmp_path / "bom.csv", codecs.BOM_UTF8 + "key,name\ntechnology:b,工业\n".encode())
    assert next(iter(read_file(bom))).item.name == "工业"


# -- facts that agree with the reference data -------------------------------------------

AGREEMENT = {
    "enterprises.csv": (
        "uscc,name,region\n91330200MA2H3XY09Q,宁波甲公司,广东省宁波市\n",
        ["{f}:2: region: '广东省宁波市': 宁波市 is in 浙江省, not in 广东省 (GB/T 2260)"],
    ),
    "enterprises_address.csv": (
        "uscc,name,region,address\n91330200MA2H3XY09Q,宁波甲公司,,广东省宁波市海曙区中山路1号\n",
        ["{f}:2: address: '广东省宁波市海曙区中山路1号': 宁波市 is in 浙江省, not in 广东省"],
    ),
    "enterprises_code.csv": (
        "uscc,name,region,region_code\n91330200MA2H3XY09Q,宁波甲公司,宁波,440300\n",
        ["{f}:2: region_code: '440300' does not lie in 宁波市 (330200)"],
    ),
    "located.yaml": (
        "nodes:\n  - key: agency:h-loc\n    name: 某局\n    region_code: '330200'\n"
        "relationships:\n  - start: agency:h-loc\n    type: LOCATED_IN\n    end: city:330200\n"
        "  - start: agency:h-loc\n    type: LOCATED_IN\n    end: province:440000\n",
        [
            "{f}:9: end: agency:h-loc is LOCATED_IN city:330200 (line 6), which lies in "
            "province:330000, not province:440000 (GB/T 2260)",
            "{f}:9: end: agency:h-loc has region_code 330200, which is not in province:440000",
        ],
    ),
    "part_of.csv": (
        "start,type,end\ncity:330200,PART_OF,province:440000\n",
        ["{f}:2: end: city 330200 lies in 浙江省 (330000) by its GB/T 2260 code, not in 广东省"],
    ),
    "city.csv": (
        "key,name,code,province_code\ncity:330299,某市,330299,440000\n",
        ["{f}:2: province_code: '440000': city 330299 lies in 浙江省 (330000)"],
    ),
    "loops.csv": (
        "start,type,end\npolicy:sme-digital-2025,IMPLEMENTS,policy:sme-digital-2025\n"
        "fund:sme-development-fund,SUB_FUND_OF,fund:sme-development-fund\n"
        "city:330200,PART_OF,city:330200\n",
        [
            "{f}:2: end: policy:sme-digital-2025 cannot be IMPLEMENTS itself",
            "{f}:3: end: fund:sme-development-fund cannot be SUB_FUND_OF itself",
            "{f}:4: type: City -PART_OF-> City is not allowed",
        ],
    ),
    "reference.csv": (
        "key,name\nprovince:330000,浙江\n",
        ["{f}:2: name: would change province:330000 (status reference, from source:gbt2260"],
    ),
}


@pytest.mark.parametrize("name", sorted(AGREEMENT))
def test_facts_agree_with_the_reference_data(cli, tmp_path, name):
    text, lines = AGREEMENT[name]
    f = write(tmp_path / name, text)
    refused(cli, f, *(line.format(f=f) for line in lines))


def test_reference_nodes_change_only_when_asked(store, tmp_path):
    load_paths(store, [REGIONS])
    before = fingerprint(store)
    f = write(tmp_path / "nodes.csv", "key,name\nprovince:330000,浙江\n")
    report = load_paths(store, [f])
    assert not report.written
    assert [str(p).split(" from ")[0] for p in report.errors] == [
        f"{f}:2: name: would change province:330000 (status reference,"
    ]
    assert fingerprint(store) == before
    same = write(tmp_path / "same.csv", "key,name\nprovince:330000,浙江省\n")
    assert load_paths(store, [same]).written  # restating reference data is not a change
    assert load_paths(store, [f], update_reference=True).written
    assert store.get_node("province:330000").node.name == "浙江"


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("nodes.csv", "key,name,period_start\npolicy:h-n,坏,99999999999999999999\n", 2),
        ("nodes.json", '{"nodes": [{"key": "target:h-n", "name": "n", "value": NaN}]}', 1),
        ("nodes_nul.csv", "key,name\ntechnology:h-n,a\x00b\n", 2),
        ("part_of.csv", "start,type,end\ncity:330200,PART_OF,province:440000\n", 2),
        ("loop.csv", "start,type,end\npolicy:p,IMPLEMENTS,policy:p\n", 2),
        ("key.json", '{"nodes": [{"key": "technology:h\\n", "name": "n"}]}', 1),
        (
            "end.json",
            '{"relationships": [{"start": "city:330200", "type": "PART_OF", '
            '"end": "province:330000\\n"}]}',
            1,
        ),
        ("enterprises.csv", "uscc,name,region\n91330200MA2H3XY09Q,甲,广东省宁波市\n", 2),
    ],
)
def test_values_and_agreement_on_both_stores(store, tmp_path, name, text, line):
    load_paths(store, [REGIONS])
    before = fingerprint(store)
    f = write(tmp_path / name, text)
    report = load_paths(store, [f])
    assert not report.written
    assert report.errors and all(str(p).startswith(f"{f}:{line}: ") for p in report.errors)
    assert fingerprint(store) == before


# -- YAML and JSON errors at their line ---------------------------------------------------

POLICY_YAML = """\
source: source:seed-article-2025-11-17
status: reported
nodes:
  - key: policy:h-yaml-good
    name: 好政策
    issued_date: 2025-02-03
  - key: policy:h-yaml-bad
    name: 坏政策
    issued_date: 2025-02-30
  - key: policy:h-yaml-tag
    name: !!int 不是数
"""


def test_yaml_bad_value_at_its_own_line_and_the_good_records_kept(cli, tmp_path):
    f = write(tmp_path / "policy.yaml", POLICY_YAML)
    refused(
        cli,
        f,
        f"{f}:9: issued_date: '2025-02-30' is not a real date",
        f"{f}:11: name: not a valid YAML value: ",
    )
    skipped(cli, f, ["policy:h-yaml-good"], 2)


def test_file_level_defaults_are_checked_like_the_fields(cli, tmp_path):
    y = write(tmp_path / "d.yaml", "source: 42\nnodes:\n  - key: technology:h-d\n    name: d\n")
    refused(cli, y, f"{y}:1: source: '42' is not a key of the form kind:id")
    j = write(tmp_path / "d.json", '{"nodes": [],\n "evidence": "a\\u0000"}')
    refused(cli, j, f"{j}:2: evidence: holds U+0000 at character 2")


def test_yaml_aliases_that_expand_without_bound_are_refused(tmp_path):
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 8):
        laughs += (
            f"{'abcdefgh'[i]}: &{'abcdefgh'[i]} ["
            + ", ".join([f"*{'abcdefgh'[i - 1]}"] * 10)
            + "]\n"
        )
    f = write(tmp_path / "laughs.yaml", laughs + "nodes: []\n")
    (item,) = read_file(f)
    assert isinstance(item, Rejected)
    assert "more than MAX_YAML_VALUES=1000000" in str(item.problems[0])


# -- zips and folders -----------------------------------------------------------------


def test_zip_bomb_is_refused_without_the_memory(tmp_path):
    f = tmp_path / "bomb.zip"
    with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("nodes.csv", "w") as member:
            member.write(b"key,name\n")
            block = b"technology:x," + b"a" * (1 << 20) + b"\n"
            for _ in range(60):
                member.write(block)
    assert f.stat().st_size < 1_000_000
    tracemalloc.start()
    items = list(read_file(f))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [str(p) for i in items for p in i.problems] == [
        f"{f}:1: file: 'nodes.csv' expands more than MAX_ARCHIVE_RATIO=200 times its compressed "
        f"size {zipfile.ZipFile(f).getinfo('nodes.csv').compress_size} (a zip bomb?)"
    ]
    assert peak < 30_000_000
    capped = list(read_file(f, limits=Limits(MAX_ARCHIVE_BYTES=5_000_000)))
    assert str(capped[0].problems[0]) == (
        f"{f}:1: file: expands to more than MAX_ARCHIVE_BYTES=5000000 bytes (stopped in "
        "'nodes.csv')"
    )


def test_zip_members_of_the_same_name_are_all_read(tmp_path):
    f = tmp_path / "two.zip"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("a/nodes.csv", "key,name\ntechnology:h-a,甲\n")
        z.writestr("b/nodes.csv", "key,name\ntechnology:h-b,乙\n")
    assert sorted(i.item.key for i in read_file(f)) == ["technology:h-a", "technology:h-b"]


def test_dangling_symlink_and_special_files_are_errors(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "nodes.csv", "key,name\ntechnology:h-link,好\n")
    (folder / "gone.csv").symlink_to(folder / "missing.csv")
    refused(
        cli,
        folder,
        f"{folder / 'gone.csv'}:1: file: is a symbolic link to "
        f"'{folder / 'missing.csv'}', which does not exist",
    )
    (folder / "gone.csv").unlink()
    os.mkfifo(folder / "pipe.csv")
    refused(cli, folder, f"{folder / 'pipe.csv'}:1: file: is not a regular file")


def test_unterminated_quote_names_its_line(cli, tmp_path):
    f = write(
        tmp_path / "nodes.csv",
        'key,name\ntechnology:h-q1,好\ntechnology:h-q2,"坏\ntechnology:h-q3,好\n',
    )
    refused(cli, f, f"{f}:3: row: the quote opened on line 3 is never closed")


# -- exports valid whatever the data -----------------------------------------------------

WILD = Subgraph(
    [
        Node(
            "enterprise:91330200MA2H3XY09Q",
            ("Enterprise",),
            {
                "key": "enterprise:91330200MA2H3XY09Q",
                "name": "甲\x00公司\x1f\ufffe",
                "address": '=HYPERLINK("http://evil","x")',
                "designations": ["@SUM(1)", "专精特新"],
                "founded": "-2+3",
                "uscc": "91330200MA2H3XY09Q",
            },
        ),
        Node("city:330200", ("City",), {"key": "city:330200", "name": "+宁波", "lat": -29.8}),
    ],
    [
        Relationship(
            "LOCATED_IN", "enterprise:91330200MA2H3XY09Q", "city:330200", {"evidence": "\tx"}
        )
    ],
)


def test_graphml_export_is_well_formed_whatever_the_data():
    data = b"".join(write_graphml(WILD, {"query": "q\x00"}))
    root = ET.fromstring(data)  # raises on a character XML 1.0 forbids
    assert "甲\ufffd公司\ufffd\ufffd" in ET.tostring(root, encoding="unicode")


def test_csv_export_defuses_every_text_cell_and_round_trips(tmp_path):
    data = b"".join(write_csv_zip(WILD, {}))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        nodes = list(csv.DictReader(io.StringIO(z.read("nodes.csv").decode())))
        rels = list(csv.DictReader(io.StringIO(z.read("relationships.csv").decode())))
    firm, city = nodes
    assert firm["address"] == "'" + WILD.nodes[0].properties["address"]
    assert firm["designations"] == "'@SUM(1)|专精特新"
    assert firm["founded"] == "'-2+3"
    assert city["name"] == "'+宁波" and city["lat"] == "-29.8"  # a number stays a number
    assert rels[0]["evidence"] == "'\tx"
    for row in nodes + rels:
        for cell in row.values():
            assert (
                not cell.startswith(FORMULA_PREFIXES) or cell.lstrip("-").replace(".", "").isdigit()
            )
    tame = {"key": "agency:h-x", "name": "某局", "url": "=cmd|' /C calc'!A0", "evidence": "'引'"}
    sub = Subgraph([Node("agency:h-x", ("Agency",), tame)], [])
    f = write(tmp_path / "export.zip", b"".join(write_csv_zip(sub, {})))
    items = list(read_file(f))
    assert [str(p) for i in items if isinstance(i, Rejected) for p in i.problems] == []
    assert [i.item.properties for i in items] == [tame]


def test_export_and_loader_agree_on_formula_starts():
    from graph.export import FORMULA_STARTS

    assert set(FORMULA_STARTS) == set(FORMULA_PREFIXES)


# -- search finds what was stored ------------------------------------------------------------


def test_search_normalises_index_and_query_alike(store, tmp_path):
    f = write(
        tmp_path / "nodes.csv",
        "key,name,aliases\ntechnology:h-ws,中小企业\u3000数字化  服务,ＳＭＥ　Ｄｉｇｉｔａｌ\n",
    )
    assert load_paths(store, [f]).written
    for q in (
        "中小企业 数字化 服务",
        "中小企业\t数字化\n服务",
        "数字化\u3000服务",
        "sme digital",
        "ＳＭＥ",
    ):
        assert [h.node.key for h in store.search(q)] == ["technology:h-ws"], q


def test_every_export_format_survives_what_an_older_store_may_hold():
    from graph.export import FORMATS, export_bytes, statements

    name = "a\ud800\x00b\ufffe\x85"
    sub = Subgraph([Node("technology:x", ("Technology",), {"key": "technology:x", "name": name})])
    meta = {
        "counts": {"nodes": 1, "relationships": 0},
        **dict.fromkeys(("view", "generator", "format", "exported_at", "store"), "x"),
        "truncated": False,
    }
    out = {fmt: export_bytes(sub, meta, fmt) for fmt in FORMATS}
    assert json.loads(out["json"])["nodes"][0]["name"] == "a?\x00b\ufffe\x85"
    ET.fromstring(out["graphml"])
    with zipfile.ZipFile(io.BytesIO(out["csv"])) as z:
        assert "a?" in z.read("nodes.csv").decode("utf-8")
    assert len(statements(out["cypher"].decode("utf-8"))) >= 1
    out["html"].decode("utf-8")


@pytest.mark.parametrize(
    ("header", "bad"),
    [
        ("key,name,period_start", "policy:h-batch-bad,坏,9223372036854775808"),
        ("key,name,lat", "city:330299,坏,nan"),
        ("key,name", "technology:h-batch-bad,a\x00b"),
    ],
)
def test_a_value_the_store_refuses_after_more_than_a_batch(store, tmp_path, header, bad):
    """Refused at validation, so nothing of the run is written, and --skip-invalid sets
    the row aside instead of failing at write time."""
    import dataclasses

    store.limits = dataclasses.replace(store.limits, BATCH_SIZE=100)
    load_paths(store, [REGIONS])
    before = fingerprint(store)
    good = [f"technology:h-batch-{i},好{i}" + "," * (header.count(",") - 1) for i in range(250)]
    f = write(tmp_path / "nodes.csv", "\n".join([header, *good, bad]) + "\n")
    report = load_paths(store, [f])
    assert not report.written
    assert [str(p).split(": ")[0] for p in report.errors] == [f"{f}:252"]
    assert fingerprint(store) == before
    report = load_paths(store, [f], skip_invalid=True)
    assert report.written and report.counts.created == {"Technology": 250}
    assert [p.name for p in tmp_path.iterdir() if ".rejects." in p.name] == [
        "nodes.csv.rejects.csv"
    ]
