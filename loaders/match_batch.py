"""The matcher in batch, for service platforms: a CSV of enterprises in, a CSV of their
matches and near misses out (``flask --app webapp match --in members.csv --out
matches.csv``, or the upload on /match).

Input: UTF-8 (with or without BOM) or GBK, detected as the loaders do
(loaders/encoding.py). Columns, any order, a header row first: ``uscc`` (prefills the
row from the enterprise in the graph) and/or the profile: ``region`` (code or name;
``region_code`` too), ``industry`` (``industry_code``), ``employees``, ``revenue_wan``,
``assets_wan``, ``size_class``, ``designations`` (separated by 、 , ; or |),
``founded``, and ``name``. Other columns are ignored (and named in the report). A bad
cell is reported as ``file:line: field: problem``, the row is written to the output as
an ``error`` row, and the other rows are matched.

Output: one row per (enterprise, policy or measure) it matches, nearly matches, or may
match when the profile does not say enough (``undecided``), with the criteria met,
missing and unknown; every text cell defused against spreadsheet
formulas (graph/export.py ``defuse``, the OWASP rule).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from graph.export import defuse
from graph.rules import SIZES, Profile

from . import matching, stored
from .encoding import UndecodableFile, detect_bytes
from .enterprises import FULL_WIDTH, _industry, _region
from .reference import canonical_designation, size_class
from .uscc import normalise_uscc, uscc_problems
from .validate import SIZE_CLASSES

PROFILE_COLUMNS = (
    "uscc",
    "name",
    "region",
    "region_code",
    "industry",
    "industry_code",
    "employees",
    "revenue_wan",
    "assets_wan",
    "size_class",
    "designations",
    "founded",
)
OUT_COLUMNS = (
    "line",
    "uscc",
    "name",
    "region_code",
    "industry_code",
    "size_class",
    "result",
    "key",
    "label",
    "target_name",
    "criteria_met",
    "criteria_missing",
    "criteria_unknown",
    "effective_from",
    "expires",
    "status",
    "source",
    "error",
)
DESIGNATION_SPLIT = re.compile(r"[、,，;；|]")


class BatchError(ValueError):
    """The file as a whole cannot be read (encoding, no header, no usable column)."""


@dataclass
class BatchReport:
    rows: int = 0
    matched_rows: int = 0
    out_rows: int = 0
    error_rows: int = 0
    errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


@dataclass
class Row:
    line: int
    raw: dict
    profile: Profile | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)


def read_rows(text: Iterable[str], name: str) -> tuple[list[Row], list[str]]:
    reader = csv.reader(text)
    try:
        header = next(reader, None)
    except csv.Error as e:
        raise BatchError(f"{name}:1: header: not CSV: {e}") from e
    if not header or not any(h.strip() for h in header):
        raise BatchError(f"{name}:1: file: is empty (no header row)")
    header = [h.strip().lstrip("\ufeff").lower() for h in header]
    known = [h for h in header if h in PROFILE_COLUMNS]
    if not known or known == ["name"]:
        raise BatchError(
            f"{name}:1: header: no usable column (give uscc, or region, industry, "
            "employees, revenue_wan, designations ...)"
        )
    ignored = [h for h in header if h and h not in PROFILE_COLUMNS]
    rows: list[Row] = []
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as e:
            rows.append(Row(line, {}, problems=[("row", f"not CSV: {e}")]))
            break
        if cells is None:
            break
        start, line = line, reader.line_num + 1
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        if len(cells) != len(header):
            problem = f"has {len(cells)} fields, the header has {len(header)}"
            rows.append(Row(start, {}, problems=[("row", problem)]))
            continue
        raw = {h: v.strip() for h, v in zip(header, cells, strict=True) if h in PROFILE_COLUMNS}
        rows.append(Row(start, raw))
    return rows, ignored


def _number(raw: dict, name: str, problems: list, integer: bool = False):
    text = (raw.get(name) or "").replace(",", "")
    if not text:
        return None
    if FULL_WIDTH.search(text):
        problems.append((name, f"{text!r} has full-width characters; use ASCII digits"))
        return None
    try:
        value = int(text) if integer else float(text)
    except ValueError:
        kind = "a whole number" if integer else "a number"
        problems.append((name, f"must be {kind}, got {text[:40]!r}"))
        return None
    if value < 0 or value != value or value in (float("inf"),):
        problems.append((name, f"must be 0 or more, got {text[:40]!r}"))
        return None
    return value


def _designations(raw: dict, problems: list) -> tuple[str, ...] | None:
    if "designations" not in raw:
        return None
    names = [d.strip() for d in DESIGNATION_SPLIT.split(raw["designations"]) if d.strip()]
    unknown = [d for d in names if canonical_designation(d) is None]
    if unknown:
        problems.append(("designations", f"unknown designation {unknown[0]!r}"))
    return tuple(dict.fromkeys(names))


def _date(raw: dict, name: str, problems: list) -> str | None:
    text = raw.get(name) or ""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        problems.append((name, f"must be a date YYYY-MM-DD, got {text[:40]!r}"))
        return None


def build_profile(row: Row, stored: dict | None) -> None:
    """The row's profile, over the stored enterprise's properties when it has a USCC."""
    raw, problems = row.raw, row.problems
    base = stored or {}
    if raw.get("uscc") and stored is None and not _has_profile(raw):
        problems.append(("uscc", "not in the graph, and the row gives no profile columns"))
    region_text = raw.get("region") or raw.get("region_code") or ""
    region = None
    if region_text:
        found = _region({"region": region_text}, problems)
        region = found.code if found is not None else None
    industry_text = (raw.get("industry") or raw.get("industry_code") or "").strip()
    if ":" not in industry_text:  # c34 is C34, as on /match
        industry_text = industry_text.upper()
    industry = _industry(industry_text, problems) if industry_text else None
    employees = _number(raw, "employees", problems, integer=True)
    revenue = _number(raw, "revenue_wan", problems)
    assets = _number(raw, "assets_wan", problems)
    designations = _designations(raw, problems)
    founded = _date(raw, "founded", problems)
    given_size = (raw.get("size_class") or "").strip()
    size = SIZE_CLASSES.get(given_size) if given_size else None
    if given_size and size is None:
        problems.append(("size_class", f"must be one of {', '.join(SIZES)}, got {given_size!r}"))
    if problems:
        return
    region = region or base.get("region_code")
    industry = industry or base.get("industry_code")
    employees = employees if employees is not None else base.get("employees")
    revenue = revenue if revenue is not None else base.get("revenue_wan")
    assets = assets if assets is not None else base.get("assets_wan")
    if designations is None:
        stored_d = base.get("designations")
        designations = tuple(stored_d) if stored_d is not None else None
    size = size or size_class(industry, employees, revenue, assets) or base.get("size_class")
    row.profile = Profile(
        base.get("key"),
        region,
        size,
        industry,
        designations,
        employees,
        revenue,
        assets,
        founded or base.get("founded"),
    )


def _has_profile(raw: dict) -> bool:
    return any(raw.get(c) for c in PROFILE_COLUMNS if c not in ("uscc", "name"))


def _usccs(rows: list[Row]) -> None:
    for row in rows:
        if row.problems or not row.raw.get("uscc"):
            continue
        code = normalise_uscc(row.raw["uscc"])
        problems = uscc_problems(code)
        if problems:
            row.problems.append(("uscc", "; ".join(problems)))
        row.raw["uscc"] = code


def stored_enterprises(store, rows: list[Row]) -> dict[str, dict]:
    """The stored properties of the rows' enterprises, by USCC (one read per chunk)."""
    keys = {f"enterprise:{r.raw['uscc']}" for r in rows if r.raw.get("uscc")}
    # as the graph's ELIGIBLE_FOR reads them: region and industry also from LOCATED_IN
    # and IN_INDUSTRY (loaders/stored.py)
    found = stored.enterprises(store, keys, "reading the batch's enterprises")
    return {key.split(":", 1)[1]: props for key, props in found.items()}


