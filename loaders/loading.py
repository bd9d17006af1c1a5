"""One load run: read and check every file, then (only when nothing is wrong, or with
``skip_invalid``) write through the store in batches.

Everything is validated before anything is written, so a run that fails leaves the
store as it was. Records are held once, as the plain objects the store takes; a
relationship's ends and every ``source`` are checked against this run's nodes and the
store (one lookup per distinct missing key, not per row).
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path

import click

from graph.model import Node, Relationship, WriteCounts

from . import agreement, rederive, stored
from .eligibility import Firm, derive, firm_of, measure_target, policy_target
from .reading import DuplicateCheck, find_files, read_file
from .records import Problem, Record, Rejected
from .rejects import write_rejects
from .report import LoadReport

REFERENCE_CHUNK = 5000  # keys per read of stored reference nodes (every node of a run)
ELIGIBILITY_READ = "reading policies and measures for ELIGIBLE_FOR"


class Run:
    """The records of one run, kept once, and what was rejected."""

    def __init__(self):
        self.nodes: list[Record] = []
        self.rels: list[Record] = []
        self.rejected: list[Rejected] = []

    def add(self, item: Record | Rejected) -> None:
        if isinstance(item, Rejected):
            self.rejected.append(item)
        elif isinstance(item.item, Node):
            self.nodes.append(item)
        else:
            self.rels.append(item)


def load_paths(
    store,
    paths: Iterable[str | Path] | None = None,
    kind: str | None = None,
    skip_invalid: bool = False,
    progress: bool = False,
    encoding: str | None = None,
    update_reference: bool = False,
) -> LoadReport:
    """Load files and folders (default: the bundled data/) into ``store``.

    ``encoding`` reads every file in that encoding instead of detecting it; a record that
    would change a stored node whose status is ``reference`` is refused unless
    ``update_reference``."""
    from . import BUNDLED_DATA

    paths = list(paths) if paths else [BUNDLED_DATA]
    files = find_files(paths)
    report = LoadReport(files=files)
    run = _read(files, kind, progress, encoding, store.limits)
    known = _check_references(store, run)
    if not update_reference:
        _check_reference_nodes(store, run)
    _check_located(run)
    if run.rejected:
        if skip_invalid:
            _drop_dependants(run, known)
        report.errors = [p for r in sorted(run.rejected, key=_order(files)) for p in r.problems]
        for r in run.rejected:
            report.rejected[r.label] = report.rejected.get(r.label, 0) + 1
        if not skip_invalid:
            return report
        report.rejects_files = write_rejects(run.rejected)
    # What the run changes in the rules' inputs, read before it is written; the edges of
    # its new enterprises are derived in its batches, the rest re-derived after them, in
    # the same all-or-nothing run (loaders/rederive.py).
    what = rederive.plan(
        store, [r.item for r in run.nodes], [r.item for r in run.rels], derive_new=True
    )
    derived = _Counted(_derived_pairs(store, run, what.new_firms))
    with rederive.kept_current(store, what, unique=True) as refreshed:
        report.counts = _write(store, run, derived, progress)
    report.derived = derived.count + refreshed.written
    report.stale = refreshed.deleted
    report.written = True
    return report


class _Counted:
    """Derived relationships are streamed to the store, never held; this counts them."""

    def __init__(self, items: Iterator[Relationship]):
        self.items = items
        self.count = 0

    def __iter__(self):
        for item in self.items:
            self.count += 1
            yield item


def _order(files: list[Path]):
    rank = {str(f): i for i, f in enumerate(files)}
    return lambda r: (rank.get(r.file.split("!", 1)[0], len(rank)), r.file, r.line)


def _read(files: list[Path], kind: str | None, progress: bool, encoding=None, limits=None) -> Run:
    run = Run()
    sizes = {f: (f.stat().st_size if f.exists() else 0) for f in files}
    bar = _bar(sum(sizes.values()), "reading", progress)
    check = DuplicateCheck()
    with bar as b:
        for f in files:
            for item in read_file(f, kind, encoding, limits):
                checked = check(item)
                if checked is not None:
                    run.add(checked)
            b.update(sizes[f])
    return run


def _check_reference_nodes(store, run: Run) -> None:
    """Refuse records that would change a stored node whose status is ``reference``
    (GB/T 2260 regions and the like): reference data changes only by --update-reference.
    A refused node stays out of the run; relationships to it still find it stored."""
    keys = sorted({rec.item.key for rec in run.nodes})
    stored: dict[str, dict] = {}
    for i in range(0, len(keys), REFERENCE_CHUNK):
        stored.update(store.reference_nodes(keys[i : i + REFERENCE_CHUNK]))
    if not stored:
        return
    keep = []
    for rec in run.nodes:
        old = stored.get(rec.item.key)
        changed = [(k, v) for k, v in rec.item.properties.items() if old and old.get(k) != v]
        if not changed:
            keep.append(rec)
            continue
        source = old.get("source") or "reference data"
        problems = [
            Problem(
                rec.file,
                rec.line,
                k,
                f"would change {rec.item.key} (status reference, from {source}) from "
                f"{_shown(old.get(k))} to {_shown(v)}; reference data is changed only "
                "with --update-reference",
            )
            for k, v in changed
        ]
        run.rejected.append(Rejected(rec.file, rec.line, problems, rec.label, _raw(rec.item)))
    run.nodes = keep


def _check_located(run: Run) -> None:
    """Refuse LOCATED_IN relationships that disagree with GB/T 2260 (loaders/agreement.py)."""
    bad = agreement.located_problems(run.nodes, run.rels)
    if not bad:
        return
    refused: dict[int, list[Problem]] = {}
    for rec, field, problem in bad:
        refused.setdefault(id(rec), []).append(Problem(rec.file, rec.line, field, problem))
    keep = []
    for rec in run.rels:
        problems = refused.get(id(rec))
        if problems:
            run.rejected.append(Rejected(rec.file, rec.line, problems, rec.label, _raw(rec.item)))
        else:
            keep.append(rec)
    run.rels = keep


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_references(store, run: Run) -> set[str]:
    """Reject relationships whose ends, and records whose ``source``, exist neither in
    this run nor in the store. Returns the keys known to exist."""
    run_keys = {r.item.key for r in run.nodes}
    wanted: set[str] = set()
    for rec in run.rels:
        for k in (rec.item.start, rec.item.end):
            if k not in run_keys:
                wanted.add(k)
    for rec in run.nodes + run.rels:
        src = rec.item.properties.get("source")
        if src and src not in run_keys:
            wanted.add(src)
    in_store = stored.existing(store, wanted)
    known = run_keys | in_store
    missing = wanted - in_store
    if missing:
        rejected = {r.raw.get("key") for r in run.rejected if isinstance(r.raw, dict)}
        _reject_missing(run, missing, rejected)
    return known


def _reject_missing(run: Run, missing: set[str], rejected: set[str]) -> None:
    keep_nodes, keep_rels = [], []
    for rec in run.nodes:
        src = rec.item.properties.get("source")
        if src in missing:
            run.rejected.append(_missing(rec, [("source", src)], rejected))
        else:
            keep_nodes.append(rec)
    for rec in run.rels:
        item = rec.item
        bad = [
            (f, k)
            for f, k in (
                ("start", item.start),
                ("end", item.end),
                ("source", item.properties.get("source")),
            )
            if k in missing
        ]
        if bad:
            run.rejected.append(_missing(rec, bad, rejected))
        else:
            keep_rels.append(rec)
    run.nodes, run.rels = keep_nodes, keep_rels


def _missing(rec: Record, bad: list[tuple[str, str]], rejected: set[str] = frozenset()) -> Rejected:
    problems = [
        Problem(
            rec.file,
            rec.line,
            f,
            f"node {k!r} is in a rejected row and not in the store"
            if k in rejected
            else f"no node {k!r} in these files or the store",
        )
        for f, k in bad
    ]
    return Rejected(rec.file, rec.line, problems, rec.label, _raw(rec.item))


def _raw(item: Node | Relationship) -> dict:
    if isinstance(item, Node):
        return dict(item.properties)
    return {"start": item.start, "type": item.type, "end": item.end, **item.properties}


def _drop_dependants(run: Run, known: set[str]) -> None:
    """Under --skip-invalid, rows tied to a rejected row go too: the other records of
    the same row (an enterprise's LOCATED_IN) and relationships to rejected nodes."""
    bad_rows = {(r.file, r.line) for r in run.rejected}
    rejected_keys = {r.item.key for r in run.nodes if (r.file, r.line) in bad_rows}
    run.nodes = [r for r in run.nodes if (r.file, r.line) not in bad_rows]
    present = {r.item.key for r in run.nodes} | (known - rejected_keys)
    keep = []
    for rec in run.rels:
        item = rec.item
        if (rec.file, rec.line) in bad_rows:
            continue
        if item.start not in present or item.end not in present:
            run.rejected.append(
                _missing(
                    rec,
                    [
                        (f, k)
                        for f, k in (("start", item.start), ("end", item.end))
                        if k not in present
                    ],
                )
            )
            continue
        keep.append(rec)
    run.rels = keep


def _derived_pairs(store, run: Run, new: set[str]) -> Iterator[Relationship]:
    """ELIGIBLE_FOR for the enterprises this run creates (``new``; see
    loaders/eligibility.py). Those already stored are re-derived after the write, from
    what the store then holds (a record may give only some of their properties)."""
    firms = [f for f in _firms(run) if f.key in new]
    if not firms:
        return iter(())
    targets = _targets(store, run)
    given = {(r.item.start, r.item.end) for r in run.rels if r.item.type == "ELIGIBLE_FOR"}
    return (rel for rel in derive(firms, targets) if (rel.start, rel.end) not in given)


def _firms(run: Run) -> list[Firm]:
    firms = [firm_of(r.item.properties) for r in run.nodes if r.item.label == "Enterprise"]
    lacking = {f.key for f in firms if not f.region_code or not f.industry_code}
    if not lacking:
        return firms
    # Enterprises from records files may give region and industry only as relationships.
    where: dict[str, dict[str, str]] = {}
    for rec in run.rels:
        item = rec.item
        if item.start in lacking and item.type in ("LOCATED_IN", "IN_INDUSTRY"):
            where.setdefault(item.start, {})[item.type] = item.end.split(":", 1)[1]
    return [
        replace(
            f,
            region_code=f.region_code or where.get(f.key, {}).get("LOCATED_IN"),
            industry_code=f.industry_code or where.get(f.key, {}).get("IN_INDUSTRY"),
        )
        if f.key in lacking
        else f
        for f in firms
    ]


def _targets(store, run: Run):
    covers: dict[str, set[str]] = {}
    policies: dict[str, dict] = {}
    measures: dict[str, dict] = {}
    for row in stored.paged(store, "loader_policies", ELIGIBILITY_READ):
        policies[row["key"]] = row
        covers[row["key"]] = {c for c in row.get("regions") or () if c}
    for row in stored.paged(store, "loader_measures", ELIGIBILITY_READ):
        measures[row["key"]] = row
    for rec in run.nodes:  # a record's properties replace the stored ones it gives
        props = rec.item.properties
        if rec.item.label == "Policy":
            policies[props["key"]] = _merged(policies.get(props["key"]), props)
        elif rec.item.label == "Measure":
            measures[props["key"]] = _merged(measures.get(props["key"]), props)
    for rec in run.rels:
        if rec.item.type == "COVERS":
            covers.setdefault(rec.item.start, set()).add(rec.item.end.split(":", 1)[1])
    return [policy_target(p, covers.get(k, ())) for k, p in sorted(policies.items())] + [
        measure_target(m) for _, m in sorted(measures.items())
    ]


def _merged(stored: dict | None, given: dict) -> dict:
    return {k: v for k, v in {**(stored or {}), **given}.items() if v is not None}


def _write(store, run: Run, derived: Iterable[Relationship], progress: bool) -> WriteCounts:
    total = len(run.nodes) + len(run.rels)  # derived edges are counted as they stream

    def items():
        # Each record is let go once handed over: a first load would otherwise hold the
        # run twice (its records here, and the rows the store gathers for its COPY).
        for records in (run.nodes, run.rels):
            waiting = deque(records)
            records.clear()
            while waiting:
                yield waiting.popleft().item
        yield from derived

    with _bar(total, "writing", progress) as bar:
        # unique: the run has refused duplicate keys and relationships (DuplicateCheck),
        # and derived pairs leave out those given; the store may then bulk-load.
        return store.load(_ticking(items(), bar), unique=True)


def _ticking(items, bar, every: int = 5000):
    n = 0
    for item in items:
        yield item
        n += 1
        if n == every:
            bar.update(n)
            n = 0
    bar.update(n)


def _bar(length: int, label: str, show: bool):
    if not show:
        return nullcontext(_NoBar())
    return click.progressbar(length=max(length, 1), label=label, file=sys.stderr, show_pos=True)


class _NoBar:
    def update(self, n: int) -> None:
        pass
