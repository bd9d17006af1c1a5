"""Quality of ingestion on the test documents of tests/ingest_docs/: each document with
a YAML of expected facts beside it (written by hand, in the shape of
data/seed-article.yaml) is proposed with no store and scored by
tests/ingest_docs/scoring.py, the same way as the seed article and as outside testers
score their held-out documents. docs/ingest.md states the figures per document.

The documents are written for these tests in the shapes of real ones (GB/T 9704 公文:
版头, 发文字号, 主送机关, numbered structure, signature and 成文日期, 附件; a newspaper
report in HTML); none is a real document.
"""

from __future__ import annotations

import pytest
import yaml
from conftest import ROOT
from ingest_docs.scoring import score

from loaders.ingest import propose, read_bytes

DOCS = ROOT / "tests" / "ingest_docs"
SCORED = sorted(
    p
    for p in DOCS.iterdir()
    if p.suffix in (".txt", ".html", ".docx", ".pdf") and p.with_suffix(".yaml").is_file()
)
MIN = 0.9  # the bar for recall and precision, nodes and relationships


@pytest.mark.parametrize("path", SCORED, ids=[p.name for p in SCORED])
def test_document_recall_and_precision(path):
    expected = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))
    draft = propose(read_bytes(path.read_bytes(), path.name, 10**7))
    s = score(expected, draft)
    print(path.name, {k: round(v, 3) for k, v in s.items() if isinstance(v, float)}, s["counts"])
    assert draft["status"] == expected.get("status", "extracted")
    assert s["node_recall"] >= MIN, s["missed"]
    assert s["node_precision"] >= MIN, s["extra"]
    assert s["rel_recall"] >= MIN, s["missed_rels"]
    assert s["rel_precision"] >= MIN, s["extra_rels"]
    assert not s["wrong"]  # no figure, date or instrument that disagrees


def test_every_test_document_is_scored():
    assert len(SCORED) >= 4


TEXTS = [p for p in SCORED if p.suffix == ".txt"]


@pytest.mark.browser
@pytest.mark.parametrize("path", TEXTS, ids=[p.name for p in TEXTS])
def test_document_printed_to_pdf_scores_the_same(page, path):
    """The same document as a PDF with a text layer (printed by Chromium, lines wrapped
    at the page width, digits spaced off by the text layer): read back into paragraphs,
    it meets the same bar."""
    import html

    lines = path.read_text(encoding="utf-8").split("\n")
    body = "".join(f"<p>{html.escape(x)}</p>" for x in lines if x)
    page.set_content(f"<meta charset='utf-8'><body style='font-size:16pt'>{body}</body>")
    draft = propose(read_bytes(page.pdf(format="A4"), path.stem + ".pdf", 10**7))
    expected = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))
    s = score(expected, draft)
    assert draft["format"] == "pdf"
    assert min(s["node_recall"], s["node_precision"]) >= MIN, (s["missed"], s["extra"])
    assert min(s["rel_recall"], s["rel_precision"]) >= MIN, (s["missed_rels"], s["extra_rels"])
    assert not s["wrong"]