# Profile fields only some criteria read: they join the cache key only when one does.
RANGE_FIELDS = {"employees": "employees", "revenue_wan": "revenue_wan", "founded": "founded"}


def _used_ranges(targets: matching.Targets) -> tuple[str, ...]:
    used = set()
    for t in targets.by_key.values():
        c = t.criteria
        if c.employees_min is not None or c.employees_max is not None:
            used.add("employees")
        if c.revenue_min_wan is not None or c.revenue_max_wan is not None:
            used.add("revenue_wan")
        if c.founded_from is not None or c.founded_until is not None:
            used.add("founded")
    return tuple(sorted(used))


# A row's result for one target, as /match lists it: undecided when the profile does not
# say enough (criteria_unknown names what), never a "no".
RESULTS = {True: "match", None: "undecided"}


def match_rows(
    rows: list[Row], targets: matching.Targets, name: str, on: str | None, report: BatchReport
) -> Iterator[list[str]]:
    """Output rows. Rows whose profiles the rules cannot tell apart (same region, size
    class, industry, designations, and figures only where a criterion reads them) share
    one evaluation and one set of target cells."""
    on = on or matching.today()
    ranges = _used_ranges(targets)
    cache: dict[tuple, tuple[bool, list[list[str]]]] = {}
    for row in rows:
        report.rows += 1
        raw = row.raw
        if row.problems:
            report.error_rows += 1
            for field_name, problem in row.problems:
                report.errors.append(f"{name}:{row.line}: {field_name}: {problem}")
            error = "; ".join(f"{f}: {p}" for f, p in row.problems)
            yield _head(row.line, raw, None) + _tail("error", error=f"{name}:{row.line}: {error}")
            continue
        p = row.profile
        key = (
            p.region_code,
            p.size_class,
            p.industry_code,
            p.designations,
            *(getattr(p, f) for f in ranges),
        )
        hit = cache.get(key)
        if hit is None:
            outcomes = [
                o
                for o in matching.evaluate(p, targets.local(p.region_code), on)
                if o.result is not False or o.unmet is not None
            ]
            tails = [
                _tail(RESULTS[o.result] if o.unmet is None else "near_miss", o) for o in outcomes
            ]
            hit = cache[key] = (any(o.result is True for o in outcomes), tails or [_tail("none")])
        matched, tails = hit
        if matched:
            report.matched_rows += 1
        head = _head(row.line, raw, p)
        for tail in tails:
            yield head + tail


