"""Facts that must agree with the reference data and the schema's rules beyond types:
GB/T 2260 codes (a city lies in the province its code says), GB/T 4754 divisions within
their section, and no self-loops for the types ``graph.schema.NO_SELF_LOOPS`` names.

Each function returns ``(field, problem)`` pairs; the record builders add file and line.
"""

from __future__ import annotations

import re

from graph.schema import SCHEMA

from .regions import region_table

CODE = re.compile(r"[0-9]{6}")
INDUSTRY_CODE = re.compile(r"[A-T](?:[0-9]{2,4})?")


def _id(key: str) -> str:
    return key.partition(":")[2]


def _province_name(code: str) -> str:
    province = region_table().provinces.get(code)
    return f"{province.name} ({code})" if province else code


def node_problems(label: str, key: str, props: dict) -> list[tuple[str, str]]:
    """A Province or City whose codes disagree with its key or with GB/T 2260."""
    if label not in ("Province", "City"):
        return []
    ident = _id(key)
    problems = []
    if not CODE.fullmatch(ident):
        return [("key", f"{key!r}: a {label} key is {label.lower()}: and a 6-digit GB/T 2260 code")]
    code = props.get("code")
    if code is not None and code != ident:
        problems.append(("code", f"{code!r} is not the code in the key {key!r}"))
    if label == "Province":
        if not ident.endswith("0000"):
            problems.append(("key", f"{key!r}: a province code ends in 0000 (GB/T 2260)"))
        return problems
    if ident.endswith("0000"):
        problems.append(("key", f"{key!r}: a code ending in 0000 is a province, not a city"))
        return problems
    home = ident[:2] + "0000"
    given = props.get("province_code")
    if given is not None and given != home:
        problems.append(
            (
                "province_code",
                f"{given!r}: city {ident} lies in {_province_name(home)} by its "
                "GB/T 2260 code, not in " + _province_name(given),
            )
        )
    return problems


def rel_problems(rel_type: str, start: str, end: str) -> list[tuple[str, str]]:
    """A self-loop the schema forbids; a PART_OF that contradicts the codes."""
    if start == end and not SCHEMA.rel(rel_type).self_loops:
        return [("end", f"{start} cannot be {rel_type} itself (no self-loops for {rel_type})")]
    if rel_type != "PART_OF":
        return []
    a, b = _id(start), _id(end)
    if start.startswith("city:") and end.startswith("province:") and CODE.fullmatch(a):
        home = a[:2] + "0000"
        if b != home:
            return [
                (
                    "end",
                    f"city {a} lies in {_province_name(home)} by its GB/T 2260 code, not in "
                    f"{_province_name(b)} (a city has one province: province:{home})",
                )
            ]
    if start.startswith("industry:") and INDUSTRY_CODE.fullmatch(a):
        if INDUSTRY_CODE.fullmatch(b) and not (a.startswith(b) and len(b) < len(a)):
            return [("end", f"GB/T 4754 {a} does not lie within {b}")]
    return []


def located_problems(nodes, rels) -> list[tuple[object, str, str]]:
    """LOCATED_IN records (of one run) that disagree with GB/T 2260: a node placed in a
    city and in a province the city is not in, or in a region its ``region_code`` does not
    lie in. ``nodes`` and ``rels`` are Records; returns (relationship Record, field,
    problem) for each relationship to refuse."""
    codes = {
        r.item.key: r.item.properties.get("region_code")
        for r in nodes
        if r.item.properties.get("region_code")
    }
    places: dict[str, list] = {}
    for rec in rels:
        if rec.item.type == "LOCATED_IN" and CODE.fullmatch(_id(rec.item.end)):
            places.setdefault(rec.item.start, []).append(rec)
    found = []
    for start, recs in places.items():
        cities = [r for r in recs if r.item.end.startswith("city:")]
        for rec in recs:
            end = _id(rec.item.end)
            if rec.item.end.startswith("province:"):
                for city in cities:
                    if _id(city.item.end)[:2] != end[:2]:
                        found.append(
                            (
                                rec,
                                "end",
                                f"{start} is LOCATED_IN {city.item.end} (line {city.line}), "
                                f"which lies in province:{_id(city.item.end)[:2]}0000, not "
                                f"{rec.item.end} (GB/T 2260)",
                            )
                        )
                        break
            code = codes.get(start)
            if code and not _lies_in(code, end, rec.item.end.startswith("city:")):
                found.append(
                    (rec, "end", f"{start} has region_code {code}, which is not in {rec.item.end}")
                )
    return found


def _lies_in(code: str, region: str, city: bool) -> bool:
    if city:
        return code == region or (code[:4] == region[:4] and code[4:] != "00")
    return code[:2] == region[:2]
