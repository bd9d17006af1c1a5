"""ELIGIBLE_FOR kept current: every write that changes what the rules read re-derives
what it affects, in one all-or-nothing unit with the write itself.

What the rules read (docs/eligibility.md): a Policy's ``level``, dates, ``source`` and
the regions it COVERS; a Measure's ``eligible_*`` properties, dates and ``source``; an
enterprise's profile properties, and its LOCATED_IN / IN_INDUSTRY when it lacks
``region_code`` / ``industry_code``. The write paths that change them: a load run
(loaders/loading.py), an ingestion commit (loaders/ingest/), and deleting nodes
(``store.delete``, through the hook registered below: deleting a province a policy
COVERS, or the city an enterprise is known by, changes edges that neither node has).

Before a write, :func:`plan` reads what it changes (:class:`Plan`): the policies and
measures whose edge inputs change (re-derived for every stored enterprise), and the
stored enterprises whose inputs change (re-derived against every policy and measure).
After it, :func:`reconcile` reads the graph as it now is, derives those edges, and
writes only the difference: new or changed edges, and deleting the derived edges that
no longer hold. Only derived edges (with a ``rule``) are written or deleted; an
ELIGIBLE_FOR read from a file is left as given.

:func:`kept_current` makes the write and the re-derivation one load run
(graph/_journal.py): if re-deriving fails, the write is taken back with it, and the
store is as it was. Into a store without enterprises (a first load) nothing needs
re-deriving and the run is not wrapped, so an empty embedded store keeps its bulk load.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from graph._journal import load_run
from graph.keys import key_kind
from graph.model import Node, Relationship
from graph.queries import label as label_of
from graph.rules import Criteria, Profile
from graph.schema import SCHEMA

from .eligibility import derive, firm_of, measure_target, policy_target
from .stored import KEYS_CHUNK, enterprises, paged, read

FIRMS_PAGE = 20_000
REDERIVING = "re-deriving ELIGIBLE_FOR"
REGION_KINDS = ("province", "city")

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
# What an enterprise's edges depend on (loaders/eligibility.py firm_of).
FIRM_PROPS = frozenset(
    {
        "region_code",
        "industry_code",
        "size_class",
        "designations",
        "employees",
        "revenue_wan",
        "assets_wan",
        "founded",
    }
)
# The edge properties the rules set: a stored edge differing in one is rewritten.
EDGE_FIELDS = ("rule", "criteria", "status", "source")


@dataclass
class Plan:
    """What a write changes in the rules' inputs, read before it."""

    targets: set[str] = field(default_factory=set)  # re-derive for every stored enterprise
    firms: set[str] = field(default_factory=set)  # stored ones, re-derive against every target
    new_firms: set[str] = field(default_factory=set)  # their edges are derived in the write
    any_firm: bool = False  # the store held an enterprise before the write

    @property
    def needed(self) -> bool:
        return bool(self.firms or (self.targets and self.any_firm))


@dataclass
class Refreshed:
    written: int = 0  # edges written (new, or changed criteria)
    deleted: int = 0  # derived edges that no longer hold


def plan(store, nodes: list[Node], rels: list[Relationship], derive_new: bool = False) -> Plan:
    """What writing ``nodes`` and ``rels`` changes. ``derive_new``: the write derives
    the edges of the enterprises it creates itself (a load run does, in its batches);
    otherwise they are re-derived after it too."""
    out = Plan(any_firm=bool(_read(store, "eligibility_any_enterprise", {})))
    out.targets = changed_targets(store, nodes, rels)
    given = {n.key: n.properties for n in nodes if n.labels == ("Enterprise",)}
    placed = {r.start for r in rels if r.type in ("LOCATED_IN", "IN_INDUSTRY")}
    stored = _stored_props(store, "Enterprise", given) if out.any_firm else {}
    for key, props in given.items():
        old = stored.get(key)
        if old is None:
            out.new_firms.add(key)
        elif any(old.get(p) != v for p, v in props.items() if p in FIRM_PROPS) or (
            key in placed and not (props.get("region_code") or old.get("region_code"))
        ):
            out.firms.add(key)
        elif key in placed and not (props.get("industry_code") or old.get("industry_code")):
            out.firms.add(key)
    # an enterprise not in the write whose LOCATED_IN or IN_INDUSTRY the write adds
    others = sorted(k for k in placed - set(given) if key_kind(k) == "enterprise")
    if others and out.any_firm:
        out.firms |= set(_stored_props(store, "Enterprise", others))
    if not derive_new:
        out.firms |= out.new_firms
        out.new_firms = set()
    return out


