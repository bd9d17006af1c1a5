"""Extraction speed of document ingestion on a 20-page official document.

    .venv/bin/python -m bench.ingest            # prints the figures as Markdown
    .venv/bin/python -m bench.ingest --store embedded:///tmp/me/benchstore
        # also with resolution against that store (the bundled data is loaded into it
        # when it is empty; give a path of your own, never a shared instance)

The document is made from tests/ingest_docs/ministry_notice.txt: its header, then its
targets, tasks and measures repeated under new numbers until the text is at least
20 pages of GB/T 9704 layout (22 lines of 28 characters a page: 12,320 characters; the
script makes 20,000 to be safe). Timed: reading the bytes and proposing every fact
(no store: resolution costs one search per proposed name and is measured by the store
benchmarks). Median and max of 7 runs after one warm-up.

A second document mixes the bodies of the scored test documents (a ministry plan, a
provincial plan, a four-issuer city pilot, an 意见, a 若干政策措施) under one header
to the same length, and is read as text, as DOCX and as a PDF printed by Chromium
(when /usr/bin/chromium and Playwright are there), since the reader differs by format.
A third is the 办法 of tests/ingest_docs/ (chapters and articles) repeated to the same
length, its articles renumbered (第一条 … 第二百…条). A fourth is the 若干措施 of
tests/ingest_docs/ (themed sections of numbered measures, tiers by size) repeated to the
same length, its sections and measures renumbered.
"""

from __future__ import annotations

import re
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


MIXED = (
    "miit_service_plan.txt",
    "jiangsu_implementation.txt",
    "hefei_pilot_joint.txt",
    "state_council_opinions.txt",
    "city_measures.txt",
)


def mixed_twenty_pages() -> str:
    """One header, then the test documents' numbered bodies in turn, renumbered."""
    docs = [(ROOT / "tests" / "ingest_docs" / n).read_text(encoding="utf-8") for n in MIXED]
    head = docs[0].splitlines()[:9]
    out, n = list(head), 0
    while sum(len(x) for x in out) < TARGET_CHARS:
        for doc in docs:
            lines = doc.splitlines()
            first = next(i for i, x in enumerate(lines) if x.startswith("一、"))
            for line in lines[first:]:
                if line[:2] in ("一、", "二、", "三、", "四、", "五、"):
                    n += 1
                    line = f"{_numeral((n - 1) % 99 + 1)}、{line[2:]}"
                out.append(line)
    return "\n".join(out + ["工业和信息化部办公厅", "2026年2月9日"]) + "\n"


BANFA = ROOT / "tests" / "ingest_docs" / "fund_measures_banfa.txt"
ARTICLE = re.compile(r"^第[一二三四五六七八九十百零]+([章条])")


def banfa_twenty_pages() -> str:
    """The 办法 of tests/ingest_docs/ (第X章, 第X条, 申报条件 naming an article's item):
    its notice, then its chapters and articles repeated, renumbered in one sequence."""
    lines = BANFA.read_text(encoding="utf-8").splitlines()
    first = next(i for i, x in enumerate(lines) if ARTICLE.match(x))
    head, body = lines[:first], lines[first:]
    out, count = list(head), {"章": 0, "条": 0}
    while sum(len(x) for x in out) < TARGET_CHARS:
        for line in body:
            m = ARTICLE.match(line)
            if m:
                count[m[1]] += 1
                line = f"第{_numeral(count[m[1]])}{m[1]}{line[m.end() :]}"
            out.append(line)
    return "\n".join(out) + "\n"


MEASURES = ROOT / "tests" / "ingest_docs" / "hunan_measures.txt"
ITEM = re.compile(r"^(\d+)\.")


