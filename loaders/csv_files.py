"""CSV node files, relationship files and kind files (see docs/formats.md).

A file is read as a stream: rows are checked and yielded one by one, so a million-row
relationship file is never held in memory by the reader.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from functools import cache
from typing import TextIO

from graph.schema import SCHEMA

from .build import NODE_META, REL_META, node_record, rel_record
from .enterprises import ENTERPRISE_COLUMNS, enterprise_records
from .records import Problem, Record, Rejected
from .values import MAX_FIELD_CHARS

# The csv module's own limit would stop the file at the first huge cell; ours names
# MAX_FIELD_CHARS and keeps reading, so every bad row is reported.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

KINDS = ("enterprise", "nodes", "relationships")


@cache
def _node_columns() -> frozenset[str]:
    return frozenset(p.name for label in SCHEMA.labels for p in label.all_props) | set(NODE_META)


@cache
def _rel_columns() -> frozenset[str]:
    return frozenset(p.name for rel in SCHEMA.relationships for p in rel.all_props) | set(REL_META)


def file_kind(name: str, header: list[str], kind: str | None) -> str:
    if kind:
        return "enterprise" if kind in ("enterprise", "enterprises") else kind
    base = name.rsplit("/", 1)[-1].lower()
    if base.startswith("enterprises"):
        return "enterprise"
    if set(REL_META) & set(header):
        return "relationships"
    return "nodes"


def read_csv(
    stream: TextIO, name: str, kind: str | None = None, defaults: dict | None = None
) -> Iterator[Record | Rejected]:
    """Records from one CSV stream; ``name`` is how errors name the file."""
    reader = csv.reader(stream)
    try:
        header = next(reader, None)
    except csv.Error as e:
        yield Rejected.one(name, 1, "header", f"not CSV: {e}", whole_file=True)
        return
    if not header or not any(h.strip() for h in header):
        yield Rejected.one(name, 1, "file", "is empty (no header row)", whole_file=True)
        return
    header = [h.strip().lstrip("\ufeff") for h in header]
    which = file_kind(name, header, kind)
    problems = header_problems(which, header)
    if problems:
        yield Rejected(name, 1, [Problem(name, 1, f, m) for f, m in problems], whole_file=True)
        return
    yield from _rows(reader, name, header, which, defaults or {})


def header_problems(which: str, header: list[str]) -> list[tuple[str, str]]:
    problems = []
    seen = set()
    for h in header:
        if h in seen:
            problems.append((h or "(blank)", "column appears twice in the header"))
        seen.add(h)
    if which == "enterprise":
        required, allowed, what = ("uscc", "name"), ENTERPRISE_COLUMNS, "Enterprise"
    elif which == "relationships":
        required, allowed, what = REL_META, _rel_columns(), "any relationship type"
    elif which == "nodes":
        required, allowed, what = ("key",), _node_columns(), "any label"
    else:
        return [("kind", f"unknown kind {which!r} (use {', '.join(KINDS)})")]
    problems += [(c, "missing column") for c in required if c not in header]
    problems += [
        (h or "(blank)", f"unknown column (not a property of {what})")
        for h in header
        if h not in allowed
    ]
    return problems


def _rows(reader, name: str, header: list[str], which: str, defaults: dict):
    width = len(header)
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader, None)
        except csv.Error as e:
            yield Rejected.one(name, line, "row", f"not CSV: {e}", whole_file=True)
            return
        if row is None:
            return
        start, line = line, reader.line_num + 1
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != width:
            yield Rejected.one(
                name, start, "row", f"has {len(row)} fields, the header has {width}", raw=row
            )
            continue
        if max(map(len, row)) > MAX_FIELD_CHARS:
            big = [(h, v) for h, v in zip(header, row, strict=True) if len(v) > MAX_FIELD_CHARS]
            # the rejects file gets the row without the oversized cells
            yield Rejected(
                name,
                start,
                _field_limit(name, start, big),
                raw={
                    h: ("" if len(v) > MAX_FIELD_CHARS else v)
                    for h, v in zip(header, row, strict=True)
                },
            )
            continue
        raw = dict(zip(header, row, strict=True))
        if which == "enterprise":
            yield from enterprise_records(raw, defaults, name, start)
        elif which == "relationships":
            yield rel_record(raw, defaults, name, start)
        else:
            yield node_record(raw, defaults, name, start)


def _field_limit(name, line, big):
    # The value is not echoed back: a 10 MB cell would drown the report.
    return [
        Problem(
            name, line, h, f"{len(v)} characters is more than MAX_FIELD_CHARS={MAX_FIELD_CHARS}"
        )
        for h, v in big
    ]
