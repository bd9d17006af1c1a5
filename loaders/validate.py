"""Check a record's properties against ``graph.schema.SCHEMA`` and turn raw values
(text from CSV, or YAML/JSON values) into the declared types.

``NodeCheck.props(label, raw)`` returns the clean properties and a list of
``(field, problem)``; nothing is raised for bad data, so every problem of a row is
reported together.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from graph.keys import KEY_RE, key_kind
from graph.rules import criteria_problems
from graph.schema import SCHEMA, STATUSES

from . import values
from .regions import region_table
from .uscc import normalise_uscc, uscc_problems

DATE_FIELDS = frozenset(
    {
        "date",
        "issued_date",
        "effective_date",
        "expiry_date",
        "eligible_founded_from",
        "eligible_founded_until",
        "deadline",
        "founded",
        "established",
        "published_date",
    }
)
AMOUNT_FIELDS = frozenset({"amount", "amount_min", "amount_max", "size"})
NAME_FIELDS = frozenset({"name", "name_en", "aliases", "title"})
CODE_FIELDS = frozenset({"code", "province_code", "region_code"})
# Fields that hold codes (GB/T 2260, GB/T 4754, USCC, ISO): ASCII only, never normalised.
ASCII_FIELDS = CODE_FIELDS | {
    "uscc",
    "industry_code",
    "iso_code",
    "eligible_regions",
    "eligible_industries",
}
SIZE_CLASSES = {
    "micro": "micro",
    "small": "small",
    "medium": "medium",
    "large": "large",
    "微型": "micro",
    "小型": "small",
    "中型": "medium",
    "大型": "large",
    "微型企业": "micro",
    "小型企业": "small",
    "中型企业": "medium",
    "大型企业": "large",
}
# Amount text fields and the number field each one fills when that is not given.
TEXT_AMOUNTS = {"amount_text": "amount", "size_text": "size"}
KIND_LABEL = {label.kind: label.name for label in SCHEMA.labels}
REL_NAMES = frozenset(SCHEMA.rel_names)
# Fields whose few distinct values repeat on every row (a million rows share one source):
# their checked value is cached.
REPEATED = frozenset(
    {
        "source",
        "status",
        "size_class",
        "currency",
        "kind",
        "level",
        "instrument",
        "region_code",
        "province_code",
    }
)


@cache
def prop_types(name: str) -> dict[str, str]:
    return SCHEMA.prop_types(name)


def key_label(key) -> str | None:
    """The label a well-formed key of a known kind names, else None (fast path)."""
    if not isinstance(key, str):
        return None
    label = KIND_LABEL.get(key.partition(":")[0])
    return label if label and KEY_RE.match(key) else None


def key_problem(key, expect_label: str | None = None) -> str | None:
    """Why ``key`` is not a usable business key (for ``expect_label``), or None."""
    if not isinstance(key, str) or not KEY_RE.match(key):
        return f"{key!r} is not a key of the form kind:id ([a-z_]+:[A-Za-z0-9_-]+)"
    label = KIND_LABEL.get(key_kind(key))
    if label is None:
        return f"{key!r}: unknown kind {key_kind(key)!r} (known: {', '.join(sorted(KIND_LABEL))})"
    if expect_label and label != expect_label:
        return f"{key!r} is a {label} key, not a {expect_label}"
    return None


def check_props(owner: str, raw: dict, defaults: dict | None = None) -> tuple[dict, list]:
    """Clean properties of a node label or relationship type, and the problems found."""
    types = prop_types(owner)
    props: dict = {}
    problems: list[tuple[str, str]] = []
    for name, value in raw.items():
        if value is None or value == "" or value == []:
            continue
        kind = types.get(name)
        if kind is None:
            problems.append((name, f"{owner} has no property {name!r}"))
            continue
        try:
            _set(props, owner, name, kind, value)
        except ValueError as e:
            problems.append((name, str(e)))
    for name, value in (defaults or {}).items():
        if name not in props and value not in (None, ""):
            props[name] = value
    _fill_amounts(props, problems)
    if owner == "Measure":
        problems += criteria_problems(props)  # what the rules could not read (graph/rules.py)
    return props, problems


def default_value(name: str, value) -> str:
    """A file-level default (``source``, ``status``, ``evidence``) checked as its
    property is; ValueError names the problem."""
    return _string(name, value)


def _set(props: dict, owner: str, name: str, kind: str, value) -> None:
    if name in AMOUNT_FIELDS:
        _set_amount(props, owner, name, value)
        return
    if kind == "string[]":
        items = values.to_list(value)
        for item in items:
            values.check_text(item, name in NAME_FIELDS)
            if name in ASCII_FIELDS:
                values.check_ascii(item)
        props[name] = items
    elif kind == "int":
        props[name] = values.to_int(value)
    elif kind == "float":
        props[name] = values.to_float(value)
    elif kind == "bool":
        props[name] = values.to_bool(value)
    elif name in DATE_FIELDS:
        props[name] = values.parse_date(value)
    elif name in REPEATED and isinstance(value, str):
        props[name] = _repeated(name, value, owner)
    else:
        props[name] = _string(name, value, owner)


@lru_cache(maxsize=4096)
def _repeated(name: str, value: str, owner: str) -> str:
    return _string(name, value, owner)


def _set_amount(props: dict, owner: str, name: str, value) -> None:
    """``amount`` takes a figure, a range (数千万元) or a placeholder (XX亿元);
    ``size``, ``amount_min`` and ``amount_max`` take a figure or a placeholder.
    Text is kept in the matching ``*_text`` property."""
    found = values.parse_amount(value)
    if name == "amount":
        for k in ("amount", "amount_min", "amount_max"):
            if k in found:
                props.setdefault(k, found[k])
    elif "amount" in found:
        props[name] = found["amount"]
    elif "amount_min" in found or "amount_max" in found:
        raise ValueError(f"{value!r} is a range; give it as amount_text or amount")
    text_field = "size_text" if name == "size" else "amount_text"
    if "amount_text" in found and text_field in prop_types(owner):
        props.setdefault(text_field, found["amount_text"])


def _string(name: str, value, owner: str = "") -> str:
    if isinstance(value, (dict, list, bool)):
        raise ValueError(f"expected text, got {type(value).__name__}")
    text = values.check_text(
        str(value).strip(), name in NAME_FIELDS, name in values.LONG_TEXT_FIELDS
    )
    if name in ASCII_FIELDS:
        values.check_ascii(text)
    if name == "status" and text not in STATUSES:
        raise ValueError(f"{text!r} is not one of {', '.join(STATUSES)}")
    if name == "source":
        problem = key_problem(text, "Source")
        if problem:
            raise ValueError(problem)
    if name in CODE_FIELDS and owner != "Industry" and not re.fullmatch(r"[0-9]{6}", text):
        raise ValueError(f"{text!r} is not a 6-digit GB/T 2260 code")
    if name == "size_class":
        if text not in SIZE_CLASSES:
            raise ValueError(f"{text!r} is not one of micro, small, medium, large")
        text = SIZE_CLASSES[text]
    if name == "uscc":
        text = normalise_uscc(text)
        table = region_table()
        problems = uscc_problems(text, None if table.empty else table.known_code)
        if problems:
            raise ValueError(f"{text}: " + "; ".join(problems))
    return text


def _fill_amounts(props: dict, problems: list) -> None:
    """A figure stated only in the text (amount_text: 50亿元) fills the number."""
    for text_field, number_field in TEXT_AMOUNTS.items():
        text = props.get(text_field)
        if text is None or number_field in props:
            continue
        try:
            found = values.amount_from_text(text)
        except ValueError as e:
            problems.append((text_field, str(e)))
            continue
        if number_field == "amount":
            for k in ("amount", "amount_min", "amount_max"):
                if k in found:
                    props.setdefault(k, found[k])
        elif "amount" in found:
            props[number_field] = found["amount"]
