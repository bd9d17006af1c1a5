"""Turn one raw record (a CSV row, a YAML/JSON mapping, a node-link node or edge) into
a :class:`Record`, or a :class:`Rejected` naming every problem."""

from __future__ import annotations

from functools import cache

from graph.keys import key_kind
from graph.model import Node, Relationship
from graph.schema import SCHEMA

from . import agreement
from .records import Problem, Record, Rejected
from .validate import KIND_LABEL, REL_NAMES, check_props, key_label, key_problem

NODE_META = ("label", "labels")
REL_META = ("start", "type", "end")


@cache
def allowed_pairs(rel_type: str) -> frozenset[tuple[str, str]]:
    return frozenset(SCHEMA.rel(rel_type).pairs)


def node_record(raw: dict, defaults: dict, file: str, line: int, raw_row=None) -> Record | Rejected:
    problems: list[tuple[str, str]] = []
    key = raw.get("key")
    label = None
    if key in (None, ""):
        problems.append(("key", "missing (every node needs a key kind:id)"))
    else:
        why = key_problem(key)
        if why:
            problems.append(("key", why))
        else:
            label = KIND_LABEL[key_kind(key)]
    given = raw.get("labels") or raw.get("label")
    if label and given:
        names = given if isinstance(given, (list, tuple)) else str(given).split("|")
        if list(names) != [label]:
            problems.append(("label", f"{given!r} does not match the key's label {label!r}"))
    if not raw.get("name"):
        problems.append(("name", "missing (every node needs a name)"))
    props = {}
    if label:
        body = {k: v for k, v in raw.items() if k not in NODE_META}
        props, found = check_props(label, body, defaults)
        problems += found
        if not found:
            problems += agreement.node_problems(label, key, props)
    if problems:
        return _rejected(
            file, line, problems, label or "?", raw_row if raw_row is not None else raw
        )
    return Record(Node(key, (label,), props), file, line)


def rel_record(
    raw: dict, defaults: dict, file: str, line: int, raw_row=None, ignore=()
) -> Record | Rejected:
    problems: list[tuple[str, str]] = []
    rel_type = raw.get("type")
    if rel_type in (None, ""):
        problems.append(("type", "missing"))
        rel_type = None
    elif rel_type not in REL_NAMES:
        problems.append(("type", f"unknown relationship type {rel_type!r}"))
        rel_type = None
    labels = {}
    for end in ("start", "end"):
        key = raw.get(end)
        label = key_label(key)
        if label is None:
            problems.append((end, "missing" if key in (None, "") else key_problem(key)))
        else:
            labels[end] = label
    if (
        rel_type
        and len(labels) == 2
        and (labels["start"], labels["end"]) not in allowed_pairs(rel_type)
    ):
        pairs = ", ".join(f"{s}->{e}" for s, e in SCHEMA.rel(rel_type).pairs)
        problems.append(
            (
                "type",
                f"{labels['start']} -{rel_type}-> {labels['end']} is not "
                f"allowed (allowed: {pairs})",
            )
        )
    if rel_type and len(labels) == 2 and not problems:
        problems += agreement.rel_problems(rel_type, raw["start"], raw["end"])
    props = {}
    if rel_type:
        body = {k: v for k, v in raw.items() if k not in REL_META and k not in ignore}
        props, found = check_props(rel_type, body, defaults)
        problems += found
    if problems:
        return _rejected(
            file, line, problems, rel_type or "?", raw_row if raw_row is not None else raw
        )
    return Record(Relationship(rel_type, raw["start"], raw["end"], props), file, line)


def _rejected(file, line, problems, label, raw) -> Rejected:
    return Rejected(file, line, [Problem(file, line, f, p) for f, p in problems], label, raw)
