"""HTTP: the explorer's JSON endpoints through the Flask app under waitress, with 1 and 8
concurrent clients (threads with keep-alive connections), and the app's peak RSS.

The clients run on the same 2-core machine as the server and compete with it for CPU,
so requests per second are a floor, not a ceiling.
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import threading
import time

from .ops import http_ops
from .proc import ROOT, peak_rss_mb
from .stats import summary

SERVER_THREADS = 8


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(uri: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    cmd = [sys.executable, "-m", "bench.serve", uri, str(port), str(SERVER_THREADS)]
    server = subprocess.Popen(cmd, cwd=ROOT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the app exited with {server.returncode} before serving")
        try:
            status, _ = get(port, "/schema.json")
            if status == 200:
                return server, port
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("the app did not answer within 120 s")


def get(port: int, path: str, conn: http.client.HTTPConnection | None = None):
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        return response.status, body
    finally:
        if own:
            conn.close()


def run_clients(port: int, path_for, clients: int, total: int) -> dict:
    """``total`` requests spread over ``clients`` threads, each with its own connection."""
    samples: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client(c: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine, bad = [], []
        for i in range(c, total, clients):
            path = path_for(i)
            start = time.perf_counter()
            status, body = get(port, path, conn)
            mine.append((time.perf_counter() - start) * 1000)
            if status != 200:
                bad.append(f"{status} {path}: {body[:200]!r}")
        conn.close()
        with lock:
            samples.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    return {
        **summary(samples),
        "rps": round(len(samples) / wall, 1),
        "clients": clients,
        "errors": len(errors),
        "error_examples": errors[:3],
    }


def measure(args: dict, p) -> dict:
    server, port = start_server(args["uri"])
    results: dict[str, dict] = {}
    try:
        for name, path_for in http_ops(p).items():
            for i in range(args["reps"], args["reps"] + 5):
                get(port, path_for(i))  # warm-up
            results[name] = {
                f"c{c}": run_clients(port, path_for, c, args["reps"]) for c in args["clients"]
            }
        app_rss = peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(30)
    return {"operations": results, "app_peak_rss_mb": app_rss, "server_threads": SERVER_THREADS}
