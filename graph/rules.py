"""Eligibility and size-class rules: pure functions, no store, no Flask, no files.

One engine for the graph's ELIGIBLE_FOR (loaders/eligibility.py), the matcher
(webapp/match.py) and the batch (loaders/matching.py). The criteria are data on Policy
and Measure nodes; the size-class thresholds and designation tiers are data in
``data/reference/`` (read by loaders/reference.py and passed in here as
:class:`Standards`). docs/eligibility.md describes the rules.

Every criterion evaluates to ``met`` True, False or None: None when the profile does
not say (a missing revenue is unknown, never "no"). Criteria combine with
``eligible_match``: ``all`` (Kleene AND: any False is False, else any None is None) or
``any`` (Kleene OR). Only a True result derives an edge or counts as a match.

>>> p = Profile("enterprise:x", "330200", "small", "C3411", ("专精特新",))
>>> c = Criteria("measure:m", sizes=frozenset({"micro", "small"}),
...              designations=frozenset({"专精特新"}), match_any=True)
>>> eligible(c, p)
True
>>> [(k.criterion, k.met) for k in checks(c, Profile("enterprise:y", None, None, None, None))]
[('size', None), ('designation', None)]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

SIZES = ("micro", "small", "medium", "large")
FIGURES = ("employees", "revenue_wan", "assets_wan")  # what the size standard measures


# -- profiles and criteria ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Profile:
    """What is known of an enterprise; None is unknown.

    ``designations`` None is unknown; an empty tuple says it holds none."""

    key: str | None
    region_code: str | None
    size_class: str | None
    industry_code: str | None
    designations: tuple[str, ...] | None = None
    employees: int | None = None
    revenue_wan: float | None = None
    assets_wan: float | None = None
    founded: str | None = None  # ISO date


@dataclass
class Criteria:
    """A Policy's or Measure's criteria (the node's ``eligible_*`` properties)."""

    key: str
    source: str | None = None
    national: bool = False
    regions: set[str] = field(default_factory=set)
    sizes: set[str] = field(default_factory=set)
    designations: set[str] = field(default_factory=set)
    industries: set[str] = field(default_factory=set)
    match_any: bool = False
    employees_min: int | None = None
    employees_max: int | None = None
    revenue_min_wan: float | None = None
    revenue_max_wan: float | None = None
    founded_from: str | None = None
    founded_until: str | None = None
    effective_from: str | None = None
    expires: str | None = None

    @property
    def is_policy(self) -> bool:
        return self.key.startswith("policy:")

    @property
    def has_criteria(self) -> bool:
        """Whether the source gives any basis for saying who qualifies."""
        if self.is_policy:
            return self.national or bool(self.regions)
        return bool(
            self.regions
            or self.sizes
            or self.designations
            or self.industries
            or _given(self.employees_min, self.employees_max)
            or _given(self.revenue_min_wan, self.revenue_max_wan)
            or _given(self.founded_from, self.founded_until)
        )


def _given(*values) -> bool:
    return any(v is not None for v in values)


@dataclass(frozen=True, slots=True)
class Check:
    """One criterion: what is required, what the profile has, and whether it is met.

    ``matched`` lists what matched in the form ELIGIBLE_FOR's ``criteria`` keeps
    (``size:small``, ``region:330000``)."""

    criterion: str
    required: object
    actual: object
    met: bool | None
    matched: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "criterion": self.criterion,
            "required": self.required,
            "actual": self.actual,
            "met": self.met,
        }


MATCHES = ("all", "any")  # eligible_match


