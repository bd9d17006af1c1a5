"""Builds sichuan_implementation.docx (a test document written for the tests, not a
real one: a provincial 实施方案 whose funding standards are a Word table) from
sichuan_implementation.docx.src, and hubei_action_plan.docx (a 行动方案 whose targets are a
Word table) from hubei_action_plan.docx.src: one paragraph a line, a line starting with ``| `` a
table row (cells split at `` | ``). Run from the repository root to regenerate it:
``.venv/bin/python tests/ingest_docs/build_sichuan_docx.py``; the tests read the
committed .docx."""

from __future__ import annotations

from pathlib import Path

import docx

HERE = Path(__file__).parent


def build(source: Path, path: Path) -> None:
    document = docx.Document()
    table = None
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("| "):
            cells = line[2:].split(" | ")
            if table is None:
                table = document.add_table(rows=0, cols=len(cells))
            for cell, text in zip(table.add_row().cells, cells, strict=True):
                cell.text = text
            continue
        table = None
        document.add_paragraph(line)
    document.save(path)


if __name__ == "__main__":
    build(HERE / "sichuan_implementation.docx.src", HERE / "sichuan_implementation.docx")
    build(HERE / "hubei_action_plan.docx.src", HERE / "hubei_action_plan.docx")
