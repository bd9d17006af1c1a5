"""A named cap on heavy operations running at once: ``MAX_HEAVY_QUERIES``.

Console queries, shortest paths, k-hop neighbourhoods and exports can each fill the
engine's buffer pool; eight at once exhausted it at 5,000 enterprises. The cap is one
semaphore per app. A request waits at most ``HEAVY_WAIT_S`` for a slot (most heavy
operations take milliseconds: eight clients searching paths at once got 503s for work
that would have been done in 50 ms); when none frees up, it is answered 503 with
``Retry-After`` (LimitReached, the one error shape) instead of queueing up.

Use it as a decorator on a view, or as a context around the heavy part of one::

    @heavy_view
    def export_subgraph(): ...

    with heavy():
        found = store.shortest_paths(start, end)
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import current_app

from graph.errors import LimitReached

RETRY_AFTER_S = 1  # what a refused client is told to wait
_create = threading.Lock()


def _semaphore() -> tuple[threading.BoundedSemaphore, int]:
    ext = current_app.extensions
    if "heavy" not in ext:
        with _create:
            if "heavy" not in ext:
                cap = int(current_app.config["MAX_HEAVY_QUERIES"])
                ext["heavy"] = (threading.BoundedSemaphore(cap), cap)
    return ext["heavy"]


@contextmanager
def heavy() -> Iterator[None]:
    """Hold one of MAX_HEAVY_QUERIES slots, waiting up to HEAVY_WAIT_S, or raise
    LimitReached (503)."""
    slots, cap = _semaphore()
    wait = float(current_app.config["HEAVY_WAIT_S"])
    taken = slots.acquire(timeout=wait) if wait > 0 else slots.acquire(blocking=False)
    if not taken:
        raise LimitReached(
            "MAX_HEAVY_QUERIES",
            f"the server is running its most heavy queries at once (MAX_HEAVY_QUERIES={cap}; "
            f"none was free within HEAVY_WAIT_S={wait:g} s); try again in {RETRY_AFTER_S} s",
            retry_after=RETRY_AFTER_S,
        )
    try:
        yield
    finally:
        slots.release()


def heavy_view(view: Callable) -> Callable:
    """A view that runs entirely under :func:`heavy`."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with heavy():
            return view(*args, **kwargs)

    return wrapper
