"""Targets: 到2027年底…超过10万家, 达到65%以上, A和B分别达到X和Y, and goals with no
number (显著提升, 培育一批) whose value stays null."""

from __future__ import annotations

import re

FIGURE = re.compile(
    r"(?P<cmp>超过|突破|不少于|不低于|不超过|达到|达|提高到|提升至|提升到|降低到|降至|力争|约|近|逾)?\s*"
    r"(?:(?P<lo>\d+(?:\.\d+)?)\s*(?:%|％)?\s*[-—–~～至到]\s*)?"  # 10%—15%, 5-8家: a range
    r"(?P<num>\d+(?:\.\d+)?|[XxＸ×]+)\s*(?P<mag>万|亿)?\s*"
    r"(?P<unit>%|％|个百分点|万家|家|个|项|人次|人|户|所|座|条|台|套|亿元|万元|元)"
    r"(?P<tail>以上|左右|以内|以下)?"
)
RESPECTIVELY = re.compile(
    r"^(?P<a>.+?)和(?P<b>.+?)分别(?P<verb>达到|超过|不低于|提高到|提升至|提升到)?"
    r"(?P<x>\d+(?:\.\d+)?\s*(?:%|％|万家|家|个|项))和(?P<y>\d+(?:\.\d+)?\s*(?:%|％|万家|家|个|项))"
    r"(?P<tail>以上|左右)?"
)
GOAL_WORDS = (
    "显著提升",
    "明显提升",
    "大幅提升",
    "显著增强",
    "明显增强",
    "进一步提高",
    "进一步提升",
    "基本形成",
    "基本建成",
    "持续优化",
    "一批",
    "全面提升",
    "明显扩大",
    "显著扩大",
    "持续扩大",
    "明显提高",
    "显著提高",
    "稳步提升",
    "不断提升",
    "明显改善",
    "显著改善",
    "更加完善",
    "初步形成",
    "初步建成",
    "全面建成",
    "取得显著成效",
    "取得明显成效",
    "翻一番",
    "翻番",
    "倍增",
)
GOAL_STARTS = ("培育", "打造", "建成", "建设", "形成", "创建")
LEAD = re.compile(r"^(?:要|将|力争|确保|努力|全年|同时|并|共)+")
UNITS = {
    "%": "percent",
    "％": "percent",
    "个百分点": "percentage_points",
    "家": "enterprises",
    "万家": "enterprises",
    "个": "items",
    "项": "items",
    "人": "people",
    "人次": "people",
    "户": "enterprises",
    "亿元": "yuan",
    "万元": "yuan",
    "元": "yuan",
}
SCALE = {"万": 1e4, "亿": 1e8, "万家": 1e4, "亿元": 1e8, "万元": 1e4}


def comparator(cmp: str | None, tail: str | None) -> str:
    if cmp in ("超过", "突破", "逾"):
        return ">"
    if cmp in ("不少于", "不低于") or tail == "以上":
        return ">="
    if cmp in ("不超过",) or tail in ("以内", "以下"):
        return "<="
    if cmp in ("约", "近") or tail == "左右":
        return "about"
    if cmp in ("达到", "达", "提高到", "提升至", "提升到", "力争"):
        return ">="
    return "="


def figure_value(m: re.Match) -> float | None:
    """The figure's value; a range's lower bound; None for a placeholder (XX家)."""
    if not m["num"][0].isdigit():
        return None
    value = float(m["lo"] or m["num"])
    value *= SCALE.get(m["mag"] or "", 1) * SCALE.get(m["unit"], 1)
    return value


def clause_targets(clause: str) -> list[dict]:
    """Target properties stated by one clause (without deadline), or []."""
    clause = LEAD.sub("", clause.strip())
    m = RESPECTIVELY.match(clause)
    if m:
        out = []
        verb = m["verb"] or "达到"
        tail = m["tail"] or ""
        for indicator, fig in ((m["a"], m["x"]), (m["b"], m["y"])):
            f = FIGURE.fullmatch(fig + tail)
            out.append(
                _quantified(
                    indicator.strip(),
                    f,
                    f"{indicator.strip()}{verb}{fig}{tail}",
                    f"{fig}{tail}" if indicator == m["b"] else fig,
                )
            )
        return out
    figures = [f for f in FIGURE.finditer(clause) if f["unit"] not in ("元", "亿元", "万元")]
    if len(figures) > 1:  # 培育A20万家以上、B2万家左右: one target each, the verb shared
        cut = clause.find("、", figures[0].end())
        if 0 < cut < figures[1].start():
            return clause_targets(clause[:cut]) + clause_targets(clause[cut + 1 :])
    f = FIGURE.search(clause)
    if f and _counts_listed(clause, f):
        # 成都、德阳、绵阳、宜宾4个试点城市率先完成…: the figure counts the names before
        # it; the goal itself has no number
        return [{"name": clause, "indicator": clause, "value_text": clause}]
    if f and (f["unit"] not in ("元", "亿元", "万元") or f["cmp"]):  # 产值突破1000亿元
        indicator = (clause[: f.start()] + clause[f.end() :]).strip()
        return [_quantified(indicator, f, clause, f.group().strip())]
    goal = next((w for w in GOAL_WORDS if w in clause), None)
    if goal or clause.startswith(GOAL_STARTS):
        indicator = clause.split(goal)[0] if goal and clause.split(goal)[0] else clause
        indicator = re.sub(r"(?:实现|达到|进一步)$", "", indicator) or indicator
        if goal == "一批":
            indicator = clause.split("一批", 1)[1]
        return [
            {"name": clause, "indicator": indicator.strip() or clause, "value_text": goal or clause}
        ]
    return []


