"""Reading single values: amounts in Chinese text, Chinese dates, numbers, lists, and
the checks every text field gets (size limit, spreadsheet formulas).

Each function returns the clean value or raises ``ValueError(problem)``; the caller
adds file, line and field.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

# A field longer than this is refused: no name, evidence or summary needs more, and a
# multi-megabyte cell is a broken export or an attack on the explorer.
MAX_FIELD_CHARS = 100_000

# What both stores accept for an ``int`` property (Neo4j and Ladybug: INT64).
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

# Long free text may hold tabs and line breaks; every other field is one line.
LONG_TEXT_FIELDS = frozenset(
    {"summary", "evidence", "focus", "reliability", "indicator", "issuer_text", "value_text"}
)

# Text that a spreadsheet would run as a formula when a user opens an export
# (=HYPERLINK(...), +cmd|' /C calc'!A0, -2+3, @SUM(...)): refused in names.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_UNITS = {
    "": 1,
    "十": 10,
    "百": 100,
    "千": 1e3,
    "万": 1e4,
    "十万": 1e5,
    "百万": 1e6,
    "千万": 1e7,
    "亿": 1e8,
    "十亿": 1e9,
    "百亿": 1e10,
    "千亿": 1e11,
    "万亿": 1e12,
}
_UNIT_RE = "(?:十|百|千|万|十万|百万|千万|亿|十亿|百亿|千亿|万亿)?"
_CURRENCY_RE = r"(?:元|人民币|元人民币)?"
_FIGURE = re.compile(
    rf"^(?P<qual>约|近|超过|逾|超|达|不超过|不低于|最高|至少)?\s*"
    rf"(?P<num>-?\d+(?:,\d{{3}})*(?:\.\d+)?)\s*(?P<unit>{_UNIT_RE})\s*{_CURRENCY_RE}"
    rf"\s*(?P<tail>以上|以下|左右|多)?$"
)
_SEVERAL = re.compile(rf"^数\s*(?P<unit>{_UNIT_RE})\s*{_CURRENCY_RE}$")
_PLACEHOLDER = re.compile(rf"^[XxＸ×*]+\s*{_UNIT_RE}\s*{_CURRENCY_RE}$")
_AT_MOST = ("不超过", "最高")
_AT_LEAST = ("超过", "逾", "超", "不低于", "至少")


def parse_amount(value) -> dict:
    """Amount fields from a number or Chinese text, in yuan; the text kept.

    >>> parse_amount("50亿元")
    {'amount': 5000000000.0, 'amount_text': '50亿元'}
    >>> parse_amount("数千万元")
    {'amount_min': 10000000.0, 'amount_max': 100000000.0, 'amount_text': '数千万元'}
    >>> parse_amount("XX亿元")
    {'amount_text': 'XX亿元'}
    >>> parse_amount("-5")
    Traceback (most recent call last):
    ...
    ValueError: -5 is negative; amounts must be 0 or more
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number or an amount such as 50亿元")
    if isinstance(value, (int, float)):
        return {"amount": non_negative(_float(value), value)}
    text = str(value).strip()
    found = _amount_from_text(text)
    if found is None:
        raise ValueError(
            f"{text!r} is not a number or an amount such as 50亿元, 数千万元 or XX亿元"
        )
    return {**found, "amount_text": text} if not _plain_number(text) else found


def amount_from_text(text: str) -> dict:
    """Like :func:`parse_amount` for an ``amount_text`` field: text the loader cannot
    read as a figure leaves the amount unknown (null), it is not an error."""
    found = _amount_from_text(text.strip())
    return found or {}


def _plain_number(text: str) -> bool:
    return re.fullmatch(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?", text) is not None


def _amount_from_text(text: str) -> dict | None:
    if _plain_number(text):
        return {"amount": non_negative(float(text), text)}
    m = _FIGURE.match(text)
    if m:
        number = non_negative(float(m["num"].replace(",", "")) * _UNITS[m["unit"]], text)
        qual = m["qual"] or ""
        if qual in _AT_MOST:
            return {"amount_max": number}
        if qual in _AT_LEAST or m["tail"] in ("以上", "多"):
            return {"amount_min": number}
        return {"amount": number}
    m = _SEVERAL.match(text)
    if m and m["unit"]:
        unit = _UNITS[m["unit"]]
        return {"amount_min": unit, "amount_max": unit * 10}
    if _PLACEHOLDER.match(text):
        return {}
    return None


def non_negative(number: float, shown) -> float:
    if not math.isfinite(number):
        raise ValueError(f"{shown} is not a finite number")
    if number < 0:
        raise ValueError(f"{shown} is negative; amounts must be 0 or more")
    return number


def _float(value) -> float:
    """``float(value)``; an integer too large for a float is a ValueError, not inf."""
    try:
        return float(value)
    except OverflowError:
        raise ValueError(f"{value} is too large for a number the stores accept") from None


_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_ZH = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]\s*(?:起)?$")
_YEAR_END = re.compile(r"^(\d{4})\s*年\s*(?:底|末)$")


