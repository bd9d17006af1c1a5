"""Under ``--skip-invalid``: the rejected rows of each file, written beside it with the
problems found, so they can be fixed and loaded again.

CSV files get ``<file>.rejects.csv`` (``line``, ``errors`` and the row's own columns);
JSON, YAML and zip files get ``<file>.rejects.jsonl`` (one JSON object per row).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from .records import Rejected


def rejects_path(file: str) -> Path:
    base = Path(file.split("!", 1)[0])
    ext = "csv" if base.suffix.lower() == ".csv" else "jsonl"
    return base.with_name(f"{base.name}.rejects.{ext}")


def write_rejects(rejected: list[Rejected]) -> list[Path]:
    by_file: dict[Path, list[Rejected]] = {}
    for r in rejected:
        by_file.setdefault(rejects_path(r.file), []).append(r)
    for path, items in by_file.items():
        items.sort(key=lambda r: (r.file, r.line))
        if path.suffix == ".csv":
            _write_csv(path, items)
        else:
            _write_jsonl(path, items)
    return sorted(by_file)


def _write_csv(path: Path, items: list[Rejected]) -> None:
    columns: list[str] = []
    for r in items:
        if isinstance(r.raw, dict):
            columns += [c for c in r.raw if c not in columns]
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["line", "errors", *columns])
        for r in items:
            errors = "; ".join(f"{p.field}: {p.problem}" for p in r.problems)
            if isinstance(r.raw, dict):
                cells = [_cell(r.raw.get(c)) for c in columns]
            else:
                cells = [_cell(v) for v in (r.raw or [])]
            w.writerow([r.line, errors, *cells])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    return str(value)


def _write_jsonl(path: Path, items: list[Rejected]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for r in items:
            f.write(
                json.dumps(
                    {
                        "file": r.file,
                        "line": r.line,
                        "errors": [f"{p.field}: {p.problem}" for p in r.problems],
                        "record": r.raw,
                    },
                    ensure_ascii=False,
                    default=str,
                )
                + "\n"
            )