def criteria_problems(props: Mapping) -> list[tuple[str, str]]:
    """What the rules cannot read in a Measure's ``eligible_*`` properties, as
    (property, problem): the loaders refuse such a row, and a stored one stops a
    re-derivation (never read as something else).

    >>> criteria_problems({"eligible_match": "any", "eligible_sizes": ["small"]})
    []
    >>> criteria_problems({"eligible_match": "some", "eligible_sizes": ["tiny"],
    ...                    "eligible_regions": ["33"], "eligible_industries": ["c34"],
    ...                    "eligible_employees_min": 300, "eligible_employees_max": 20})
    ... # doctest: +NORMALIZE_WHITESPACE
    [('eligible_match', "must be all or any, got 'some'"),
     ('eligible_sizes', "'tiny' is not one of micro, small, medium, large"),
     ('eligible_regions', "'33' is not a 6-digit GB/T 2260 code"),
     ('eligible_industries', "'c34' is not a GB/T 4754 code (C, C34, C341, C3411)"),
     ('eligible_employees_min', 'is more than eligible_employees_max (300 > 20)')]
    """
    out: list[tuple[str, str]] = []
    match = props.get("eligible_match")
    if match is not None and match not in MATCHES:
        out.append(("eligible_match", f"must be all or any, got {match!r}"))
    for size in props.get("eligible_sizes") or ():
        if size not in SIZES:
            out.append(("eligible_sizes", f"{size!r} is not one of {', '.join(SIZES)}"))
    for code in props.get("eligible_regions") or ():
        if not (isinstance(code, str) and len(code) == 6 and code.isascii() and code.isdigit()):
            out.append(("eligible_regions", f"{code!r} is not a 6-digit GB/T 2260 code"))
    for code in props.get("eligible_industries") or ():
        if not _industry_code(code):
            out.append(
                ("eligible_industries", f"{code!r} is not a GB/T 4754 code (C, C34, C341, C3411)")
            )
    for low, high in (
        ("eligible_employees_min", "eligible_employees_max"),
        ("eligible_revenue_min_wan", "eligible_revenue_max_wan"),
        ("eligible_founded_from", "eligible_founded_until"),
    ):
        a, b = props.get(low), props.get(high)
        if a is not None and b is not None and type(a) is type(b) and a > b:
            out.append((low, f"is more than {high} ({a} > {b})"))
    return out


def _industry_code(code) -> bool:
    return (
        isinstance(code, str)
        and 1 <= len(code) <= 5
        and "A" <= code[0] <= "T"
        and code[1:].isascii()
        and (code[1:].isdigit() or not code[1:])
    )


# -- three-valued logic ---------------------------------------------------------------


def all3(values: Iterable[bool | None]) -> bool | None:
    """Kleene AND: False if any is False, else None if any is None, else True.

    >>> all3([True, None]), all3([None, False]), all3([True, True]), all3([])
    (None, False, True, True)
    """
    result: bool | None = True
    for v in values:
        if v is False:
            return False
        if v is None:
            result = None
    return result


def any3(values: Iterable[bool | None]) -> bool | None:
    """Kleene OR: True if any is True, else None if any is None, else False.

    >>> any3([False, None]), any3([None, True]), any3([False, False]), any3([])
    (None, True, False, False)
    """
    result: bool | None = False
    for v in values:
        if v is True:
            return True
        if v is None:
            result = None
    return result


# -- single criteria ------------------------------------------------------------------


def region_parents(code: str) -> tuple[str, ...]:
    """A GB/T 2260 code and the codes that contain it (its city, its province).

    >>> region_parents("330203"), region_parents("330200"), region_parents("110000")
    (('330203', '330200', '330000'), ('330200', '330000'), ('110000',))
    """
    return tuple(dict.fromkeys((code, code[:4] + "00", code[:2] + "0000")))


def region_met(listed: Iterable[str], code: str | None) -> tuple[bool | None, str | None]:
    """Whether an enterprise seated at ``code`` lies in one of the ``listed`` regions,
    and the listed code that covers it. A province covers its cities: 330000 covers
    330200. An enterprise known only by its province may or may not lie in a listed
    city of it: unknown.

    >>> region_met({"330000"}, "330200")
    (True, '330000')
    >>> region_met({"330200"}, "330203")
    (True, '330200')
    >>> region_met({"440000"}, "330200")
    (False, None)
    >>> region_met({"330200"}, "330000"), region_met({"330000"}, None)
    ((None, None), (None, None))
    """
    if not code:
        return None, None
    listed = set(listed)
    for candidate in region_parents(code):
        if candidate in listed:
            return True, candidate
    finer = code.rstrip("0")
    if any(c.startswith(finer) and c != code for c in listed):
        return None, None
    return False, None


