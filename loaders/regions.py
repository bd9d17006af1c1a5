"""China's regions (GB/T 2260) from ``data/regions/``: codes and names in any common form.

``RegionTable.resolve("宁波")`` gives the city 330200; so do 宁波市, Ningbo, 330200 and
city:330200. Names the table does not know fall back to ``cpca`` (offline address and
company-name resolution; imported only when needed, it takes seconds to import).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .encoding import read_text

REGIONS_DIR = Path(__file__).resolve().parent.parent / "data" / "regions"

# Suffixes stripped to make the short forms people write (浙江省 -> 浙江, 宁波市 -> 宁波).
_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "地区",
    "省",
    "市",
    "盟",
)
_EN_SUFFIXES = (" province", " city", " shi", " sheng", " municipality", " sar")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # "province" | "city"
    province_code: str

    @property
    def key(self) -> str:
        return f"{self.level}:{self.code}"


def _norm(text: str) -> str:
    return re.sub(r"[\s\-'’]", "", str(text)).lower()


class RegionTable:
    """Provinces and cities by code and by every name form."""

    def __init__(
        self, provinces: list[Region], cities: list[Region], names: dict[str, list[tuple[str, str]]]
    ):
        self.by_code = {r.code: r for r in provinces + cities}
        self.provinces = {r.code: r for r in provinces}
        self.cities = {r.code: r for r in cities}
        self._exact: dict[str, Region] = {}
        self._short: dict[str, Region] = {}
        # Provinces are indexed after cities so that a bare 吉林 means the province,
        # while 吉林市 (an exact city name) still means the city.
        for region in cities + provinces:
            for form, how in names.get(region.code, []):
                (self._exact if how == "exact" else self._short)[form] = region

    @property
    def empty(self) -> bool:
        return not self.by_code

    def known_code(self, code: str) -> bool:
        """Whether a 6-digit code is a known province or city, or a county under one.

        County codes (310115, 429004) are not in the table; they are known when their
        province is, and their 4-digit prefix is a known city, a municipality's district
        or a county-level unit under the province (XX90XX).
        """
        if code in self.by_code:
            return True
        province = code[:2] + "0000"
        if province not in self.provinces:
            return False
        city = code[:4] + "00"
        has_cities = any(c.startswith(code[:2]) for c in self.cities)
        return city in self.cities or code[2:4] == "90" or not has_cities

    def containing(self, code: str) -> Region | None:
        """The city (or, without one, the province) a 6-digit code lies in."""
        if not self.known_code(code):
            return None
        return self.cities.get(code[:4] + "00") or self.provinces.get(code[:2] + "0000")

    def resolve(self, text: str) -> Region | None:
        """A region from a code, key or name; None when the table does not know it."""
        raw = str(text).strip()
        if not raw:
            return None
        code = raw.split(":", 1)[1] if re.fullmatch(r"(province|city):[0-9]{6}", raw) else raw
        if re.fullmatch(r"[0-9]{6}", code):
            return self.containing(code)
        form = _norm(raw)
        return self._exact.get(form) or self._short.get(form)

    def named_at_start(self, text: str, short: bool = True) -> tuple[Region | None, Region | None]:
        """(province, city) an address or place names at its start: 广东省宁波市中山路 gives
        (广东省, 宁波市), whether or not they agree. Provinces may be short (广东) when
        ``short``; a city is found by its full name (宁波市), or by its short form when that
        is all that follows (广东宁波): 北京市朝阳区 is Beijing, not 朝阳市 in 辽宁."""
        norm = _norm(text)
        province, rest = None, norm
        for n in range(min(len(norm), 16), 1, -1):
            found = self._exact.get(norm[:n]) or (self._short.get(norm[:n]) if short else None)
            if found and found.level == "province":
                province, rest = found, norm[n:]
                break
        city = self._exact.get(rest) or self._short.get(rest)
        if city is None or city.level != "city":
            city = next(
                (
                    r
                    for n in range(min(len(rest), 16), 1, -1)
                    if (r := self._exact.get(rest[:n])) and r.level == "city"
                ),
                None,
            )
        return province, city

    def province_of(self, region: Region) -> Region | None:
        return self.provinces.get(region.province_code)

    def resolve_address(self, *texts: str) -> Region | None:
        """Fallback: the region ``cpca`` finds in an address or company name."""
        for text in texts:
            if text and str(text).strip():
                code = cpca_code(str(text).strip())
                if code:
                    region = self.containing(code)
                    if region:
                        return region
        return None


def _forms(name: str, short: str, name_en: str, aliases: list[str]) -> list[tuple[str, str]]:
    forms = [(_norm(name), "exact")]
    for text in [short, *aliases]:
        if text:
            forms.append((_norm(text), "short"))
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            forms.append((_norm(name[: -len(suffix)]), "short"))
            break
    if name_en:
        en = _norm(name_en)
        forms.append((en, "short"))
        for suffix in _EN_SUFFIXES:
            forms.append((en + _norm(suffix), "short"))
    return forms


def _read_rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    return list(csv.DictReader(read_text(path).splitlines()))


def table_from(directory: Path) -> RegionTable:
    provinces, cities, names = [], [], {}
    for level, rows, out in (
        ("province", _read_rows(directory / "provinces.csv"), provinces),
        ("city", _read_rows(directory / "cities.csv"), cities),
    ):
        for row in rows:
            code = row["code"]
            parent = row.get("province_code") or code[:2] + "0000"
            out.append(Region(code, row["name"], level, parent if level == "city" else code))
            aliases = [a for a in (row.get("aliases") or "").split("|") if a]
            names[code] = _forms(
                row["name"], row.get("short_name") or "", row.get("name_en") or "", aliases
            )
    return RegionTable(provinces, cities, names)


@cache
def region_table(directory: Path = REGIONS_DIR) -> RegionTable:
    """The bundled region table (empty when ``data/regions`` is absent)."""
    return table_from(directory)


@cache
def cpca_code(text: str) -> str | None:
    """The 6-digit GB/T 2260 code ``cpca`` finds in an address or company name."""
    import cpca  # slow to import (pandas and a large table): only when a name is unknown

    frame = cpca.transform([text])
    code = frame.iloc[0].get("adcode")
    if code is None or not isinstance(code, str) or not re.fullmatch(r"[0-9]{6}", code):
        return None
    return code
