"""``flask --app webapp query "CYPHER" -p name=value --format table|json``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from store_fixture_data import load

from webapp import create_app
from webapp.extensions import close_store, get_store

ROOT = Path(__file__).resolve().parent.parent
QUERY = "MATCH (c:City)-[r:PART_OF]->(p:Province {key: $key}) RETURN c.key AS city, r ORDER BY city"


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
    load(store)
    yield app
    close_store(app)


def test_query_as_table(cli_app):
    result = cli_app.test_cli_runner().invoke(args=["query", QUERY, "-p", "key=province:330000"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["city", "r"]
    assert lines[2].startswith("city:330100") and "PART_OF" in lines[2]
    assert lines[-1] == "(2 rows)"


def test_query_as_json(cli_app):
    result = cli_app.test_cli_runner().invoke(
        args=["query", QUERY, "-p", "key=province:330000", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [r["city"] for r in data["records"]] == ["city:330100", "city:330200"]
    assert data["records"][0]["r"]["end"] == "province:330000"
    assert {r["id"] for r in data["relationships"]} == {
        "city:330100-PART_OF->province:330000",
        "city:330200-PART_OF->province:330000",
    }
    assert data["truncated"] is False


def test_json_parameter_values(cli_app):
    result = cli_app.test_cli_runner().invoke(
        args=[
            "query",
            "RETURN $n + 1 AS n, $xs AS xs",
            "-p",
            "n=41",
            "-p",
            'xs=["a"]',
            "--format",
            "json",
        ]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["records"] == [{"n": 42, "xs": ["a"]}]


@pytest.mark.parametrize(
    "query, message",
    [
        ("CREATE (n:City {key: 'city:1'})", "only read queries"),
        ("MATCH (n:City RETURN n", "Parser exception"),
        ("MATCH (n:City) RETURN n.key", None),
    ],
)
def test_errors_exit_non_zero(cli_app, query, message):
    args = ["query", query] + (["-p", "broken"] if message is None else [])
    result = cli_app.test_cli_runner().invoke(args=args)
    assert result.exit_code != 0
    assert (message or "expected name=value") in result.output
    assert get_store(cli_app).stats()["labels"]["City"] == 2


def test_query_command_in_a_subprocess(cli_app, tmp_path):
    close_store(cli_app)  # the embedded database allows one process at a time
    env = {
        **os.environ,
        "GRAPH_URI": f"embedded://{tmp_path / 'graph'}",
        "LOAD_BUNDLED_IF_EMPTY": "0",
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "webapp",
            "query",
            "MATCH (n:Province) RETURN n.name AS name",
            "--format",
            "json",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["records"] == [{"name": "浙江省"}]
