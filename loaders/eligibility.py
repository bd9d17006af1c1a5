"""ELIGIBLE_FOR: which policies and measures an enterprise qualifies for, derived by the
rules engine (graph/rules.py, docs/eligibility.md) and materialised in the graph.

This module turns stored properties into the engine's :class:`Profile` and
:class:`Criteria` and derives the edges:

- ``policy-region``: a Policy with ``level: national`` and no COVERS covers every
  enterprise (criteria ``region:national``); a Policy that COVERS a province or city
  covers the enterprises located there (``region:<code>``).
- ``measure-criteria``: a Measure's ``eligible_*`` properties, all of them
  (``eligible_match: all``, the default) or any one (``any``). A measure that lists no
  criterion derives no edge: the source gives no basis for one.

Only a criterion known to hold derives an edge; unknown (a missing size class) is not
a qualification. Each edge carries ``criteria`` (what matched, e.g. ``["size:small",
"designation:专精特新"]``), ``rule``, ``status: derived`` and the policy's or measure's
``source``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from graph.errors import GraphError
from graph.model import Relationship
from graph.rules import Criteria, Profile, Standards, criteria_problems
from graph.rules import matched as _matched

from .reference import standards

POLICY_RULE = "policy-region"
MEASURE_RULE = "measure-criteria"

# The engine's types under the names the loaders have used.
Firm = Profile
Target = Criteria


def firm_of(props: dict, std: Standards | None = None) -> Profile:
    """An enterprise's profile from its stored properties. Its size class is the one
    stored, else the one the size standard gives for its figures (when it has them)."""
    size = props.get("size_class")
    figures = [props.get(k) for k in ("employees", "revenue_wan", "assets_wan")]
    if size is None and any(v is not None for v in figures):
        from graph.rules import size_class

        size = size_class(std or standards(), props.get("industry_code"), *figures)
    designations = props.get("designations")
    return Profile(
        props["key"],
        props.get("region_code"),
        size,
        props.get("industry_code"),
        tuple(designations) if designations is not None else None,
        *figures,
        props.get("founded"),
    )


def policy_target(props: dict, covers: Iterable[str]) -> Criteria:
    regions = set(covers)
    national = props.get("level") == "national" and not regions
    return Criteria(
        props["key"],
        props.get("source"),
        national=national,
        regions=regions,
        effective_from=props.get("effective_date"),
        expires=props.get("expiry_date"),
    )


def measure_target(props: dict) -> Criteria:
    """The Measure's criteria; GraphError naming it when a stored ``eligible_*``
    value is one the rules cannot read (the loaders refuse such rows; a node written
    another way stops the re-derivation instead of being read as something else)."""
    problems = criteria_problems(props)
    if problems:
        raise GraphError(
            f"{props['key']}: "
            + "; ".join(f"{name}: {problem}" for name, problem in problems)
            + " (stored: the rules cannot read it; load the measure again with a valid value)"
        )
    return Criteria(
        props["key"],
        props.get("source"),
        regions=set(props.get("eligible_regions") or ()),
        sizes=set(props.get("eligible_sizes") or ()),
        designations=set(props.get("eligible_designations") or ()),
        industries=set(props.get("eligible_industries") or ()),
        match_any=(props.get("eligible_match") or "all") == "any",
        employees_min=props.get("eligible_employees_min"),
        employees_max=props.get("eligible_employees_max"),
        revenue_min_wan=props.get("eligible_revenue_min_wan"),
        revenue_max_wan=props.get("eligible_revenue_max_wan"),
        founded_from=props.get("eligible_founded_from"),
        founded_until=props.get("eligible_founded_until"),
        effective_from=props.get("effective_date"),
        expires=props.get("expiry_date"),
    )


def matched(target: Criteria, firm: Profile) -> list[str] | None:
    """The criteria ``firm`` meets for ``target``, or None when it does not qualify.

    >>> f = Firm("enterprise:x", "330200", "small", "C34", ("专精特新小巨人",))
    >>> matched(Target("measure:m", sizes={"micro", "small"}, designations={"专精特新"},
    ...                match_any=True), f)
    ['size:small', 'designation:专精特新']
    >>> matched(Target("policy:p", regions={"330000"}), f)
    ['region:330000']
    """
    return _matched(target, firm, standards())


def index(targets: Iterable[Criteria]) -> tuple[list[Criteria], dict[str, list[Criteria]]]:
    """Targets that apply everywhere, and those that require a region by region code.

    A target that requires a region (a policy's, or a measure's under ``all``) can only
    apply to an enterprise in its region, so each enterprise is checked only against
    its own city's and province's targets plus the region-free ones (100,000 firms x
    150 targets would otherwise be 15M checks)."""
    everywhere: list[Criteria] = []
    by_region: dict[str, list[Criteria]] = {}
    for t in targets:
        if not t.has_criteria:
            continue
        if t.regions and (t.is_policy or not t.match_any):
            for code in t.regions:
                by_region.setdefault(code, []).append(t)
        else:
            everywhere.append(t)
    return everywhere, by_region


def candidates(
    code: str | None, everywhere: list[Criteria], by_region: dict[str, list[Criteria]]
) -> list[Criteria]:
    if not code:
        return everywhere
    found = {
        t.key: t for c in (code, code[:4] + "00", code[:2] + "0000") for t in by_region.get(c, ())
    }
    return everywhere + [found[k] for k in sorted(found)]


def derive(firms: Iterable[Profile], targets: list[Criteria]) -> Iterator[Relationship]:
    """ELIGIBLE_FOR relationships for every firm and every target it qualifies for."""
    std = standards()
    everywhere, by_region = index(targets)
    local_of: dict[str, list[Criteria]] = {}
    for firm in firms:
        code = firm.region_code or ""
        local = local_of.get(code)
        if local is None:
            local = local_of[code] = candidates(code, everywhere, by_region)
        for target in local:
            criteria = _matched(target, firm, std)
            if criteria is None:
                continue
            yield edge(firm.key, target, criteria)


def edge(firm_key: str, target: Criteria, criteria: list[str]) -> Relationship:
    props = {
        "criteria": criteria,
        "status": "derived",
        "rule": POLICY_RULE if target.is_policy else MEASURE_RULE,
    }
    if target.source:
        props["source"] = target.source
    return Relationship("ELIGIBLE_FOR", firm_key, target.key, props)
