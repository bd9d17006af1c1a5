"""Amounts of money in text: 50亿元, 1.5亿元, 300万元, 五十亿元, 1000-3000万元, 数千万元,
不超过1.5亿元 and placeholders such as XX亿元 (unknown, never a number)."""

from __future__ import annotations

import re

import cn2an

from loaders import values

UNITS = {
    "": 1,
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
_UNIT = "(?:十万|百万|千万|十亿|百亿|千亿|万亿|万|亿)?"
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN_NUM = "[零一二两三四五六七八九十百千]+"
_QUAL = "(?P<qual>不超过|最高不超过|最高|超过|不少于|不低于|至少|逾|约|近|上)?"
AMOUNT = re.compile(
    rf"{_QUAL}\s*(?:"
    rf"(?P<lo>{_NUM})\s*(?P<lounit>{_UNIT})\s*(?:元)?\s*[-—–~～至到]\s*(?P<hi>{_NUM})\s*(?P<hiunit>{_UNIT})元"
    rf"|(?P<num>{_NUM})\s*(?P<unit>{_UNIT})元"
    rf"|(?P<cn>{_CN_NUM})(?P<cnmore>余|多)?(?P<cnunit>{_UNIT})元"
    rf"|(?P<several>数|几)(?P<sevunit>十万|百万|千万|十亿|百亿|千亿|十|百|千|万|亿)(?:余)?元"
    rf"|(?P<ph>[XxＸ×*]+)\s*(?P<phunit>{_UNIT})元"
    rf")(?P<tail>以上|以内|左右)?"
)


def amounts_in(text: str) -> list[tuple[int, int, dict]]:
    """(start, end, amount fields) of each amount in ``text``.

    >>> [a for _, _, a in amounts_in("总规模增加50亿元")]
    [{'amount': 5000000000.0, 'amount_text': '50亿元'}]
    >>> [a for _, _, a in amounts_in("投入省级财政资金XX亿元")]
    [{'amount_text': 'XX亿元'}]
    >>> [a for _, _, a in amounts_in("投入数千万元")]
    [{'amount_min': 10000000.0, 'amount_max': 100000000.0, 'amount_text': '数千万元'}]
    >>> [a for _, _, a in amounts_in("给予200万-500万元奖励")]
    [{'amount_min': 2000000.0, 'amount_max': 5000000.0, 'amount_text': '200万-500万元'}]
    """
    out = []
    for m in AMOUNT.finditer(text):
        fields = _fields(m)
        if fields is not None:
            fields["amount_text"] = m.group().strip()
            out.append((m.start(), m.end(), fields))
    return out


def _fields(m: re.Match) -> dict | None:
    qual = m["qual"] or ""
    if m["lo"]:
        hi_unit = UNITS[m["hiunit"] or ""]
        lo_unit = UNITS[m["lounit"]] if m["lounit"] else hi_unit
        return {"amount_min": _n(m["lo"]) * lo_unit, "amount_max": _n(m["hi"]) * hi_unit}
    if m["ph"]:
        return {}  # XX亿元: a placeholder, the amount unknown (amount_text only)
    if m["several"]:
        unit = UNITS.get(m["sevunit"]) or {"十": 10, "百": 100, "千": 1000}[m["sevunit"]]
        return {"amount_min": unit, "amount_max": unit * 10}
    if m["cn"]:
        cn = "一" + m["cn"] if m["cn"][0] in "十百千" else m["cn"]  # 百亿元 is 一百亿元
        try:
            number = float(cn2an.cn2an(cn, "smart")) * UNITS[m["cnunit"] or ""]
        except ValueError:
            return None
        if m["cnmore"]:  # 十余亿元: more than ten
            return {"amount_min": number}
    else:
        number = _n(m["num"]) * UNITS[m["unit"] or ""]
    number = values.non_negative(number, m.group())
    if qual in ("不超过", "最高不超过", "最高", "近") or m["tail"] == "以内":  # 近百亿元: under
        return {"amount_max": number}
    if qual in ("超过", "不少于", "不低于", "至少", "逾", "上") or m["tail"] == "以上":
        return {"amount_min": number}
    return {"amount": number}


def _n(text: str) -> float:
    return float(text.replace(",", ""))
