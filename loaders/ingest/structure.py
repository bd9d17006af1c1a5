"""The numbered structure of a 公文 (GB/T 9704: 一、 → （一） → 1. → （1）), of an 办法 or
规定 (第X章 → 第X条 → （一）), and of news reports (numbered headings, bullets), with the
section each line sits in.

A heading's words give its section a role: 目标 (targets), 任务 (tasks), 措施 / 保障 /
支持政策 / 支持标准 (measures), 申报条件 / 符合以下条件 (eligibility). The items directly
under a task or measure heading are its tasks or measure groups.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .text import Span, lines

CN_NUM = "一二三四五六七八九十"
LEVELS = (
    (1, re.compile(rf"^([{CN_NUM}]{{1,3}})[、.．]\s*")),
    (2, re.compile(rf"^[（(]([{CN_NUM}]{{1,3}})[）)]\s*")),
    (3, re.compile(r"^(\d{1,2})[.．、](?!\d)\s*")),
    (4, re.compile(r"^[（(](\d{1,2})[）)]\s*")),
)
# an 办法's chapters and articles: 第二章　支持范围和标准, 第四条　…
CN_ORDINAL = "一二三四五六七八九十百零〇"
CHAPTER = re.compile(rf"^第([{CN_ORDINAL}]{{1,4}})[章节]\s*")
ARTICLE = re.compile(rf"^第([{CN_ORDINAL}]{{1,5}})条\s*")
# a part of a 若干政策 or 方案 (第一部分 支持企业改造): a top heading like 一、
PART = re.compile(rf"^第([{CN_ORDINAL}]{{1,3}})部分\s*")
# levels in a document of articles: chapter 1, article 2, then its items one deeper
ARTICLE_LEVELS = {1: 3, 2: 3, 3: 4, 4: 5}
BULLET = re.compile(r"^[•·●▪◆■◇○\-–—*]\s*")
ROLES = (
    (
        "eligibility",
        (
            "申报条件",
            "申请条件",
            "支持条件",
            "申报要求",
            "申报对象",
            "支持对象",
            "申报主体",
            "适用对象",
            "以下条件",
            "下列条件",
            "对象为",
            "对象是",
        ),
    ),
    ("target", ("目标",)),
    ("task", ("任务", "重点工作", "主要工作", "试点内容", "建设内容", "重点内容", "工作内容")),
    (
        "measure",
        (
            "措施",
            "保障",
            "支持政策",
            "政策支持",
            "配套政策",
            "扶持政策",
            "支持标准",
            "支持范围",
            "支持方向",
            "支持方式",
            "支持内容",
            "资金支持",
            "扶持标准",
            "奖补标准",
            "奖励标准",
            "补助标准",
            "组织实施",
        ),
    ),
)
HEAD_END = re.compile(r"[:：。]")
MAX_HEAD = 32


@dataclass
class Block:
    """A line of the document: a heading or item (``level`` 1-4, 5 for a bullet) or
    plain text (``level`` 0), with the role of the section it is in."""

    span: Span
    level: int
    number: str | None = None  # its ordinal as written (四 of 第四条, 三 of （三）)
    head: Span | None = None
    body: Span | None = None
    role: str | None = None  # its own role, when it is a heading
    section: str | None = None  # role of the heading it sits under
    parent: int | None = None  # index of that heading
    children: list[int] = field(default_factory=list)
    extra: list[Span] = field(default_factory=list)  # plain lines that continue it


def role_of(text: str) -> str | None:
    for role, words in ROLES:
        if any(w in text for w in words):
            return role
    return None


def _strip_symbols(span: Span) -> Span:
    """Drop leading emoji and decoration (📌 二、...)."""
    i = 0
    while i < len(span.text) and (
        unicodedata.category(span.text[i]) in ("So", "Sk", "Cs", "Mn", "Zs")
        or span.text[i] in "\ufe0f\u200d"
    ):
        i += 1
    return span.sub(i, len(span.text))


def outline(text: str) -> list[Block]:
    blocks: list[Block] = []
    stack: list[int] = []  # indices of open headings, outermost first
    all_lines = lines(text)
    articles = sum(1 for line in all_lines if ARTICLE.match(line.text)) >= 3
    for line in all_lines:
        core = _strip_symbols(line)
        level, rest, number = _level(core, articles)
        if level == 0:
            block = Block(line, 0)
            if stack:
                block.parent = stack[-1]
                block.section = _section(blocks, stack)
                blocks[stack[-1]].extra.append(line)
            blocks.append(block)
            continue
        head, body = _split(rest)
        while stack and blocks[stack[-1]].level >= level:
            stack.pop()
        block = Block(line, level, number, head, body, role_of(head.text))
        if stack:
            block.parent = stack[-1]
            block.section = _section(blocks, stack)
            blocks[stack[-1]].children.append(len(blocks))
        stack.append(len(blocks))
        blocks.append(block)
    return blocks


def _section(blocks: list[Block], stack: list[int]) -> str | None:
    for index in reversed(stack):
        if blocks[index].role:
            return blocks[index].role
    return None


def _level(core: Span, articles: bool = False) -> tuple[int, Span, str | None]:
    """The line's level, its text after the number, and the number. In a document of
    articles (three or more 第X条), 第X章 is level 1, 第X条 level 2 and the numbered
    items inside an article go one level deeper."""
    if articles:
        for level, pattern in ((1, CHAPTER), (2, ARTICLE)):
            m = pattern.match(core.text)
            if m and len(core.text) > m.end():
                return level, core.sub(m.end(), len(core.text)), m.group(1)
    m = PART.match(core.text)
    if m and len(core.text) > m.end() and not articles:
        return 1, core.sub(m.end(), len(core.text)), m.group(1)
    for level, pattern in LEVELS:
        m = pattern.match(core.text)
        if m and len(core.text) > m.end():
            level = ARTICLE_LEVELS[level] if articles else level
            return level, core.sub(m.end(), len(core.text)), m.group(1)
    m = BULLET.match(core.text)
    if m and len(core.text) > m.end():
        return 6 if articles else 5, core.sub(m.end(), len(core.text)), None
    return 0, core, None


def is_lead_in(block: Block) -> bool:
    """An item that only leads into its own numbered items (专项资金重点支持以下方向：)."""
    return (
        block.level > 0
        and block.body is None
        and bool(block.children)
        and block.span.text.endswith(("：", ":"))
    )


def _split(rest: Span) -> tuple[Span, Span | None]:
    m = HEAD_END.search(rest.text)
    if m and m.group() == "。" and re.search("[，,；;]", rest.text[: m.start()]):
        m = None  # a whole sentence, not a heading followed by its text
    if m and m.start() <= MAX_HEAD:
        head = rest.sub(0, m.start())
        body_start = m.end()
        while body_start < len(rest.text) and rest.text[body_start] == " ":
            body_start += 1
        body = rest.sub(body_start, len(rest.text)) if body_start < len(rest.text) else None
        return head, body
    return rest, None
