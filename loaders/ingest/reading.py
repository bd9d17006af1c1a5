"""A document's text: plain text (UTF-8 or GBK), HTML (main text only), DOCX, PDF.

Every failure is an :class:`IngestError` naming the file and what to do: an empty or
oversized file (``MAX_INGEST_BYTES``), a scanned PDF with no text layer, a document that
is not Chinese.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

from graph.errors import GraphError
from loaders.encoding import UndecodableFile, detect_bytes

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MIN_CHINESE_SHARE = 0.2  # of the letters and CJK characters


class IngestError(GraphError):
    """A document that cannot be ingested; the message names the file."""

    status = 400


@dataclass(frozen=True)
class Document:
    """A document as read: the stored text and where it came from."""

    file: str
    text: str
    sha256: str
    format: str  # txt | html | docx | pdf


def read_bytes(data: bytes, file: str, max_bytes: int) -> Document:
    """The text of ``data`` (the bytes of ``file``), checked and normalised."""
    import hashlib

    if len(data) > max_bytes:
        # an upload is read to max_bytes + 1 only, so its full size is not known here
        raise IngestError(f"{file}: the file is larger than MAX_INGEST_BYTES={max_bytes} bytes")
    if not data.strip():
        raise IngestError(f"{file}: the file is empty")
    fmt = sniff(data, file)
    text = {"pdf": pdf_text, "docx": docx_text, "html": html_text}.get(fmt, plain_text)(data, file)
    text = clean(text)
    if not text.strip():
        if fmt == "pdf":
            raise IngestError(
                f"{file}: the PDF has no text layer (a scanned image?); run OCR first "
                "or give the text"
            )
        raise IngestError(f"{file}: no text found in the document")
    check_chinese(text, file)
    return Document(file, text, hashlib.sha256(data).hexdigest(), fmt)


def sniff(data: bytes, file: str) -> str:
    """The format by content first (a PDF or DOCX named .txt is still one), then name."""
    name = file.lower()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if name.endswith(".docx") or b"word/" in data[:4000]:
            return "docx"
        raise IngestError(f"{file}: a zip archive that is not a DOCX document")
    if name.endswith(".pdf"):
        raise IngestError(f"{file}: named .pdf but not a PDF (it does not start with %PDF)")
    if name.endswith(".docx"):
        raise IngestError(f"{file}: named .docx but not a DOCX document (not a zip archive)")
    if name.endswith(".doc") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise IngestError(f"{file}: an old Word .doc file; save it as DOCX or PDF first")
    if b"\x00" in data[:4000]:
        raise IngestError(f"{file}: a binary file, not text, HTML, DOCX or PDF")
    head = data[:2000].lstrip().lower()
    if name.endswith(HTML_SUFFIXES) or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "txt"


def plain_text(data: bytes, file: str) -> str:
    try:
        encoding = detect_bytes(data)
        return data.decode(encoding)
    except (UndecodableFile, UnicodeDecodeError, LookupError) as e:
        raise IngestError(f"{file}: not UTF-8 or GBK text ({e})") from e


def html_text(data: bytes, file: str) -> str:
    """Main text of an HTML page: scripts, styles, navigation and forms dropped."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "iframe", "nav", "form"]):
        tag.decompose()
    body = soup.find("article") or soup.find("main") or soup.body or soup
    blocks = []
    for el in body.find_all(["h1", "h2", "h3", "h4", "p", "li", "tr", "td", "th", "div", "pre"]):
        if el.find(["p", "li", "div", "h1", "h2", "h3", "h4", "table"]):
            continue  # a container: its children are read
        if el.name in ("td", "th") and el.find_parent("tr") is not None:
            continue  # read with its row: 发文字号： 国办发〔2026〕9号 stays one line
        line = " ".join(el.get_text(" ", strip=True).split())
        if line:
            blocks.append(line)
    if not blocks:
        blocks = [body.get_text("\n", strip=True)]
    return "\n".join(blocks)


def docx_text(data: bytes, file: str) -> str:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise IngestError(f"{file}: not a readable DOCX document ({e})") from e
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines = []  # paragraphs and tables in the order they stand in the document
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(Paragraph(child, document).text)
        elif child.tag == qn("w:tbl"):
            for row in Table(child, document).rows:
                # one row a line, cells as "a | b | c" (the rules read a table by it)
                lines.append(" | ".join(_cells_once(row.cells)))
    return "\n".join(lines)


def _cells_once(cells) -> list[str]:
    """A row's cell texts, a merged cell (python-docx repeats it) once."""
    out, seen = [], []
    for cell in cells:
        if any(cell._tc is s for s in seen):
            continue
        seen.append(cell._tc)
        out.append(" ".join(cell.text.split()))
    return out


