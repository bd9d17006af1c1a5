"""Warm latency of chosen bench operations on an already loaded store (issue 11).

``python bench/readpath.py URI PROBE.json REPS op1,op2,...`` (run with PYTHONPATH=.):
PROBE.json is a probe (bench/probe.py, e.g. the result of bench.worker's probe phase);
the operations are those of bench/ops.py; each is measured as bench.latency measures a
warm operation (untimed warm-up, then REPS timed calls with varying parameters). Prints
one line per operation, then every summary as JSON.
"""

from __future__ import annotations

import json
import sys

from bench.latency import _guarded, _warm, operations
from bench.probe import Probe
from graph import Limits, open_store


def main(argv: list[str]) -> int:
    uri, probe_file, reps = argv[0], argv[1], int(argv[2])
    wanted = argv[3].split(",") if len(argv) > 3 else None
    with open(probe_file, encoding="utf-8") as f:
        p = Probe.from_dict(json.load(f))
    # MAX_NODES raised only so that subgraph() may return the 10,000-node export.
    store = open_store(uri, user="neo4j", password="unused", limits=Limits(MAX_NODES=10000))
    out = {}
    try:
        ops = operations(p, "ladybug" if store.kind == "ladybug" else "neo4j")
        for name, op in ops.items():
            if wanted and name not in wanted:
                continue
            r = _guarded(_warm, store, op, {"reps": reps, "budget_s": 20})
            out[name] = r
            fields = ("n", "p50", "p95", "max")
            shown = "  ".join(f"{k}={r[k]}" for k in fields) if "p50" in r else r
            print(f"{name:24s} {shown}", flush=True)
    finally:
        store.close()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
