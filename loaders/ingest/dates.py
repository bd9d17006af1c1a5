"""Dates and Chinese numerals: 2025年11月16日, 二〇二五年十一月十六日, 2027年底, 11月16日."""

from __future__ import annotations

import re

DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN = "〇○零一二两三四五六七八九十"
DATE = re.compile(
    rf"(?P<y>\d{{4}}|[{CN}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{CN}]{{1,3}})\s*月"
    rf"\s*(?P<d>\d{{1,2}}|[{CN}]{{1,3}})\s*[日号]"
)
SHORT_DATE = re.compile(r"(?<![\d年])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")
ISO_DATE = re.compile(r"(?<!\d)(?P<y>20\d{2}|19\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)")
DEADLINE = re.compile(
    r"(?:到|至|截至|截止到?)\s*(?P<y>20\d{2})\s*年\s*(?:(?P<m>\d{1,2})\s*月)?(?P<end>底|末)?"
)
PERIOD = re.compile(r"(?P<a>20\d{2})\s*(?:年)?\s*[-—–~～至到]+\s*(?P<b>20\d{2})\s*年")
MONTH_END = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


def cn_number(text: str) -> int:
    """An integer from Arabic or Chinese numerals, digit by digit for years.

    >>> cn_number("二〇二五"), cn_number("十一"), cn_number("二十六"), cn_number("16")
    (2025, 11, 26, 16)
    """
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return int("".join(str(DIGITS[c]) for c in text))
    tens, _, units = text.partition("十")
    return (DIGITS[tens] if tens else 1) * 10 + (DIGITS[units] if units else 0)


def iso(y: int, m: int, d: int) -> str | None:
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def dates_in(text: str, year: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, ISO date) of each full date in ``text``; a month and day alone take
    ``year`` when it is given."""
    found = []
    for m in DATE.finditer(text):
        value = iso(cn_number(m["y"]), cn_number(m["m"]), cn_number(m["d"]))
        if value:
            found.append((m.start(), m.end(), value))
    for m in ISO_DATE.finditer(text):
        value = iso(int(m["y"]), int(m["m"]), int(m["d"]))
        if value:
            found.append((m.start(), m.end(), value))
    if year:
        taken = [(s, e) for s, e, _ in found]
        for m in SHORT_DATE.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            value = iso(year, int(m["m"]), int(m["d"]))
            if value:
                found.append((m.start(), m.end(), value))
    return sorted(found)


def deadline_in(text: str) -> str | None:
    """The deadline a target states: 到2027年底 and 到2027年 are 2027-12-31,
    到2026年6月 is 2026-06-30.

    >>> deadline_in("到2027年底,要推动"), deadline_in("到2026年6月,完成")
    ('2027-12-31', '2026-06-30')
    """
    m = DEADLINE.search(text)
    if not m:
        return None
    month = int(m["m"]) if m["m"] else 12
    return iso(int(m["y"]), month, MONTH_END.get(month, 31))


def period_in(text: str) -> tuple[int, int] | None:
    """(first year, last year) of a period such as (2025-2027年) or 2025—2027年."""
    m = PERIOD.search(text)
    if not m:
        return None
    a, b = int(m["a"]), int(m["b"])
    return (a, b) if a <= b else None