@contextmanager
def kept_current(store, what: Plan, gone: Iterable[str] = (), unique: bool = False):
    """The block's write and the re-derivation after it as one load run: if either
    fails, both are taken back. ``gone``: keys the block deletes (read as absent).
    Yields the :class:`Refreshed` counts, filled in once the block has run."""
    done = Refreshed()
    if not what.needed:
        yield done
        return
    with load_run(store, unique):
        yield done
        found = reconcile(store, what, frozenset(gone))
        done.written, done.deleted = found.written, found.deleted


def reconcile(store, what: Plan, gone: frozenset[str] = frozenset()) -> Refreshed:
    """Re-derive what ``what`` names from the graph as it now is (less ``gone``), and
    write the difference."""
    targets = stored_targets(store, gone)
    changed = [t for t in targets if t.key in what.targets]
    firms = sorted(what.firms - gone)
    fresh: dict[tuple[str, str], Relationship] = {}
    held: dict[tuple[str, str], dict] = {}
    if changed and what.any_firm:
        skip = what.new_firms | what.firms | gone
        others = (f for f in _all_firms(store, gone) if f.key not in skip)
        fresh.update(((r.start, r.end), r) for r in derive(others, changed))
        held.update(
            (pair, row)
            for pair, row in _edges_to(store, sorted(t.key for t in changed))
            if pair[0] not in skip
        )
    if firms:
        fresh.update(((r.start, r.end), r) for r in derive(_firms(store, firms, gone), targets))
        held.update(_edges_of(store, firms))
    write = [
        rel
        for pair, rel in fresh.items()
        if pair not in held or (held[pair]["rule"] is not None and _differs(held[pair], rel))
    ]
    stale = [pair for pair, row in held.items() if row["rule"] is not None and pair not in fresh]
    out = Refreshed(written=len(write))
    if write:
        store.load(write)
    if stale:
        out.deleted = store.delete_relationships([("ELIGIBLE_FOR", s, e) for s, e in stale])
    return out


def _differs(row: dict, rel: Relationship) -> bool:
    props = rel.properties
    return any(
        (list(row[f]) if f == "criteria" and row[f] is not None else row[f]) != props.get(f)
        for f in EDGE_FIELDS
    )


def stored_targets(store, gone: frozenset[str] = frozenset()) -> list[Criteria]:
    """Every stored policy and measure as the rules read it, COVERS of ``gone``
    regions left out."""
    gone_codes = {k.split(":", 1)[1] for k in gone if key_kind(k) in REGION_KINDS}
    out = [
        policy_target(row, {c for c in row.get("regions") or () if c and c not in gone_codes})
        for row in paged(store, "loader_policies", REDERIVING)
        if row["key"] not in gone
    ]
    out += [
        measure_target(row)
        for row in paged(store, "loader_measures", REDERIVING)
        if row["key"] not in gone  # an unreadable measure can still be deleted
    ]
    return out


def delete(store, keys: Iterable[str]) -> int:
    """``store.delete(keys)`` and the re-deriving it makes needed, in one load run: if
    the deletion fails, what re-deriving wrote is taken back."""
    keys = list(keys)
    with load_run(store):
        _deleting(store, keys)
        return store.delete(keys)


