"""Builds luoyang_work_plan.pdf (a test document written for the tests, not a real one:
a city 工作方案 as a PDF with a text layer, its 附件 a table of enterprises with their
USCCs) from luoyang_work_plan.pdf.src: one paragraph a line, a line starting with ``| ``
a table row (cells split at `` | ``). Printed by the headless Chromium the browser tests
use (/usr/bin/chromium through Playwright, both already installed), A4, in GB/T 9704's
manner (title centred, 版记 lines flush left). Run from the repository root to regenerate
it: ``.venv/bin/python tests/ingest_docs/build_luoyang_pdf.py``; the tests read the
committed .pdf."""

from __future__ import annotations

import html
from pathlib import Path

HERE = Path(__file__).parent
CHROMIUM = "/usr/bin/chromium"


def page_html(source: Path) -> str:
    parts, rows = [], []

    def flush() -> None:
        if rows:
            cells = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                for row in rows
            )
            parts.append(f"<table border='1' cellspacing='0'>{cells}</table>")
            rows.clear()

    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("| "):
            rows.append(line[2:].split(" | "))
            continue
        flush()
        parts.append(f"<p>{html.escape(line)}</p>")
    flush()
    style = "body{font-size:16pt;margin:2cm} td{padding:2pt 6pt}"
    return f"<meta charset='utf-8'><style>{style}</style><body>{''.join(parts)}</body>"


def build(source: Path, path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = browser.new_page()
        page.set_content(page_html(source))
        path.write_bytes(page.pdf(format="A4"))
        browser.close()


if __name__ == "__main__":
    build(HERE / "luoyang_work_plan.pdf.src", HERE / "luoyang_work_plan.pdf")
