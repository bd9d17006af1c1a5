"""Store search alone, on an already loaded store: ``python -m bench.search URI``.

The full bench (``python -m bench``) loads and measures everything; this measures only
the ``search`` operation (bench/ops.py) with the same sampled terms (bench/probe.py: part
of a Chinese name, an exact name, an English word, a key prefix) plus multi-word
phrases, warm, so a change to search can be measured in a minute at 100,000 enterprises
(BENCHMARKS.md "Issue 11: search index"). Wall time per call, and this process's CPU
time per call. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import time

from graph import Limits, open_store

from .probe import EXPORT_SIZES, PER_LABEL, probe
from .stats import summary, timed_ms


def multi_word(terms: list[str]) -> list[str]:
    """Two-word phrases a user would type: two sampled terms, or a term and a label."""
    words = [t for t in terms if ":" not in t and len(t) <= 8]
    pairs = [f"{a} {b}" for a, b in zip(words[::2], words[1::2], strict=False)]
    return pairs + [f"{w} enterprise" for w in words[:20]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("uri", help="the loaded store (embedded:///path or bolt://...)")
    ap.add_argument("--reps", type=int, default=400)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument(
        "--scan",
        action="store_true",
        help="search without the index (the scan of cypher/search*.cypher it replaces)",
    )
    ns = ap.parse_args(argv)
    limits = Limits(MAX_ROWS=max(EXPORT_SIZES) + 2 * PER_LABEL)
    store = open_store(ns.uri, user="neo4j", password="unused", limits=limits)
    try:
        terms = probe(store, seed=ns.seed).search_terms
        if ns.scan:
            store._search_ok = False  # what search did before issue 11's index
        groups = {"bench terms": terms, "multi-word": multi_word(terms)}
        start = time.perf_counter()
        store.search(terms[0], limit=20)  # opens (or builds) the index: reported apart
        first_ms = (time.perf_counter() - start) * 1000
        out = {"uri": ns.uri, "scan": ns.scan, "first_call_ms": round(first_ms, 1)}
        for name, group in groups.items():
            for term in group[:5]:
                store.search(term, limit=20)  # warm-up
            asked = [group[i % len(group)] for i in range(ns.reps)]
            samples, cpu = [], []
            for term in asked:
                began = time.process_time()
                samples.append(timed_ms(lambda t=term: store.search(t, limit=20))[0])
                cpu.append((time.process_time() - began) * 1000)
            slowest = sorted(
                ((timed_ms(lambda t=t: store.search(t, limit=20))[0], t) for t in group),
                reverse=True,
            )[:5]
            out[name] = {
                **summary(samples),
                # CPU time of this process (every thread) per call: what the machine's
                # other work (load average above the 2 cores) does not inflate.
                "cpu": {k: v for k, v in summary(cpu).items() if k in ("p50", "p95", "p99")},
                "terms": len(group),
                "slowest": [[round(ms, 2), t] for ms, t in slowest],
            }
    finally:
        store.close()
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
