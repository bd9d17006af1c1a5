"""Store latency: every operation, warm and cold, with varied parameters.

Warm: after an untimed warm-up pass, ``reps`` timed calls on one open store, the
parameters varying call by call. Cold: ``cold_reps`` times, a new store object (a new
Ladybug database handle, or a new Neo4j driver after ``db.clearQueryCaches()``) and
one timed first call. The operating system's file cache is not dropped (that needs
root and would disturb other work on the machine); Neo4j's page cache stays warm.
"""

from __future__ import annotations

import time

from .ops import canned_ops, export_ops, store_ops
from .stats import summary, timed_ms

MIN_WARM = 3  # samples an operation gets even when it overruns its time budget
MIN_COLD = 2


def operations(p, dialect: str) -> dict:
    return {**store_ops(p), **canned_ops(dialect), **export_ops(p)}


def measure(args: dict, p, open_for) -> dict:
    store = open_for(args)
    dialect = "ladybug" if store.kind == "ladybug" else "neo4j"
    ops = operations(p, dialect)
    results: dict[str, dict] = {}
    try:
        for name, op in ops.items():
            results[name] = {"warm": _warm(store, op, args["reps"], args["budget_s"], name)}
    finally:
        store.close()
    for name, op in ops.items():
        results[name]["cold"] = _cold(args, op, args["cold_reps"], args["budget_s"], open_for)
    return {"store": dialect, "operations": results}


def _warm(store, op, reps: int, budget_s: float, name: str) -> dict:
    # Warm-up: up to 5 untimed calls, fewer when one call already eats the budget.
    deadline = time.monotonic() + budget_s / 2
    for i in range(reps, reps + 5):
        op(store, i)
        if time.monotonic() > deadline:
            break
    samples, deadline = [], time.monotonic() + budget_s
    for i in range(reps):
        samples.append(timed_ms(lambda i=i: op(store, i))[0])
        if time.monotonic() > deadline and len(samples) >= MIN_WARM:
            break
    return summary(samples)


def _cold(args: dict, op, reps: int, budget_s: float, open_for) -> dict:
    samples, deadline = [], time.monotonic() + budget_s
    for i in range(reps):
        if args["uri"].startswith("bolt"):
            _clear_neo4j_caches(args["uri"])
        store = open_for(args)
        try:
            samples.append(timed_ms(lambda i=i, store=store: op(store, 1000 + i))[0])
        finally:
            store.close()
        if time.monotonic() > deadline and len(samples) >= MIN_COLD:
            break
    return summary(samples)


def _clear_neo4j_caches(uri: str) -> None:
    import neo4j

    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", "unused")) as driver:
        driver.execute_query("CALL db.clearQueryCaches()")
