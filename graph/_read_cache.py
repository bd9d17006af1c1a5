"""What the read path keeps between calls: the order of long neighbour lists, and counts.

A page of a neighbour list is ordered by (type, neighbour name, key, direction). For a
list of 100,000 neighbours (the plan's ELIGIBLE_FOR hub) the engine sorts all of them
for every page, whatever the offset: 0.2-1 s on Ladybug, ~0.4 s on Neo4j. Neither engine
has an index that gives that order (Ladybug has no secondary index at all), so the order
of a long list is computed once, here, as compact (type, direction, key, properties)
entries, and every page after that is a slice plus one lookup of its nodes by key.

Kept entries are keyed by the store's write generation: every write through this store
object (upsert, delete, taking a batch back, a load) starts a new one, so nothing read
before a write is served after it. A writer in another process (a CLI load into a Neo4j
server the app also reads) does not move this process's generation: an entry is also
dropped when the list's counts per type differ from those it was built with (checked on
every page: they are one cheap query) and after ORDER_TTL_S.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

# Lists longer than this are ordered once and kept; shorter ones are sorted by the engine.
ORDER_MIN = 2000
# At most this many entries (neighbours) kept in all, oldest-used dropped first; one
# entry is ~150 bytes (its key string and a shared properties map).
ORDER_MAX_ENTRIES = 1_000_000
# A kept order is rebuilt at least this often (writers in other processes).
ORDER_TTL_S = 300.0
# Lists paged past their first page once, remembered so that the second such request
# builds the order (a first page never does: graph/_common.py neighbours).
SEEN_MAX = 10_000
# Values kept per generation (home counts, a node's neighbour counts), oldest dropped.
VALUES_MAX = 50_000


class ReadCache:
    """Per store object; thread-safe. ``generation`` moves on every write."""

    def __init__(self) -> None:
        self.generation = 0
        self._lock = threading.Lock()
        self._orders: OrderedDict[Hashable, tuple[int, Any, float, list]] = OrderedDict()
        self._building: dict[Hashable, threading.Lock] = {}
        self._entries = 0
        self._values: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self._seen: OrderedDict[Hashable, None] = OrderedDict()

    def changed(self) -> None:
        """A write happened: nothing kept is valid any more."""
        with self._lock:
            self.generation += 1
            self._orders.clear()
            self._values.clear()
            self._entries = 0

    # -- values computed once per generation (counts for the home page) -------------
    def value(self, name: Hashable, compute: Callable[[], Any]) -> Any:
        generation = self.generation
        with self._lock:
            found = self._values.get(name)
        if found and found[0] == generation:
            return found[1]
        value = compute()
        with self._lock:
            if self.generation == generation:
                self._values[name] = (generation, value)
                while len(self._values) > VALUES_MAX:
                    self._values.popitem(last=False)
        return value

    # -- neighbour orders -----------------------------------------------------------
    def order(
        self, name: Hashable, counts: Any, build: Callable[[], list], eager: bool = True
    ) -> list | None:
        """The kept order ``name`` built with these ``counts``, or ``build()`` it (once:
        concurrent callers for the same list wait for the first). Not ``eager`` (a first
        page, which the engine sorts about as fast as the order is built): None the
        first time a list is asked for, so that only a list paged again is kept."""
        found = self._fresh(name, counts)
        if found is not None:
            return found
        if not eager:
            with self._lock:
                first = name not in self._seen
                self._seen[name] = None
                self._seen.move_to_end(name)
                while len(self._seen) > SEEN_MAX:
                    self._seen.popitem(last=False)
            if first:
                return None
        with self._lock:
            building = self._building.setdefault(name, threading.Lock())
        with building:
            found = self._fresh(name, counts)
            if found is not None:
                return found
            generation = self.generation
            entries = build()
            self._keep(name, generation, counts, entries)
        with self._lock:
            self._building.pop(name, None)
        return entries

    def kept(self, name: Hashable, counts: Any) -> list | None:
        """The kept order ``name`` built with these ``counts``, or None (never built)."""
        return self._fresh(name, counts)

    def _fresh(self, name: Hashable, counts: Any) -> list | None:
        with self._lock:
            found = self._orders.get(name)
            if found is None:
                return None
            generation, kept_counts, built, entries = found
            if (
                generation != self.generation
                or kept_counts != counts
                or time.monotonic() - built > ORDER_TTL_S
            ):
                self._drop(name)
                return None
            self._orders.move_to_end(name)
            return entries

    def _keep(self, name: Hashable, generation: int, counts: Any, entries: list) -> None:
        with self._lock:
            if generation != self.generation or len(entries) > ORDER_MAX_ENTRIES:
                return  # a write came in while it was built: the next call rebuilds
            self._drop(name)
            self._orders[name] = (generation, counts, time.monotonic(), entries)
            self._entries += len(entries)
            while self._entries > ORDER_MAX_ENTRIES and len(self._orders) > 1:
                self._drop(next(iter(self._orders)))

    def _drop(self, name: Hashable) -> None:
        found = self._orders.pop(name, None)
        if found is not None:
            self._entries -= len(found[3])
