"""The matcher in batch (issue 14): ``flask --app webapp match`` on 100,000 enterprises.

    .venv/bin/python -m bench.match [--rows 100000] [--store /tmp/bench-match/store]

Makes, once, an embedded store holding the bundled data and the generator's synthetic
ecosystem (plans and measures of every province and city, 1,000 enterprises), and an
input CSV of ``--rows`` enterprises: the generator's enterprises file (uscc, name,
region, industry, designations) with synthetic ``employees`` and ``revenue_wan``
(seeded; the size class is then computed by the standard, so ``size_class`` is dropped)
and every 50th row broken (a headcount of "abc") to exercise the error path. Every
row's USCC is looked up in the store (1,000 are there). Timed: the CLI as a user runs
it, from process start to the output written (decode, parse, validate, look up, match,
write). Prints the figures as Markdown. Not part of ``python -m bench``.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FLASK = str(ROOT / ".venv" / "bin" / "flask")
BROKEN_EVERY = 50


def make_store(store: Path, work: Path) -> None:
    if store.exists():
        return
    import loaders
    from graph import open_store
    from loaders.generate import generate

    generate(1000, 1, work / "eco")
    graph = open_store(f"embedded://{store}")
    try:
        graph.ensure_schema()
        report = loaders.load_paths(graph, [loaders.BUNDLED_DATA, work / "eco"])
        assert report.written, report.error_lines()[:10]
    finally:
        graph.close()


def make_input(rows: int, work: Path) -> Path:
    path = work / f"members-{rows}.csv"
    if path.exists():
        return path
    from loaders.generate import generate

    generate(rows, 1, work / f"gen-{rows}")
    rng = random.Random(14)
    with (
        open(work / f"gen-{rows}" / "enterprises.csv", encoding="utf-8", newline="") as f,
        open(path, "w", encoding="utf-8", newline="") as out,
    ):
        reader = csv.DictReader(f)
        writer = csv.writer(out)
        columns = ["uscc", "name", "region", "industry", "designations"]
        writer.writerow([*columns, "employees", "revenue_wan"])
        for i, row in enumerate(reader):
            employees = str(int(rng.lognormvariate(3.5, 1.2)))
            if i % BROKEN_EVERY == BROKEN_EVERY - 1:
                employees = "abc"
            revenue = f"{rng.lognormvariate(7.5, 1.5):.1f}"
            writer.writerow([*(row.get(c, "") for c in columns), employees, revenue])
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-match"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    store = args.work / "store"
    make_store(store, args.work)
    members = make_input(args.rows, args.work)
    out = args.work / "matches.csv"
    env = {"GRAPH_URI": f"embedded://{store}", "PATH": "/usr/bin:/bin"}
    start = time.perf_counter()
    proc = subprocess.run(
        [
            FLASK,
            "--app",
            "webapp",
            "match",
            "--in",
            str(members),
            "--out",
            str(out),
            "--on",
            "2026-01-01",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(proc.stderr)
    summary = proc.stderr.strip().splitlines()[-1]
    out_rows = sum(1 for _ in open(out, encoding="utf-8-sig")) - 1
    print(
        f"command: GRAPH_URI=embedded://{store} flask --app webapp match --in {members} "
        f"--out {out} --on 2026-01-01"
    )
    print()
    print("| input rows | error rows | output rows | wall time | CLI summary |")
    print("|---|---|---|---|---|")
    errors = args.rows // BROKEN_EVERY
    print(f"| {args.rows:,} | {errors:,} | {out_rows:,} | {elapsed:.1f} s | {summary} |")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\npeak RSS of the CLI process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
