"""The Unified Social Credit Code (统一社会信用代码, GB 32100-2015): check and make.

18 characters from ``CHARSET``: registering department (1), category (2), GB/T 2260
region code of the registering authority (3-8), organisation code (9-17, GB 11714, its
own check character at 17) and a final check character (18). ``python-stdnum`` is not
used: it rejects a letter in position 1 and skips the inner check.

>>> check_uscc("91110000600037341L")
'91110000600037341L'
>>> uscc_problems("91110000600037341M")
["check character (position 18) is 'M', expected 'L'"]
>>> make_uscc("330200", "MA2H3XY0")
'91330200MA2H3XY09Q'
"""

from __future__ import annotations

from collections.abc import Callable

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
_VALUE = {c: i for i, c in enumerate(CHARSET)}
_FINAL_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_BODY = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _org_value(c: str) -> int:
    # GB 11714 counts letters by their place in the full alphabet: A=10 ... Z=35.
    return int(c) if c.isdigit() else ord(c) - 55


def org_check_char(body: str) -> str:
    """Check character of an 8-character organisation-code body (weights 3,7,9,10,5,8,4,2
    mod 11; 10 is written X, 11 is written 0).

    >>> org_check_char("60003734"), org_check_char("71526726")
    ('1', 'X')
    """
    c = 11 - sum(_org_value(ch) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def final_check_char(first17: str) -> str:
    """Check character 18: weights 3^i mod 31, check = (31 - sum mod 31) mod 31."""
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _FINAL_WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def uscc_problems(code: str, region_known: Callable[[str], bool] | None = None) -> list[str]:
    """Every problem with ``code`` (already upper-cased), or [] when it is valid.

    ``region_known(code6)`` says whether positions 3-8 name a known GB/T 2260 code;
    without it only the 6-digit form is checked.
    """
    if len(code) != 18:
        return [f"must be 18 characters, got {len(code)}"]
    for i, ch in enumerate(code, 1):
        if ch not in _VALUE:
            return [f"character {ch!r} at position {i} is not allowed (use 0-9 and {CHARSET[10:]})"]
    problems = []
    region = code[2:8]
    if not region.isdigit():
        problems.append(f"region code {region!r} (positions 3-8) is not 6 digits")
    elif region_known is not None and not region_known(region):
        problems.append(f"region code {region} (positions 3-8) is not a known GB/T 2260 code")
    if not set(code[8:16]) <= _ORG_BODY:
        problems.append("organisation code (positions 9-16) must be digits or letters")
    else:
        expected = org_check_char(code[8:16])
        if code[16] != expected:
            problems.append(
                f"organisation-code check character (position 17) is "
                f"{code[16]!r}, expected {expected!r}"
            )
    expected = final_check_char(code[:17])
    if code[17] != expected:
        problems.append(f"check character (position 18) is {code[17]!r}, expected {expected!r}")
    return problems


def check_uscc(code: str, region_known: Callable[[str], bool] | None = None) -> str:
    """``code`` normalised (stripped, upper-cased) if valid, else ValueError naming
    every problem."""
    norm = normalise_uscc(code)
    problems = uscc_problems(norm, region_known)
    if problems:
        raise ValueError("; ".join(problems))
    return norm


def normalise_uscc(code: str) -> str:
    return str(code).strip().upper()


def make_uscc(region: str, body: str, dept: str = "9", category: str = "1") -> str:
    """A valid USCC from a 6-digit region code and an 8-character organisation body."""
    first16 = dept + category + region + body
    first17 = first16 + org_check_char(body)
    return first17 + final_check_char(first17)
