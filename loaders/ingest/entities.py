"""Named things in a sentence: agencies (full and short forms, regional bodies by
pattern), regions (GB/T 2260), funds, enterprises (with a valid USCC when given),
industries (GB/T 4754 and broad sectors) and technologies."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from loaders.regions import Region, region_table
from loaders.uscc import normalise_uscc, uscc_problems

from .lexicon import AGENCIES, SECTORS, TECHNOLOGIES
from .proposals import slug

INDUSTRIES_FILE = Path(__file__).resolve().parents[2] / "data" / "industries.yaml"
HAN = "\u4e00-\u9fa5"


@dataclass(frozen=True)
class _Span:
    s: int
    e: int

    def start(self) -> int:
        return self.s

    def end(self) -> int:
        return self.e


@dataclass(frozen=True)
class Mention:
    label: str
    key: str
    name: str
    start: int  # offsets within the text searched
    end: int
    props: dict
    rule: str
    confidence: float


@cache
def _agency_forms() -> tuple[re.Pattern, dict[str, tuple]]:
    forms = {}
    for key, name, shorts, kind, level in AGENCIES:
        for form in (name, *shorts):
            forms[form] = (key, name, shorts, kind, level)
    alternation = "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
    return re.compile(alternation), forms


_REGIONAL_BODY = re.compile(
    rf"(?P<place>[{HAN}]{{2,9}}?(?:省|自治区|市|自治州|州|盟|地区|县|区))"
    rf"(?P<body>人民政府办公厅|人民政府办公室|人民政府|[{HAN}]{{2,12}}?(?:厅|局|委员会|办公室))"
)
_ASSOCIATION = re.compile(rf"(?:中国|全国|中华)[{HAN}]{{2,12}}?(?:协会|商会|联合会|学会)")


# a branch of a national body: 中国人民银行广东省分行, 国家金融监督管理总局江苏监管局
_BRANCH = re.compile(rf"(?P<place>[{HAN}]{{2,8}}?(?:省|自治区|市)?)(?:分行|监管局|分局|营业管理部)")
# guarantee and re-guarantee bodies are agencies (they deliver measures), not enterprises:
# the name ends so, and starts at a region (成都, 广东省) within the same run of Han
_FINANCIAL_END = re.compile(r"担保(?:集团有限公司|集团|有限责任公司|股份有限公司|有限公司|公司)")
# 省财政厅, 市经济和信息化局: a body of the document's own province or city
_JOIN_BEFORE = "(?:(?<![\u4e00-\u9fa5])|(?<=会同)|(?<=和)|(?<=与)|(?<=及)|(?<=由)|(?<=联合))"
_SHORT_BODY = re.compile(
    rf"{_JOIN_BEFORE}(?P<level>省|市)(?P<body>政府办公厅|人民政府办公厅|"
    rf"(?!各|直|级|政府|人民)[{HAN}]{{2,12}}?(?:厅|局|委员会|办公室))"
)


def agencies_in(text: str, home: tuple | None = None) -> list[Mention]:
    """Agencies named in ``text``; ``home`` (province, city) of the document lets 省财政厅
    and 市财政局 be read as that province's or city's body."""
    pattern, forms = _agency_forms()
    found = []
    for m in pattern.finditer(text):
        key, name, shorts, kind, level = forms[m.group()]
        if m.group() == "国务院" and text[m.end() : m.end() + 3] in ("办公厅", "国资委"):
            continue
        branch = _BRANCH.match(text, m.end())
        if branch and _region_at(branch["place"]):
            region = _region_at(branch["place"])
            bname = m.group() + branch.group()
            props = {
                "name": name + branch.group() if m.group() != name else bname,
                "kind": kind,
                "level": "provincial" if region.level == "province" else "municipal",
                "region_code": region.code,
            }
            bkey = f"agency:{region.code}-{slug(props['name'])[1:9]}"
            found.append(
                Mention(
                    "Agency",
                    bkey,
                    props["name"],
                    m.start(),
                    branch.end(),
                    props,
                    "agency.branch",
                    0.8,
                )
            )
            continue
        props = {"name": name, "aliases": [s for s in shorts], "kind": kind, "level": level}
        conf = 0.95 if m.group() == name else 0.85
        found.append(Mention("Agency", key, name, m.start(), m.end(), props, "agency.known", conf))
    found += _financial_bodies(text, found)
    found += _regional_agencies(text, found)
    if home:
        found += _short_bodies(text, found, home)
    found += [
        Mention(
            "Agency",
            f"agency:{slug(m.group())}",
            m.group(),
            m.start(),
            m.end(),
            {"name": m.group(), "kind": "association", "level": "national"},
            "agency.association",
            0.8,
        )
        for m in _ASSOCIATION.finditer(text)
        if not _overlaps(m.start(), m.end(), found)
    ]
    return sorted(found, key=lambda x: x.start)


def _regional_agencies(text: str, known: list[Mention]) -> list[Mention]:
    table = region_table()
    out = []
    for m in _REGIONAL_BODY.finditer(text):
        place, region, lead = m["place"], None, 0
        for lead in range(len(place) - 1):  # 和浙江省…: the place starts after a joining word
            province, city = table.named_at_start(place[lead:])
            region = city or province
            if region is not None:
                break
        if region is None or _overlaps(m.start() + lead, m.end(), known):
            continue
        if m["body"] == "人民政府" and text.startswith(("新闻办", "新闻发布"), m.end()):
            continue  # 广东省人民政府新闻办公室 hosts a press conference; not the government
        level = "provincial" if region.level == "province" else "municipal"
        name = m.group()[lead:]
        props = {"name": name, "kind": "government", "level": level, "region_code": region.code}
        key = f"agency:{region.code}-{slug(name)[1:9]}"
        start = m.start() + lead
        out.append(Mention("Agency", key, name, start, m.end(), props, "agency.regional", 0.8))
    return out


def _region_at(place: str) -> Region | None:
    """The region a place word names exactly (广东省, 广东, 合肥市), else None."""
    table = region_table()
    province, city = table.named_at_start(place)
    region = city or province
    if region is None or table.named_at_start(place + "X") == (None, None):
        return None
    return region if len(place) <= len(region.name) else None


def _financial_bodies(text: str, known: list[Mention]) -> list[Mention]:
    out = []
    table = region_table()
    for m in _FINANCIAL_END.finditer(text):
        run_start = m.start()
        while (
            run_start > 0
            and m.start() - run_start < 24
            and re.match(f"[{HAN}]", text[run_start - 1])
        ):
            run_start -= 1
        region, start = None, m.start()
        for lead in range(run_start, m.start() - 1):
            for n in range(min(9, m.start() - lead), 1, -1):  # 成都 as well as 成都市
                province, city = table.named_at_start(text[lead : lead + n])
                if region := city or province:
                    break
            if region is not None:
                start = lead
                break
        if region is None or _overlaps(start, m.end(), known):
            continue
        name = text[start : m.end()]
        level = "provincial" if region.level == "province" else "municipal"
        props = {"name": name, "kind": "financial", "level": level, "region_code": region.code}
        key = f"agency:{region.code}-{slug(name)[1:9]}"
        out.append(Mention("Agency", key, name, start, m.end(), props, "agency.financial", 0.8))
    return out


def home_of(mentions: list[Mention]) -> tuple | None:
    """(province, city) of the first regional agency among ``mentions``, or None."""
    table = region_table()
    for m in mentions:
        code = m.props.get("region_code")
        region = table.by_code.get(code) if code else None
        if region is not None:
            if region.level == "province":
                return region, None
            return table.province_of(region), region
    return None


def _short_bodies(text: str, known: list[Mention], home: tuple) -> list[Mention]:
    province, city = home
    out = []
    for m in _SHORT_BODY.finditer(text):
        region = province if m["level"] == "省" else city
        if region is None or _overlaps(m.start(), m.end(), known + out):
            continue
        body = m["body"].replace("政府办公厅", "人民政府办公厅").replace("人民人民", "人民")
        name = region.name + body
        level = "provincial" if region.level == "province" else "municipal"
        props = {
            "name": name,
            "aliases": [m.group()],
            "kind": "government",
            "level": level,
            "region_code": region.code,
        }
        key = f"agency:{region.code}-{slug(name)[1:9]}"
        out.append(Mention("Agency", key, name, m.start(), m.end(), props, "agency.short", 0.75))
    return out


def _overlaps(start: int, end: int, found: list[Mention]) -> bool:
    return any(f.start < end and start < f.end for f in found)


@cache
def _region_pattern() -> tuple[re.Pattern, dict[str, Region]] | None:
    table = region_table()
    if table.empty:
        return None
    forms: dict[str, Region] = {}
    for form, region in [*table._short.items(), *table._exact.items()]:
        if len(form) >= 2 and re.fullmatch(f"[{HAN}]+", form):
            forms[form] = region
    alternation = "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
    return re.compile(alternation), forms


def regions_in(text: str) -> list[Mention]:
    compiled = _region_pattern()
    if compiled is None:
        return []
    pattern, forms = compiled
    out = []
    for m in pattern.finditer(text):
        region = forms[m.group()]
        label = "Province" if region.level == "province" else "City"
        conf = 0.9 if len(m.group()) > 2 or m.group() == region.name else 0.7
        props = {"name": region.name, "code": region.code}
        out.append(
            Mention(
                label, region.key, region.name, m.start(), m.end(), props, "region.gbt2260", conf
            )
        )
    return out


_FUND = re.compile(rf"(?:国家|中央|省级|市级|[{HAN}]{{2,6}}?(?:省|市))[{HAN}]{{2,14}}?基金")


_SHORT_FUND = re.compile(rf"{_JOIN_BEFORE}(?P<level>省|市)(?!级)[{HAN}]{{2,14}}?基金")


def funds_in(text: str, agencies: list[Mention], home: tuple | None = None) -> list[Mention]:
    out = []
    spans = []
    if home:
        for m in _SHORT_FUND.finditer(text):
            region = home[0] if m["level"] == "省" else home[1]
            if region is not None and not _overlaps(m.start(), m.end(), agencies):
                spans.append((m.start(), m.end(), region.name + m.group()[1:], m.group()))
    for m in _FUND.finditer(text):
        if any(s < m.end() and m.start() < e for s, e, _, _ in spans):
            continue
        spans.append((m.start(), m.end(), m.group(), None))
    for start, end, name, short in sorted(spans):
        if _overlaps(start, end, agencies) or name.endswith("子基金"):
            continue
        m = _Span(start, end)
        out.append(
            Mention(
                "Fund",
                f"fund:{slug(name)}",
                name,
                m.start(),
                m.end(),
                {"name": name, "currency": "CNY", **({"aliases": [short]} if short else {})},
                "fund.name",
                0.85,
            )
        )
    return out


_COMPANY = re.compile(
    rf"[{HAN}A-Za-z0-9（）()]{{2,30}}?(?:股份有限公司|有限责任公司|有限公司|集团公司)"
)
_UNNAMED = re.compile(rf"(?P<place>[{HAN}]{{2,4}}?)某(?P<what>[{HAN}]{{2,8}}?)(?:企业|公司|厂)")
USCC = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")


def enterprises_in(text: str) -> list[Mention]:
    table = region_table()
    out = []
    codes = [m for m in USCC.finditer(text) if not uscc_problems(normalise_uscc(m.group()))]
    for m in _COMPANY.finditer(text):
        name = re.sub(
            r"^(?:[（(][一二三四五六七八九十\d]+[）)]|由|与|和|及|对|向|为|是|在|的)+",
            "",
            m.group(),
        )
        after = [c for c in codes if 0 <= c.start() - m.end() < 40]
        props = {"name": name}
        key = f"enterprise:{slug(name)}"
        if after:
            props["uscc"] = normalise_uscc(after[0].group())
            key = f"enterprise:{props['uscc']}"
        province, city = table.named_at_start(name)
        if city or province:
            props["region_code"] = (city or province).code
        out.append(
            Mention("Enterprise", key, name, m.start(), m.end(), props, "enterprise.company", 0.85)
        )
    for m in _UNNAMED.finditer(text):
        province, city = table.named_at_start(m["place"])
        if not (city or province):
            continue
        name = m.group() + "(未具名)"
        props = {"name": name, "region_code": (city or province).code}
        out.append(
            Mention(
                "Enterprise",
                f"enterprise:{slug(name)}",
                name,
                m.start(),
                m.end(),
                props,
                "enterprise.unnamed",
                0.6,
            )
        )
    return out


@cache
def _industries() -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    forms: dict[str, tuple[str, str]] = {}
    doc = yaml.safe_load(INDUSTRIES_FILE.read_text(encoding="utf-8"))
    for node in doc.get("nodes", []):
        if node["key"].startswith("industry:") and len(node["name"]) >= 3:
            forms[node["name"]] = (node["key"], node["name"])
    for key, name, aliases in SECTORS:
        for form in (name, *aliases):
            forms[form] = (key, name)
    alternation = "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
    return re.compile(alternation), forms


def industries_in(text: str) -> list[Mention]:
    pattern, forms = _industries()
    out = []
    for m in pattern.finditer(text):
        key, name = forms[m.group()]
        props = {"name": name}
        out.append(Mention("Industry", key, name, m.start(), m.end(), props, "industry.name", 0.8))
    return out


@cache
def _technologies() -> tuple[re.Pattern, dict[str, tuple]]:
    forms = {}
    for key, name, aliases, category in TECHNOLOGIES:
        for form in (name, *aliases):
            forms[form] = (key, name, aliases, category)
    alternation = "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9])(?:{alternation})(?![A-Za-z0-9])"), forms


def technologies_in(text: str) -> list[Mention]:
    pattern, forms = _technologies()
    out = []
    for m in pattern.finditer(text):
        key, name, aliases, category = forms[m.group()]
        props = {"name": name, "aliases": list(aliases), "category": category}
        out.append(
            Mention("Technology", key, name, m.start(), m.end(), props, "technology.name", 0.8)
        )
    return out
