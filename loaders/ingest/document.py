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
# 关于印发江苏省…实施方案的通知: the carried policy named without 《》
UNWRAPPED = re.compile(
    rf"(?:印发|转发|发布)(?P<name>.{{2,100}}?(?:{'|'.join(POLICY_ENDINGS)}))"
    r"(?:（[^）]*）|\([^)]*\))?的(?:通知|函)$"
)
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
    signature_end: int | None = None  # end of the 成文日期 line
    recipients_span: Span | None = None  # the 主送机关 line


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
    meta = _metadata(head)  # a web page's table: 发文机关：… 发文字号：… 成文日期：…
    number = number or meta.get("number")
    titles = [x for x in head if NOTICE_TITLE.search(x.text) and not META_LABEL.search(x.text)]
    # the title is the one the 主送机关 follows, when a page shows it twice
    title = next((x for x in titles if _recipient_after(all_lines, x)), None)
    title = (
        title
        or next(iter(titles), None)
        or next(
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
    )
    info = DocInfo("official", title, doc_number=number)
    wrapped = WRAPPED.search(title.text) or UNWRAPPED.search(title.text)
    if wrapped:
        info.policy_name = wrapped["name"].strip()
        info.policy_span = title
    else:
        info.policy_name = re.sub(r"^.*?(?=关于)", "", title.text) or title.text
        info.policy_span = title
    above = head[: head.index(title) + 1] if title in head else []
    for line in above:
        if ">" in line.text or META_LABEL.search(line.text):
            continue  # a breadcrumb (首页 > 国务院文件) or a page's metadata
        if line.text.endswith("文件") or line is title:
            _add_issuers(info, line, title_only=line is title)
        elif line is not number and _agency_line(line):
            _add_issuers(info, line)  # a joint 版头: one issuer a line above 文件
    _signature(info, all_lines, all_lines.index(title) if title in all_lines else 0)
    if not info.issuers and "issuers" in meta:
        _add_issuers(info, meta["issuers"])
    if info.date is None and "date" in meta:
        info.date_span, info.date = meta["date"]
    for line in all_lines[all_lines.index(title) + 1 : all_lines.index(title) + 4]:
        if line.text.endswith(("：", ":")) and ("、" in line.text or line.text.startswith("各")):
            info.recipients = _recipients(line.text.rstrip("：:"))
            info.recipients_span = line
            break
    info.period = period_in(info.policy_name or "")
    return info


RECIPIENT_END = re.compile(r"(?:部门|单位|政府|厅|局|委|办|院|会|行|司|处|室|公司|\uff09)$")


def _recipients(text: str) -> list[str]:
    """主送机关 split at ，/、 outside brackets; 各省、自治区、直辖市… stays one
    recipient until a part ends like a body (…部门, …厅（局）)."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "（(" and 1 or 0
        depth -= ch in "）)" and 1 or 0
        if ch in "、，," and depth == 0:
            parts.append((cur, ch))
            cur = ""
        else:
            cur += ch
    parts.append((cur, ""))
    out, pending = [], ""
    for part, sep in parts:
        pending += part
        if sep in "，," or RECIPIENT_END.search(pending):
            if pending:
                out.append(pending)
            pending = ""
        else:
            pending += sep
    if pending:
        out.append(pending)
    return out


META_LABEL = re.compile(
    r"(?:发文机关|发文字号|成文日期|发布日期|索\s*引\s*号|主题分类|标\s*题)[:：]"
)
META_FIELD = re.compile(
    r"(?P<label>发文机关|发文字号|成文日期)[:：]\s*(?P<value>[^:：]+?)(?=\s+\S{2,6}[:：]|$)"
)


def _metadata(head: list[Span]) -> dict:
    """发文机关, 发文字号 and 成文日期 from a government web page's metadata table (one
    row a line: 发文机关： 国务院办公厅 成文日期： 2026年05月06日)."""
    out: dict = {}
    for line in head:
        for m in META_FIELD.finditer(line.text):
            value = line.sub(m.start("value"), m.end("value"))
            if m["label"] == "发文字号" and DOC_NUMBER.fullmatch(value.text.replace(" ", "")):
                out["number"] = value
            elif m["label"] == "成文日期" and (found := dates_in(value.text)):
                out["date"] = (value, found[0][2])
            elif m["label"] == "发文机关" and agencies_in(value.text):
                out["issuers"] = value
    return out


def _recipient_after(all_lines: list[Span], title: Span) -> bool:
    i = all_lines.index(title)
    return any(
        x.text.endswith(("：", ":")) and ("、" in x.text or x.text.startswith("各"))
        for x in all_lines[i + 1 : i + 4]
    )


def _agency_line(line: Span) -> bool:
    """Whether a line is (almost) only agency names: a 版头 or signature line."""
    found = agencies_in(line.text)
    covered = sum(m.end - m.start for m in found)
    return bool(found) and covered >= len(re.sub(r"\s|文件$", "", line.text)) * 0.6


def _signature(info: DocInfo, all_lines: list[Span], title_index: int) -> None:
    """成文日期 and the 发文机关署名 above it. The date is the first line after the
    title that is only a date and follows agency lines (a notice that carries its
    plan as an attachment signs before the plan), else the last date line."""
    dated = [(i, v) for i, x in enumerate(all_lines) if i > title_index and (v := _date_line(x))]
    if not dated:
        return
    signed = [(i, v) for i, v in dated if i and _agency_line(all_lines[i - 1])]
    date_index, info.date = (signed or dated[-1:])[0]
    info.date_span = all_lines[date_index]
    info.signature_start = all_lines[date_index].start
    info.signature_end = all_lines[date_index].end
    for line in all_lines[max(date_index - 6, title_index + 1) : date_index]:
        if _agency_line(line):
            _add_issuers(info, line)
            info.signature_start = min(info.signature_start, line.start)


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
