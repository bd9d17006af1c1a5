"""CLI regressions found by QA: export to a folder that is not there, a CSV zip named
.csv, Chinese in the query table, and non-finite numbers in --format json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph.model import Node
from webapp import create_app
from webapp.cli import width
from webapp.extensions import close_store, get_store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cli_app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "GRAPH_URI": f"embedded://{tmp_path / 'graph'}",
            "LOAD_BUNDLED_IF_EMPTY": False,
        }
    )
    store = get_store(app)
    store.ensure_schema()
    store.upsert(
        [Node("province:330000", ("Province",), {"key": "province:330000", "name": "浙江省"})], []
    )
    yield app
    close_store(app)


def test_export_to_a_missing_folder_is_a_clear_error_not_a_traceback(cli_app, tmp_path):
    out = tmp_path / "no" / "such" / "dir" / "x.json"
    result = cli_app.test_cli_runner().invoke(
        args=["export", "--key", "province:330000", "--out", str(out)]
    )
    assert result.exit_code == 1
    assert f"cannot write {out}" in result.output
    assert not isinstance(result.exception, OSError)  # click turned it into a message


def test_a_csv_export_named_csv_gets_a_note_to_name_it_zip(cli_app, tmp_path):
    out = tmp_path / "sub.csv"
    result = cli_app.test_cli_runner().invoke(
        args=["export", "--key", "province:330000", "--format", "csv", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "name it .zip" in result.output
    ok = cli_app.test_cli_runner().invoke(
        args=[
            "export",
            "--key",
            "province:330000",
            "--format",
            "csv",
            "--out",
            str(tmp_path / "sub.zip"),
        ]
    )
    assert ok.exit_code == 0 and "name it .zip" not in ok.output


def test_query_table_lines_up_chinese(cli_app):
    result = cli_app.test_cli_runner().invoke(
        args=["query", "MATCH (p:Province) RETURN p.name AS name, p.key AS key"]
    )
    assert result.exit_code == 0, result.output
    header, rule, row = result.output.splitlines()[:3]
    assert width(header.split("key")[0]) == width(row.split("province")[0])
    assert len(rule.split()[0]) == width("浙江省")


def test_query_json_never_writes_bare_nan(cli_app):
    result = cli_app.test_cli_runner().invoke(
        args=["query", "RETURN 0.0/0.0 AS x", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output, parse_constant=lambda c: pytest.fail(f"bare {c}"))
    assert body["records"] == [{"x": "NaN"}]


def test_width_counts_wide_characters_twice():
    assert width("a浙") == 3


def test_a_store_locked_by_another_process_gets_a_hint_not_just_the_engine_error(tmp_path):
    """QA: `flask query` while `make run` serves the same embedded store."""
    path = tmp_path / "graph"
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_STORE, str(path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        try:
            assert holder.stdout.readline().strip() == "open"
            app = create_app({"TESTING": True, "GRAPH_URI": f"embedded://{path}"})
            for args in (["query", "RETURN 1"], ["export", "--key", "province:1", "--out", "-"]):
                result = app.test_cli_runner().invoke(args=args)
                assert result.exit_code == 1, result.output
                assert "unavailable" in result.output
                assert "hint: another process" in result.output
        finally:
            holder.stdin.close()  # the holder closes the store and exits
            holder.wait(timeout=60)


HOLD_STORE = """
import sys
from graph import open_store
store = open_store("embedded://" + sys.argv[1])
store.ensure_schema()
print("open", flush=True)
sys.stdin.read()
store.close()
"""
