"""Titles in 《…》: policies and reports, their short names (以下简称《…》), document
numbers given after them, who issued them, and how the document relates to them:
落实/贯彻《…》 is IMPLEMENTS, 根据/依据/按照《…》 is CITES."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import DOC_NUMBER
from .lexicon import POLICY_ENDINGS, REPORT_ENDINGS

TITLE = re.compile(r"《(?P<name>[^《》\n]{2,100})》")
ALIAS = re.compile(r"^\s*[（(]\s*以下简称\s*[《“\"]?(?P<alias>[^》”\"）)]{2,30})[》”\"]?\s*[）)]")
NUMBER_AFTER = re.compile(rf"^\s*[（(]\s*(?P<number>{DOC_NUMBER.pattern})\s*[）)]")
ISSUE_VERBS = re.compile(
    r"(?:正式|同步|联合|近日|日前)?(?:印发|发布|出台|制定|颁布|公布|发出)了?\s*$"
)
IMPLEMENT_BEFORE = re.compile(r"(?:贯彻落实|贯彻|落实|实施|配套|对接|细化)\s*$")
CITE_BEFORE = re.compile(r"(?:根据|依据|按照|对照|参照|依照|符合|属于)\s*$")
# whose policy a verb and a title name between them: 落实国家《…》, 贯彻党中央、国务院《…》
WHOSE = re.compile(r"(?:国家|中央|党中央|国务院|省委|省政府|市委|市政府|省|市|、)+\s*$")
LISTED_WITH = ("和", "、", "及", "以及", "与", "，", ",")
RESPONSE_CUES = ("响应", "配套", "落实", "贯彻")


@dataclass(frozen=True)
class Title:
    name: str
    start: int  # offset of 《 in the sentence
    end: int  # offset after 》
    kind: str  # policy | report | other
    alias: str | None = None
    number: str | None = None


def title_kind(name: str) -> str:
    core = re.sub(r"[（(][^）)]*[）)]\s*$", "", name).strip()
    if core.endswith(REPORT_ENDINGS):
        return "report"
    if core.endswith(POLICY_ENDINGS):
        return "policy"
    return "other"


def titles_in(sentence: str) -> list[Title]:
    out = []
    for m in TITLE.finditer(sentence):
        rest = sentence[m.end() :]
        alias = ALIAS.match(rest)
        number = NUMBER_AFTER.match(rest)
        out.append(
            Title(
                m["name"].strip(),
                m.start(),
                m.end(),
                title_kind(m["name"]),
                alias["alias"].strip() if alias else None,
                number["number"].replace(" ", "") if number else None,
            )
        )
    return out


def relation_before(sentence: str, title: Title) -> str | None:
    """IMPLEMENTS or CITES from the verb just before ``title`` (落实国家《…》 too), or
    from the title it is listed with (根据《A》和《B》: B as A), else None.

    >>> t = titles_in("根据《中华人民共和国预算法》和《某某行动计划》，制定本办法")
    >>> relation_before("根据《中华人民共和国预算法》和《某某行动计划》，制定本办法", t[1])
    'CITES'
    """
    before = sentence[max(0, title.start - 12) : title.start]
    before = WHOSE.sub("", before)
    if IMPLEMENT_BEFORE.search(before):
        return "IMPLEMENTS"
    if CITE_BEFORE.search(before):
        return "CITES"
    previous = [t for t in titles_in(sentence[: title.start]) if t.end <= title.start]
    if previous and sentence[previous[-1].end : title.start].strip() in LISTED_WITH:
        return relation_before(sentence, previous[-1])
    return None


def issued_between(sentence: str, agency_end: int, title: Title) -> bool:
    """Whether the words between an agency and a title say it issued it
    (国务院于2025年11月16日正式印发《…》)."""
    between = sentence[agency_end : title.start]
    if "《" in between or len(between) > 40:
        return False
    return bool(ISSUE_VERBS.search(between))
