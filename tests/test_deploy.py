"""The production recipe of docs/deploy.md, run once: waitress serving create_app(), which
loads the bundled data into an empty embedded store on first start."""

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WAITRESS = Path(sys.executable).parent / "waitress-serve"


@pytest.fixture
def waitress_url(tmp_path):
    env = {
        **os.environ,
        "GRAPH_URI": f"embedded://{tmp_path / 'graph'}",
        "LOAD_BUNDLED_IF_EMPTY": "1",
        "PYTHONUNBUFFERED": "1",
    }
    proc = subprocess.Popen(
        [str(WAITRESS), "--listen=127.0.0.1:0", "--threads=4", "--call", "webapp:create_app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = None
        lines = []
        for line in proc.stdout:  # waitress says where it listens once it is ready
            lines.append(line)
            found = re.search(r"Serving on (http://127\.0\.0\.1:\d+)", line)
            if found:
                url = found.group(1)
                break
        assert url, "waitress did not start:\n" + "".join(lines)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        proc.stdout.close()


def fetch(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.status, response.headers.get_content_type(), response.read().decode()


def test_waitress_serves_the_explorer_and_loads_the_bundled_data(waitress_url):
    status, kind, body = fetch(waitress_url + "/index.json")
    assert status == 200 and kind == "application/json"
    home = json.loads(body)
    assert home["total_nodes"] > 400, "the bundled data was loaded on first start"
    assert home["store"]["kind"] == "ladybug"
    status, kind, html = fetch(waitress_url + "/node/province:330000")
    assert status == 200 and kind == "text/html" and "浙江省" in html
    status, kind, js = fetch(waitress_url + "/vendor/vis-network/vis-network.min.js")
    assert status == 200 and "@version 9.1.2" in js[:400]
    again = json.loads(fetch(waitress_url + "/index.json")[2])
    assert again["total_nodes"] == home["total_nodes"], "loaded once, not again"