def industry_met(listed: Iterable[str], code: str | None) -> tuple[bool | None, list[str]]:
    """Whether GB/T 4754 ``code`` falls under a listed code: a code matches itself and
    its subdivisions (C matches C34, C34 matches C3411). An enterprise known only by a
    coarser code (C) may or may not lie in a listed finer one (C34): unknown.

    >>> industry_met({"C34", "C35"}, "C3411")
    (True, ['C34'])
    >>> industry_met({"C34"}, "C35")
    (False, [])
    >>> industry_met({"C34"}, "C"), industry_met({"C34"}, None)
    ((None, []), (None, []))
    """
    if not code:
        return None, []
    hits = sorted(i for i in listed if code.startswith(i))
    if hits:
        return True, hits
    if any(i.startswith(code) for i in listed):
        return None, []
    return False, []


def designation_met(
    listed: Iterable[str],
    own: Iterable[str] | None,
    implied: Mapping[str, frozenset[str]] | None = None,
) -> tuple[bool | None, list[str]]:
    """Whether the enterprise holds a listed designation. A listed name matches a held
    one that contains it (专精特新 matches 专精特新小巨人), or, with ``implied`` (from
    the tiers in data/reference/designations.toml), one whose tier implies it.
    ``own`` None is unknown; an empty list holds none.

    >>> designation_met({"专精特新"}, ["专精特新小巨人"])
    (True, ['专精特新'])
    >>> designation_met({"专精特新"}, [])
    (False, [])
    >>> designation_met({"专精特新"}, None)
    (None, [])
    >>> designation_met({"专精特新中小企业"}, ["小巨人"],
    ...                 {"小巨人": frozenset({"专精特新中小企业"})})
    (True, ['专精特新中小企业'])
    """
    if own is None:
        return None, []
    own = list(own)
    held = set(own)
    if implied:
        for name in own:
            held |= implied.get(name, frozenset())
    hits = sorted(d for d in listed if d in held or any(d in name for name in own))
    return (True, hits) if hits else (False, [])


def range_met(low, high, value) -> bool | None:
    """``low <= value <= high`` (either bound may be None); None when value is.

    >>> range_met(20, None, 19), range_met(20, None, 20), range_met(None, 300, None)
    (False, True, None)
    """
    if value is None:
        return None
    return (low is None or value >= low) and (high is None or value <= high)


def bounds(low, high, unit: str = "") -> str:
    """A range as people write it.

    >>> bounds(20, None, "人"), bounds(None, 300, "万元"), bounds("2020-01-01", "2024-12-31")
    ('≥ 20人', '≤ 300万元', '2020-01-01 – 2024-12-31')
    """
    if low is not None and high is not None:
        return f"{low}{unit} – {high}{unit}"
    if low is not None:
        return f"≥ {low}{unit}"
    return f"≤ {high}{unit}"


# -- a target's criteria ----------------------------------------------------------------


def checks(
    c: Criteria, p: Profile, standards: Standards | None = None, on: str | None = None
) -> list[Check]:
    """Every criterion ``c`` sets, evaluated for ``p``; with ``on`` (an ISO date) also
    whether it is in force that day (``in_force``, from effective and expiry dates).

    >>> c = Criteria("measure:m", regions={"330000"}, industries={"C34"},
    ...              employees_max=300, effective_from="2025-12-01")
    >>> p = Profile(None, "330200", None, "C3411", employees=120)
    >>> [(k.criterion, k.met) for k in checks(c, p, on="2025-11-30")]
    [('region', True), ('industry', True), ('employees', True), ('in_force', False)]
    """
    out: list[Check] = []
    if c.is_policy and c.national:
        out.append(Check("region", "national", p.region_code, True, ("region:national",)))
    if c.regions:
        met, hit = region_met(c.regions, p.region_code)
        out.append(
            Check(
                "region", sorted(c.regions), p.region_code, met, (f"region:{hit}",) if hit else ()
            )
        )
    if c.sizes:
        size = p.size_class
        met = None if size is None else size in c.sizes
        out.append(
            Check("size", _ordered_sizes(c.sizes), size, met, (f"size:{size}",) if met else ())
        )
    if c.designations:
        implied = standards.implied if standards else None
        met, hits = designation_met(c.designations, p.designations, implied)
        actual = list(p.designations) if p.designations is not None else None
        out.append(
            Check(
                "designation",
                sorted(c.designations),
                actual,
                met,
                tuple(f"designation:{d}" for d in hits),
            )
        )
    if c.industries:
        met, hits = industry_met(c.industries, p.industry_code)
        out.append(
            Check(
                "industry",
                sorted(c.industries),
                p.industry_code,
                met,
                tuple(f"industry:{i}" for i in hits),
            )
        )
    for name, low, high, value, unit in (
        ("employees", c.employees_min, c.employees_max, p.employees, "人"),
        ("revenue_wan", c.revenue_min_wan, c.revenue_max_wan, p.revenue_wan, "万元"),
        ("founded", c.founded_from, c.founded_until, p.founded, ""),
    ):
        if low is None and high is None:
            continue
        met = range_met(low, high, value)
        out.append(
            Check(name, bounds(low, high, unit), value, met, (f"{name}:{value}",) if met else ())
        )
    if on is not None and (c.effective_from or c.expires):
        met = range_met(c.effective_from, c.expires, on)
        out.append(Check("in_force", bounds(c.effective_from, c.expires), on, met))
    return out