def pdf_text(data: bytes, file: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        return reflow("\n".join(page.extract_text() or "" for page in reader.pages))
    except (PdfReadError, ValueError, KeyError) as e:
        raise IngestError(f"{file}: not a readable PDF ({e})") from e


# GB/T 9704 page numbers (— 3 —) and the spaces a text layer puts between Chinese and
# digits or Latin letters (推动 2000 家, 〔 2026 〕)
_PAGE_NUMBER = re.compile(r"^\s*[—\-–－]\s*\d{1,3}\s*[—\-–－]\s*$")
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》"
_ASCII = "0-9A-Za-z%.()\\-"
_MIXED_SPACE = re.compile(
    rf"(?<=[{_CJK}])[ \t]+(?=[{_ASCII}])|(?<=[{_ASCII}])[ \t]+(?=[{_CJK}])"
    r"|(?<=[(])[ \t]+|[ \t]+(?=[)])"
)
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d)"
    r"|第[一二三四五六七八九十百零〇]{1,5}[章节条])"
)
# a document number in brackets after a title: 《…的通知》 / （财建〔2025〕55号） is one line
_NUMBER_AFTER_TITLE = re.compile(r"^[（(][^）)]{2,20}[〔\[【(（]\d{4}[〕\]】)）]\d+号[）)]")
# a line that ends a sentence, a heading or a title never runs on
_ENDS = (*"。：:；;！!？?）)」”》", "文件", "的通知", "的意见", "的决定", "的批复", "的函")


# a table row in a text layer: its serial number, a space, its other cells a space apart
_ROW = re.compile(r"^(\d{1,3}) \S+(?: \S+)+$")
_HEADER = re.compile(r"^[^，。；：、,;:]{1,16}(?: [^，。；：、,;:]{1,16}){2,}$")


def table_lines(lines: list[str]) -> set[int]:
    """Indices of the lines of a table as a text layer gives it (序号 企业名称 …, then
    rows 1 …, 2 …, 3 … numbered one after another): at least two rows in sequence, and
    the header just above them.

    >>> sorted(table_lines(["名单", "序号 名称 代码", "1 甲公司 X1", "2 乙公司 X2", "完"]))
    [1, 2, 3]
    """
    out: set[int] = set()
    i = 0
    while i < len(lines):
        m = _ROW.match(lines[i])
        j = i
        while j + 1 < len(lines) and m:
            n = _ROW.match(lines[j + 1])
            if not n or int(n.group(1)) != int(_ROW.match(lines[j]).group(1)) + 1:
                break
            j += 1
        if m and j > i:
            out.update(range(i, j + 1))
            if i > 0 and _HEADER.match(lines[i - 1]):
                out.add(i - 1)
            i = j + 1
        else:
            i += 1
    return out


def reflow(text: str) -> str:
    """A PDF's lines as paragraphs: a line that fills the measure and ends without a
    stop runs on into the next, unless that starts a numbered item; page numbers go. A
    table's rows (table_lines) stay one a line, their cells as ``a | b | c`` as a DOCX
    table is read."""
    raw = [x.strip() for x in text.split("\n")]
    raw = [x for x in raw if x and not _PAGE_NUMBER.match(x)]
    rows = table_lines(raw)
    lines = [
        " | ".join(x.split(" ")) if i in rows else _MIXED_SPACE.sub("", x)
        for i, x in enumerate(raw)
    ]
    if not lines:
        return ""
    lengths = sorted(len(x) for i, x in enumerate(lines) if i not in rows) or [0]
    full = lengths[int(len(lengths) * 0.9)] * 0.85  # the measure: most long lines reach it
    out = [lines[0]]
    for i, line in enumerate(lines[1:], 1):
        prev = out[-1]
        if i in rows or i - 1 in rows:
            out.append(line)
            continue
        runs_on = len(prev) >= full and not prev.endswith(_ENDS) and not _HEADING.match(line)
        if runs_on or prev.endswith("》") and _NUMBER_AFTER_TITLE.match(line):
            out[-1] = prev + line
        else:
            out.append(line)
    return "\n".join(out)


_SPACES = re.compile(r"[ \t\u00a0\u3000]+")


def clean(text: str) -> str:
    """Line ends as \\n, runs of spaces one space, control characters dropped,
    blank lines collapsed; character offsets refer to this text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cf"))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def check_chinese(text: str, file: str) -> None:
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    letters = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if cjk < 10 or cjk < MIN_CHINESE_SHARE * (cjk + letters):
        raise IngestError(
            f"{file}: not a Chinese document ({cjk} Chinese characters, {letters} Latin "
            "letters); ingestion reads Chinese policy documents and news reports"
        )
