"""Reference data the rules need, read once from data/reference/: the size-class
thresholds of 《中小企业划型标准规定》 (sme_size_standard.toml) and the designation tiers
(designations.toml). graph/rules.py applies them; this module only reads them.

>>> size_class("C34", 19, 8000), size_class("C34", 20, 8000), size_class("C34", 120, 300)
('micro', 'small', 'small')
>>> size_class("C3411", 120, None) is None  # unknown revenue: unknown class, never "no"
True
>>> canonical_designation("小巨人"), canonical_designation("专精特新")
('专精特新"小巨人"企业', '专精特新中小企业')
"""

from __future__ import annotations

import tomllib
from functools import cache, lru_cache
from pathlib import Path

from graph.rules import SizeRule, Standards
from graph.rules import size_class as _size_class

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"
SIZE_STANDARD = REFERENCE_DIR / "sme_size_standard.toml"
DESIGNATIONS = REFERENCE_DIR / "designations.toml"


def _read(path: Path) -> dict:
    with path.open("rb") as f:
        return tomllib.load(f)


@cache
def size_standard() -> dict:
    """The standard as written in the data file (source, status, sectors)."""
    return _read(SIZE_STANDARD)


@cache
def designation_table() -> dict:
    return _read(DESIGNATIONS)


def _size_rules() -> tuple[SizeRule, ...]:
    return tuple(
        SizeRule(
            s["name"],
            tuple(s.get("industries", ())),
            dict(s["sme_below"]),
            dict(s["medium_from"]),
            dict(s["small_from"]),
            default=bool(s.get("default")),
        )
        for s in size_standard()["sector"]
    )


def _implied() -> dict[str, frozenset[str]]:
    """Each designation name or alias -> every name it counts as (its own names, and
    those of the designations it implies)."""
    entries = designation_table()["designation"]
    names = {d["name"]: frozenset([d["name"], *d.get("aliases", ())]) for d in entries}
    by_alias = {alias: d["name"] for d in entries for alias in names[d["name"]]}
    out: dict[str, frozenset[str]] = {}
    for d in entries:
        held = set(names[d["name"]])
        for other in d.get("implies", ()):
            held |= names.get(by_alias.get(other, other), frozenset([other]))
        for alias in names[d["name"]]:
            out[alias] = frozenset(held)
    return out


@cache
def standards() -> Standards:
    return Standards(_size_rules(), _implied())


@lru_cache(maxsize=65536)  # a batch repeats the same figures often
def size_class(
    industry: str | None,
    employees: float | None,
    revenue_wan: float | None,
    assets_wan: float | None = None,
) -> str | None:
    """micro / small / medium / large by 工信部联企业〔2011〕300号, or None (unknown)."""
    return _size_class(standards(), industry, employees, revenue_wan, assets_wan)


def canonical_designation(name: str) -> str | None:
    """The designation's name in the tiers table, from any of its aliases."""
    for d in designation_table()["designation"]:
        if name == d["name"] or name in d.get("aliases", ()):
            return d["name"]
    return None


def designation_choices() -> list[dict]:
    """The designations the matcher offers: name, English name, tier."""
    return [
        {"name": d["name"], "name_en": d.get("name_en"), "tier": d.get("tier")}
        for d in designation_table()["designation"]
    ]
