"""The read operations both stores share, written once over the named queries.

A store supplies ``_reading()``: a context manager yielding a reader whose
``fetch(name, params, **placeholders)`` runs ``cypher/<name>[.ladybug].cypher`` inside
one read transaction and returns rows of plain values and model objects. Ordering,
paging, ranking and caps live here, so both stores answer alike by construction.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from . import _read_cache, _upsert
from ._cypher_guard import check_query_shape, check_read_text
from ._values import clean_props
from .errors import BadParameter, NodeNotFound, QueryTimeout, SchemaViolation
from .keys import check_key
from .model import (
    CypherResult,
    Degree,
    Neighbour,
    NeighbourPage,
    Node,
    NodeDetail,
    Path,
    Relationship,
    SearchHit,
    Subgraph,
    WriteCounts,
)
from .queries import label as lbl
from .queries import rel_types
from .schema import (
    DERIVED_TYPES,
    SCHEMA,
    STATUSES,
    Facet,
    facet_for,
    label_named,
    search_norm,
)
from .store import GraphStore, check_int

MAX_OFFSET = 10**9
# Above every well-formed key (graph.keys: ASCII letters, digits, "_", "-", ":").
KEY_CEILING = "~"
RANKS = ("exact", "prefix", "substring", "words")
# Stand-ins for "no status filter" (an empty list has no type for Ladybug's binder).
ANY_STATUS = "*"
NO_STATUS = "\x00"


def _statuses(name: str, given) -> list[str]:
    """Statuses a search keeps or leaves out, checked against the schema's."""
    if given is None:
        return []
    values = [given] if isinstance(given, str) else list(given)
    for value in values:
        if value not in STATUSES:
            raise BadParameter(name, f"{value!r} is not one of {', '.join(STATUSES)}")
    return values


def _phrase_params(text: str, words: list[str]) -> dict:
    return {
        "q": text,
        "words": words,
        "first": max(words, key=len),
        "q_nl": text + "\n",
        "nl_q": "\n" + text,
        "nl_q_nl": "\n" + text + "\n",
    }


def _search_plans(text: str, chosen: list) -> list[tuple[str | None, list[str]]]:
    """(label, words) per search run: every word must match, except that a word naming
    a label in either language (``zhejiang province``, ``宁波 企业``) may instead be met
    by the node being of that label, when other words remain.

    >>> _search_plans("zhejiang province", [None])
    [(None, ['zhejiang', 'province']), ('Province', ['zhejiang'])]
    """
    words = text.split(" ")
    plans = [(name, words) for name in chosen]
    if len(words) < 2:
        return plans
    for word in dict.fromkeys(words):
        label = label_named(word)
        rest = [w for w in words if w != word]
        if label and rest and any(name in (None, label) for name in chosen):
            plans.append((label, rest))
    return plans


def label_of(key: str) -> str | None:
    """The label a well-formed key's kind names, or None for an unknown kind."""
    try:
        return SCHEMA.label_for_key(key)
    except SchemaViolation:
        return None


