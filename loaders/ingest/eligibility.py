"""Eligibility criteria (申报条件) in one sentence, as the schema's ``eligible_*``
properties of a Measure (graph/schema.py), and the article and item a condition says it
is for. Only what the words state: a criterion the sentence does not give stays absent.

>>> sorted(criteria_in("上年度营业收入在2000万元以上、4亿元以下；").items())
[('eligible_revenue_max_wan', 40000.0), ('eligible_revenue_min_wan', 2000.0)]
>>> criteria_in("属于《中小企业划型标准规定》所称的中型、小型或微型企业；")
{'eligible_sizes': ['medium', 'small', 'micro']}
>>> criteria_in("于2024年12月31日前注册成立。")
{'eligible_founded_until': '2024-12-31'}
>>> criteria_in("在厦门市注册登记，属于制造业企业；")
{'eligible_regions': ['350200'], 'eligible_industries': ['C']}
>>> criteria_in("近三年无严重失信行为；")
{}
>>> scope_of("申请本办法第四条第（三）项支持的企业应当同时符合以下条件：")
('四', '三')
"""

from __future__ import annotations

import re

from . import entities as ent
from .amounts import amounts_in
from .dates import dates_in

SIZES = (("中型", "medium"), ("小型", "small"), ("微型", "micro"))
DESIGNATIONS = ("专精特新", "小巨人", "高新技术企业", "科技型中小企业", "创新型中小企业")
REVENUE = re.compile(r"(?:营业收入|主营业务收入|销售收入)")
EMPLOYEES = re.compile(
    r"从业人员(?:数)?(?:在)?(?P<q>不少于|不低于|不超过|不高于)?(?P<n>\d+)人(?P<t>以上|以下|以内)?"
    r"(?:[、，,至到和](?P<n2>\d+)人(?P<t2>以下|以内))?"
)
FOUNDED = re.compile(
    r"(?P<date>[^，。；、]{6,16}?日)(?:以)?(?P<side>前|后|之前|之后)(?:依法)?(?:注册|成立|登记|设立)"
)
REGISTERED = re.compile(r"(?:注册|登记|设立|落户)")
SCOPE = re.compile(
    r"第(?P<article>[一二三四五六七八九十百零〇]+)条(?:第[（(](?P<item>[一二三四五六七八九十]+)[）)]项)?"
)
TITLE = re.compile(r"《[^《》]*》")
GBT4754 = re.compile(r"^[A-T](?:\d{2,4})?$")


def criteria_in(sentence: str, home: tuple | None = None) -> dict:
    """The ``eligible_*`` properties one sentence of 申报条件 states."""
    text = TITLE.sub("", sentence)  # 《中小企业划型标准规定》 names a standard, not a size
    out: dict = {}
    out.update(_sizes(text))
    out.update(_revenue(text))
    out.update(_employees(text))
    out.update(_founded(text))
    if REGISTERED.search(text):
        codes = [r.props["code"] for r in ent.regions_in(text) if r.props.get("code")]
        if codes:
            out["eligible_regions"] = list(dict.fromkeys(codes))
    industries = [m.key.split(":", 1)[1] for m in ent.industries_in(text)]
    industries = [c for c in industries if GBT4754.match(c)]
    if industries and re.search(r"属于|从事|为|所属", text):
        out["eligible_industries"] = list(dict.fromkeys(industries))
    designations = [d for d in DESIGNATIONS if d in text and not _negated(text, d)]
    if designations:
        out["eligible_designations"] = designations
    return out


BENEFICIARY = re.compile(
    r"(?:^|[，,。；])(?:[^，,。；]{0,12}?)(?:对|向|为)(?P<who>[^，,。；]{2,30}?企业)"
    r"(?:的|[，,]|给予|提供|发放)"
)
OWN_FUNDS = re.compile(r"(?P<level>省|市)(?:级)?财政")


