"""Synthetic data for scale: ``flask --app webapp generate --enterprises N --seed S --out DIR``.

Writes CSV files the loader takes (its fast path): ``sources.csv``, ``nodes.csv``
(agencies, funds, plans and measures), ``enterprises.csv`` (a kind file) and
``relationships.csv``. Every record is ``status=synthetic`` with ``source`` the Source
node ``source:synthetic-<seed>``, and every name carries the 「示例」 marker. Shares
come from the reported figures in loaders/synthetic_figures.py. The same seed gives
byte-identical files. Region, industry and technology nodes are referenced, not
written: they come from the bundled data/, which must be loaded first (or together).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from . import synthetic_figures as fig
from .regions import Region, RegionTable, region_table
from .uscc import CHARSET, make_uscc

MARK = "「示例」"
STATUS = "synthetic"
NODE_COLUMNS = [
    "key",
    "name",
    "name_en",
    "level",
    "kind",
    "region_code",
    "issued_date",
    "instrument",
    "summary",
    "eligible_regions",
    "eligible_sizes",
    "eligible_designations",
    "eligible_industries",
    "currency",
    "focus",
    "source",
    "status",
]
REL_COLUMNS = ["start", "type", "end", "amount", "amount_text", "date", "source", "status"]
ENTERPRISE_COLUMNS = [
    "uscc",
    "name",
    "region",
    "industry",
    "size_class",
    "designations",
    "founded",
    "source",
    "status",
]


@dataclass
class Place:
    """Where synthetic firms are placed: a city, or a municipality as a whole."""

    region: Region
    province: Region
    weight: float
    short: str


@dataclass
class Counts:
    files: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, n: int = 1) -> None:
        self.files[name] = self.files.get(name, 0) + n


def generate(n: int, seed: int, out: Path, table: RegionTable | None = None) -> Counts:
    """Write the synthetic files for ``n`` enterprises into ``out``; rows per file."""
    table = table or region_table()
    if table.empty:
        raise ValueError(
            "the generator needs the region table data/regions/provinces.csv and cities.csv"
        )
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    source = f"source:synthetic-{seed}"
    places = _places(table)
    counts = Counts()
    eco = _ecosystem(places, source)
    _write(
        out / "sources.csv",
        NODE_COLUMNS + ["title", "publisher", "reliability"],
        [_source_row(seed, source)],
        counts,
    )
    _write(out / "nodes.csv", NODE_COLUMNS, eco.nodes, counts)
    rels = _open(out / "relationships.csv", REL_COLUMNS)
    with open(out / "enterprises.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(ENTERPRISE_COLUMNS)
        for row, links in _enterprises(n, rng, places, eco, source):
            w.writerow(row)
            counts.add("enterprises.csv")
            for link in links:
                rels[1].writerow(link)
                counts.add("relationships.csv")
    for link in eco.rels:
        rels[1].writerow(link)
        counts.add("relationships.csv")
    rels[0].close()
    return counts


def _open(path: Path, header: list[str]):
    f = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by caller
    w = csv.writer(f, lineterminator="\n")
    w.writerow(header)
    return f, w


def _write(path: Path, header: list[str], rows, counts: Counts) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow([_cell(row.get(c)) for c in header])
            counts.add(path.name)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(value)
    return str(value)


def _source_row(seed: int, source: str) -> dict:
    return {
        "key": source,
        "name": f"{MARK}合成数据 (seed {seed})",
        "name_en": f"Synthetic data (seed {seed})",
        "title": f"PolicyGraph synthetic data, seed {seed}",
        "publisher": "PolicyGraph generator (loaders/generate.py)",
        "reliability": "Synthetic: invented companies, funds, plans and measures for scale "
        "testing; shares follow reported little-giant figures. Not facts.",
        "source": source,
        "status": STATUS,
    }


def _places(table: RegionTable) -> list[Place]:
    """Cities (and municipalities) weighted by the reported little-giant figures."""
    places: list[Place] = []
    for short, count in fig.LITTLE_GIANTS_2021.items():
        province = table.resolve(short)
        extra = {c: v for c, v in fig.SEPARATE_CITIES_2021.items() if fig.CITY_PROVINCE[c] == short}
        total = count + sum(extra.values())
        if not total or province is None:
            continue
        cities = sorted(
            (c for c in table.cities.values() if c.province_code == province.code),
            key=lambda c: c.code,
        )
        if not cities:
            places.append(Place(province, province, float(total), short))
            continue
        for city, share in _city_shares(short, cities, count, extra, table).items():
            places.append(Place(city, province, total * share, city.name.rstrip("市")))
    return places


def _city_shares(short, cities, count, extra, table) -> dict[Region, float]:
    shares: dict[Region, float] = {}
    prov_2025 = fig.LITTLE_GIANTS_2025_PROVINCES.get(short)
    for name, figure in fig.LITTLE_GIANTS_2025_CITIES.items():
        city = table.resolve(name)
        if city in cities and prov_2025:
            shares[city] = figure / prov_2025
    for name, figure in extra.items():
        city = table.resolve(name)
        if city in cities and city not in shares:
            shares[city] = figure / (count + sum(extra.values()))
    if not any(s for c, s in shares.items() if c.code.endswith("0100")):
        capital = cities[0]  # XX0100 is the provincial capital in GB/T 2260
        if capital not in shares:
            shares[capital] = fig.CAPITAL_SHARE
    rest = [c for c in cities if c not in shares]
    left = max(0.0, 1.0 - sum(shares.values()))
    for c in rest:
        shares[c] = left / len(rest)
    return shares


@dataclass
class Ecosystem:
    nodes: list[dict]
    rels: list[list[str]]
    province_fund: dict[str, str]  # province code -> fund key
    city_fund: dict[str, str]  # city code -> sub-fund key


def _ecosystem(places: list[Place], source: str) -> Ecosystem:
    """Per province: an agency, a fund, a plan and three measures; per top city a
    sub-fund and a city measure."""
    base = {"source": source, "status": STATUS}
    nodes, rels = [], []
    eco = Ecosystem(nodes, rels, {}, {})
    provinces = {}
    for p in places:
        provinces.setdefault(p.province.code, (p.province, fig_short(p)))
    for code, (prov, short) in sorted(provinces.items()):
        agency, fund, plan = f"agency:syn-{code}", f"fund:syn-{code}", f"policy:syn-{code}"
        eco.province_fund[code] = fund
        nodes += [
            {
                **base,
                "key": agency,
                "name": f"{MARK}{short}经济和信息化厅",
                "kind": "government",
                "level": "provincial",
                "region_code": code,
            },
            {
                **base,
                "key": fund,
                "name": f"{MARK}{short}中小企业发展基金",
                "currency": "CNY",
                "focus": "中小企业数字化转型",
            },
            {
                **base,
                "key": plan,
                "name": f"{MARK}{short}中小企业数字化转型实施方案",
                "level": "provincial",
                "issued_date": "2025-11-20",
            },
        ]
        rels += [
            _rel(agency, "LOCATED_IN", prov.key, source),
            _rel(agency, "MANAGES", fund, source),
            _rel(agency, "ISSUED", plan, source),
            _rel(plan, "COVERS", prov.key, source),
            _rel(plan, "IMPLEMENTS", fig.NATIONAL_PLAN, source),
        ]
        measures = [
            (
                "zjtx",
                f"{short}专精特新企业数字化改造补助",
                "grant",
                {"eligible_designations": ["专精特新"]},
                fund,
            ),
            (
                "micro",
                f"{short}小微企业数字化转型贷款贴息",
                "loan",
                {"eligible_sizes": ["micro", "small"]},
                agency,
            ),
            (
                "sector",
                f"{short}重点行业数字化转型服务券",
                "service",
                {"eligible_industries": ["C34", "C35"]},
                agency,
            ),
        ]
        for suffix, name, instrument, criteria, deliverer in measures:
            key = f"measure:syn-{code}-{suffix}"
            nodes.append(
                {
                    **base,
                    "key": key,
                    "name": MARK + name,
                    "instrument": instrument,
                    "eligible_regions": [code],
                    **criteria,
                }
            )
            rels += [
                _rel(plan, "PROVIDES", key, source),
                _rel(key, "DELIVERED_BY", deliverer, source),
            ]
    for name in fig.LITTLE_GIANTS_2025_CITIES:
        place = next((p for p in places if p.short == name and p.region.level == "city"), None)
        if place is None:
            continue
        code, prov = place.region.code, place.province.code
        sub, measure = f"fund:syn-{code}", f"measure:syn-{code}-pilot"
        eco.city_fund[code] = sub
        nodes += [
            {
                **base,
                "key": sub,
                "name": f"{MARK}{name}数字化转型子基金",
                "currency": "CNY",
                "focus": "数字化转型",
            },
            {
                **base,
                "key": measure,
                "name": f"{MARK}{name}中小企业数字化转型城市试点补助",
                "instrument": "grant",
                "eligible_regions": [code],
                "eligible_sizes": ["micro", "small", "medium"],
            },
        ]
        rels += [
            _rel(sub, "SUB_FUND_OF", eco.province_fund[prov], source),
            _rel(f"policy:syn-{prov}", "PROVIDES", measure, source),
            _rel(measure, "DELIVERED_BY", sub, source),
        ]
    return eco


def fig_short(place: Place) -> str:
    return (
        place.province.name
        if place.region is place.province
        else next(
            (s for s in fig.LITTLE_GIANTS_2021 if place.province.name.startswith(s)),
            place.province.name,
        )
    )


def _rel(
    start: str, rel_type: str, end: str, source: str, amount=None, amount_text=None, date=None
) -> list[str]:
    return [start, rel_type, end, _cell(amount), _cell(amount_text), _cell(date), source, STATUS]


def _weighted(items: dict[str, float]):
    keys = list(items)
    return keys, list(accumulate(items[k] for k in keys))


def _enterprises(
    n: int, rng: random.Random, places: list[Place], eco: Ecosystem, source: str
) -> Iterator[tuple[list[str], list[list[str]]]]:
    place_cum = list(accumulate(p.weight for p in places))
    sections, section_cum = _weighted(fig.SECTION_SHARES)
    divisions = {s: _weighted(d) for s, d in fig.DIVISION_SHARES.items()}
    sizes, size_cum = _weighted(fig.SIZE_SHARES)
    seen: set[str] = set()
    start = dt.date(1995, 1, 1).toordinal()
    span = dt.date(2024, 12, 31).toordinal() - start
    invest_start = dt.date(2023, 1, 1).toordinal()
    invest_span = dt.date(2025, 11, 15).toordinal() - invest_start
    for _ in range(n):
        place = rng.choices(places, cum_weights=place_cum)[0]
        section = rng.choices(sections, cum_weights=section_cum)[0]
        codes, cum = divisions[section]
        industry = rng.choices(codes, cum_weights=cum)[0]
        size = rng.choices(sizes, cum_weights=size_cum)[0]
        uscc = _uscc(rng, place.region.code, seen)
        key = f"enterprise:{uscc}"
        designations = _designations(rng)
        name = _name(rng, place.short, industry, size)
        founded = dt.date.fromordinal(start + rng.randrange(span)).isoformat()
        row = [
            uscc,
            name,
            place.region.code,
            industry,
            size,
            "|".join(designations),
            founded,
            source,
            STATUS,
        ]
        links = [
            _rel(key, "ADOPTS", tech, source)
            for tech, share in fig.TECHNOLOGY_SHARES.items()
            if rng.random() < share
        ]
        smart = fig.SMART_LINE_SHARE["C" if section == "C" else "other"]
        if rng.random() < smart:
            links.append(_rel(key, "ADOPTS", fig.SMART_LINE, source))
        if rng.random() < fig.INVESTED_SHARE:
            fund = eco.city_fund.get(place.region.code)
            if fund is None or rng.random() < 0.5:
                fund = eco.province_fund[place.province.code]
            amount = max(1e6, round(math.exp(rng.gauss(math.log(2e7), 0.9)), -4))
            date = dt.date.fromordinal(invest_start + rng.randrange(invest_span)).isoformat()
            links.append(
                _rel(
                    fund,
                    "INVESTS_IN",
                    key,
                    source,
                    f"{amount:.0f}",
                    f"{amount / 1e4:.0f}万元",
                    date,
                )
            )
        yield row, links


def _uscc(rng: random.Random, region: str, seen: set[str]) -> str:
    while True:
        if rng.random() < 0.6:  # newer codes: organisation code starting MA
            body = "MA" + "".join(rng.choices(CHARSET, k=6))
        else:
            body = "".join(rng.choices("0123456789", k=8))
        code = make_uscc(region, body)
        if code not in seen:
            seen.add(code)
            return code


def _designations(rng: random.Random) -> list[str]:
    found = []
    if rng.random() < fig.ZJTX_SHARE:
        found.append("专精特新")
        if rng.random() < fig.LITTLE_GIANT_OF_ZJTX:
            found.append("小巨人")
    for name, share in fig.OTHER_DESIGNATIONS.items():
        if rng.random() < share:
            found.append(name)
    return found


def _name(rng: random.Random, place: str, industry: str, size: str) -> str:
    words = "".join(rng.choices(fig.NAME_CHARS, k=2))
    kind = "股份有限公司" if size in ("medium", "large") else "有限公司"
    return f"{MARK}{place}{words}{fig.INDUSTRY_WORDS[industry]}{kind}"