class SharedStore(GraphStore):
    """Everything but the engine: subclasses give ``_reading``, ``_run_read_only``,
    ``_write_batch``, ``_delete`` and the lifecycle methods."""

    dialect = "neo4j"
    search_all_label = ""  # the placeholder for "every node" in search
    # Whether counts for the home page may be kept until this object writes: only where
    # no other process writes the same data (the embedded store's file is this process's).
    keeps_counts = False

    # -- engine hooks -----------------------------------------------------------------
    def _begin_reading(self) -> AbstractContextManager:
        """A new read transaction, yielding a reader (see the module docstring)."""
        raise NotImplementedError

    # -- one read transaction per request -----------------------------------------------
    def _thread(self) -> threading.local:
        return self.__dict__.setdefault("_thread_state", threading.local())

    @contextmanager
    def _reading(self):
        """The read transaction of the enclosing ``one_transaction``, or a new one."""
        shared = getattr(self._thread(), "reader", None)
        if shared is not None:
            yield shared
            return
        with self._begin_reading() as rd:
            yield rd

    @contextmanager
    def one_transaction(self):
        """Every read of this thread inside runs in one read transaction, and a node is
        fetched once (a web page's reads: graph/store.py). Nested calls join the outer."""
        state = self._thread()
        if getattr(state, "reader", None) is not None:
            yield
            return
        with self._begin_reading() as rd:
            rd.memo = {}
            state.reader = rd
            try:
                yield
            finally:
                state.reader = None

    @property
    def read_cache(self) -> _read_cache.ReadCache:
        return self.__dict__.setdefault("_read_cache", _read_cache.ReadCache())

    def _changed(self) -> None:
        """Called after every write through this object: kept orders and counts go."""
        self.read_cache.changed()

    def _run_read_only(self, query: str, params: dict, timeout_s: float, max_rows: int):
        """(columns, rows of model objects, nodes, relationships, truncated)."""
        raise NotImplementedError

    def _write_batch(self, batch: _upsert.Batch) -> WriteCounts:
        raise NotImplementedError

    def _check_console_text(self, query: str) -> None:
        """Refuse what this store's console does not accept (graph/_cypher_guard.py)."""
        check_read_text(query)

    def _to_dialect(self, query: str) -> str:
        """The user's (Neo4j) Cypher as this engine must read it to give Neo4j's answer;
        a construct it cannot give Neo4j's answer for is refused with a hint."""
        return query

    # -- writing ------------------------------------------------------------------------
    def upsert(self, nodes: Sequence[Node], relationships: Sequence[Relationship]) -> WriteCounts:
        batch = _upsert.validate(list(nodes or ()), list(relationships or ()))
        if not batch.nodes and not batch.rels:
            return WriteCounts()
        try:
            return self._write_batch(batch)
        finally:
            self._changed()

    def _checked_keys(self, keys: Sequence[str], name: str = "keys") -> dict[str, list[str]]:
        """Well-formed keys grouped by label, in first-seen order; unknown kinds left out."""
        if isinstance(keys, str) or not isinstance(keys, (list, tuple, set, frozenset)):
            raise BadParameter(name, "must be a list of keys")
        grouped: dict[str, list[str]] = {}
        seen: set[str] = set()
        for key in keys:
            check_key(key, name)
            label = label_of(key)
            if label and key not in seen:
                seen.add(key)
                grouped.setdefault(label, []).append(key)
        return grouped

    # -- nodes -------------------------------------------------------------------------
    def _label(self, key: str) -> str:
        self.check_key(key)
        label = label_of(key)
        if label is None:
            raise NodeNotFound(key)
        return label

    def _node(self, rd, key: str, label: str) -> Node:
        memo = getattr(rd, "memo", None)  # inside one_transaction: each node once
        if memo is not None and ("node", key) in memo:
            return memo["node", key]
        rows = rd.fetch("node_by_key", {"key": key}, label=lbl(label))
        if not rows:
            raise NodeNotFound(key)
        if memo is not None:
            memo["node", key] = rows[0]["n"]
        return rows[0]["n"]

    def get_node(self, key: str) -> NodeDetail:
        label = self._label(key)
        with self._reading() as rd:
            memo = getattr(rd, "memo", None)
            if memo is not None and ("detail", key) in memo:
                return memo["detail", key]
            node = self._node(rd, key, label)
            degrees = [
                Degree(row["type"], direction, row["count"])
                for direction in ("out", "in")
                for row in rd.fetch(f"degrees_{direction}", {"key": key}, label=lbl(label))
            ]
            degrees.sort(key=lambda d: (d.type, d.direction))
            detail = NodeDetail(node, degrees)
            if memo is not None:
                memo["detail", key] = detail
        return detail

    def find_node(self, key: str) -> Node | None:
        """The node of ``key`` without its degrees, or None (a malformed key too)."""
        try:
            label = self._label(key)
            with self._reading() as rd:
                return self._node(rd, key, label)
        except (NodeNotFound, BadParameter):
            return None

    def neighbours(self, key, types=None, direction="both", label=None, limit=100, offset=0):
        start = self._label(key)
        types = self.check_types(types)
        direction = self.check_direction(direction)
        label = self.check_label(label)
        limit = self.check_limit("limit", limit, self.limits.MAX_PAGE)
        offset = check_int("offset", offset, 0, MAX_OFFSET)
        dirs = ("out", "in") if direction == "both" else (direction,)
        names = {"label": lbl(start), "neighbour_label": lbl(label)}
        items: list[Neighbour] = []
        counts: dict[str, int] = {}
        with self._reading() as rd:

            def counted() -> dict[str, list[tuple[str, int]]]:
                self._node(rd, key, start)
                return {d: self._neighbour_counts(rd, key, d, names) for d in dirs}

            # Where this object is the only writer, a node's counts (and that it exists)
            # hold until it writes: a hub's are a scan of its 100,000 relationships.
            per_dir = (
                self.read_cache.value(("counts", key, direction, label), counted)
                if self.keeps_counts
                else counted()
            )
            for found in per_dir.values():
                for t, c in found:
                    counts[t] = counts.get(t, 0) + c
            total = sum(c for t, c in counts.items() if types is None or t in types)
            if limit and total > _read_cache.ORDER_MIN:
                name = (key, tuple(types or ()), direction, label)
                # A first page is the engine's top-k unless an order is kept: reloading a
                # node page is not paging, and ordering a hub's 100,000 neighbours for
                # its 10-item preview took seconds.
                order = (
                    self.read_cache.kept(name, per_dir)
                    if offset == 0
                    else self.read_cache.order(
                        name,
                        per_dir,
                        lambda: self._order(rd, key, dirs, types, names),
                        eager=offset + limit > _read_cache.ORDER_MIN,
                    )
                )
                if order is not None:
                    items = self._page(rd, key, order[offset : offset + limit])
                    page_counts = dict(sorted(counts.items()))
                    return NeighbourPage(key, items, total, page_counts, limit, offset)
            for d in dirs:
                if limit == 0 or not any(types is None or t in types for t, _ in per_dir[d]):
                    continue  # nothing of these types this way: no query
                rows = rd.fetch(
                    f"neighbours_{d}",
                    {"key": key, "limit": offset + limit},
                    types=rel_types(types),
                    **names,
                )
                items += [self._neighbour(key, d, row) for row in self._with_nodes(rd, rows)]
        items.sort(key=lambda i: (i.relationship.type, i.node.name or "", i.node.key, i.direction))
        return NeighbourPage(
            key, items[offset : offset + limit], total, dict(sorted(counts.items())), limit, offset
        )

    @staticmethod
    def _neighbour_counts(rd, key: str, d: str, names: dict) -> list[tuple[str, int]]:
        """(type, count) of the neighbours of ``key`` in direction ``d``; counted once
        per page inside one_transaction (a node page pages each type of a hub)."""
        memo = getattr(rd, "memo", None)
        name = ("counts", key, d, names["neighbour_label"])
        if memo is not None and name in memo:
            return memo[name]
        rows = rd.fetch(f"neighbour_counts_{d}", {"key": key}, **names)
        found = sorted((row["type"], row["count"]) for row in rows)
        if memo is not None:
            memo[name] = found
        return found

    def _order(self, rd, key: str, dirs, types, names: dict) -> list[tuple]:
        """Every neighbour of a long list as (type, direction, key, properties), in page
        order (type, name, key, direction); equal property maps shared (one hub's
        100,000 derived relationships carry a handful of distinct ones)."""
        shared: dict[str, dict] = {}
        entries = []
        for d in dirs:
            rows = rd.fetch(f"neighbour_order_{d}", {"key": key}, types=rel_types(types), **names)
            for row in rows:
                props = clean_props(row["props"]) if "props" in row else dict(row["r"].properties)
                props = shared.setdefault(repr(sorted(props.items())), props)
                entries.append((row["type"], row["name"] or "", row["key"], d, props))
        entries.sort(key=lambda e: e[:4])
        return [(t, d, k, p) for t, _, k, d, p in entries]

    def _page(self, rd, key: str, entries: list[tuple]) -> list[Neighbour]:
        """The neighbours of a slice of a kept order, their nodes fetched by key."""
        found = {n.key: n for n in self._nodes(rd, self._checked_keys([e[2] for e in entries]))}
        items = []
        for rtype, d, other, props in entries:
            if other not in found:  # deleted by another process since the order was kept
                continue
            start, end = (key, other) if d == "out" else (other, key)
            items.append(Neighbour(Relationship(rtype, start, end, dict(props)), found[other], d))
        return items

    def _with_nodes(self, rd, rows: list[dict], field: str = "m") -> list[dict]:
        """Rows that give a node's ``key`` instead of the node ``field`` (Ladybug's
        variants), with the node fetched by key, one query per label."""
        wanted = [row["key"] for row in rows if field not in row]
        if not wanted:
            return rows
        found = {n.key: n for n in self._nodes(rd, self._checked_keys(wanted))}
        return [row if field in row else {**row, field: found[row["key"]]} for row in rows]

    @staticmethod
    def _neighbour(key: str, direction: str, row: dict) -> Neighbour:
        other: Node = row["m"]
        rel: Relationship = row["r"]
        start, end = (key, other.key) if direction == "out" else (other.key, key)
        return Neighbour(
            Relationship(row["type"], start, end, dict(rel.properties)), other, direction
        )

    # -- search ------------------------------------------------------------------------
    def search(
        self, q, limit=None, labels=None, statuses=None, exclude_statuses=None
    ) -> list[SearchHit]:
        if not isinstance(q, str) or not q.strip():
            raise BadParameter("q", "must be a non-empty text")
        text = search_norm(q)
        limit = self.limits.SEARCH_LIMIT if limit is None else limit
        limit = check_int("limit", limit, 1, self.limits.MAX_SEARCH_LIMIT)
        if isinstance(labels, str):
            labels = [labels]
        chosen = [self.check_label(name) for name in labels or ()] or [None]
        base = {
            "statuses": _statuses("status", statuses) or [ANY_STATUS],
            "exclude_statuses": _statuses("exclude_status", exclude_statuses) or [NO_STATUS],
            "with_key": ":" in text,
            "limit": limit,
        }
        best: dict[str, tuple[int, Node]] = {}
        with self._reading() as rd:
            for name, words in _search_plans(text, chosen):
                params = {**base, **_phrase_params(text, words)}
                for row in self._search_run(rd, name, params):
                    node = row["n"]
                    if node.key not in best or row["rank"] < best[node.key][0]:
                        best[node.key] = (row["rank"], node)
        hits = sorted(
            best.values(), key=lambda h: (h[0], len(h[1].name or ""), h[1].name or "", h[1].key)
        )
        return [SearchHit(node, RANKS[rank]) for rank, node in hits[:limit]]

    def _search_run(self, rd, label: str | None, params: dict) -> list[dict]:
        """Rows (n, rank) of one search run: at most ``limit``, best first, as
        cypher/search.cypher ranks them (the embedded store asks its index instead)."""
        placeholder = lbl(label) if label else self.search_all_label
        return self._with_nodes(rd, rd.fetch("search", params, label=placeholder), "n")

    def reference_nodes(self, keys) -> dict[str, dict]:
        """Stored properties of those of ``keys`` whose status is ``reference`` (for the
        loaders, which change reference data only when asked)."""
        found: dict[str, dict] = {}
        with self._reading() as rd:
            for label, group in self._checked_keys(list(keys)).items():
                rows = rd.fetch("reference_nodes", {"keys": group}, label=lbl(label))
                found.update((row["key"], dict(row["n"].properties)) for row in rows)
        return found

    # -- paths ------------------------------------------------------------------------
    def shortest_paths(
        self, start, end, max_hops=None, types=None, limit=None, include_derived=False
    ) -> list[Path]:
        a, b = self._label(start), self._label(end)
        hops = self.limits.DEFAULT_HOPS if max_hops is None else max_hops
        hops = check_int("max_hops", hops, 1, self.limits.MAX_HOPS)
        limit = self.limits.MAX_PATHS if limit is None else limit
        limit = check_int("limit", limit, 1, self.limits.MAX_PATHS)
        types = self._types_shown(types, include_derived)
        with self._reading() as rd:
            first = self._node(rd, start, a)
            self._node(rd, end, b)
            if start == end:
                return [Path((first,), ())]
            paths = self._paths(rd, (start, a), (end, b), hops, types, limit)
        paths.sort(key=path_order)
        return paths[:limit]

    def _paths(self, rd, start, end, hops: int, types, limit: int) -> list[Path]:
        """At least the first ``limit`` shortest paths in ``path_order`` (or all there
        are) from ``start`` to ``end``, each given as (key, label)."""
        rows = rd.fetch(
            "shortest_paths",
            {"start_key": start[0], "end_key": end[0], "limit": limit},
            start_label=lbl(start[1]),
            end_label=lbl(end[1]),
            types=rel_types(types),
            max_hops=str(hops),
        )
        return [row["p"] for row in rows]

    # -- internal reads ---------------------------------------------------------------
    def existing_keys(self, keys) -> set[str]:
        grouped = self._checked_keys(list(keys))
        found: set[str] = set()
        with self._reading() as rd:
            for label, group in grouped.items():
                rows = rd.fetch("keys_present", {"keys": group}, label=lbl(label))
                found.update(row["key"] for row in rows)
        return found

    def read_named(self, name: str, params: dict, **names: str) -> list[dict]:
        with self._reading() as rd:
            return rd.fetch(name, dict(params), **names)

    # -- subgraphs ----------------------------------------------------------------------
    def subgraph(self, keys: Sequence[str]) -> Subgraph:
        grouped = self._checked_keys(keys)
        with self._reading() as rd:
            nodes = self._nodes(rd, grouped)
            rels = self._among(rd, grouped, None)
        order = {k: i for i, k in enumerate(k for k in keys)}
        nodes.sort(key=lambda n: order[n.key])
        return Subgraph(nodes, rels)

    def _nodes(self, rd, grouped: dict[str, list[str]]) -> list[Node]:
        found = []
        for label, keys in grouped.items():
            found += [
                row["n"] for row in rd.fetch("nodes_by_keys", {"keys": keys}, label=lbl(label))
            ]
        return found

    def _among(self, rd, grouped: dict[str, list[str]], types) -> list[Relationship]:
        every = [k for keys in grouped.values() for k in keys]
        among = set(every)
        rels = {}
        for label, keys in grouped.items():
            for row in rd.fetch_each(
                "relationships_among",
                keys,
                {"every_key": every},
                label=lbl(label),
                types=rel_types(types),
            ):
                if row["end_key"] not in among:  # Ladybug's variant returns every end
                    continue
                r: Relationship = row["r"]
                rel = Relationship(r.type, row["start_key"], row["end_key"], dict(r.properties))
                rels[rel.id] = rel
        return sorted(rels.values(), key=lambda r: (r.start, r.type, r.end))

    def _types_shown(self, types, include_derived: bool) -> list[str] | None:
        """The checked ``types``; with none given and ``include_derived`` false, every
        type but the derived ones (graph/schema.py DERIVED_TYPES)."""
        types = self.check_types(types)
        if types is None and not include_derived:
            types = [t for t in SCHEMA.rel_names if t not in DERIVED_TYPES]
        return types

    def neighbourhood(
        self, key, depth=1, max_nodes=None, types=None, include_derived=False
    ) -> Subgraph:
        label = self._label(key)
        depth = check_int("depth", depth, 0, self.limits.MAX_HOPS)
        cap = self.limits.MAX_NODES if max_nodes is None else max_nodes
        cap = check_int("max_nodes", cap, 1, self.limits.MAX_NODES)
        types = self._types_shown(types, include_derived)
        taken, frontier, truncated = [key], [key], False
        with self._reading() as rd:
            self._node(rd, key, label)
            for _ in range(depth):
                room = cap - len(taken)
                if room <= 0 or not frontier:
                    truncated = truncated or (
                        room <= 0 and bool(frontier) and self._has_more(rd, frontier, taken, types)
                    )
                    break
                ring = self._ring(rd, frontier, taken, types, room + 1)
                truncated = len(ring) > room
                frontier = ring[:room]
                taken += frontier
                if truncated:
                    break
            grouped = self._checked_keys(taken)
            nodes = self._nodes(rd, grouped)
            rels = self._among(rd, grouped, types)
        order = {k: i for i, k in enumerate(taken)}
        nodes.sort(key=lambda n: order[n.key])
        return Subgraph(nodes, rels, truncated, {"MAX_NODES": cap})

    def _ring(self, rd, frontier, taken, types, limit) -> list[str]:
        """The first ``limit`` keys, in key order, of the frontier's unseen neighbours.

        Each query returns its first ``limit + len(taken)`` neighbours whatever was seen,
        which holds the first ``limit`` unseen ones; filtering here is cheaper than a
        list search per row (a hub has 100,000 neighbours). Where the reader asks key by
        key (Ladybug), once ``limit`` candidates are known only keys below the last of
        them can matter, so later queries sort a few rows instead of a hub's all."""
        seen = set(taken)
        found: set[str] = set()
        bound = KEY_CEILING
        for label, keys in self._checked_keys(frontier).items():
            for batch in rd.key_batches(keys):
                found.update(
                    row["key"]
                    for row in rd.fetch_each(
                        "frontier_neighbours",
                        batch,
                        {"limit": limit + len(seen), "bound": bound},
                        label=lbl(label),
                        types=rel_types(types),
                    )
                )
                fresh = sorted(found - seen)
                if len(fresh) >= limit:
                    bound = fresh[limit - 1]
        return sorted(found - seen)[:limit]

    def _has_more(self, rd, frontier, taken, types) -> bool:
        return bool(self._ring(rd, frontier, taken, types, 1))

    # -- groups (graph/grouping.py) --------------------------------------------------
    def neighbour_label_counts(self, key: str) -> list[tuple[str, str, str, int]]:
        """(type, direction, neighbour label, count) for every kind of neighbour of ``key``."""
        label = self._label(key)
        found = []
        with self._reading() as rd:
            memo = getattr(rd, "memo", None)
            if memo is not None and ("label_counts", key) in memo:
                return list(memo["label_counts", key])
            self._node(rd, key, label)
            for d in ("out", "in"):
                for row in rd.fetch(f"neighbour_label_counts_{d}", {"key": key}, label=lbl(label)):
                    found.append((row["type"], d, row["neighbour_label"], row["count"]))
            found.sort()
            if memo is not None:
                memo["label_counts", key] = list(found)
        return found

    def _group_names(self, key, rel_type, direction, label) -> dict[str, str]:
        start = self._label(key)
        if direction not in ("out", "in"):
            raise BadParameter("direction", "must be out or in")
        return {
            "label": lbl(start),
            "types": rel_types(self.check_types([rel_type])),
            "neighbour_label": lbl(self.check_label(label) or ""),
        }

    @staticmethod
    def _facet_names(label: str, facet: Facet) -> dict[str, str]:
        if facet.via:
            return {"facet_types": rel_types([facet.via[0]]), "facet_label": lbl(facet.via[1])}
        if facet.prop not in SCHEMA.prop_types(label):
            raise BadParameter("facet", f"{label} has no property {facet.prop!r}")
        return {"list_prop" if facet.is_list else "prop": facet.prop}

    def _facet(self, label: str, name: str) -> Facet:
        try:
            return facet_for(label, name)
        except SchemaViolation as e:
            raise BadParameter("facet", str(e)) from None

    def group_members(
        self, key, rel_type, direction, label, q="", facet=None, value=None, limit=20, offset=0
    ) -> tuple[list[Node], int]:
        """One page of the neighbours of ``key`` along ``rel_type`` in ``direction`` of
        ``label`` (a group), by name then key, whose key, names or aliases contain ``q``
        and, with a ``facet``, whose facet value is ``value``; and how many there are."""
        names = self._group_names(key, rel_type, direction, label)
        limit = self.check_limit("limit", limit, self.limits.MAX_PAGE)
        offset = check_int("offset", offset, 0, MAX_OFFSET)
        params = {"key": key, "q": search_norm(q or ""), "every": True, "value": ""}
        kind = "prop"
        if facet:
            chosen = self._facet(label, facet)
            names.update(self._facet_names(label, chosen))
            kind = "via" if chosen.via else "list" if chosen.is_list else "prop"
            params.update(every=False, value=str(value if value is not None else ""))
        else:
            names["prop"] = "key"
        if kind != "prop":
            params.pop("every")
        with self._reading() as rd:
            total = rd.fetch(f"group_count_{kind}_{direction}", params, **names)[0]["count"]
            rows = rd.fetch(
                f"group_members_{kind}_{direction}",
                {**params, "offset": offset, "limit": limit},
                **names,
            )
        return [row["m"] for row in rows], total

    def group_amount(self, key, rel_type, direction, label) -> float | None:
        """The summed ``amount`` of a group's relationships; None when the type carries no
        amount or none of them gives a figure (an unknown amount is never 0)."""
        names = self._group_names(key, rel_type, direction, label)
        if "amount" not in SCHEMA.prop_types(rel_type):
            return None
        names["amount_types"] = names.pop("types")
        with self._reading() as rd:
            row = rd.fetch(f"group_amount_{direction}", {"key": key}, **names)[0]
        return row["amount"] if row["known"] else None

    def group_facets(self, key, rel_type, direction, label, facet, limit=100, q="") -> list[dict]:
        """A group split by ``facet``: [{"value", "name", "count", "amount"}], largest first
        (``amount``: the summed relationship amounts, for types that carry one), counting
        only members whose key, names or aliases contain ``q`` when given."""
        names = self._group_names(key, rel_type, direction, label)
        chosen = self._facet(label, facet)
        names.update(self._facet_names(label, chosen))
        limit = self.check_limit("limit", limit, self.limits.MAX_PAGE, 1)
        if chosen.via:
            with_amount = "amount" in SCHEMA.prop_types(rel_type)
            name = f"group_facet_via{'_amount' if with_amount else ''}_{direction}"
            if with_amount:  # the query names the types apart: only these carry an amount
                names["amount_types"] = names.pop("types")
        else:
            name = f"group_facet_{'list' if chosen.is_list else 'prop'}_{direction}"
        with self._reading() as rd:
            rows = rd.fetch(name, {"key": key, "limit": limit, "q": search_norm(q or "")}, **names)
        return [
            {
                "value": row["value"],
                "name": row.get("name"),
                "count": row["count"],
                "amount": row.get("amount") if row.get("known") else None,
            }
            for row in rows
        ]

    # -- overview -----------------------------------------------------------------------
    def first_nodes(self, label: str, limit: int = 100) -> list[Node]:
        """The first ``limit`` nodes of ``label`` by key (the home page's entry lists)."""
        label = self.check_label(label)
        if label is None:
            raise BadParameter("label", "give a label")
        limit = self.check_limit("limit", limit, self.limits.MAX_PAGE)
        with self._reading() as rd:
            rows = rd.fetch("first_nodes", {"limit": limit}, label=lbl(label))
        return [row["n"] for row in rows]

    def stats(self) -> dict[str, dict[str, int]]:
        if self.keeps_counts:  # kept until this object writes (graph/_read_cache.py)
            return _copied(self.read_cache.value("stats", self._stats))
        return self._stats()

    def _stats(self) -> dict[str, dict[str, int]]:
        # Neo4j answers both counts from its count store, without reading any node.
        with self._reading() as rd:
            labels = {
                name: rd.fetch("count_label", {}, label=lbl(name))[0]["count"]
                for name in SCHEMA.label_names
            }
            rels = {
                name: rd.fetch("count_type", {}, types=rel_types([name]))[0]["count"]
                for name in SCHEMA.rel_names
            }
        return {"labels": labels, "relationships": rels}

    def schema_graph(self) -> dict[str, Any]:
        if self.keeps_counts:
            patterns = self.read_cache.value("patterns", self._patterns)
        else:
            patterns = self._patterns()
        return self._schema_description([dict(p) for p in patterns])

    def _patterns(self) -> list[dict]:
        """Each declared (start, type, end) present, with its count. A pair is counted by
        the one label that tells it from the type's other pairs where there is one: Neo4j
        answers ``(:A)-[:T]->()`` from its count store, but ``(:A)-[:T]->(:B)`` reads every
        relationship of the type (544,000 ELIGIBLE_FOR at 100,000 enterprises: 4 s)."""
        patterns = []
        with self._reading() as rd:
            for rel in SCHEMA.relationships:
                total = rd.fetch("count_type", {}, types=rel_types([rel.name]))[0]["count"]
                starts = [s for s, _ in rel.pairs]
                ends = [e for _, e in rel.pairs]
                for start, end in rel.pairs:
                    if len(rel.pairs) == 1:
                        n = total
                    else:
                        a = lbl(start) if starts.count(start) == 1 or ends.count(end) > 1 else ""
                        b = "" if a and starts.count(start) == 1 else lbl(end)
                        n = rd.fetch(
                            "count_pattern",
                            {},
                            start_label=a,
                            types=rel_types([rel.name]),
                            end_label=b,
                        )[0]["count"]
                    if n:
                        patterns.append({"start": start, "type": rel.name, "end": end, "count": n})
        return patterns

    def _schema_description(self, patterns: list[dict]) -> dict[str, Any]:
        return {
            "labels": [
                {
                    "name": lb.name,
                    "kind": lb.kind,
                    "doc": lb.doc,
                    "example": lb.example,
                    "properties": _props(lb.all_props),
                }
                for lb in SCHEMA.labels
            ],
            "relationship_types": [
                {
                    "name": r.name,
                    "doc": r.doc,
                    "pairs": [list(p) for p in r.pairs],
                    "properties": _props(r.all_props),
                }
                for r in SCHEMA.relationships
            ],
            "patterns": patterns,
        }

    # -- console --------------------------------------------------------------------
    def run_cypher(self, query, params=None, timeout_s=None, max_rows=None) -> CypherResult:
        check_query_shape(query, self.limits.MAX_QUERY_CHARS, self.limits.MAX_QUERY_DEPTH)
        self._check_console_text(query)
        if params is not None and not isinstance(params, dict):
            raise BadParameter("params", "must be a map of parameter names to values")
        query = self._to_dialect(query)
        timeout = self.effective_timeout(timeout_s)
        rows_cap = self.effective_max_rows(max_rows)
        began = time.perf_counter()
        try:
            columns, rows, nodes, rels, truncated = self._run_read_only(
                query, dict(params or {}), timeout, rows_cap
            )
        except QueryTimeout as e:
            if timeout < self.limits.CYPHER_TIMEOUT_S:  # the request asked for less
                raise QueryTimeout(timeout, "timeout", self.limits.CYPHER_TIMEOUT_S) from e
            raise
        from ._values import to_json

        return CypherResult(
            columns,
            [to_json(r) for r in rows],
            nodes,
            rels,
            truncated,
            rows_cap,
            (time.perf_counter() - began) * 1000,
        )


def path_order(p: Path) -> tuple[list[str], list[str], list[str]]:
    """The order shortest paths are given in (cypher/shortest_paths.cypher ORDER BY)."""
    return (
        [n.key for n in p.nodes],
        [r.type for r in p.relationships],
        [r.start for r in p.relationships],
    )


def _copied(stats: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """A kept result handed out as a copy: a caller may change what it gets."""
    return {name: dict(counts) for name, counts in stats.items()}


def _props(props) -> list[dict]:
    return [{"name": p.name, "type": p.type, "doc": p.doc} for p in props]
