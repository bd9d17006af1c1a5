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
from .values import FORMULA_PREFIXES, MAX_FIELD_CHARS

# What graph.export prefixes with a quote: formula starts, and a quote itself.
DEFUSED = (*FORMULA_PREFIXES, "'")

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
    stream: TextIO,
    name: str,
    kind: str | None = None,
    defaults: dict | None = None,
    defused: bool = False,
) -> Iterator[Record | Rejected]:
    """Records from one CSV stream; ``name`` is how errors name the file. ``defused``:
    the file is a CSV export, whose cells graph.export prefixed with ``'`` against
    spreadsheet formulas; the prefix is taken off again."""
    tap = _LineTap(stream)
    reader = csv.reader(tap)
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
    yield from _rows(reader, tap, name, header, which, defaults or {}, defused)


class _LineTap:
    """The stream's lines as the csv reader takes them, keeping those of the current
    row and noting the end of the stream (to tell an unclosed quote from a row)."""

    def __init__(self, stream: TextIO):
        self._lines = iter(stream)
        self.row: list[str] = []
        self.ended = False

    def __iter__(self):
        return self

    def __next__(self) -> str:
        try:
            line = next(self._lines)
        except StopIteration:
            self.ended = True
            raise
        self.row.append(line)
        return line


def _unclosed_quote(tap: _LineTap, start: int, end: int) -> str | None:
    """The problem when the row read from line ``start`` ran to the end of the file
    inside a quoted field (the csv module then takes the rest of the file as one cell)."""
    if not tap.ended or end - start < 1:
        return None
    odd_since = None
    inside = False
    for i, line in enumerate(tap.row):
        if line.count('"') % 2:
            inside = not inside
            if inside:
                odd_since = start + i
    if not inside:
        return None
    return (
        f"the quote opened on line {odd_since} is never closed: the rest of the file "
        f"(to line {end}) would be one cell; close the quote (write a quote inside a "
        'quoted cell as "")'
    )


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


def _rows(reader, tap, name: str, header: list[str], which: str, defaults: dict, defused: bool):
    width = len(header)
    line = reader.line_num + 1
    while True:
        tap.row.clear()
        try:
            row = next(reader, None)
        except csv.Error as e:
            yield Rejected.one(name, line, "row", f"not CSV: {e}", whole_file=True)
            return
        if row is None:
            return
        start, line = line, reader.line_num + 1
        unclosed = _unclosed_quote(tap, start, reader.line_num)
        if unclosed:
            yield Rejected.one(name, start, "row", unclosed, whole_file=True, raw=row[:width])
            return
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if defused:
            row = [undefuse(v) for v in row]
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


def undefuse(cell: str) -> str:
    """A cell of a CSV export as it was stored (graph.export.defuse undone).

    >>> undefuse("'=1+2"), undefuse("''quoted"), undefuse("'plain")
    ('=1+2', "'quoted", "'plain")
    """
    if cell[:1] == "'" and cell[1:2] in DEFUSED:
        return cell[1:]
    return cell


def _field_limit(name, line, big):
    # The value is not echoed back: a 10 MB cell would drown the report.
    return [
        Problem(
            name, line, h, f"{len(v)} characters is more than MAX_FIELD_CHARS={MAX_FIELD_CHARS}"
        )
        for h, v in big
    ]
