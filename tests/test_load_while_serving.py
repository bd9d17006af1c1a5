"""Loading (and query, export) while the explorer serves, on both stores.

The explorer runs as ``flask run`` in a subprocess, the CLI as another, as a user would
start them. On the embedded store the CLI hands its work to the explorer, which holds
the store's lock (webapp/handoff.py, webapp/admin.py); on Neo4j the CLI writes itself.
"""

from __future__ import annotations

import csv
import json
import os
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from webapp.handoff import TOKEN_HEADER, files_for

ROOT = Path(__file__).resolve().parent.parent
FLASK = [sys.executable, "-m", "flask", "--app", "webapp"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, token: str | None = None, data: bytes | None = None):
    """(status, parsed JSON body)."""
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers[TOKEN_HEADER] = token
    req = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


@contextmanager
def explorer(env: dict, workdir: Path):
    """``flask run`` on a free port; yields its URL once it answers."""
    port = free_port()
    log = open(workdir / "explorer.log", "w")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        [*FLASK, "run", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    try:
        while True:  # until it answers, or dies (no clock: a slow machine is no failure)
            if proc.poll() is not None:
                pytest.fail("the explorer exited:\n" + (workdir / "explorer.log").read_text())
            try:
                if fetch(url + "/index.json")[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        log.close()


def cli(env: dict, *args: str, cwd: Path = ROOT) -> subprocess.Popen:
    return subprocess.Popen(
        [*FLASK, *args],
        cwd=cwd,
        env={**env, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def total_nodes(url: str) -> int:
    status, home = fetch(url + "/index.json")
    assert status == 200
    return home["total_nodes"]


def first_enterprise(folder: Path) -> str:
    with open(folder / "enterprises.csv", encoding="utf-8") as f:
        return "enterprise:" + next(csv.DictReader(f))["uscc"]


def generated(tmp_path: Path, n: int) -> Path:
    out = tmp_path / "gen"
    from loaders.generate import generate

    generate(n, 7, out)
    return out


# -- the embedded store: the CLI hands over ---------------------------------------------------


@pytest.fixture
def embedded(tmp_path):
    store = tmp_path / "graph"
    env = {
        **os.environ,
        "GRAPH_URI": f"embedded://{store}",
        "LOAD_BUNDLED_IF_EMPTY": "1",
        "PYTHONUNBUFFERED": "1",
    }
    with explorer(env, tmp_path) as (url, proc):
        info_file, token_file = files_for(store)
        info = json.loads(info_file.read_text(encoding="utf-8"))
        assert (info["url"], info["pid"], info["store"]) == (url, proc.pid, str(store))
        yield env, url, token_file.read_text(encoding="utf-8").strip(), store
    assert not info_file.exists() and not token_file.exists(), "removed at shutdown"


def test_registration_files_and_authentication(embedded):
    env, url, token, store = embedded
    info_file, token_file = files_for(store)
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert Path(json.loads(info_file.read_text())["token_file"]) == token_file
    body = json.dumps({"paths": []}).encode()
    assert fetch(url + "/admin/load", None, body)[0] == 403
    status, error = fetch(url + "/admin/load", "not-the-token", body)
    assert status == 403 and TOKEN_HEADER in error["error"]
    assert fetch(url + "/admin/load", token) == (200, {"ok": True, "loading": False})


def test_load_is_handed_to_the_explorer_which_keeps_serving(embedded, tmp_path):
    env, url, token, store = embedded
    folder = generated(tmp_path, 3000)
    key = first_enterprise(folder)
    assert fetch(f"{url}/node/{key}.json")[0] == 404
    before = total_nodes(url)
    proc = cli(env, "load", "gen", cwd=tmp_path)
    served_during_load = 0
    while proc.poll() is None:
        status, state = fetch(url + "/admin/load", token)
        if status == 200 and state["loading"]:
            # a read while the explorer is inside the load: answered, from committed data
            assert fetch(url + "/node/province:330000.json")[0] == 200
            if fetch(url + "/admin/load", token)[1]["loading"]:
                served_during_load += 1
        time.sleep(0.05)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert "holds this store: the load runs there" in err
    assert "loaded 4 files" in out and "into ladybug embedded://" in out
    assert served_during_load > 0, "no read was answered while the load ran"
    assert fetch(f"{url}/node/{key}.json")[0] == 200, "the new data is seen once committed"
    assert total_nodes(url) >= before + 3000


def test_a_refused_load_reports_at_its_line_and_changes_nothing(embedded, tmp_path):
    env, url, token, store = embedded
    bad = tmp_path / "bad_nodes.csv"
    bad.write_text("key,name\ncity:abc,坏\n", encoding="utf-8")
    before = fetch(url + "/index.json")[1]["counts"]
    proc = cli(env, "load", "bad_nodes.csv", cwd=tmp_path)
    out, err = proc.communicate()
    assert proc.returncode == 1
    # named as the user typed it, though the explorer was sent the absolute path
    assert "\nbad_nodes.csv:2: key:" in "\n" + err and str(tmp_path) not in err
    assert "nothing was loaded" in err
    assert fetch(url + "/index.json")[1]["counts"] == before


def test_query_and_export_are_handed_to_the_explorer(embedded, tmp_path):
    env, url, token, store = embedded
    proc = cli(env, "query", "MATCH (p:Province) RETURN count(p) AS n", "--format", "json")
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert json.loads(out)["records"] == [{"n": 34}]
    proc = cli(env, "query", "MATCH (n) SET n.x = 1 RETURN n")
    out, err = proc.communicate()
    assert proc.returncode == 1 and "Error:" in err
    target = tmp_path / "zj.json"
    proc = cli(env, "export", "--key", "province:330000", "--format", "json", "--out", str(target))
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert "province:330000" in {n["id"] for n in exported["nodes"]}
    assert f"wrote {target}: {len(exported['nodes'])} nodes" in err
    proc = cli(env, "export", "--key", "province:000001", "--out", str(tmp_path / "x.json"))
    out, err = proc.communicate()
    assert proc.returncode == 1 and "province:000001" in err
    assert not (tmp_path / "x.json").exists()


def test_waitress_registers_at_its_first_request(tmp_path):
    """The production recipe (docs/deploy.md): waitress on a port it chooses."""
    import re

    store = tmp_path / "graph"
    env = {
        **os.environ,
        "GRAPH_URI": f"embedded://{store}",
        "LOAD_BUNDLED_IF_EMPTY": "1",
        "PYTHONUNBUFFERED": "1",
    }
    waitress = Path(sys.executable).parent / "waitress-serve"
    proc = subprocess.Popen(
        [str(waitress), "--listen=127.0.0.1:0", "--threads=4", "--call", "webapp:create_app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = next(
            m.group(1)
            for line in proc.stdout
            if (m := re.search(r"Serving on (http://127\.0\.0\.1:\d+)", line))
        )
        assert not files_for(store)[0].exists(), "nothing is registered before a request"
        assert total_nodes(url) > 400
        assert json.loads(files_for(store)[0].read_text())["url"] == url
        query = cli(env, "query", "MATCH (p:Province) RETURN count(p) AS n", "--format", "json")
        out, err = query.communicate()
        assert query.returncode == 0, err
        assert "holds this store" in err and json.loads(out)["records"] == [{"n": 34}]
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        proc.stdout.close()


def test_admin_endpoints_answer_only_on_loopback(tmp_path):
    from webapp import create_app
    from webapp.extensions import close_store
    from webapp.handoff import register, unregister

    app = create_app({"GRAPH_URI": f"embedded://{tmp_path / 'graph'}"})
    assert register(app, "http://127.0.0.1:1")
    try:
        token = app.extensions["admin_token"]
        client = app.test_client()
        far = client.get(
            "/admin/load", headers={TOKEN_HEADER: token}, environ_base={"REMOTE_ADDR": "10.1.2.3"}
        )
        assert far.status_code == 403 and "loopback" in far.get_json()["error"]
        near = client.get(
            "/admin/load", headers={TOKEN_HEADER: token}, environ_base={"REMOTE_ADDR": "::1"}
        )
        assert near.status_code == 200
    finally:
        unregister((tmp_path / "graph").resolve())
        close_store(app)
    left = [p.name for p in tmp_path.iterdir() if p.name.startswith("graph.")]
    assert [n for n in left if not n.startswith("graph.search.")] == []  # the index stays


def test_an_app_that_did_not_register_has_no_admin_endpoints(client):
    assert client.post("/admin/load", json={}).status_code == 404


# -- Neo4j: the CLI writes itself while the explorer serves ---------------------------


@pytest.mark.neo4j
def test_neo4j_load_while_the_explorer_serves(neo4j_store, neo4j_server, neo4j_driver, tmp_path):
    env = {
        **os.environ,
        "GRAPH_URI": neo4j_server.uri,
        "NEO4J_USER": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
        "NEO4J_DATABASE": neo4j_server.database or "",
        "PYTHONUNBUFFERED": "1",
    }
    try:
        with explorer(env, tmp_path) as (url, _):
            assert total_nodes(url) == 0
            proc = cli(env, "load")
            answered = 0
            while proc.poll() is None:
                assert fetch(url + "/index.json")[0] == 200
                answered += 1
                time.sleep(0.05)
            out, err = proc.communicate()
            assert proc.returncode == 0, err
            assert "holds this store" not in err  # no handover: Neo4j takes both
            assert answered > 0
            assert total_nodes(url) > 400
            assert fetch(url + "/node/province:330000.json")[0] == 200
    finally:
        records, _, _ = neo4j_driver.execute_query(
            "MATCH (n) RETURN n.key AS key", database_=neo4j_server.database
        )
        neo4j_store.written_keys.update(r["key"] for r in records)
