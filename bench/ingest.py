"""Extraction speed of document ingestion on a 20-page official document.

    .venv/bin/python -m bench.ingest            # prints the figures as Markdown

The document is made from tests/ingest_docs/ministry_notice.txt: its header, then its
targets, tasks and measures repeated under new numbers until the text is at least
20 pages of GB/T 9704 layout (22 lines of 28 characters a page: 12,320 characters; the
script makes 20,000 to be safe). Timed: reading the bytes and proposing every fact
(no store: resolution costs one search per proposed name and is measured by the store
benchmarks). Median and max of 7 runs after one warm-up.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.ingest import propose, read_bytes  # noqa: E402

SOURCE = ROOT / "tests" / "ingest_docs" / "ministry_notice.txt"
CHARS_PER_PAGE = 22 * 28
TARGET_CHARS = 20_000
NUMERALS = "一二三四五六七八九十"


def twenty_pages() -> str:
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    head, body, tail = lines[:5], lines[5:-5], lines[-5:]
    out, n = list(head), 0
    while sum(len(x) for x in out) < TARGET_CHARS:
        for line in body:
            if line[:2] in ("一、", "二、", "三、"):
                n += 1
                line = f"{_numeral((n - 1) % 99 + 1)}、{line[2:]}"
            out.append(line)
    return "\n".join(out + tail) + "\n"


def _numeral(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    tens, units = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[units - 1] if units else "")


def main() -> None:
    data = twenty_pages().encode("utf-8")
    text_chars = len(data.decode("utf-8"))
    propose(read_bytes(data, "20-pages.txt", 10**8))  # warm-up: regexes, region table
    times, draft = [], None
    for _ in range(7):
        start = time.perf_counter()
        draft = propose(read_bytes(data, "20-pages.txt", 10**8))
        times.append(time.perf_counter() - start)
    props = draft["proposals"]
    print("| document | characters | pages (616 chars) | proposals | median | max |")
    print("|---|---|---|---|---|---|")
    print(
        f"| ministry notice, repeated | {text_chars:,} | {text_chars / CHARS_PER_PAGE:.0f} | "
        f"{len(props['nodes'])} nodes, {len(props['relationships'])} relationships | "
        f"{statistics.median(times):.2f} s | {max(times):.2f} s |"
    )


if __name__ == "__main__":
    main()
