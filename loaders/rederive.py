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
is left as given. What was stored is read before the write (:class:`Before`): into a
store with no enterprise and no derived edge (a first load) that is two one-row reads,
and a run of new enterprises costs one key lookup per 500 of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from graph.keys import key_kind
from graph.queries import label as label_of
from graph.rules import Criteria, Profile
from graph.schema import SCHEMA

from .eligibility import derive, firm_of
from .eligibility import matched as matched_for
from .stored import KEYS_CHUNK, existing, paged, read

FIRMS_PAGE = 20_000
REDERIVING = "re-deriving ELIGIBLE_FOR"


@dataclass
class Before:
    """What the store held before the run, as far as re-deriving needs it: the stored
    enterprises the run does not write (only when the run changes a policy or measure),
    which of the run's enterprises and changed targets were already stored (only when
    there are derived edges that could be stale). Read before the write, so its cost
    follows what was stored, not what the run adds."""

    others: list[Profile] = field(default_factory=list)
    stored_firms: list[Profile] = field(default_factory=list)  # run's, already stored
    stored_targets: set[str] = field(default_factory=set)  # changed ones already stored
    changed: set[str] = field(default_factory=set)
    own: set[str] = field(default_factory=set)  # the run's enterprises, when needed

    @classmethod
    def of(cls, store, run, firms_of: Callable) -> Before:
        """``firms_of(run)``: the run's enterprises as profiles (loaders/loading.py)."""
        before = cls(changed=changed_targets(store, run))
        any_firm = bool(_read(store, "eligibility_any_enterprise", {}))
        any_edge = bool(_read(store, "eligibility_any_edge", {}))
        own = {r.item.key for r in run.nodes if r.item.label == "Enterprise"}
        stored: set[str] = set()
        if any_firm and before.changed:
            for firm in _stored_firms(store):
                if firm.key in own:
                    stored.add(firm.key)
                else:
                    before.others.append(firm)
        elif any_edge and own:
            stored = existing(store, own)
        if any_edge and stored:
            before.stored_firms = [f for f in firms_of(run) if f.key in stored]
        if any_edge and before.changed:
            before.stored_targets = existing(store, before.changed)
            before.own = own
        return before

    @property
    def needed(self) -> bool:
        return bool(self.others or self.stored_firms or self.stored_targets)


@dataclass
class Refreshed:
    written: int = 0  # edges written (new or unchanged) for stored enterprises
    deleted: int = 0  # derived edges that no longer hold


def refresh(store, before: Before, targets: list[Criteria]) -> Refreshed:
    """Re-derive after the run ``before`` was read for; ``targets`` are all policies and
    measures as they now are."""
    out = Refreshed()
    by_key = {t.key: t for t in targets}
    changed = [by_key[k] for k in sorted(before.changed) if k in by_key]
    fresh: set[tuple[str, str]] = set()
    if before.others and changed:

        def edges():
            for rel in derive(before.others, changed):
                fresh.add((rel.start, rel.end))
                yield rel

        store.load(edges())
        out.written = len(fresh)
    if before.stored_targets:
        stale = [
            pair
            for pair in _edges_to(store, sorted(before.stored_targets))
            if pair[0] not in before.own and pair not in fresh
        ]
        out.deleted += _delete(store, stale)
    if before.stored_firms:
        firms = {f.key: f for f in before.stored_firms}
        stale = []
        for start, end in _edges_of(store, sorted(firms)):
            target = by_key.get(end)
            if target is None or matched_for(target, firms[start]) is None:
                stale.append((start, end))
        out.deleted += _delete(store, stale)
    return out


def _stored_firms(store) -> Iterator[Profile]:
    placed = {row["key"]: row for row in _read(store, "eligibility_enterprises_placed", {})}
    after = ""
    while True:
        rows = _read(store, "eligibility_enterprises", {"bound": after, "limit": FIRMS_PAGE})
        for row in rows:
            props = {k: v for k, v in row.items() if v is not None}
            where = placed.get(row["key"])
            if where:
                props.setdefault("region_code", where.get("located"))
                props.setdefault("industry_code", where.get("sector"))
            yield firm_of(props)
        if len(rows) < FIRMS_PAGE:
            return
        after = rows[-1]["key"]


def _edges_of(store, keys: list[str]) -> Iterator[tuple[str, str]]:
    for i in range(0, len(keys), KEYS_CHUNK):
        for row in _read(store, "eligibility_edges_of", {"keys": keys[i : i + KEYS_CHUNK]}):
            yield row["s_key"], row["e_key"]


def _edges_to(store, keys: list[str]) -> Iterator[tuple[str, str]]:
    for label, kind in (("Policy", "policy"), ("Measure", "measure")):
        mine = [k for k in keys if key_kind(k) == kind]
        for i in range(0, len(mine), KEYS_CHUNK):
            params = {"keys": mine[i : i + KEYS_CHUNK]}
            for row in _read(store, "eligibility_edges_to", params, label=label_of(label)):
                yield row["s_key"], row["e_key"]


def _read(store, name: str, params: dict, **names) -> list[dict]:
    return read(store, name, params, REDERIVING, **names)


def _delete(store, pairs: list[tuple[str, str]]) -> int:
    if not pairs:
        return 0
    return store.delete_relationships([("ELIGIBLE_FOR", s, e) for s, e in pairs])


# What a Policy's or Measure's edges depend on: a run that changes none of these for a
# stored target (reloading the same files) re-derives nothing for it.
EDGE_PROPS = frozenset(
    {
        "level",
        "source",
        "effective_date",
        "expiry_date",
        "eligible_match",
        *(p.name for p in SCHEMA.label("Measure").props if p.name.startswith("eligible_")),
    }
)


def changed_targets(store, run) -> set[str]:
    """The policies and measures a load run adds, or changes in what their edges depend
    on (EDGE_PROPS, or a COVERS not yet stored); read before the run is written."""
    given = {
        r.item.key: r.item.properties for r in run.nodes if r.item.label in ("Policy", "Measure")
    }
    covers = {
        (r.item.start, r.item.end.split(":", 1)[1]) for r in run.rels if r.item.type == "COVERS"
    }
    if not given and not covers:
        return set()
    stored: dict[str, dict] = {}
    for label in ("Policy", "Measure"):
        keys = sorted(k for k in given if key_kind(k) == label.lower())
        for i in range(0, len(keys), KEYS_CHUNK):
            params = {"keys": keys[i : i + KEYS_CHUNK]}
            for row in _read(store, "nodes_by_keys", params, label=label_of(label)):
                stored[row["n"].key] = row["n"].properties
    changed = {
        key
        for key, props in given.items()
        if key not in stored
        or any(stored[key].get(p) != v for p, v in props.items() if p in EDGE_PROPS)
    }
    if covers:
        stored_covers = {
            (row["key"], code)
            for row in paged(store, "loader_policies", REDERIVING)
            for code in row.get("regions") or ()
        }
        changed |= {start for start, code in covers - stored_covers}
    return changed
