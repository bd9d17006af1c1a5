"""The document itself: official (公文) or news report, its title, the policy it carries,
issuing agencies (header, title and signature; several for a joint document), document
number (发文字号), date written (成文日期), recipients (主送机关) and period."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import DATE, ISO_DATE, dates_in, period_in
from .entities import agencies_in
from .lexicon import POLICY_ENDINGS
from .text import Span, lines

DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fa5]{1,12}[〔\[【(（]\s*(?:19|20)\d{2}\s*[〕\]】)）]\s*第?\s*\d{1,4}\s*号"
)
NOTICE_TITLE = re.compile(r"关于.{2,80}的(?:通知|意见|决定|批复|函|通报|公告)$")
WRAPPED = re.compile(r"(?:印发|转发|发布)\s*《(?P<name>[^》]{2,100})》")
NEWS_CUES = re.compile(
    r"记者|据.{1,20}消息|日电|来源[:：]|浏览|人次查看|阅读量|发布时间|责任编辑|首页\s*>"
)
HEADER_LINES = 20


@dataclass
class DocInfo:
    kind: str  # official | news
    title: Span
    policy_name: str | None = None
    policy_span: Span | None = None
    doc_number: Span | None = None
    issuers: list = field(default_factory=list)  # Mention with .span set on the line
    issuer_spans: list[Span] = field(default_factory=list)
    date: str | None = None
    date_span: Span | None = None
    recipients: list[str] = field(default_factory=list)
    period: tuple[int, int] | None = None
    signature_start: int | None = None  # offset of 发文机关署名 / 成文日期


def doc_kind(all_lines: list[Span]) -> str:
    """``official`` when the header has a 发文字号 line or a 关于…的通知 title, or the text
    ends with a signature date; ``news`` otherwise."""
    head = all_lines[:HEADER_LINES]
    if any(DOC_NUMBER.fullmatch(x.text.replace(" ", "")) for x in head):
        return "official"
    if any(NOTICE_TITLE.search(x.text) for x in head):
        return "official"
    if any(NEWS_CUES.search(x.text) for x in head):
        return "news"
    tail = all_lines[-8:]
    if any(_date_line(x) for x in tail):
        return "official"
    return "news"


def _date_line(line: Span) -> str | None:
    core = line.text.strip("（）() ")
    m = DATE.fullmatch(core) or ISO_DATE.fullmatch(core)
    if not m:
        return None
    found = dates_in(core)
    return found[0][2] if found else None


def read_document(text: str) -> DocInfo:
    all_lines = lines(text)
    kind = doc_kind(all_lines)
    return _official(all_lines) if kind == "official" else _news(all_lines)


def _official(all_lines: list[Span]) -> DocInfo:
    head = all_lines[:HEADER_LINES]
    number = next((x for x in head if DOC_NUMBER.fullmatch(x.text.replace(" ", ""))), None)
    title = next((x for x in head if NOTICE_TITLE.search(x.text)), None) or next(
        (
            x
            for x in head
            if x.text.endswith(POLICY_ENDINGS)
            and len(x.text) < 80
            and x is not number
            and not x.text.endswith("文件")
        ),
        all_lines[0],
    )
    info = DocInfo("official", title, doc_number=number)
    wrapped = WRAPPED.search(title.text)
    if wrapped:
        info.policy_name = wrapped["name"]
        info.policy_span = title
    else:
        info.policy_name = re.sub(r"^.*?(?=关于)", "", title.text) or title.text
        info.policy_span = title
    for line in head[: head.index(title) + 1] if title in head else []:
        if line.text.endswith("文件") or line is title:
            _add_issuers(info, line, title_only=line is title)
    date_index = None
    for i in range(len(all_lines) - 1, max(len(all_lines) - 12, 0) - 1, -1):
        value = _date_line(all_lines[i])
        if value:
            info.date, info.date_span, date_index = value, all_lines[i], i
            break
    if date_index is not None:
        info.signature_start = all_lines[date_index].start
        for line in all_lines[max(date_index - 6, 0) : date_index]:
            found = agencies_in(line.text)
            covered = sum(m.end - m.start for m in found)
            if found and covered >= len(line.text.replace(" ", "")) * 0.6:
                _add_issuers(info, line)
                info.signature_start = min(info.signature_start, line.start)
    for line in all_lines[all_lines.index(title) + 1 : all_lines.index(title) + 4]:
        if line.text.endswith(("：", ":")) and ("、" in line.text or line.text.startswith("各")):
            info.recipients = [r for r in re.split(r"[、，,]", line.text.rstrip("：:")) if r]
            break
    info.period = period_in(info.policy_name or "")
    return info


def _add_issuers(info: DocInfo, line: Span, title_only: bool = False) -> None:
    text = line.text
    if title_only:
        cut = text.find("关于")
        if cut <= 0:
            return
        text = text[:cut]
    known = {m.key for m in info.issuers}
    for m in agencies_in(text):
        if m.key not in known:
            info.issuers.append(m)
            info.issuer_spans.append(line)
            known.add(m.key)


def _news(all_lines: list[Span]) -> DocInfo:
    first = all_lines[0]
    title = first
    text = first.text
    cut = text.rfind(">")
    start = cut + 1 if cut >= 0 else 0
    while start < len(text) and text[start] == " ":
        start += 1
    end = len(text)
    m = re.search(r"文章关键词|关键词[:：]", text)
    if m and m.start() > start:
        end = m.start()
    title = first.sub(start, end)
    info = DocInfo("news", title)
    for line in all_lines[:10]:
        found = dates_in(line.text)
        if found:
            info.date, info.date_span = found[0][2], line
            break
    return info
