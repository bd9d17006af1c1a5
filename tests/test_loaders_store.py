"""Loading into both stores: counts, idempotence, atomicity, --skip-invalid, derived
ELIGIBLE_FOR, the node-link round trip, and the ``load`` / ``generate`` CLI."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from graph.convert import to_node_link
from loaders import BUNDLED_DATA, Record, load_paths, read_paths

BAD = Path(__file__).parent / "bad_files"
FIRM = "enterprise:91330200MA2H3XY09Q"


def load_ok(store, *paths, **kw):
    report = load_paths(store, list(paths), **kw)
    assert report.error_lines() == []
    assert report.written
    return report


def total(counts: dict) -> int:
    return sum(counts.values())


def test_loads_enterprises_with_derived_eligibility(store):
    load_ok(store, BUNDLED_DATA)
    report = load_ok(store, BAD / "enterprises_good.csv")
    assert report.counts.created["Enterprise"] == 2
    assert report.counts.created["LOCATED_IN"] == 2
    node = store.get_node(FIRM).node
    assert node.properties["region_code"] == "330200"
    assert node.properties["designations"] == ["专精特新"]
    page = store.neighbours(FIRM, types=["ELIGIBLE_FOR"], direction="out")
    edges = {n.node.key: n.relationship.properties for n in page.items}
    assert edges["policy:sme-digital-2025"]["criteria"] == ["region:national"]
    assert edges["policy:zhejiang-sme-digital-2025"]["criteria"] == ["region:330000"]
    fee_cut = edges["measure:guarantee-fee-cut-2025"]
    assert fee_cut["criteria"] == ["size:small", "designation:专精特新"]
    assert fee_cut["rule"] == "measure-criteria"
    assert fee_cut["status"] == "derived"
    assert fee_cut["source"] == "source:seed-article-2025-11-17"
    assert report.derived == report.counts.created["ELIGIBLE_FOR"] >= len(edges)
    # the bundled Ningbo firm gives its region only as a LOCATED_IN relationship
    ningbo = store.neighbours(
        "enterprise:ningbo-precision-2025", types=["ELIGIBLE_FOR"], direction="out"
    )
    assert "policy:zhejiang-sme-digital-2025" in {n.node.key for n in ningbo.items}


def test_loading_twice_changes_nothing(store):
    first = load_ok(store, BUNDLED_DATA, BAD / "enterprises_good.csv")
    stats = store.stats()
    props = store.get_node(FIRM).node.properties
    second = load_ok(store, BUNDLED_DATA, BAD / "enterprises_good.csv")
    assert total(second.counts.created) == 0 and total(second.counts.updated) == 0
    # the stored enterprises are unchanged, so their derived edges are not derived again
    # (loaders/rederive.py): every record is unchanged, the edges are simply kept
    derived = first.counts.created["ELIGIBLE_FOR"]
    assert total(second.counts.unchanged) == total(first.counts.created) - derived
    assert second.derived == 0
    assert store.stats() == stats
    assert store.get_node(FIRM).node.properties == props


def test_a_failing_run_leaves_the_store_as_it_was(store, tmp_path):
    load_ok(store, BUNDLED_DATA, BAD / "enterprises_good.csv")
    stats = store.stats()
    before = store.get_node(FIRM).node.properties
    # a good row that would change the firm, and a bad row in another file
    (tmp_path / "enterprises_update.csv").write_text(
        "uscc,name,region,industry,size_class\n91330200MA2H3XY09Q,改名了,宁波,C35,medium\n",
        encoding="utf-8",
    )
    shutil.copy(BAD / "enterprises_bad_uscc.csv", tmp_path)
    report = load_paths(store, [tmp_path])
    assert not report.written
    assert len(report.errors) == 3
    assert report.rejected == {"Enterprise": 3}
    assert store.stats() == stats
    assert store.get_node(FIRM).node.properties == before


def test_skip_invalid_loads_good_rows_and_writes_rejects(store, tmp_path):
    load_ok(store, BUNDLED_DATA)
    f = tmp_path / "enterprises.csv"
    f.write_text(
        "uscc,name,region,industry,size_class\n"
        "91330200MA2H3XY09Q,宁波甲有限公司,宁波,C34,small\n"
        "91330200MA2H3XY09R,坏代码有限公司,宁波,C34,small\n"
        "91110000MA01AB23X9,北京乙有限公司,火星,I65,micro\n",
        encoding="utf-8",
    )
    report = load_paths(store, [f], skip_invalid=True)
    assert report.written
    assert report.counts.created["Enterprise"] == 1
    assert report.rejected == {"Enterprise": 2}
    rejects = tmp_path / "enterprises.csv.rejects.csv"
    assert report.rejects_files == [rejects]
    with open(rejects, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["line", "errors", "uscc", "name", "region", "industry", "size_class"]
    assert [(r["line"], r["uscc"], r["region"]) for r in rows] == [
        ("3", "91330200MA2H3XY09R", "宁波"),
        ("4", "91110000MA01AB23X9", "火星"),
    ]
    assert rows[0]["errors"] == (
        "uscc: 91330200MA2H3XY09R: check character (position 18) is 'R', expected 'Q'"
    )
    assert rows[1]["errors"].startswith("region: '火星' is not a known province or city")
    assert store.get_node(FIRM).node.properties["name"] == "宁波甲有限公司"


def test_relationship_to_an_unknown_node_is_reported(store, tmp_path):
    f = tmp_path / "rels.csv"
    f.write_text("start,type,end\nagency:nobody,ISSUED,policy:nothing\n", encoding="utf-8")
    report = load_paths(store, [f])
    assert report.error_lines() == [
        f"{f}:2: start: no node 'agency:nobody' in these files or the store",
        f"{f}:2: end: no node 'policy:nothing' in these files or the store",
    ]
    assert total(store.stats()["labels"]) == 0


def test_node_link_export_loads_back_to_the_same_subgraph(store, tmp_path):
    load_ok(store, BUNDLED_DATA, BAD / "enterprises_good.csv")
    sub = store.neighbourhood("policy:sme-digital-2025", depth=1, max_nodes=200)
    keys = [n.key for n in sub.nodes]
    f = tmp_path / "export.json"
    f.write_text(
        json.dumps(to_node_link(sub, {"view": "test"}), ensure_ascii=False), encoding="utf-8"
    )
    read = [r.item for r in read_paths([f]) if isinstance(r, Record)]
    assert sorted(read[: len(sub.nodes)], key=lambda n: n.key) == sorted(
        sub.nodes, key=lambda n: n.key
    )
    report = load_ok(store, f)
    assert total(report.counts.created) == 0 and total(report.counts.updated) == 0
    again = store.subgraph(keys)
    assert {n.key: n.properties for n in again.nodes} == {n.key: n.properties for n in sub.nodes}


# -- the CLI ----------------------------------------------------------------------------


@pytest.fixture
def cli_app(tmp_path):
    from webapp import create_app
    from webapp.extensions import close_store

    app = create_app(
        {
            "TESTING": True,
            "GRAPH_URI": f"embedded://{tmp_path / 'graph'}",
            "LOAD_BUNDLED_IF_EMPTY": False,
        }
    )
    yield app
    close_store(app)


def test_load_cli_summary_and_exit_status(cli_app):
    runner = cli_app.test_cli_runner()
    ok = runner.invoke(args=["load"])
    assert ok.exit_code == 0, ok.output
    assert "label/type" in ok.stdout and "created" in ok.stdout
    assert re.search(r"^Province\s+34\s+0\s+0\s+0$", ok.stdout, re.M)
    assert re.search(r"^total\s+\d+\s+0\s+0\s+0$", ok.stdout, re.M)
    again = runner.invoke(args=["load"])
    assert re.search(r"^Province\s+0\s+0\s+34\s+0$", again.stdout, re.M)
    bad = runner.invoke(args=["load", str(BAD / "enterprises_bad_uscc.csv")])
    assert bad.exit_code == 1
    assert (
        f"{BAD / 'enterprises_bad_uscc.csv'}:2: uscc: 91330200MA2H3XY09R: check character "
        "(position 18) is 'R', expected 'Q'"
    ) in bad.stderr
    assert "3 problems in 3 rows; nothing was loaded" in bad.stderr


def test_generate_cli_writes_loadable_files(cli_app, tmp_path):
    runner = cli_app.test_cli_runner()
    out = tmp_path / "synthetic"
    gen = runner.invoke(args=["generate", "--enterprises", "300", "--seed", "7", "--out", str(out)])
    assert gen.exit_code == 0, gen.output
    assert f"{out / 'enterprises.csv'}: 300 rows" in gen.stdout
    load = runner.invoke(args=["load", str(BUNDLED_DATA), str(out)])
    assert load.exit_code == 0, load.output
    assert "Enterprise" in load.stdout and "ELIGIBLE_FOR" in load.stdout


def test_check_raises_with_every_problem(store):
    from loaders import LoadFailed

    report = load_paths(store, [BAD / "nodes_dates.csv"])
    with pytest.raises(LoadFailed) as e:
        report.check()
    assert e.value.problems == report.error_lines()
    assert e.value.message.startswith("2 problems; nothing was loaded:\n")


def test_skip_invalid_drops_relationships_to_rejected_nodes(store, tmp_path):
    load_ok(store, BUNDLED_DATA)
    (tmp_path / "nodes.csv").write_text(
        "key,name,size\nfund:good,好基金,1亿元\nfund:bad,坏基金,-1\n", encoding="utf-8"
    )
    (tmp_path / "rels.csv").write_text(
        "start,type,end\nagency:miit,MANAGES,fund:good\nagency:miit,MANAGES,fund:bad\n",
        encoding="utf-8",
    )
    report = load_paths(store, [tmp_path], skip_invalid=True)
    assert report.error_lines() == [
        f"{tmp_path / 'nodes.csv'}:3: size: -1 is negative; amounts must be 0 or more",
        f"{tmp_path / 'rels.csv'}:3: end: node 'fund:bad' is in a rejected row and not in "
        "the store",
    ]
    assert report.counts.created == {"Fund": 1, "MANAGES": 1}
    assert report.rejected == {"Fund": 1, "MANAGES": 1}
    assert sorted(p.name for p in report.rejects_files) == [
        "nodes.csv.rejects.csv",
        "rels.csv.rejects.csv",
    ]
    assert store.get_node("fund:good").node.properties["size"] == 1e8
