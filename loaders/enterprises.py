"""Enterprise kind files: one row per company, keyed by its USCC.

Columns: ``uscc,name,region,industry,size_class,designations`` and optionally any other
Enterprise property. ``region`` is a code or a name in any common form; when it is
blank the address, then the company name, is resolved with cpca. Each row gives the
Enterprise node, LOCATED_IN its city (or province, for municipalities) and IN_INDUSTRY
its GB/T 4754 industry.
"""

from __future__ import annotations

import re

from graph.model import Node, Relationship
from graph.schema import SCHEMA

from . import values
from .records import Problem, Record, Rejected
from .regions import region_table
from .validate import check_props

ENTERPRISE_COLUMNS = frozenset(
    {"uscc", "region", "industry", "key"} | {p.name for p in SCHEMA.label("Enterprise").all_props}
)
# Full-width ASCII forms (Ｃ, ３): a code typed with a Chinese input method.
FULL_WIDTH = re.compile("[\uff01-\uff5e]")
INDUSTRY_RE = re.compile(r"^[A-T]([0-9]{2,4})?$")
PROVENANCE = ("source", "evidence", "status")


def enterprise_records(
    raw: dict, defaults: dict, file: str, line: int, row=None
) -> list[Record] | list[Rejected]:
    body = {k: v for k, v in raw.items() if k not in ("region", "industry", "key")}
    props, problems = check_props("Enterprise", body, defaults)
    uscc = props.get("uscc")
    key = f"enterprise:{uscc}" if uscc else None
    if not raw.get("uscc"):
        problems.append(("uscc", "missing"))
    if not raw.get("name"):
        problems.append(("name", "missing (every node needs a name)"))
    given_key = (raw.get("key") or "").strip()
    if given_key and key and given_key != key:
        problems.append(("key", f"{given_key!r} does not match the USCC (expected {key!r})"))
    given_code = props.get("region_code")
    if given_code and not (raw.get("region") or "").strip():
        raw = {**raw, "region": given_code}  # region_code alone says where
    region = _region(raw, problems)
    if region is not None and given_code and not _within(given_code, region):
        problems.append(
            ("region_code", f"{given_code!r} does not lie in {region.name} ({region.code})")
        )
    industry = _industry(raw.get("industry") or props.get("industry_code"), problems)
    if industry and props.get("industry_code") not in (None, industry):
        problems.append(
            ("industry_code", f"{props['industry_code']!r} is not the industry given ({industry})")
        )
    if problems:
        return [
            Rejected(
                file,
                line,
                [Problem(file, line, f, p) for f, p in problems],
                "Enterprise",
                row if row is not None else raw,
            )
        ]
    props["key"] = key
    if region is not None:
        props["region_code"] = region.code
    if industry:
        props["industry_code"] = industry
    rel_props = {k: props[k] for k in PROVENANCE if k in props}
    out = [Record(Node(key, ("Enterprise",), props), file, line)]
    if region is not None:
        out.append(Record(Relationship("LOCATED_IN", key, region.key, dict(rel_props)), file, line))
    if industry:
        out.append(
            Record(
                Relationship("IN_INDUSTRY", key, f"industry:{industry}", dict(rel_props)),
                file,
                line,
            )
        )
    return out


def _region(raw: dict, problems: list):
    table = region_table()
    text = (raw.get("region") or "").strip()
    try:
        values.check_text(text)
        if FULL_WIDTH.search(text):  # a code typed in full-width digits: say so
            values.check_ascii(text, "region codes")
    except ValueError as e:
        problems.append(("region", str(e)))
        return None
    if table.empty:
        problems.append(
            (
                "region",
                "no region table (data/regions/provinces.csv and cities.csv) to resolve it with",
            )
        )
        return None
    address = (raw.get("address") or "").strip()
    if text:
        region = table.resolve(text) or _place(table, text, "region", problems)
        if region is None and not problems and not re.fullmatch(r"[0-9]{6}", text):
            region = table.resolve_address(text)
        if region is None and not problems:
            problems.append(
                (
                    "region",
                    f"{text!r} is not a known province or city (give a "
                    "GB/T 2260 code or a name such as 浙江, 宁波市, Ningbo)",
                )
            )
        if region is not None and address:
            _agrees(table, region, address, problems)
        return region
    region = _place(table, address, "address", problems, short=False) if address else None
    if problems:
        return None
    region = region or table.resolve_address(address, raw.get("name") or "")
    if region is None:
        problems.append(("region", "missing, and no region was found in the address or name"))
    return region


def _within(code: str, region) -> bool:
    """Whether a GB/T 2260 code is ``region`` or lies in it (a county in its city)."""
    if region.level == "province":
        return code[:2] == region.code[:2]
    return code == region.code or (code[:4] == region.code[:4] and code[4:] != "00")


def _place(table, text: str, field: str, problems: list, short: bool = True):
    """The city (or province) a place named as 省+市 gives, when the two agree; a city
    given beside a province it does not lie in is a problem on ``field``."""
    province, city = table.named_at_start(text, short)
    if city is not None and province is not None and city.province_code != province.code:
        problems.append((field, _not_in(text, city, province, table)))
        return None
    return city or province


def _agrees(table, region, address: str, problems: list) -> None:
    """An address naming another province or city than ``region`` is a problem."""
    province, city = table.named_at_start(address, short=False)
    if province is not None and city is not None and city.province_code != province.code:
        problems.append(("address", _not_in(address, city, province, table)))
        return
    named = city if region.level == "city" and city is not None else province
    if named is None or named.code in (region.code, region.province_code):
        return
    problems.append(
        (
            "address",
            f"{address!r} names {named.name}, but region is {region.name}"
            + (f" ({table.province_of(region).name})" if region.level == "city" else ""),
        )
    )


def _not_in(text: str, city, province, table) -> str:
    home = table.province_of(city)
    return (
        f"{text!r}: {city.name} is in {home.name if home else city.province_code}, not in "
        f"{province.name} (GB/T 2260)"
    )


def _industry(text, problems: list) -> str | None:
    code = (text or "").strip()
    if code.startswith("industry:"):
        code = code[len("industry:") :]
    if not code:
        return None
    try:
        values.check_ascii(values.check_text(code), "industry codes")
    except ValueError as e:
        problems.append(("industry", str(e)))
        return None
    if not INDUSTRY_RE.match(code):
        problems.append(("industry", f"{code!r} is not a GB/T 4754 code (C, C34, I65 ...)"))
        return None
    return code
