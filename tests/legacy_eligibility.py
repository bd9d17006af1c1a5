"""ELIGIBLE_FOR as loaders/eligibility.py derived it before graph/rules.py (frozen copy,
kept only so that tests/test_rules.py can show the engine gives the same edges)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from graph.model import Relationship

POLICY_RULE = "policy-region"
MEASURE_RULE = "measure-criteria"


@dataclass
class Target:
    """A Policy or Measure and the criteria it sets."""

    key: str
    source: str | None = None
    national: bool = False
    regions: set[str] = field(default_factory=set)
    sizes: set[str] = field(default_factory=set)
    designations: set[str] = field(default_factory=set)
    industries: set[str] = field(default_factory=set)
    match_any: bool = False

    @property
    def is_policy(self) -> bool:
        return self.key.startswith("policy:")

    @property
    def has_criteria(self) -> bool:
        if self.is_policy:
            return self.national or bool(self.regions)
        return bool(self.regions or self.sizes or self.designations or self.industries)


@dataclass(frozen=True, slots=True)
class Firm:
    key: str
    region_code: str | None
    size_class: str | None
    industry_code: str | None
    designations: tuple[str, ...]


def firm_of(props: dict) -> Firm:
    return Firm(
        props["key"],
        props.get("region_code"),
        props.get("size_class"),
        props.get("industry_code"),
        tuple(props.get("designations") or ()),
    )


def policy_target(props: dict, covers: Iterable[str]) -> Target:
    regions = set(covers)
    national = props.get("level") == "national" and not regions
    return Target(props["key"], props.get("source"), national=national, regions=regions)


def measure_target(props: dict) -> Target:
    return Target(
        props["key"],
        props.get("source"),
        regions=set(props.get("eligible_regions") or ()),
        sizes=set(props.get("eligible_sizes") or ()),
        designations=set(props.get("eligible_designations") or ()),
        industries=set(props.get("eligible_industries") or ()),
        match_any=(props.get("eligible_match") or "all") == "any",
    )


def matched(target: Target, firm: Firm) -> list[str] | None:
    """The criteria ``firm`` meets for ``target``, or None when it is not eligible.

    >>> f = Firm("enterprise:x", "330200", "small", "C34", ("专精特新小巨人",))
    >>> matched(Target("measure:m", sizes={"micro", "small"}, designations={"专精特新"},
    ...                match_any=True), f)
    ['size:small', 'designation:专精特新']
    >>> matched(Target("measure:m", regions={"440000"}, sizes={"small"}), f) is None
    True
    >>> matched(Target("policy:p", regions={"330000"}), f)
    ['region:330000']
    """
    if target.is_policy:
        if target.national:
            return ["region:national"]
        hit = _region(target.regions, firm)
        return [f"region:{hit}"] if hit else None
    checks = []
    if target.regions:
        hit = _region(target.regions, firm)
        checks.append([f"region:{hit}"] if hit else None)
    if target.sizes:
        checks.append([f"size:{firm.size_class}"] if firm.size_class in target.sizes else None)
    if target.designations:
        hits = sorted(d for d in target.designations if any(d in own for own in firm.designations))
        checks.append([f"designation:{d}" for d in hits] or None)
    if target.industries:
        code = firm.industry_code or ""
        hits = sorted(i for i in target.industries if code.startswith(i))
        checks.append([f"industry:{i}" for i in hits] or None)
    if not checks:
        return None
    met = [c for c in checks if c]
    if not met or (not target.match_any and len(met) < len(checks)):
        return None
    return [item for c in met for item in c]


def _region(regions: set[str], firm: Firm) -> str | None:
    code = firm.region_code
    if not code:
        return None
    for candidate in (code, code[:4] + "00", code[:2] + "0000"):
        if candidate in regions:
            return candidate
    return None


def derive(firms: Iterable[Firm], targets: list[Target]) -> Iterator[Relationship]:
    """ELIGIBLE_FOR relationships for every firm and every target it qualifies for.

    Targets that require a region are indexed by region code, so each firm is checked
    only against the targets of its own city and province plus the region-free ones
    (100,000 firms x 150 targets would otherwise be 15M checks).
    """
    everywhere: list[Target] = []
    by_region: dict[str, list[Target]] = {}
    for t in targets:
        if not t.has_criteria:
            continue
        if t.regions and (t.is_policy or not t.match_any):
            for code in t.regions:
                by_region.setdefault(code, []).append(t)
        else:
            everywhere.append(t)
    local_of: dict[str, list[Target]] = {}
    for firm in firms:
        code = firm.region_code or ""
        local = local_of.get(code)
        if local is None:
            found = (
                {
                    t.key: t
                    for c in (code, code[:4] + "00", code[:2] + "0000")
                    for t in by_region.get(c, ())
                }
                if code
                else {}
            )
            local = local_of[code] = everywhere + [found[k] for k in sorted(found)]
        for target in local:
            criteria = matched(target, firm)
            if criteria is None:
                continue
            props = {
                "criteria": criteria,
                "status": "derived",
                "rule": POLICY_RULE if target.is_policy else MEASURE_RULE,
            }
            if target.source:
                props["source"] = target.source
            yield Relationship("ELIGIBLE_FOR", firm.key, target.key, props)
