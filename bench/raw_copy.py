"""The engine's own bulk import of the rows a load stored, for the ratio of issue 11.

Every table of a loaded embedded store is exported with the engine's ``COPY (MATCH ...)
TO 'file.parquet'``, then imported into a fresh store of the same schema with ``COPY
<table> FROM 'file.parquet'`` (the engine's native, parallel reader). Only the import
is timed: it is the floor a loader that validates, derives and counts can be put beside.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from graph import open_store
from graph.queries import label as lbl
from graph.queries import rel_types, table
from graph.schema import SCHEMA


def measure(uri: str) -> dict:
    """{"copy_s", "rows", "tables"} for the embedded store at ``uri`` (left as it is)."""
    work = Path(tempfile.mkdtemp(prefix="policygraph-raw-copy-"))
    try:
        files = _export(uri, work)
        fresh = open_store(f"embedded://{work / 'fresh' / 'graph'}")
        try:
            fresh.ensure_schema()
            with fresh._write_lock, fresh._connection() as conn:
                start = time.perf_counter()
                for text in (_import(table, f, ends) for table, f, ends, _ in files):
                    conn.execute(text).close()
                elapsed = time.perf_counter() - start
        finally:
            fresh.close()
        return {
            "copy_s": round(elapsed, 2),
            "rows": sum(n for *_, n in files),
            "tables": len(files),
            "format": "parquet",
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _export(uri: str, work: Path) -> list[tuple[str, Path, tuple | None, int]]:
    store = open_store(uri, read_only=True)
    files = []
    try:
        with store._connection() as conn:
            for label in SCHEMA.label_names:
                n = _count(conn, f"MATCH (n{lbl(label)}) RETURN count(n)")
                if n:
                    f = work / f"{label}.parquet"
                    conn.execute(f"COPY (MATCH (n{lbl(label)}) RETURN n.*) TO '{f}'").close()
                    files.append((label, f, None, n))
            for rel in SCHEMA.relationships:
                for s, e in rel.pairs:
                    match = f"MATCH (a{lbl(s)})-[r{rel_types([rel.name])}]->(b{lbl(e)})"
                    n = _count(conn, f"{match} RETURN count(r)")
                    if n:
                        f = work / f"{rel.name}-{s}-{e}.parquet"
                        text = f"COPY ({match} RETURN a.`key`, b.`key`, r.*) TO '{f}'"
                        conn.execute(text).close()
                        files.append((rel.name, f, (s, e), n))
    finally:
        store.close()
    return files


def _import(name: str, f: Path, ends: tuple | None) -> str:
    if ends is None:
        return f"COPY {table(name)} FROM '{f}'"
    return f"COPY {table(name)} FROM '{f}' (from='{table(ends[0])}', to='{table(ends[1])}')"


def _count(conn, text: str) -> int:
    result = conn.execute(text)
    n = result.get_next()[0]
    result.close()
    return n


def add_enterprises(uri: str, n: int, seed: int, work: Path) -> dict:
    """Load ``n`` more generated enterprises into a copy of the loaded store at ``uri``:
    the enterprise file, its source and its ADOPTS and INVESTS_IN rows (regions,
    industries, funds and technologies are already stored). Wall time of the load."""
    import csv

    import loaders
    from loaders.generate import generate

    gen, data, copy = work / "gen", work / "add", work / "store" / "graph"
    generate(n, seed, gen)
    data.mkdir(parents=True)
    for name in ("enterprises.csv", "sources.csv"):
        shutil.copy(gen / name, data / name)
    with (gen / "relationships.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    with (data / "relationships.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(r for r in rows if r[1] in ("type", "ADOPTS", "INVESTS_IN"))
    src = Path(uri.removeprefix("embedded://"))
    copy.parent.mkdir(parents=True)
    for suffix in ("", ".search.sqlite"):
        if Path(f"{src}{suffix}").exists():
            shutil.copy(f"{src}{suffix}", f"{copy}{suffix}")
    store = open_store(f"embedded://{copy}")
    try:
        start = time.perf_counter()
        report = loaders.load_paths(store, [data])
        elapsed = time.perf_counter() - start
    finally:
        store.close()
    if not report.written:
        raise SystemExit(f"adding {n} enterprises was refused: {report.errors[:5]}")
    return {
        "add_s": round(elapsed, 2),
        "enterprises": n,
        "created": sum(report.counts.created.values()),
        "derived": report.derived,
    }
