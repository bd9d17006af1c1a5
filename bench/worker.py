"""One benchmark phase in its own process: ``python -m bench.worker PHASE ARGS OUT``.

Run by :func:`bench.proc.run_phase`, which reads this process's peak RSS when it ends.
ARGS and OUT are JSON files.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from graph import Limits, open_store

from . import latency
from .probe import EXPORT_SIZES, PER_LABEL, Probe, probe


def open_for(args: dict, **kw):
    return open_store(args["uri"], user="neo4j", password="unused", **kw)


def phase_load(args: dict) -> dict:
    """Load data/ and a generated folder into an empty store: wall time, rows per second."""
    import loaders

    store = open_for(args)
    try:
        start = time.perf_counter()
        store.ensure_schema()
        # The generator references regions, industries and technologies from data/.
        report = loaders.load_paths(store, [loaders.BUNDLED_DATA, args["data"]])
        elapsed = time.perf_counter() - start
        if not report.written:
            raise SystemExit(f"load of {args['data']} refused: {report.errors[:5]}")
        stats = store.stats()
    finally:
        store.close()
    nodes, rels = sum(stats["labels"].values()), sum(stats["relationships"].values())
    return {
        "load_s": round(elapsed, 2),
        "nodes": nodes,
        "relationships": rels,
        "rows_per_s": round((nodes + rels) / elapsed),
        "stats": stats,
        "derived": report.derived,
    }


def phase_raw_copy(args: dict) -> dict:
    """The engine's own bulk import of the loaded rows (bench/raw_copy.py)."""
    from . import raw_copy

    return raw_copy.measure(args["uri"])


def phase_add(args: dict) -> dict:
    """1,000 more enterprises into a copy of the loaded store (bench/raw_copy.py)."""
    import shutil
    import tempfile

    from . import raw_copy

    work = Path(tempfile.mkdtemp(prefix="policygraph-add-"))
    try:
        return raw_copy.add_enterprises(args["uri"], args["n"], args["seed"], work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def phase_probe(args: dict) -> dict:
    limits = Limits(MAX_ROWS=max(EXPORT_SIZES) + 2 * PER_LABEL)
    store = open_for(args, limits=limits)
    try:
        return probe(store, seed=args["seed"]).to_dict()
    finally:
        store.close()


def phase_latency(args: dict) -> dict:
    # MAX_NODES raised only so that subgraph() may return the 10,000-node export.
    limits = Limits(MAX_NODES=max(EXPORT_SIZES))
    return latency.measure(
        args, Probe.from_dict(args["probe"]), lambda a: open_for(a, limits=limits)
    )


def phase_http(args: dict) -> dict:
    from . import over_http

    return over_http.measure(args, Probe.from_dict(args["probe"]))


def phase_browser(args: dict) -> dict:
    from . import browser

    return browser.measure(args, open_for)


PHASES = {
    "load": phase_load,
    "raw_copy": phase_raw_copy,
    "add": phase_add,
    "probe": phase_probe,
    "latency": phase_latency,
    "http": phase_http,
    "browser": phase_browser,
}


def main(argv: list[str]) -> int:
    phase, args_file, out_file = argv
    args = json.loads(Path(args_file).read_text())
    result = PHASES[phase](args)
    Path(out_file).write_text(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
