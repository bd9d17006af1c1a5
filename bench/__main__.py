"""``python -m bench [--quick]``: generate, load, measure, and write BENCHMARKS.md.

Every phase runs in its own process (peak RSS per phase). Results accumulate in
bench/out/results.json after each phase, so a run that stops early still reports what
it measured; ``--report-only`` rewrites BENCHMARKS.md from that file.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from . import machine, report
from .proc import ROOT, PhaseFailed, peak_rss_mb, run_phase

OUT = ROOT / "bench" / "out"


@dataclass(frozen=True)
class Mode:
    name: str
    scales: tuple[int, ...]
    reps: int  # warm store calls per operation
    cold_reps: int
    budget_s: float  # per operation and temperature: stop early (n is reported)
    http_reps: int  # requests per operation and concurrency level
    browser_sizes: tuple[int, ...]
    browser_reps: int
    min_samples: tuple[int, int]  # (warm, cold) samples even past the time budget


QUICK = Mode("quick", (10_000,), 100, 5, 3, 40, (300, 1000, 3000), 2, (2, 1))
FULL = Mode("full", (10_000, 100_000), 300, 20, 30, 400, (300, 1000, 3000), 5, (3, 2))
CLIENTS = (1, 8)


def parse(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="10,000 enterprises, fewer repetitions")
    ap.add_argument("--scales", help="enterprise counts, comma-separated (overrides the mode)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--neo4j-heap", default="2g", help="JVM heap of the Neo4j server (2g)")
    ap.add_argument("--neo4j-pagecache", default="2g", help="Neo4j page cache (2g)")
    ap.add_argument("--skip-neo4j", action="store_true")
    ap.add_argument("--skip-http", action="store_true")
    ap.add_argument("--skip-browser", action="store_true")
    ap.add_argument("--out", type=Path, default=OUT, help="work folder (bench/out)")
    ap.add_argument("--report", type=Path, default=ROOT / "BENCHMARKS.md")
    ap.add_argument("--report-only", action="store_true", help="rewrite the report from results")
    return ap.parse_args(argv)


class Run:
    """The results file, saved after every phase; failures are recorded, not hidden."""

    def __init__(self, path: Path, results: dict):
        self.path, self.results = path, results

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.results, ensure_ascii=False, indent=1))

    def phase(self, where: dict, name: str, phase: str, args: dict, timeout: float = 3600):
        print(f"[bench {time.strftime('%H:%M:%S')}] {name}", flush=True)
        try:
            where[name] = run_phase(phase, args, timeout)
        except PhaseFailed as e:
            self.results["errors"].append(f"{name}: {e}")
            print(f"[bench] {name} FAILED: {e}", flush=True)
            where[name] = None
        self.save()
        return where[name]


def generate(out: Path, enterprises: int, seed: int) -> dict:
    """Synthetic data from the loaders' generator, cached per (enterprises, seed)."""
    folder = out / "data" / f"e{enterprises}-s{seed}"
    done = folder / ".complete"
    if done.exists():
        return json.loads(done.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    cmd = [
        sys.executable,
        "-m",
        "flask",
        "--app",
        "webapp",
        "generate",
        "--enterprises",
        str(enterprises),
        "--seed",
        str(seed),
        "--out",
        str(folder),
    ]
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True)
    info = {
        "seconds": round(time.perf_counter() - start, 1),
        "command": shlex.join(cmd[2:]),
        "bytes": sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()),
        "files": sorted(str(f.relative_to(folder)) for f in folder.rglob("*") if f.is_file()),
    }
    done.write_text(json.dumps(info))
    return info


