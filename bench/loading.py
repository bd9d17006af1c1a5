"""``python -m bench.loading [--scales 100000] [--uri URI]``: the load figures of issue 11
alone, without the latency, HTTP and browser phases of ``python -m bench``.

Per scale: generate (cached in bench/out/data), a first load into an empty embedded store
(or the store ``--uri`` names, which must be empty), the engine's own bulk import of the
same rows (bench/raw_copy.py, embedded only) and 1,000 more enterprises into a copy of
the loaded store (embedded only). Each phase runs in its own process (its peak RSS is
the loader's); the machine's load average is printed with the figures, since on a shared
machine it moves them more than any change.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys

from . import machine
from .__main__ import OUT, generate
from .proc import PhaseFailed, run_phase


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.loading", description=__doc__.split("\n")[0])
    ap.add_argument("--scales", default="100000", help="enterprise counts, comma-separated")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--uri", help="an empty store to load instead of a new embedded one")
    ns = ap.parse_args(argv)
    results = {}
    for n in (int(x) for x in ns.scales.split(",")):
        got: dict = {"load_average_before": machine.describe()["load_average"]}
        got["generate"] = generate(OUT, n, ns.seed)
        data = str(OUT / "data" / f"e{n}-s{ns.seed}")
        uri = ns.uri
        if not uri:
            db = OUT / "work" / f"load-e{n}" / "graph"
            shutil.rmtree(db.parent, ignore_errors=True)
            db.parent.mkdir(parents=True)
            uri = f"embedded://{db}"
        try:
            got["load"] = run_phase("load", {"uri": uri, "data": data}, 7200)
            if uri.startswith("embedded://"):
                got["raw_copy"] = run_phase("raw_copy", {"uri": uri}, 3600)
                args = {"uri": uri, "n": 1000, "seed": ns.seed + 1}
                got["add_1000"] = run_phase("add", args, 3600)
        except PhaseFailed as e:
            got["error"] = str(e)[:2000]
        got["load_average_after"] = machine.describe()["load_average"]
        if got.get("load"):
            got["load"].pop("stats", None)  # per-label counts: long, and in the load's report
        results[str(n)] = got
        print(json.dumps({n: got}, ensure_ascii=False, indent=1), flush=True)
    return 1 if any("error" in g for g in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