def _deleting(store, keys: list[str]) -> None:
    """Before ``store.delete(keys)`` (in the same load run): re-derive what deleting
    them changes. Their own edges go with them; a deleted province or city drops the
    COVERS of the policies covering it and the LOCATED_IN of enterprises known by it,
    a deleted industry their IN_INDUSTRY."""
    gone = frozenset(keys)
    if not any(key_kind(k) in (*REGION_KINDS, "industry") for k in gone):
        return
    what = Plan(any_firm=bool(_read(store, "eligibility_any_enterprise", {})))
    if not what.any_firm:
        return
    codes = {k.split(":", 1)[1] for k in gone if key_kind(k) in REGION_KINDS}
    what.targets = {
        row["key"]
        for row in paged(store, "loader_policies", REDERIVING)
        if codes & set(row.get("regions") or ())
    }
    now = _placed(store, frozenset())
    after = _placed(store, gone)
    what.firms = {k for k, row in now.items() if after.get(k) != row}
    if what.needed:
        reconcile(store, what, gone)


# -- reads ----------------------------------------------------------------------------


def _stored_props(store, label: str, keys: Iterable[str]) -> dict[str, dict]:
    ordered = sorted(set(keys))
    found: dict[str, dict] = {}
    for i in range(0, len(ordered), KEYS_CHUNK):
        params = {"keys": ordered[i : i + KEYS_CHUNK]}
        for row in _read(store, "nodes_by_keys", params, label=label_of(label)):
            found[row["n"].key] = row["n"].properties
    return found


def _placed(store, gone: frozenset[str]) -> dict[str, dict]:
    rows = _read(store, "eligibility_enterprises_placed", {"gone": sorted(gone)})
    return {row["key"]: row for row in rows}


def _profile(row: dict) -> Profile:
    props = {k: v for k, v in row.items() if v is not None}
    props.setdefault("region_code", row.get("located"))
    props.setdefault("industry_code", row.get("sector"))
    return firm_of(props)


def _all_firms(store, gone: frozenset[str]) -> Iterator[Profile]:
    placed = _placed(store, gone)
    after = ""
    while True:
        rows = _read(store, "eligibility_enterprises", {"bound": after, "limit": FIRMS_PAGE})
        for row in rows:
            where = placed.get(row["key"]) or {}
            yield _profile({**row, "located": where.get("located"), "sector": where.get("sector")})
        if len(rows) < FIRMS_PAGE:
            return
        after = rows[-1]["key"]


def _firms(store, keys: list[str], gone: frozenset[str]) -> Iterator[Profile]:
    for props in enterprises(store, keys, REDERIVING, gone).values():
        yield firm_of(props)


def _edges_of(store, keys: list[str]) -> Iterator[tuple[tuple[str, str], dict]]:
    for i in range(0, len(keys), KEYS_CHUNK):
        for row in _read(store, "eligibility_edges_of", {"keys": keys[i : i + KEYS_CHUNK]}):
            yield (row["s_key"], row["e_key"]), row


def _edges_to(store, keys: list[str]) -> Iterator[tuple[tuple[str, str], dict]]:
    for label, kind in (("Policy", "policy"), ("Measure", "measure")):
        mine = [k for k in keys if key_kind(k) == kind]
        for i in range(0, len(mine), KEYS_CHUNK):
            params = {"keys": mine[i : i + KEYS_CHUNK]}
            for row in _read(store, "eligibility_edges_to", params, label=label_of(label)):
                yield (row["s_key"], row["e_key"]), row


def _read(store, name: str, params: dict, **names) -> list[dict]:
    return read(store, name, params, REDERIVING, **names)


def changed_targets(store, nodes: list[Node], rels: list[Relationship]) -> set[str]:
    """The policies and measures a write adds, or changes in what their edges depend
    on (EDGE_PROPS, or a COVERS not yet stored); read before the write."""
    given = {n.key: n.properties for n in nodes if n.labels[0] in ("Policy", "Measure")}
    covers = {(r.start, r.end.split(":", 1)[1]) for r in rels if r.type == "COVERS"}
    if not given and not covers:
        return set()
    stored: dict[str, dict] = {}
    for label in ("Policy", "Measure"):
        stored.update(
            _stored_props(store, label, (k for k in given if key_kind(k) == label.lower()))
        )
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
