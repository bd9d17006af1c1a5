"""Percentiles and summaries of repeated timings (milliseconds)."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation between closest ranks.

    >>> percentile([1, 2, 3, 4], 50)
    2.5
    >>> percentile([5.0], 99)
    5.0
    """
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(samples_ms: list[float]) -> dict:
    """n, p50, p95, p99, max, mean and the spread (IQR / median, the noise we state).

    >>> summary([1, 2, 3, 4, 5])["p50"]
    3.0
    """
    p25, p50, p75 = (percentile(samples_ms, q) for q in (25, 50, 75))
    return {
        "n": len(samples_ms),
        "p50": round(p50, 3),
        "p95": round(percentile(samples_ms, 95), 3),
        "p99": round(percentile(samples_ms, 99), 3),
        "max": round(max(samples_ms), 3),
        "mean": round(statistics.fmean(samples_ms), 3),
        "iqr_rel": round((p75 - p25) / p50, 3) if p50 else 0.0,
    }


def timed_ms(fn: Callable[[], object]) -> tuple[float, object]:
    """(elapsed milliseconds, result) of one call."""
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result
