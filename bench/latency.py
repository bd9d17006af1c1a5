"""Store latency: every operation, warm and cold, with varied parameters.

Warm: after an untimed warm-up pass, ``reps`` timed calls on one open store, the
parameters varying call by call. Cold: ``cold_reps`` times, a new store object (a new
Ladybug database handle, or a new Neo4j driver after ``db.clearQueryCaches()``) and
one timed first call. The operating system's file cache is not dropped (that needs
root and would disturb other work on the machine); Neo4j's page cache stays warm.

An operation the store refuses (a GraphError such as QueryTimeout at CYPHER_TIMEOUT_S)
stops being measured: its result says ``error`` with the store's message and keeps the
samples taken before, so the report shows it instead of a number that hides it.
"""

from __future__ import annotations

import time

from graph.errors import GraphError

from .ops import canned_ops, export_ops, store_ops
from .stats import summary, timed_ms

MIN_SAMPLES = {"warm": 3, "cold": 2}  # even when an operation overruns its time budget


def operations(p, dialect: str) -> dict:
    return {**store_ops(p), **canned_ops(dialect), **export_ops(p)}


def measure(args: dict, p, open_for) -> dict:
    store = open_for(args)
    dialect = "ladybug" if store.kind == "ladybug" else "neo4j"
    ops = operations(p, dialect)
    results: dict[str, dict] = {}
    try:
        for name, op in ops.items():
            results[name] = {"warm": _guarded(_warm, store, op, args)}
    finally:
        store.close()
    for name, op in ops.items():
        results[name]["cold"] = _guarded(_cold, args, op, open_for)
    return {"store": dialect, "operations": results}


def _warm(store, op, args: dict) -> dict:
    reps, budget_s = args["reps"], args["budget_s"]
    least = args.get("min_samples", MIN_SAMPLES)["warm"]
    # Warm-up: up to 5 untimed calls, fewer when one call already eats the budget.
    deadline = time.monotonic() + budget_s / 2
    for i in range(reps, reps + 5):
        op(store, i)
        if time.monotonic() > deadline:
            break
    samples, deadline = [], time.monotonic() + budget_s
    for i in range(reps):
        samples.append(timed_ms(lambda i=i: op(store, i))[0])
        if time.monotonic() > deadline and len(samples) >= least:
            break
    return summary(samples)


def _guarded(measure_one, *args) -> dict:
    """Measure, or report the store's error (and nothing pretends it was fast)."""
    try:
        return measure_one(*args)
    except GraphError as e:
        return {"error": f"{type(e).__name__}: {e.message}"}


def _cold(args: dict, op, open_for) -> dict:
    reps, least = args["cold_reps"], args.get("min_samples", MIN_SAMPLES)["cold"]
    samples, deadline = [], time.monotonic() + args["budget_s"]
    for i in range(reps):
        if args["uri"].startswith("bolt"):
            _clear_neo4j_caches(args["uri"])
        store = open_for(args)
        try:
            samples.append(timed_ms(lambda i=i, store=store: op(store, 1000 + i))[0])
        finally:
            store.close()
        if time.monotonic() > deadline and len(samples) >= least:
            break
    return summary(samples)


def _clear_neo4j_caches(uri: str) -> None:
    import neo4j

    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", "unused")) as driver:
        driver.execute_query("CALL db.clearQueryCaches()")
