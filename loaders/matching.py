"""The policy matcher: which policies and measures a profile qualifies for, why, and
what it lacks. The rules are graph/rules.py's (the same that derive ELIGIBLE_FOR); the
targets and their provenance come from the store (cypher/loader_policies.cypher and
loader_measures.cypher), read once per :class:`Targets`.

A match is a target the profile qualifies for (every criterion met, or any one under
``eligible_match: any``, and in force on the day asked about); a near miss is one that
meeting a single unmet criterion would make a match. Unknown inputs stay unknown: a
target whose result is unknown is neither, and is listed as undecided, with the
criteria that are unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from graph.rules import Check, Criteria, Profile, checks, combine
from graph.rules import missing as missing_of

from . import stored
from .eligibility import candidates, index, measure_target, policy_target
from .reference import standards

MATCHER_READ = "reading policies and measures for the matcher"


@dataclass
class Target:
    """A Policy or Measure: its criteria and what the matcher shows of it."""

    criteria: Criteria
    row: dict
    label: str
    context: list[str] = field(default_factory=list)  # keys linking it in the graph


class Targets:
    """Every policy and measure in the store with its criteria, indexed by region."""

    def __init__(self, store):
        policies = list(stored.paged(store, "loader_policies", MATCHER_READ))
        measures = list(stored.paged(store, "loader_measures", MATCHER_READ))
        issuers = {p["key"]: [k for k in p.get("issuers") or () if k] for p in policies}
        self.by_key: dict[str, Target] = {}
        for p in policies:
            regions = {c for c in p.get("regions") or () if c}
            crit = policy_target(p, regions)
            self.by_key[p["key"]] = Target(crit, p, "Policy", issuers[p["key"]])
        for m in measures:
            links = [k for k in m.get("policies") or () if k]
            context = links + [a for k in links for a in issuers.get(k, ())]
            context += [k for k in m.get("delivered_by") or () if k]
            self.by_key[m["key"]] = Target(measure_target(m), m, "Measure", _unique(context))
        self.everywhere, self.by_region = index(t.criteria for t in self.by_key.values())
        self._local: dict[str | None, list[Target]] = {}

    def local(self, region_code: str | None) -> list[Target]:
        """The targets that can apply there: the region-free ones and those of its city
        and province (a measure of another province is no near miss: a firm does not
        move to qualify)."""
        found = self._local.get(region_code)
        if found is None:
            found = self._local[region_code] = [
                self.by_key[c.key] for c in candidates(region_code, self.everywhere, self.by_region)
            ]
        return found


def _unique(keys: list[str]) -> list[str]:
    return list(dict.fromkeys(keys))


def today() -> str:
    return dt.date.today().isoformat()


@dataclass
class Outcome:
    target: Target
    found: list[Check]
    result: bool | None
    unmet: list[Check] | None

    def item(self) -> dict:
        row = self.target.row
        c = self.target.criteria
        out = {
            "key": c.key,
            "name": row.get("name"),
            "name_en": row.get("name_en"),
            "label": self.target.label,
            "criteria": [k.to_dict() for k in self.found],
            "match": "any" if c.match_any else "all",
            "source": row.get("source"),
            "evidence": row.get("evidence"),
            "status": row.get("status"),
            "effective_from": c.effective_from,
            "expires": c.expires,
            "context": self.target.context,
        }
        if self.unmet is not None:
            out["missing"] = [k.criterion for k in self.unmet]
        if self.result is None:
            out["unknown"] = [k.criterion for k in self.found if k.met is None]
        return out


def evaluate(profile: Profile, targets: list[Target], on: str | None) -> list[Outcome]:
    std = standards()
    out = []
    for t in targets:
        if not t.criteria.has_criteria:
            continue
        found = checks(t.criteria, profile, std, on)
        result = combine(t.criteria, found)
        out.append(Outcome(t, found, result, missing_of(t.criteria, found)))
    return out


def match(profile: Profile, targets: Targets, on: str | None = None) -> dict:
    """``{matches, near_misses, undecided}`` for ``profile`` on day ``on`` (default
    today). ``undecided``: the targets whose result is unknown, each naming in
    ``unknown`` the criteria the profile does not say enough to decide (a missing
    revenue leaves the size class, and so a size criterion, unknown)."""
    on = on or today()
    outcomes = evaluate(profile, targets.local(profile.region_code), on)
    matches = [o.item() for o in outcomes if o.result is True]
    near = [o.item() for o in outcomes if o.unmet is not None]
    undecided = [o.item() for o in outcomes if o.result is None]
    return {
        "on": on,
        "matches": _ordered(matches),
        "near_misses": _ordered(near),
        "undecided": _ordered(undecided),
    }


def _ordered(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda i: (i["label"] != "Policy", i["key"]))


def profile_dict(p: Profile, size_from: str | None) -> dict:
    return {
        "key": p.key,
        "region_code": p.region_code,
        "industry_code": p.industry_code,
        "employees": p.employees,
        "revenue_wan": p.revenue_wan,
        "assets_wan": p.assets_wan,
        "founded": p.founded,
        "designations": list(p.designations) if p.designations is not None else None,
        "size_class": p.size_class,
        "size_class_from": size_from,
    }
