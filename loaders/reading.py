"""Find the files under the given paths and read each with the right reader.

``read_file`` yields :class:`Record` and :class:`Rejected` items for one file;
``read_paths`` does so for many, and also reports keys (and relationships) that
appear twice within a file or across the files of one run.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from graph.model import Node

from .csv_files import read_csv
from .encoding import UndecodableFile, detect_bytes, detect_file
from .records import Problem, Record, Rejected
from .structured import parse_json, parse_yaml, read_structured

SUFFIXES = (".csv", ".json", ".yaml", ".yml", ".zip")
REJECTS_MARK = ".rejects."


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and loadable files under folders named (sorted, rejects skipped)."""
    found: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found += sorted(
                f
                for f in path.rglob("*")
                if f.is_file() and f.suffix.lower() in SUFFIXES and REJECTS_MARK not in f.name
            )
        else:
            found.append(path)
    return found


def display_name(path: Path) -> str:
    return str(path)


def read_file(path: Path, kind: str | None = None) -> Iterator[Record | Rejected]:
    name = display_name(path)
    if not path.exists():
        yield Rejected.one(name, 1, "file", "does not exist", whole_file=True)
        return
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        yield Rejected.one(
            name,
            1,
            "file",
            f"unknown file type {suffix!r} (use {', '.join(SUFFIXES)})",
            whole_file=True,
        )
        return
    if path.stat().st_size == 0:
        yield Rejected.one(
            name,
            1,
            "file",
            "is empty (no header row)" if suffix == ".csv" else "is empty",
            whole_file=True,
        )
        return
    if suffix == ".zip":
        yield from _read_zip(path, name)
        return
    try:
        encoding = detect_file(path)
    except UndecodableFile as e:
        yield Rejected.one(name, e.line, "encoding", str(e), whole_file=True)
        return
    if suffix == ".csv":
        with open(path, encoding=encoding, newline="") as stream:
            yield from read_csv(stream, name, kind)
        return
    yield from _read_document(path.read_text(encoding=encoding), name, suffix)


def _read_document(text: str, name: str, suffix: str):
    import yaml

    try:
        doc = parse_json(text) if suffix == ".json" else parse_yaml(text)
    except ValueError as e:  # json.JSONDecodeError
        yield Rejected.one(
            name,
            getattr(e, "lineno", 1),
            "file",
            f"not valid JSON: {getattr(e, 'msg', e)}",
            whole_file=True,
        )
        return
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        yield Rejected.one(
            name,
            mark.line + 1 if mark else 1,
            "file",
            f"not valid YAML: {getattr(e, 'problem', e)}",
            whole_file=True,
        )
        return
    if doc is None:
        yield Rejected.one(name, 1, "file", "is empty", whole_file=True)
        return
    yield from read_structured(doc, name)


def _read_zip(path: Path, name: str):
    """The CSV export: nodes.csv and relationships.csv (at any depth) in one zip."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        yield Rejected.one(name, 1, "file", f"not a zip file: {e}", whole_file=True)
        return
    with archive:
        members = {Path(m).name: m for m in archive.namelist() if m.lower().endswith(".csv")}
        wanted = [members[n] for n in ("nodes.csv", "relationships.csv") if n in members]
        if not wanted:
            yield Rejected.one(
                name, 1, "file", "holds no nodes.csv or relationships.csv", whole_file=True
            )
            return
        for member in wanted:
            inner = f"{name}!{member}"
            data = archive.read(member)
            try:
                encoding = detect_bytes(data)
            except UndecodableFile as e:
                yield Rejected.one(inner, e.line, "encoding", str(e), whole_file=True)
                continue
            kind = "nodes" if member.endswith("nodes.csv") else "relationships"
            stream = io.StringIO(data.decode(encoding), newline="")
            del data
            yield from read_csv(stream, inner, kind)


def read_paths(paths: Iterable[str | Path], kind: str | None = None) -> Iterator[Record | Rejected]:
    """Every record and rejected row of the files under ``paths``, with duplicates
    (the same node key, or the same start-type-end, read twice) reported as rejects."""
    check = DuplicateCheck()
    for path in find_files(paths):
        for item in read_file(path, kind):
            checked = check(item)
            if checked is not None:
                yield checked


class DuplicateCheck:
    """Turns a record whose node key (or start, type, end) was already read in this run
    into a Rejected naming where it was first read. The other records of a rejected
    duplicate row (an enterprise row's LOCATED_IN) are dropped with it."""

    def __init__(self):
        self.nodes: dict[str, tuple[str, int]] = {}
        self.rels: set[tuple[str, str, str]] = set()
        self.dropped_row: tuple[str, int] | None = None

    def __call__(self, item: Record | Rejected) -> Record | Rejected | None:
        if not isinstance(item, Record):
            return item
        rec = item
        if self.dropped_row == (rec.file, rec.line):
            return None
        if isinstance(rec.item, Node):
            first = self.nodes.get(rec.item.key)
            if first is None:
                self.nodes[rec.item.key] = (rec.file, rec.line)
                return rec
            where = f"line {first[1]}" if first[0] == rec.file else f"{first[0]}:{first[1]}"
            self.dropped_row = (rec.file, rec.line)
            problem = f"duplicate key {rec.item.key!r} (first at {where})"
            return _rejected(rec, "key", problem, dict(rec.item.properties))
        r = rec.item
        ident = (r.start, r.type, r.end)
        if ident in self.rels:
            row = {"start": r.start, "type": r.type, "end": r.end, **r.properties}
            problem = f"duplicate relationship {r.start} -{r.type}-> {r.end}"
            return _rejected(rec, "type", problem, row)
        self.rels.add(ident)
        return rec


def _rejected(rec: Record, field: str, problem: str, row: dict) -> Rejected:
    """``rec`` refused for one problem in ``field``, with its row kept for the rejects file."""
    problems = [Problem(rec.file, rec.line, field, problem)]
    return Rejected(rec.file, rec.line, problems, rec.label, row)