LISTED = re.compile(r"(?:[\u4e00-\u9fff]{2,8}、)+[\u4e00-\u9fff]{2,8}(?:等)?$")


def _counts_listed(clause: str, f: re.Match) -> bool:
    """Whether a figure only counts the names listed just before it (A、B、C3个).

    >>> clause = "成都、德阳、宜宾3个城市率先完成"
    >>> _counts_listed(clause, FIGURE.search(clause))
    True
    """
    m = LISTED.search(clause[: f.start()])
    if not m or f["cmp"] or f["tail"] or f["lo"] or not f["num"].isdigit():
        return False
    return len(m.group().rstrip("等").split("、")) == int(f["num"])


def _quantified(indicator: str, f: re.Match, name: str, value_text: str) -> dict:
    return {
        "name": name,
        "indicator": re.sub(r"(?:达到|达)$", "", indicator).strip() or name,
        "value": figure_value(f),
        "value_text": value_text,
        "unit": UNITS.get(f["unit"], f["unit"]),
        # a range (10%—15%) is met from its lower bound; its words stay in value_text
        "comparator": ">=" if f["lo"] else comparator(f["cmp"], f["tail"]),
    }


# A table of targets (a 专栏 of 主要指标): a header naming the indicator column (指标,
# 指标名称) and year columns (2025年, 2028年, 2028年目标值); each row one target, its value
# in the last year's column, its unit from the indicator's brackets (数量（万家）).
TABLE_YEAR = re.compile(r"^(?P<year>20\d{2})年?(?:目标值?|预期值?)?$")
UNIT_IN = re.compile(r"[（(](?P<unit>[^（()）]{1,6})[）)]$")
TABLE_VALUE = re.compile(
    r"^(?P<cmp>超过|不少于|不低于|达到|约)?(?P<num>\d+(?:\.\d+)?)\s*(?P<pct>%|％)?"
    r"(?P<tail>以上|左右|以下|以内)?$"
)


def table_cells(text: str) -> list[str]:
    """A table row's cells: ``a | b | c`` as DOCX is read, else cells a space apart (an
    HTML row; a Chinese cell has no spaces of its own)."""
    sep = " | " if " | " in text else " "
    return [c.strip() for c in text.split(sep)]


def target_table_header(cells: list[str]) -> tuple[int, int, int, int | None] | None:
    """(indicator column, target column, target year, unit column or None) of a targets
    table's header."""
    indicator = next((i for i, c in enumerate(cells) if "指标" in c), None)
    years = [(int(m["year"]), i) for i, c in enumerate(cells) if (m := TABLE_YEAR.match(c))]
    if indicator is None or not years:
        return None
    year, column = max(years)
    unit = next((i for i, c in enumerate(cells) if c in ("单位", "计量单位")), None)
    return indicator, column, year, unit


def table_target(header: tuple, cells: list[str], width: int) -> dict | None:
    """The target a row of a targets table states, or None (another shape, no figure);
    its unit from a 单位 column or the indicator's brackets.

    >>> table_target((1, 3, 2028, None), ["1", "改造的企业数量（万家）", "8", "15"], 4)["value"]
    150000.0
    >>> table_target((1, 4, 2027, 2), ["1", "关键工序数控化率", "%", "60", "68"], 5)["unit"]
    'percent'
    """
    indicator_col, column, year, unit_col = header
    if len(cells) != width:
        return None
    indicator, value = cells[indicator_col], cells[column]
    v = TABLE_VALUE.match(value)
    if not v or not indicator or indicator[0].isdigit():
        return None
    u = UNIT_IN.search(indicator)
    unit_text = u["unit"] if u else ("%" if v["pct"] else "")
    if unit_col is not None and cells[unit_col] and not unit_text:
        unit_text = cells[unit_col]
    indicator = indicator[: u.start()].strip() if u else indicator
    f = FIGURE.fullmatch(f"{v['num']}{unit_text}")
    number = figure_value(f) if f else float(v["num"])
    return {
        "name": f"{indicator}（{year}年）{value}{unit_text if not v['pct'] else ''}",
        "indicator": indicator,
        "value": number,
        "value_text": f"{value}{'' if v['pct'] else unit_text}",
        "unit": UNITS.get(f["unit"], f["unit"]) if f else (unit_text or None),
        "comparator": comparator(v["cmp"], v["tail"]),
        "deadline": f"{year}-12-31",
    }