def beneficiary_criteria(text: str) -> dict:
    """Sizes and designations a measure's own words give its beneficiaries (降低对小微企业、
    “专精特新”企业的担保费率); several kinds listed side by side are alternatives
    (``eligible_match`` any).

    >>> found = beneficiary_criteria("降低对小微企业、“专精特新”企业的担保费率")
    >>> found["eligible_sizes"], found["eligible_designations"], found["eligible_match"]
    (['small', 'micro'], ['专精特新'], 'any')
    >>> beneficiary_criteria("对完成改造的试点企业给予补助")
    {}
    """
    m = BENEFICIARY.search(text)
    if not m:
        return {}
    who = m["who"]
    out: dict = {}
    if "小微企业" in who:
        out["eligible_sizes"] = ["small", "micro"]
    elif "中小微企业" in who or re.search(r"中小企业", who):
        out["eligible_sizes"] = ["medium", "small", "micro"]
    designations = [d for d in DESIGNATIONS if d in who and not _negated(who, d)]
    if designations:
        out["eligible_designations"] = designations
    if "eligible_sizes" in out and designations:
        out["eligible_match"] = "any"  # 小微企业、专精特新企业: either kind
    return out


def own_funds_level(text: str) -> str | None:
    """``province`` or ``city`` when a measure is paid from that level's own budget
    (省级财政资金, 市级财政): it is for the enterprises of the policy's region."""
    m = OWN_FUNDS.search(text)
    return None if not m else ("province" if m["level"] == "省" else "city")


def scope_of(text: str) -> tuple[str, str | None] | None:
    """(article, item) a condition names (第四条第（三）项), or None."""
    m = SCOPE.search(text)
    return (m["article"], m["item"]) if m else None


def _sizes(text: str) -> dict:
    listed = [size for word, size in SIZES if word in text]
    if listed and "企业" in text:
        return {"eligible_sizes": listed}
    if "中小微企业" in text or re.search(r"(?:所称|属于|为)(?:的)?中小企业", text):
        return {"eligible_sizes": ["medium", "small", "micro"]}
    if re.search(r"(?:所称|属于|为)(?:的)?小微企业", text):
        return {"eligible_sizes": ["small", "micro"]}
    return {}


def _revenue(text: str) -> dict:
    m = REVENUE.search(text)
    if not m:
        return {}
    out = {}
    rest = text[m.end() :]
    for start, end, fields in amounts_in(rest):
        value = fields.get("amount") or fields.get("amount_min") or fields.get("amount_max")
        if value is None:
            continue
        wan = value / 1e4
        after = rest[end : end + 2]
        written = rest[start:end]
        if "amount_min" in fields and "amount_max" in fields:
            out["eligible_revenue_min_wan"] = fields["amount_min"] / 1e4
            out["eligible_revenue_max_wan"] = fields["amount_max"] / 1e4
        elif written.endswith("以上") or "amount_min" in fields:
            out["eligible_revenue_min_wan"] = wan
        elif after.startswith(("以下", "以内")) or "amount_max" in fields:
            out["eligible_revenue_max_wan"] = wan
    return out


def _employees(text: str) -> dict:
    m = EMPLOYEES.search(text)
    if not m:
        return {}
    n = int(m["n"])
    if m["n2"]:
        return {"eligible_employees_min": n, "eligible_employees_max": int(m["n2"])}
    if m["q"] in ("不少于", "不低于") or m["t"] == "以上":
        return {"eligible_employees_min": n}
    if m["q"] in ("不超过", "不高于") or m["t"] in ("以下", "以内"):
        return {"eligible_employees_max": n}
    return {}


def _founded(text: str) -> dict:
    m = FOUNDED.search(text)
    if not m:
        return {}
    found = dates_in(m["date"], None)
    if not found:
        return {}
    side = "eligible_founded_until" if "前" in m["side"] else "eligible_founded_from"
    return {side: found[0][2]}


def _negated(text: str, word: str) -> bool:
    before = text[: text.find(word)]
    return bool(re.search(r"(?:不属于|非|除)[^，。；]{0,6}$", before))