def _crit(found, met) -> str:
    """``criterion=value`` pairs: what matched for met ones, what is required otherwise."""
    out = []
    for k in found:
        if k.met is not met:
            continue
        if met and k.matched:
            out += list(k.matched)
        else:
            out.append(f"{k.criterion}:{_plain(k.required)}")
    return "; ".join(out)


def _plain(value) -> str:
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    return "" if value is None else str(value)


def _head(line, raw, p: Profile | None) -> list[str]:
    cells = [
        str(line),
        raw.get("uscc", ""),
        raw.get("name", ""),
        (p.region_code if p else None) or "",
        (p.industry_code if p else None) or "",
        (p.size_class if p else None) or "",
    ]
    return [defuse(v) for v in cells]


def _tail(result, o: matching.Outcome | None = None, error="") -> list[str]:
    c = o.target.criteria if o else None
    row = o.target.row if o else {}
    cells = [
        result,
        c.key if c else "",
        o.target.label if o else "",
        row.get("name") or "",
        _crit(o.found, True) if o else "",
        _crit(o.found, False) if o else "",
        _crit(o.found, None) if o else "",
        (c.effective_from if c else None) or "",
        (c.expires if c else None) or "",
        row.get("status") or "",
        row.get("source") or "",
        error,
    ]
    return [defuse(v) for v in cells]


def match_text(text: Iterable[str], name: str, store, on: str | None = None):
    """(output rows iterator, report) for CSV ``text``; the rows stream."""
    rows, ignored = read_rows(text, name)
    report = BatchReport(ignored_columns=ignored)
    _usccs(rows)
    stored = stored_enterprises(store, [r for r in rows if not r.problems])
    for row in rows:
        if not row.problems:
            build_profile(row, stored.get(row.raw.get("uscc", "")))
    targets = matching.Targets(store)
    return match_rows(rows, targets, name, on, report), report


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    try:
        return data.decode(detect_bytes(data, encoding))
    except UndecodableFile as e:
        raise BatchError(f"{name}:{e.line}: file: {e}") from e


def match_bytes(data: bytes, name: str, store, on: str | None = None, encoding=None):
    """The output CSV (UTF-8 with BOM, so that Excel reads the Chinese) and the report."""
    text = decode(data, name, encoding)
    out_rows, report = match_text(io.StringIO(text, newline=""), name, store, on)
    buffer = io.StringIO()
    write_csv(buffer, out_rows, report)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), report


def write_csv(stream, out_rows: Iterable[list[str]], report: BatchReport) -> None:
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(OUT_COLUMNS)
    for cells in out_rows:
        writer.writerow(cells)
        report.out_rows += 1
