"""Issue 9: the app under 8 clients of heavy requests, and its memory.

``python -m bench.limits_load embedded:///path [--clients 8] [--seconds 180]``

Starts the app under waitress (bench.serve, as the HTTP benchmark does), then runs
``--clients`` threads for ``--seconds``, each cycling through shortest paths, k-hop
views, the ``paths_to_enterprise`` canned query and a console query, and samples the
resident memory of the app and of its console workers every 0.5 s. Prints JSON: the
count of each status per operation (only 200 and 503 are expected: MAX_HEAVY_QUERIES
answers 503 when full), the app's peak RSS (VmHWM) and the largest worker RSS seen.
"""

from __future__ import annotations

import argparse
import http.client
import json
import threading
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode

from graph import Limits, open_store

from .ops import http_ops
from .over_http import get, start_server
from .probe import EXPORT_SIZES, PER_LABEL, probe
from .proc import peak_rss_mb, rss_mb


def heavy_paths(p) -> dict:
    ops = http_ops(p)
    pairs = p.path_pairs
    return {
        "shortest_path_6": ops["shortest_path_6"],
        "khop_300": ops["khop_300"],
        "canned_paths_to_enterprise": lambda i: (
            "/cypher.json?" + urlencode({"canned": "paths_to_enterprise"})
        ),
        "console_paths": lambda i: (
            "/cypher.json?"
            + urlencode(
                {
                    "query": "MATCH p = (a {key: $a})-[*1..3]-(b) RETURN p LIMIT 50",
                    "params": json.dumps({"a": pairs[i % len(pairs)][0]}),
                }
            )
        ),
    }


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(c) for c in task.read_text().split()]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("uri")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=180)
    a = parser.parse_args()
    print(json.dumps(measure(a.uri, a.clients, a.seconds), indent=2, ensure_ascii=False))


def measure(uri: str, clients: int, seconds: float) -> dict:
    store = open_store(uri, limits=replace(Limits(), MAX_ROWS=max(EXPORT_SIZES) + 2 * PER_LABEL))
    try:
        p = probe(store)
    finally:
        store.close()
    server, port = start_server(uri)
    ops = heavy_paths(p)
    statuses = {name: Counter() for name in ops}
    examples: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    worker_peak = 0.0

    def client(c: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        i = c
        while time.monotonic() < stop:
            for name, path_for in ops.items():
                status, body = get(port, path_for(i), conn)
                with lock:
                    statuses[name][status] += 1
                    if status not in (200, 503) and len(examples) < 5:
                        examples.append(f"{status} {path_for(i)}: {body[:200]!r}")
            i += clients
        conn.close()

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    try:
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            for child in children(server.pid):
                worker_peak = max(worker_peak, rss_mb(child) or 0.0)
            time.sleep(0.5)
        app_peak = peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(30)
    return {
        "uri": uri,
        "clients": clients,
        "seconds": seconds,
        "statuses": {name: dict(sorted(c.items())) for name, c in statuses.items()},
        "unexpected": examples,
        "app_peak_rss_mb": app_peak,
        "worker_peak_rss_mb": round(worker_peak, 1),
        "limits": {
            "MAX_HEAVY_QUERIES": Limits.MAX_HEAVY_QUERIES,
            "CONSOLE_WORKER_MB": Limits.CONSOLE_WORKER_MB,
            "LADYBUG_BUFFER_POOL_MB": Limits.LADYBUG_BUFFER_POOL_MB,
        },
    }


if __name__ == "__main__":
    main()