def parse_date(value) -> str:
    """An ISO date string from ISO or Chinese text.

    >>> parse_date("2025年12月1日"), parse_date("2027年底")
    ('2025-12-01', '2027-12-31')
    >>> parse_date("2025-02-30")
    Traceback (most recent call last):
    ...
    ValueError: '2025-02-30' is not a real date
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    m = _ISO.match(text) or _ZH.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    elif m := _YEAR_END.match(text):
        y, mo, d = int(m[1]), 12, 31
    else:
        raise ValueError(f"{text!r} is not a date (write 2025-12-01 or 2025年12月1日)")
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None


def to_int(value) -> int:
    """An integer within the stores' 64-bit range.

    >>> to_int("9223372036854775808")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: 9223372036854775808 is outside the 64-bit integer range the stores accept ...
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not an integer")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = str(value).strip()
        if not re.fullmatch(r"-?[0-9]+", text):
            raise ValueError(f"{text!r} is not an integer")
        number = int(text)
    if not INT64_MIN <= number <= INT64_MAX:
        raise ValueError(
            f"{number} is outside the 64-bit integer range the stores accept "
            f"({INT64_MIN} to {INT64_MAX})"
        )
    return number


def to_float(value) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        number, shown = _float(value), value
    else:
        shown = text = str(value).strip()
        if not _ASCII_FLOAT.fullmatch(text):  # float() also takes 1_000 and ١٢٣
            raise ValueError(f"{text!r} is not a number")
        number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{shown!r} is not a finite number (the stores take no NaN or infinity)")
    return number


_ASCII_FLOAT = re.compile(
    r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?(?:inf|infinity|nan)",
    re.IGNORECASE,
)

_TRUE = ("true", "1", "yes", "是", "y")
_FALSE = ("false", "0", "no", "否", "n")


def to_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{value!r} is not true or false")


def to_list(value) -> list[str]:
    """A list property: a list, or text separated by ``|``."""
    if isinstance(value, dict):
        raise ValueError("expected a list or text separated by |, got a mapping")
    if isinstance(value, (list, tuple)):
        nested = [v for v in value if isinstance(v, (dict, list, tuple))]
        if nested:
            raise ValueError(f"list items must be text, got {type(nested[0]).__name__}")
        items = [str(v).strip() for v in value if v is not None]
    else:
        items = [v.strip() for v in str(value).split("|")]
    return [v for v in items if v]


def check_text(value: str, formula_checked: bool = False, long_text: bool = False) -> str:
    """``value`` if it is within MAX_FIELD_CHARS, holds no control character (long text:
    none but tab and line breaks) and, for names, no formula text."""
    if len(value) > MAX_FIELD_CHARS:
        raise ValueError(f"{len(value)} characters is more than MAX_FIELD_CHARS={MAX_FIELD_CHARS}")
    bad = _BAD_LONG.search(value) if long_text else _BAD_SHORT.search(value)
    if bad:
        raise ValueError(_control_problem(value, bad, long_text))
    if formula_checked and value.startswith(FORMULA_PREFIXES):
        raise ValueError(
            f"starts with {value[0]!r}: spreadsheet formula text is not accepted "
            "in names (it would run when an export is opened in a spreadsheet)"
        )
    return value


# C0 controls, DEL, C1 controls, lone surrogates and the noncharacters U+FFFE/U+FFFF:
# invisible, not allowed in XML 1.0, or not encodable. Long text keeps tab, LF, CRLF.
_CONTROLS = "\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
# One-line fields (names, codes, keys) also refuse invisible format characters: zero-width
# spaces and joiners, bidirectional overrides (which can make a name display as another),
# word joiners and a stray BOM; a name holding one is not found by the name it shows.
_INVISIBLE = "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_BAD_SHORT = re.compile(f"[{_CONTROLS}{_INVISIBLE}]")
_BAD_LONG = re.compile("(?!\t|\n|\r\n)" + f"[{_CONTROLS}]")


def _control_problem(value: str, found: re.Match, long_text: bool) -> str:
    char = found.group()
    if not long_text and re.fullmatch(f"[{_INVISIBLE}]", char):
        what = "invisible format characters are not accepted in this one-line field"
    elif long_text:
        what = "of the control characters only tab and line breaks are accepted in this field"
    else:
        what = "no tab, line break or other control characters are accepted in this field"
    return f"holds {describe_char(char)} at character {found.start() + 1}; {what}"


def describe_char(char: str) -> str:
    """``U+FF13 FULLWIDTH DIGIT THREE``; control characters have no name."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}{' ' + name if name else ''}"


def check_ascii(value: str, what: str = "codes") -> str:
    """``value`` if every character is ASCII: a code is never normalised silently.

    >>> check_ascii("３３０２００")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: '３３０２００' holds U+FF13 FULLWIDTH DIGIT THREE at character 1; codes are ...
    """
    for i, char in enumerate(value, 1):
        if ord(char) > 127:
            plain = unicodedata.normalize("NFKC", value)
            tip = f" (write {plain} in half-width characters)" if plain.isascii() else ""
            raise ValueError(
                f"{value!r} holds {describe_char(char)} at character {i}; "
                f"{what} are ASCII only{tip}"
            )
    return value
