"""Find the files under the given paths and read each with the right reader.

``read_file`` yields :class:`Record` and :class:`Rejected` items for one file;
``read_paths`` does so for many, and also reports keys (and relationships) that
appear twice within a file or across the files of one run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from graph.model import Node
from graph.store import Limits

from .archives import read_zip as _read_zip
from .csv_files import read_csv
from .encoding import UndecodableFile, detect_file
from .records import Problem, Record, Rejected
from .structured import parse_json, parse_yaml, read_structured

SUFFIXES = (".csv", ".json", ".yaml", ".yml", ".zip")
REJECTS_MARK = ".rejects."


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and loadable files under folders named (sorted, rejects skipped).

    A symbolic link or special file with a loadable name is kept, so that reading it
    reports why it cannot be read instead of leaving it out without a word."""
    found: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found += sorted(
                f
                for f in path.rglob("*")
                if f.suffix.lower() in SUFFIXES
                and REJECTS_MARK not in f.name
                and (f.is_symlink() or not f.is_dir())
            )
        else:
            found.append(path)
    return found


def display_name(path: Path) -> str:
    return str(path)


def read_file(
    path: Path,
    kind: str | None = None,
    encoding: str | None = None,
    limits: Limits | None = None,
) -> Iterator[Record | Rejected]:
    """Records and rejected rows of one file; ``encoding`` overrides detection and
    ``limits`` caps what a zip may expand to (MAX_ARCHIVE_BYTES, MAX_ARCHIVE_RATIO)."""
    name = display_name(path)
    problem = _unreadable(path)
    if problem:
        yield Rejected.one(name, 1, "file", problem, whole_file=True)
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
    try:
        if suffix == ".zip":
            yield from _read_zip(path, name, encoding, limits or Limits())
            return
        try:
            found = detect_file(path, encoding)
        except UndecodableFile as e:
            yield Rejected.one(name, e.line, "encoding", str(e), whole_file=True)
            return
        if suffix == ".csv":
            with open(path, encoding=found, newline="") as stream:
                yield from read_csv(stream, name, kind)
            return
        text = path.read_text(encoding=found)
    except OSError as e:  # a file that vanished or became unreadable while being read
        yield Rejected.one(name, 1, "file", f"cannot be read: {e.strerror or e}", whole_file=True)
        return
    yield from _read_document(text, name, suffix)


def _unreadable(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file, or None."""
    if path.is_symlink() and not path.exists():
        return f"is a symbolic link to {str(path.readlink())!r}, which does not exist"
    if not path.exists():
        return "does not exist"
    if path.is_dir():
        return "is a folder, not a file"
    if not path.is_file():
        return "is not a regular file (a device, pipe or socket)"
    try:
        with open(path, "rb"):
            pass
    except OSError as e:
        return f"cannot be read: {e.strerror or e}"
    return None


def _read_document(text: str, name: str, suffix: str):
    import yaml

    try:
        doc = parse_json(text) if suffix == ".json" else parse_yaml(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        yield Rejected.one(
            name,
            mark.line + 1 if mark else 1,
            "file",
            f"not valid YAML: {getattr(e, 'problem', None) or e}",
            whole_file=True,
        )
        return
    except (ValueError, RecursionError) as e:  # json.JSONDecodeError; nesting too deep
        kind = "JSON" if suffix == ".json" else "YAML"
        yield Rejected.one(
            name,
            getattr(e, "lineno", 1),
            "file",
            f"not valid {kind}: {getattr(e, 'msg', None) or e}",
            whole_file=True,
        )
        return
    if doc is None:
        yield Rejected.one(name, 1, "file", "is empty", whole_file=True)
        return
    yield from read_structured(doc, name)


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
