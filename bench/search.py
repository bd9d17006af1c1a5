"""Store search alone, on an already loaded store: ``python -m bench.search URI``.

The full bench (``python -m bench``) loads and measures everything; this measures only
the ``search`` operation (bench/ops.py) with the same sampled terms (bench/probe.py: part
of a Chinese name, an exact name, an English word, a key prefix) plus multi-word
phrases, warm, so a change to search can be measured in a minute at 100,000 enterprises
(BENCHMARKS.md "Issue 11: search index"). Prints one JSON object.
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
    ns = ap.parse_args(argv)
    limits = Limits(MAX_ROWS=max(EXPORT_SIZES) + 2 * PER_LABEL)
    store = open_store(ns.uri, user="neo4j", password="unused", limits=limits)
    try:
        terms = probe(store, seed=ns.seed).search_terms
        groups = {"bench terms": terms, "multi-word": multi_word(terms)}
        start = time.perf_counter()
        store.search(terms[0], limit=20)  # opens (or builds) the index: reported apart
        first_ms = (time.perf_counter() - start) * 1000
        out = {"uri": ns.uri, "first_call_ms": round(first_ms, 1)}
        for name, group in groups.items():
            for term in group[:5]:
                store.search(term, limit=20)  # warm-up
            asked = [group[i % len(group)] for i in range(ns.reps)]
            samples = [timed_ms(lambda t=t: store.search(t, limit=20))[0] for t in asked]
            slowest = sorted(
                ((timed_ms(lambda t=t: store.search(t, limit=20))[0], t) for t in group),
                reverse=True,
            )[:5]
            out[name] = {
                **summary(samples),
                "terms": len(group),
                "slowest": [[round(ms, 2), t] for ms, t in slowest],
            }
    finally:
        store.close()
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
