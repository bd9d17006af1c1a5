"""Upsert planning shared by both stores: validate a batch against SCHEMA, then compare
it with what is stored to decide what to create, update or leave alone.

Nothing here touches a database; the stores fetch the stored values and write the plan.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from .errors import BadParameter, SchemaViolation
from .keys import check_key
from .model import Node, Relationship, WriteCounts
from .queries import label as lbl
from .schema import SCHEMA, SEARCH_PROP, search_text

INT64 = (-(2**63), 2**63 - 1)

# Lookups derived once from SCHEMA: validation runs for every record of a load.
_LABEL_BY_KIND = {label.kind: label.name for label in SCHEMA.labels}
_PROP_TYPES = {
    **{label.name: {p.name: p.type for p in label.all_props} for label in SCHEMA.labels},
    **{rel.name: {p.name: p.type for p in rel.all_props} for rel in SCHEMA.relationships},
}
_PAIRS = {rel.name: frozenset(rel.pairs) for rel in SCHEMA.relationships}


def allowed_pairs(rel_type: str) -> frozenset:
    """The (start label, end label) pairs the schema allows for a type (none if unknown)."""
    return _PAIRS.get(rel_type, frozenset())


def label_for_key(key: str) -> str:
    label = _LABEL_BY_KIND.get(key.split(":", 1)[0])
    return label if label is not None else SCHEMA.label_for_key(key)  # raises, naming it


def record_name(item) -> str:
    """How errors name a record (built only when one is raised)."""
    if isinstance(item, Node):
        return f"node {item.key!r}"
    if isinstance(item, Relationship):
        return f"relationship {item.start}-{item.type}->{item.end}"
    return str(item)


def check_value(record, name: str, ptype: str, value):
    """The value as stored, or SchemaViolation naming the record and property.

    >>> check_value("node 'city:1'", "lat", "float", 30)
    30.0
    >>> check_value("node 'city:1'", "lat", "float", "north")
    Traceback (most recent call last):
    ...
    graph.errors.SchemaViolation: node 'city:1': property 'lat' must be float, got 'north'
    """
    if value is None:
        return None
    ok = False
    if ptype == "string":
        ok = isinstance(value, str)
    elif ptype == "int":
        ok = (
            isinstance(value, int) and not isinstance(value, bool) and INT64[0] <= value <= INT64[1]
        )
    elif ptype == "float":
        ok = (
            isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        )
        value = float(value) if ok else value
    elif ptype == "bool":
        ok = isinstance(value, bool)
    elif ptype == "string[]":
        ok = isinstance(value, (list, tuple)) and all(isinstance(x, str) for x in value)
        value = list(value) if ok else value
    if not ok:
        raise SchemaViolation(
            f"{record_name(record)}: property {name!r} must be {ptype}, got {value!r}"
        )
    return value


def check_props(record, owner: str, props: dict) -> dict:
    if not props:
        return {}
    types = _PROP_TYPES[owner]
    checked = {}
    for name, value in props.items():
        ptype = types.get(name)
        if ptype is None or name == SEARCH_PROP:
            raise SchemaViolation(f"{record_name(record)}: unknown property {name!r} for {owner}")
        if value is None or (ptype == "string" and type(value) is str):
            checked[name] = value  # the common case, without a call (a load checks millions)
        else:
            checked[name] = check_value(record, name, ptype, value)
    return checked


def check_node(node) -> tuple[str, dict]:
    """(label, checked properties incl. key) of one node record."""
    if not isinstance(node, Node):
        raise BadParameter("nodes", f"expected Node records, got {type(node).__name__}")
    check_key(node.key, "node key")
    label = label_for_key(node.key)
    if tuple(node.labels) != (label,):
        raise SchemaViolation(
            f"{record_name(node)}: labels {list(node.labels)} do not match "
            f"its key; expected [{label!r}]"
        )
    props = check_props(node, label, node.properties)
    if props.setdefault("key", node.key) != node.key:
        raise SchemaViolation(
            f"{record_name(node)}: property 'key' is {props['key']!r}, not the node's key"
        )
    return label, props


def check_rel(rel) -> tuple[str, str, dict]:
    """(start label, end label, checked properties) of one relationship record."""
    if not isinstance(rel, Relationship):
        raise BadParameter(
            "relationships", f"expected Relationship records, got {type(rel).__name__}"
        )
    check_key(rel.start, "relationship start")
    check_key(rel.end, "relationship end")
    pairs = _PAIRS.get(rel.type)
    if pairs is None:
        raise SchemaViolation(f"{record_name(rel)}: unknown relationship type {rel.type!r}")
    start, end = label_for_key(rel.start), label_for_key(rel.end)
    if (start, end) not in pairs:
        raise SchemaViolation(
            f"{record_name(rel)}: {start} -{rel.type}-> {end} is not allowed by the schema"
        )
    return start, end, check_props(rel, rel.type, rel.properties)


@dataclass
class Batch:
    """A validated batch: nodes by label and relationships by (start, type, end) labels,
    duplicates merged (later properties win)."""

    nodes: dict[str, dict[str, dict]] = field(default_factory=dict)  # label -> key -> props
    rels: dict[tuple[str, str, str], dict[tuple[str, str], dict]] = field(default_factory=dict)

    @property
    def node_keys(self) -> set[str]:
        return {k for by_key in self.nodes.values() for k in by_key}

    def end_keys(self) -> dict[str, set[str]]:
        """Keys of relationship ends, by label, that are not nodes of this batch."""
        own = self.node_keys
        found: dict[str, set[str]] = {}
        for (start, _, end), pairs in self.rels.items():
            for s, e in pairs:
                for label, key in ((start, s), (end, e)):
                    if key not in own:
                        found.setdefault(label, set()).add(key)
        return found


def validate(nodes: Sequence[Node], relationships: Sequence[Relationship]) -> Batch:
    batch = Batch()
    for node in nodes:
        label, props = check_node(node)
        batch.nodes.setdefault(label, {}).setdefault(node.key, {}).update(props)
    for rel in relationships:
        start, end, props = check_rel(rel)
        group = batch.rels.setdefault((start, rel.type, end), {})
        group.setdefault((rel.start, rel.end), {}).update(props)
    return batch


def missing_ends(batch: Batch, stored: set[str]) -> None:
    """SchemaViolation naming the first relationship whose end exists nowhere."""
    own = batch.node_keys
    for (_, rtype, _), pairs in sorted(batch.rels.items()):
        for s, e in sorted(pairs):
            for key in (s, e):
                if key not in own and key not in stored:
                    raise SchemaViolation(
                        f"relationship {s}-{rtype}->{e}: no node with key {key!r} in this "
                        "batch or the store; nothing was written"
                    )


@dataclass
class Plan:
    """What to write for one label or relationship group."""

    create: list = field(default_factory=list)  # full property maps (nodes: + search)
    update: list = field(default_factory=list)  # (id, given props, merged props)
    unchanged: int = 0


def plan_nodes(given: dict[str, dict], stored: dict[str, dict]) -> Plan:
    """``given`` and ``stored``: key -> properties (stored without nulls or search)."""
    plan = Plan()
    for key, props in given.items():
        old = stored.get(key)
        if old is None:
            full = {k: v for k, v in props.items() if v is not None}
            plan.create.append({**full, SEARCH_PROP: search_text(full)})
        elif _changes(props, old):
            merged = _merged(old, props)
            plan.update.append((key, {**props, SEARCH_PROP: search_text(merged)}, merged))
        else:
            plan.unchanged += 1
    return plan


def plan_rels(given: dict[tuple[str, str], dict], stored: dict[tuple[str, str], dict]) -> Plan:
    plan = Plan()
    for pair, props in given.items():
        old = stored.get(pair)
        if old is None:
            plan.create.append((pair, {k: v for k, v in props.items() if v is not None}))
        elif _changes(props, old):
            plan.update.append((pair, props, _merged(old, props)))
        else:
            plan.unchanged += 1
    return plan


def may_exist(pairs: dict[tuple[str, str], dict], created) -> list[tuple[str, str]]:
    """The (start, end) pairs worth looking up: a relationship with an end created in
    this very batch cannot be stored yet."""
    return [pair for pair in pairs if pair[0] not in created and pair[1] not in created]


class Either:
    """Membership in any of several sets, without copying them into one."""

    def __init__(self, *sets):
        self.sets = sets

    def __contains__(self, key) -> bool:
        return any(key in s for s in self.sets)


def created_keys(plans: dict[str, Plan]) -> set[str]:
    return {props["key"] for plan in plans.values() for props in plan.create}


def count(counts: WriteCounts, name: str, plan: Plan) -> None:
    for bucket, n in (
        (counts.created, len(plan.create)),
        (counts.updated, len(plan.update)),
        (counts.unchanged, plan.unchanged),
    ):
        if n:
            bucket[name] = bucket.get(name, 0) + n


def _changes(given: dict, stored: dict) -> bool:
    return any(stored.get(k) != v for k, v in given.items())


def _merged(stored: dict, given: dict) -> dict:
    merged = {**stored, **given}
    return {k: v for k, v in merged.items() if v is not None}


@dataclass
class Undo:
    """What takes one written batch back: keys of what it created, and the stored
    property maps (no nulls, no search) of what it updated. Plain data, so a run's
    journal can keep it in a file (graph/_journal.py)."""

    nodes_created: dict[str, list[str]] = field(default_factory=dict)  # label -> keys
    rels_created: dict[tuple[str, str, str], list[tuple[str, str]]] = field(default_factory=dict)
    nodes_updated: dict[str, list[dict]] = field(default_factory=dict)  # label -> old maps
    rels_updated: dict[tuple[str, str, str], list] = field(default_factory=dict)  # (pair, old)
    # relationships a run deleted (GraphStore.delete_relationships): (pair, stored props)
    rels_deleted: dict[tuple[str, str, str], list] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(
            (
                self.nodes_created,
                self.rels_created,
                self.nodes_updated,
                self.rels_updated,
                self.rels_deleted,
            )
        )


def undo_of(plans: dict[str, Plan], stored: dict, rel_plans: dict, stored_rels: dict) -> Undo:
    """The Undo of a batch written by these plans, from what was stored before it."""
    undo = Undo()
    for label, plan in plans.items():
        if plan.create:
            undo.nodes_created[label] = [props["key"] for props in plan.create]
        if plan.update:
            undo.nodes_updated[label] = [stored[label][key] for key, _, _ in plan.update]
    for group, plan in rel_plans.items():
        if plan.create:
            undo.rels_created[group] = [pair for pair, _ in plan.create]
        if plan.update:
            undo.rels_updated[group] = [(p, stored_rels[group][p]) for p, _, _ in plan.update]
    return undo


class BatchWriter:
    """The engine-neutral half of writing one batch inside an open write transaction:
    read back what is stored, refuse dangling ends, plan and count. Subclasses hold a
    ``reader`` and write the plans in their engine's way; ``rollback`` takes a batch
    back through four more hooks (restore or delete nodes and relationships)."""

    reader = None
    undo: Undo | None = None  # what takes the batch back, once ``write`` has planned it

    def stored_nodes(self, label: str, keys) -> dict[str, dict]:
        rows = self.reader.fetch("existing_nodes", {"keys": sorted(keys)}, label=lbl(label))
        return {row["key"]: dict(row["n"].properties) for row in rows}

    def write(self, batch: Batch, run=None) -> WriteCounts:
        """``run``: the load run's journal (graph/_journal.py), if any. When its records
        are unique, what the run created earlier is known without reading it back, and
        into a store that was empty when the run began nothing needs reading back."""
        counts = WriteCounts()
        unique = run is not None and run.unique
        known = run.created if unique else set()
        fresh = unique and bool(run.empty)
        stored = {
            label: {} if fresh else self.stored_nodes(label, by_key)
            for label, by_key in batch.nodes.items()
        }
        ends = set()
        for label, keys in batch.end_keys().items():
            ends |= keys & known
            rest = keys - known
            if rest and not fresh:
                ends |= set(self.stored_nodes(label, rest))
        missing_ends(batch, ends)
        plans = {label: plan_nodes(by_key, stored[label]) for label, by_key in batch.nodes.items()}
        new = Either(created_keys(plans), known)
        self._stored_rels = {
            group: {} if fresh else self.stored_rels(group, pairs, new)
            for group, pairs in batch.rels.items()
        }
        rel_plans = {
            group: plan_rels(pairs, self._stored_rels[group]) for group, pairs in batch.rels.items()
        }
        for label, plan in plans.items():
            count(counts, label, plan)
            self.write_nodes(label, plan)
        for group, plan in rel_plans.items():
            count(counts, group[1], plan)
            self.write_rels(group, plan)
        self.undo = undo_of(plans, stored, rel_plans, self._stored_rels)
        return counts

    def rollback(self, undo: Undo, keep: bool = False) -> Undo:
        """Take back one written batch, inside an open write transaction: deleted
        relationships recreated first, then relationships before nodes, restored maps
        before deletions (a node created by the batch goes with whatever relationships
        still touch it). ``keep``: read the relationships it deletes first, and return
        the Undo that recreates them (GraphStore.delete_relationships in a load run)."""
        kept = Undo()
        for group, rows in undo.rels_deleted.items():
            self.write_rels(group, Plan(create=list(rows)))
        for group, rows in undo.rels_updated.items():
            self.restore_rels(group, rows)
        for group, pairs in undo.rels_created.items():
            if keep:
                kept.rels_deleted[group] = list(self.stored_rels(group, pairs, set()).items())
            self.delete_rels(group, pairs)
        for label, rows in undo.nodes_updated.items():
            self.restore_nodes(label, [{**old, SEARCH_PROP: search_text(old)} for old in rows])
        for label, keys in undo.nodes_created.items():
            self.delete_nodes(label, keys)
        return kept

    def stored_rels(self, group: tuple[str, str, str], pairs, new: set[str]) -> dict:
        raise NotImplementedError

    def restore_nodes(self, label: str, rows: list[dict]) -> None:
        """Replace every property of these nodes (found by ``key``) by ``rows``."""
        raise NotImplementedError

    def delete_nodes(self, label: str, keys: list[str]) -> None:
        """Delete these nodes and every relationship they have."""
        raise NotImplementedError

    def restore_rels(self, group: tuple[str, str, str], rows: list) -> None:
        """Replace every property of these relationships: rows of ((start, end), props)."""
        raise NotImplementedError

    def delete_rels(self, group: tuple[str, str, str], pairs: list[tuple[str, str]]) -> None:
        """Delete the relationships of this group between these (start, end) pairs."""
        raise NotImplementedError

    def write_nodes(self, label: str, plan) -> None:
        raise NotImplementedError

    def write_rels(self, group: tuple[str, str, str], plan) -> None:
        raise NotImplementedError
