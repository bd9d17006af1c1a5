"""ELIGIBLE_FOR kept current: after a load run is written, re-derive what it changed.

The run itself derives the edges of its own enterprises against every policy and
measure (loaders/loading.py). This module does the rest, so that no order of loads
leaves a stale edge:

- a Policy or Measure the run writes (or a COVERS it adds) is re-derived for every
  stored enterprise the run did not write: edges that now hold are written, derived
  edges into it that no longer hold are deleted;
- an enterprise the run writes loses the derived edges it no longer qualifies for;
- deleting a node (``store.delete``) deletes its relationships, edges included.

Only derived edges (with a ``rule``) are ever deleted; an ELIGIBLE_FOR read from a file
is left as given. Two O(1) reads first: into a store with no enterprise and no derived
edge (a first load) there is nothing to re-derive.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from graph.errors import GraphError
from graph.keys import key_kind
from graph.rules import Criteria, Profile

from .eligibility import derive, firm_of
from .eligibility import matched as matched_for

READ_PAGE = 5000
KEYS_CHUNK = 500


@dataclass
class Before:
    """What the store held before the run: whether any enterprise, any derived edge."""

    enterprises: bool
    edges: bool

    @classmethod
    def of(cls, store) -> Before:
        return cls(
            bool(store.read_named("eligibility_any_enterprise", {})),
            bool(store.read_named("eligibility_any_edge", {})),
        )


@dataclass
class Refreshed:
    written: int = 0  # edges written (new or unchanged) for stored enterprises
    deleted: int = 0  # derived edges that no longer hold


def refresh(
    store,
    before: Before,
    run_firms: list[Profile],
    targets: list[Criteria],
    changed_targets: set[str],
) -> Refreshed:
    """Re-derive after a run that wrote ``run_firms`` and ``changed_targets``;
    ``targets`` are all policies and measures as the run saw them."""
    out = Refreshed()
    by_key = {t.key: t for t in targets}
    changed = [by_key[k] for k in sorted(changed_targets) if k in by_key]
    own = {f.key for f in run_firms}
    if before.enterprises and changed:
        fresh: set[tuple[str, str]] = set()

        def edges():
            for rel in derive(_stored_firms(store, own), changed):
                fresh.add((rel.start, rel.end))
                yield rel

        store.load(edges())
        out.written = len(fresh)
        stale = [
            pair
            for pair in _edges_to(store, [t.key for t in changed])
            if pair[0] not in own and pair not in fresh
        ]
        out.deleted += _delete(store, stale)
    if before.edges and run_firms:
        firms = {f.key: f for f in run_firms}
        stale = []
        for start, end in _edges_of(store, sorted(firms)):
            target = by_key.get(end)
            if target is None or matched_for(target, firms[start]) is None:
                stale.append((start, end))
        out.deleted += _delete(store, stale)
    return out


def _stored_firms(store, skip: set[str]) -> Iterator[Profile]:
    offset = 0
    while True:
        rows = _read(store, "eligibility_enterprises", {"skip": offset, "limit": READ_PAGE})
        for row in rows:
            if row["key"] not in skip:
                yield firm_of({k: v for k, v in row.items() if v is not None})
        if len(rows) < READ_PAGE:
            return
        offset += READ_PAGE


def _edges_of(store, keys: list[str]) -> Iterator[tuple[str, str]]:
    for i in range(0, len(keys), KEYS_CHUNK):
        for row in _read(store, "eligibility_edges_of", {"keys": keys[i : i + KEYS_CHUNK]}):
            yield row["s_key"], row["e_key"]


def _edges_to(store, keys: list[str]) -> Iterator[tuple[str, str]]:
    for label, kind in (("Policy", "policy"), ("Measure", "measure")):
        mine = [k for k in keys if key_kind(k) == kind]
        for i in range(0, len(mine), KEYS_CHUNK):
            params = {"keys": mine[i : i + KEYS_CHUNK]}
            for row in _read(store, "eligibility_edges_to", params, label=f":{label}"):
                yield row["s_key"], row["e_key"]


def _read(store, name: str, params: dict, **names) -> list[dict]:
    try:
        return store.read_named(name, params, **names)
    except GraphError as e:
        raise GraphError(f"re-deriving ELIGIBLE_FOR: {e.message}") from e


def _delete(store, pairs: list[tuple[str, str]]) -> int:
    if not pairs:
        return 0
    return store.delete_relationships([("ELIGIBLE_FOR", s, e) for s, e in pairs])


def changed_targets(run) -> set[str]:
    """The policies and measures a load run writes, and those it adds COVERS to."""
    keys = {r.item.key for r in run.nodes if r.item.label in ("Policy", "Measure")}
    return keys | {r.item.start for r in run.rels if r.item.type == "COVERS"}