def measure_scale(run: Run, mode: Mode, ns: argparse.Namespace, n: int) -> None:
    scale: dict = run.results["scales"].setdefault(str(n), {})
    print(f"[bench] generating {n:,} enterprises", flush=True)
    scale["generate"] = generate(ns.out, n, ns.seed)
    data = str(ns.out / "data" / f"e{n}-s{ns.seed}")
    db = ns.out / "work" / f"e{n}" / "graph"
    shutil.rmtree(db.parent, ignore_errors=True)
    db.parent.mkdir(parents=True)
    embedded = f"embedded://{db}"

    emb = scale.setdefault("embedded", {})
    if not run.phase(emb, "load", "load", {"uri": embedded, "data": data}):
        return
    # The engine's own bulk import of the same rows, and 1,000 more enterprises (issue 11).
    run.phase(emb, "raw_copy", "raw_copy", {"uri": embedded})
    run.phase(emb, "add_1000", "add", {"uri": embedded, "n": 1000, "seed": ns.seed + 1})
    probe = run.phase(scale, "probe", "probe", {"uri": embedded, "seed": ns.seed})
    if not probe:
        return
    scale["hub"] = {"key": probe["hub"], "degree": probe["hub_degree"]}
    lat = {
        "probe": probe,
        "reps": mode.reps,
        "cold_reps": mode.cold_reps,
        "budget_s": mode.budget_s,
    }
    run.phase(emb, "latency", "latency", {**lat, "uri": embedded})
    http = {"probe": probe, "reps": mode.http_reps, "clients": list(CLIENTS)}
    if not ns.skip_http:
        run.phase(emb, "http", "http", {**http, "uri": embedded})
    if not ns.skip_neo4j:
        measure_neo4j(run, scale, ns, data, lat, http)
    if not ns.skip_browser and n == min(run.results["scales_requested"]):
        args = {
            "uri": embedded,
            "hub": probe["hub"],
            "sizes": list(mode.browser_sizes),
            "reps": mode.browser_reps,
        }
        run.phase(run.results, "browser", "browser", args)


def measure_neo4j(run: Run, scale: dict, ns, data: str, lat: dict, http: dict) -> None:
    from tools.neo4j import server

    neo = scale.setdefault("neo4j", {})
    print(f"[bench] starting Neo4j (heap {ns.neo4j_heap}, page cache {ns.neo4j_pagecache})")
    try:
        running = server.start(heap=ns.neo4j_heap, pagecache=ns.neo4j_pagecache, timeout=300)
    except server.Neo4jStartError as e:
        run.results["errors"].append(f"neo4j start: {e}"[:2000])
        run.save()
        return
    try:
        neo["jvm_rss_mb_at_start"] = peak_rss_mb(running.pid)
        if run.phase(neo, "load", "load", {"uri": running.uri, "data": data}):
            neo["load"]["jvm_peak_rss_mb"] = peak_rss_mb(running.pid)
            run.phase(neo, "latency", "latency", {**lat, "uri": running.uri})
            if not ns.skip_http:
                run.phase(neo, "http", "http", {**http, "uri": running.uri})
            neo["jvm_peak_rss_mb"] = peak_rss_mb(running.pid)
            run.save()
    finally:
        running.stop()


def main(argv: list[str] | None = None) -> int:
    ns = parse(argv)
    results_path = ns.out / "results.json"
    if ns.report_only:
        report.write(json.loads(results_path.read_text()), ns.report)
        return 0
    mode = QUICK if ns.quick else FULL
    scales = tuple(int(s) for s in ns.scales.split(",")) if ns.scales else mode.scales
    from tools.neo4j.server import NEO4J_VERSION

    argv_shown = sys.argv[1:] if argv is None else argv
    run = Run(
        results_path,
        {
            "command": shlex.join(["python", "-m", "bench", *argv_shown]),
            "mode": mode.name,
            "settings": {**mode.__dict__, "clients": list(CLIENTS)},
            "scales_requested": list(scales),
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine.describe(),
            "neo4j": None
            if ns.skip_neo4j
            else {"version": NEO4J_VERSION, "heap": ns.neo4j_heap, "pagecache": ns.neo4j_pagecache},
            "scales": {},
            "errors": [],
        },
    )
    for n in scales:
        measure_scale(run, mode, ns, n)
    run.results["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    run.results["load_average_at_end"] = machine.describe()["load_average"]
    run.save()
    report.write(run.results, ns.report)
    print(f"[bench] wrote {ns.report} and {results_path}")
    return 1 if run.results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