def _ordered_sizes(sizes: Iterable[str]) -> list[str]:
    return sorted(sizes, key=lambda s: SIZES.index(s) if s in SIZES else len(SIZES))


def combine(c: Criteria, found: list[Check]) -> bool | None:
    """Whether the checks make ``c`` apply: its who-criteria by ``eligible_match``, and
    (when checked) being in force. No criterion at all is no basis: False."""
    who = [k.met for k in found if k.criterion != "in_force"]
    if not who:
        return False
    result = any3(who) if c.match_any else all3(who)
    in_force = [k.met for k in found if k.criterion == "in_force"]
    return all3([result, *in_force])


def eligible(
    c: Criteria, p: Profile, standards: Standards | None = None, on: str | None = None
) -> bool | None:
    """Whether ``p`` qualifies for ``c``: True, False, or None (unknown)."""
    return combine(c, checks(c, p, standards, on))


def matched(c: Criteria, p: Profile, standards: Standards | None = None) -> list[str] | None:
    """ELIGIBLE_FOR's ``criteria``: what ``p`` meets for ``c``, or None unless it
    qualifies (unknown is not a qualification).

    >>> p = Profile("enterprise:x", "330200", "small", "C34", ("专精特新小巨人",))
    >>> matched(Criteria("measure:m", sizes={"micro", "small"}, designations={"专精特新"},
    ...                  match_any=True), p)
    ['size:small', 'designation:专精特新']
    >>> matched(Criteria("measure:m", regions={"440000"}, sizes={"small"}), p) is None
    True
    >>> matched(Criteria("policy:p", national=True), p)
    ['region:national']
    """
    if not c.has_criteria:
        return None
    found = checks(c, p, standards)
    if combine(c, found) is not True:
        return None
    return [item for k in found if k.met for item in k.matched]


def missing(c: Criteria, found: list[Check]) -> list[Check] | None:
    """The unmet criteria when meeting them would make ``c`` apply (a near miss), else
    None: with ``all``, exactly one unmet and every other met; with ``any``, none met
    and none unknown (each unmet one would do); or every criterion met but ``c`` not in
    force on the day asked about.

    >>> c = Criteria("measure:m", sizes={"small"}, designations={"专精特新"})
    >>> [k.criterion for k in missing(c, checks(c, Profile(None, None, "small", None, ())))]
    ['designation']
    >>> missing(c, checks(c, Profile(None, None, "large", None, ()))) is None
    True
    >>> late = Criteria("measure:m", sizes={"small"}, effective_from="2025-12-01")
    >>> [k.criterion for k in missing(late, checks(late, Profile(None, None, "small", None),
    ...                                            on="2025-11-30"))]
    ['in_force']
    """
    if combine(c, found) is not False:
        return None
    who = [k for k in found if k.criterion != "in_force"]
    in_force = [k for k in found if k.criterion == "in_force"]
    who_result = any3(k.met for k in who) if c.match_any else all3(k.met for k in who)
    if who_result is True:
        unmet = [k for k in in_force if k.met is False]
        return unmet or None
    if who_result is None or any(k.met is not True for k in in_force):
        return None
    unmet = [k for k in who if k.met is False]
    if c.match_any:
        return unmet if all(k.met is False for k in who) else None
    if len(unmet) == 1 and all(k.met is True for k in who if k is not unmet[0]):
        return unmet
    return None


# -- size class (工信部联企业〔2011〕300号) -------------------------------------------------