def measures_twenty_pages() -> str:
    """The 若干措施 of tests/ingest_docs/ (themed 一、 sections holding measures numbered
    1. to 22., tiers by size): its notice and lead-in, then its sections repeated, the
    sections and the measures renumbered in one sequence, its closing line last."""
    lines = MEASURES.read_text(encoding="utf-8").splitlines()
    first = next(i for i, x in enumerate(lines) if x.startswith("一、"))
    head, body, tail = lines[:first], lines[first:-1], lines[-1:]
    out, sections, items = list(head), 0, 0
    while sum(len(x) for x in out) < TARGET_CHARS:
        for line in body:
            if line[:2] in ("一、", "二、", "三、", "四、", "五、"):
                sections += 1
                line = f"{_numeral((sections - 1) % 99 + 1)}、{line[2:]}"
            elif ITEM.match(line):
                items += 1
                line = f"{items}.{line[ITEM.match(line).end() :]}"
            out.append(line)
    return "\n".join(out + tail) + "\n"


def as_docx(text: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def as_pdf(text: str) -> bytes | None:
    """The text printed to PDF by headless Chromium (a real text layer), or None."""
    import html

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path("/usr/bin/chromium").exists():
        return None
    body = "".join(f"<p>{html.escape(x)}</p>" for x in text.split("\n") if x)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        page.set_content(f"<meta charset='utf-8'><body style='font-size:16pt'>{body}</body>")
        data = page.pdf(format="A4")
        browser.close()
    return data


def timed(data: bytes, name: str, store=None) -> tuple[list[float], dict, int]:
    doc = read_bytes(data, name, 10**8)
    propose(doc, store)  # warm-up: regexes, region table, store caches
    times, draft = [], None
    for _ in range(7):
        start = time.perf_counter()
        draft = propose(read_bytes(data, name, 10**8), store)
        times.append(time.perf_counter() - start)
    return times, draft, len(doc.text)


def row(label: str, times: list[float], draft: dict, chars: int, pages: str = "") -> str:
    props = draft["proposals"]
    return (
        f"| {label} | {chars:,} | {pages or f'{chars / CHARS_PER_PAGE:.0f}'} | "
        f"{len(props['nodes'])} nodes, {len(props['relationships'])} relationships | "
        f"{statistics.median(times):.2f} s | {max(times):.2f} s |"
    )


def _numeral(n: int) -> str:
    if n >= 100:  # 一百, 一百零五, 一百一十二, 二百三十
        hundreds, rest = divmod(n, 100)
        tail = "零" + _numeral(rest) if 0 < rest < 10 else _numeral(rest) if rest else ""
        return NUMERALS[hundreds - 1] + "百" + ("一" if 10 <= rest < 20 else "") + tail
    if n <= 10:
        return NUMERALS[n - 1]
    tens, units = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[units - 1] if units else "")


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", help="also resolve against this store (GRAPH_URI form)")
    args = parser.parse_args()
    repeated = twenty_pages().encode("utf-8")
    mixed = mixed_twenty_pages()
    print("| document | characters | pages (616 chars) | proposals | median | max |")
    print("|---|---|---|---|---|---|")
    print(row("ministry notice, repeated (txt)", *timed(repeated, "20-pages.txt")))
    print(row("five test documents, mixed (txt)", *timed(mixed.encode(), "mixed.txt")))
    print(row("the same as DOCX", *timed(as_docx(mixed), "mixed.docx")))
    banfa = banfa_twenty_pages().encode("utf-8")
    print(row("an 办法 of articles, repeated (txt)", *timed(banfa, "banfa.txt")))
    measures = measures_twenty_pages().encode("utf-8")
    print(row("a 若干措施 of numbered measures, repeated (txt)", *timed(measures, "m.txt")))
    pdf = as_pdf(mixed)
    if pdf is not None:
        import io

        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        label = "the mixed document as PDF (Chromium print)"
        print(row(label, *timed(pdf, "mixed.pdf"), f"{pages} A4"))
    if args.store:
        import loaders
        from graph import open_store

        store = open_store(args.store)
        try:
            store.ensure_schema()
            if not store.stats()["labels"].get("Policy"):
                loaders.load_paths(store, [loaders.BUNDLED_DATA]).check()
            label = f"mixed (txt), resolved against {store.kind} with the bundled data"
            print(row(label, *timed(mixed.encode(), "mixed.txt", store)))
        finally:
            store.close()


if __name__ == "__main__":
    main()