@dataclass(frozen=True, eq=False)
class SizeRule:
    """One sector of the standard: the GB/T 4754 codes it covers and its thresholds.

    ``sme_below``: an enterprise below any one of these is an SME (以下, any); else it
    is large. ``medium_from`` / ``small_from``: at least all of these (及以上, all) for
    the class; an SME meeting neither is micro."""

    sector: str
    industries: tuple[str, ...]
    sme_below: Mapping[str, float]
    medium_from: Mapping[str, float]
    small_from: Mapping[str, float]
    default: bool = False  # 其他未列明行业: industries no other sector names


@dataclass(frozen=True)
class Standards:
    """Reference data the rules need: the size rules and the designations each tier
    implies (data/reference/, read by loaders/reference.py)."""

    size_rules: tuple[SizeRule, ...] = ()
    implied: Mapping[str, frozenset[str]] = field(default_factory=dict)


def _below(limits: Mapping[str, float], figures: Mapping[str, float | None]) -> bool | None:
    return any3(None if figures.get(k) is None else figures[k] < v for k, v in limits.items())


def _from(limits: Mapping[str, float], figures: Mapping[str, float | None]) -> bool | None:
    return all3(None if figures.get(k) is None else figures[k] >= v for k, v in limits.items())


def classify(rule: SizeRule, figures: Mapping[str, float | None]) -> str | None:
    """The size class under one sector's rule, or None when the figures given cannot
    decide it.

    >>> industry = SizeRule("工业", ("C",), {"employees": 1000, "revenue_wan": 40000},
    ...                     {"employees": 300, "revenue_wan": 2000},
    ...                     {"employees": 20, "revenue_wan": 300})
    >>> [classify(industry, {"employees": n, "revenue_wan": 8000}) for n in (19, 20, 300, 1000)]
    ['micro', 'small', 'medium', 'medium']
    >>> [classify(industry, {"employees": n, "revenue_wan": r})
    ...  for n, r in ((1000, 40000), (999, 40000), (1000, 39999))]  # 以下 or 以下: an SME
    ['large', 'medium', 'medium']
    >>> classify(industry, {"employees": 120, "revenue_wan": 299.99})
    'micro'
    >>> classify(industry, {"employees": 120, "revenue_wan": 300})
    'small'
    >>> classify(industry, {"employees": None, "revenue_wan": 100})  # < 300万元 decides
    'micro'
    >>> classify(industry, {"employees": None, "revenue_wan": 8000}) is None
    True
    """
    sme = _below(rule.sme_below, figures)
    if sme is False:
        return "large"
    if sme is None:
        return None
    medium = _from(rule.medium_from, figures)
    if medium is True:
        return "medium"
    small = _from(rule.small_from, figures)
    if medium is False and small is True:
        return "small"
    if small is False:
        return "micro"
    return None


def size_rules_for(rules: Iterable[SizeRule], industry: str) -> list[SizeRule]:
    """The sector rules that may apply to GB/T 4754 ``industry``: the most specific one
    naming a prefix of it (or the default), plus any naming a subdivision of it (a
    section code such as G spans several sectors)."""
    rules = list(rules)
    best: SizeRule | None = None
    best_len = -1
    finer: list[SizeRule] = []
    default = next((r for r in rules if r.default), None)
    for rule in rules:
        for prefix in rule.industries:
            if industry.startswith(prefix) and len(prefix) > best_len:
                best, best_len = rule, len(prefix)
            elif prefix.startswith(industry) and prefix != industry and rule not in finer:
                finer.append(rule)
    first = best or default
    return [r for r in dict.fromkeys([first, *finer]) if r is not None]


def size_class(
    standards: Standards,
    industry: str | None,
    employees: float | None,
    revenue_wan: float | None,
    assets_wan: float | None = None,
) -> str | None:
    """The size class (micro, small, medium, large) by the standard, or None when the
    industry is unknown or the figures given cannot decide it. A code spanning sectors
    with different thresholds gets a class only when they all agree."""
    if not industry:
        return None
    figures = {"employees": employees, "revenue_wan": revenue_wan, "assets_wan": assets_wan}
    classes = {classify(rule, figures) for rule in size_rules_for(standards.size_rules, industry)}
    return classes.pop() if len(classes) == 1 else None
