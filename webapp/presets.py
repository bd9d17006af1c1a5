"""Preset relationship views: policy tree, funding flows, provincial response, Enterprise 360.

Each preset is a walk: start from seed nodes, then follow a list of steps (from nodes
of one label, along some relationship types, in one direction, to nodes of one label),
collecting at most ``PRESET_MAX_NODES`` (and ``MAX_NODES``) nodes; the view is
``store.subgraph`` of those keys, so every relationship among them (with its amounts and
provenance) is drawn. Where a node has more than ``GROUP_THRESHOLD`` neighbours of one
kind, the walk draws one group node instead (webapp/groups.py), split by the step's
facet when it names one; derived relationships are drawn only where a step asks for them.

Reported facts are never hidden inside a group of generated ones: a group that holds both
synthetic members and others draws the others by name beside it (at most
``PRESET_PULL_OUT`` of them; more, and the group is split by status). Funding flows draws
the funds the sources report by default, the generated (synthetic) ones summed in one line
with a switch (``synthetic=1``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import Blueprint, request

from graph.errors import BadParameter
from graph.grouping import Group, facet_values
from graph.schema import DERIVED_TYPES, SCHEMA

from . import groups as grouping
from .extensions import get_store
from .i18n import get_lang
from .i18n import t as tr
from .params import key_arg, setting
from .render import page, twin_route

bp = Blueprint("presets", __name__, url_prefix="/preset")

DEFAULT_POLICY = "policy:sme-digital-2025"
PRESET_FACETS = 8  # sub-groups a preset draws for one split group
PRESET_PULL_OUT = 8  # reported members of a mixed group drawn by name beside it
SYNTHETIC = "synthetic"
PARENT = ("SUB_FUND_OF", "out")  # a fund's parent fund


@dataclass(frozen=True)
class Step:
    source: str | None  # label of the collected nodes to walk from (None: the seeds)
    types: tuple[str, ...]
    direction: str = "both"
    target: str | None = None  # label of the nodes to collect
    group: bool = True  # more than GROUP_THRESHOLD neighbours of a kind: one group node
    split: str | None = None  # a group is drawn split by this facet (schema FACETS)
    always_group: bool = False  # a group however few (split only past GROUP_THRESHOLD)
    group_generated: bool = False  # a group however few when some members are synthetic


POLICY_TREE = (
    Step(None, ("SETS", "HAS_TASK", "PROVIDES"), "out"),
    Step(None, ("ISSUED",), "in"),
    Step("Measure", ("DELIVERED_BY",), "out"),
    Step("Fund", ("MANAGES",), "in"),
    Step(None, ("IMPLEMENTS",), "in", "Policy", split="level"),
    Step("Policy", ("ISSUED",), "in"),
)

FUNDING_FLOWS = (
    Step("Fund", ("SUB_FUND_OF",), "both"),
    Step("Fund", ("MANAGES",), "in"),
    Step("Fund", ("INVESTS_IN",), "out", "Enterprise", split="industry", always_group=True),
    Step("Fund", ("DELIVERED_BY",), "in"),
    Step("Fund", ("INVOLVES",), "in", "Event"),
    Step("Measure", ("PROVIDES",), "in", "Policy"),
    Step("Event", ("INVOLVES",), "out", "Agency"),
    Step("Event", ("RESPONDS_TO",), "out", "Policy"),
)

PROVINCE_RESPONSE = (
    Step(None, ("COVERS", "INVOLVES"), "in"),
    Step(None, ("LOCATED_IN",), "in", "Agency"),
    Step("Policy", ("ISSUED",), "in"),
    Step("Policy", ("IMPLEMENTS",), "out"),
    Step(None, ("PART_OF",), "in", "City", group=False),
    Step("City", ("LOCATED_IN",), "in", "Agency"),
    Step("Agency", ("ISSUED",), "out"),
    Step(None, ("LOCATED_IN",), "in", "Enterprise", group_generated=True),
    Step("City", ("LOCATED_IN",), "in", "Enterprise", group_generated=True),
    Step("Enterprise", ("INVOLVES",), "in"),
)

ENTERPRISE_360 = (
    Step(None, ("LOCATED_IN", "IN_INDUSTRY", "ADOPTS"), "out"),
    Step(None, ("INVESTS_IN", "INVOLVES"), "in"),
    Step("City", ("PART_OF",), "out"),
    Step(None, ("ELIGIBLE_FOR",), "out"),
    Step("Measure", ("PROVIDES",), "in"),
    Step("Measure", ("DELIVERED_BY",), "out"),
)


class Walk:
    """The keys and groups a preset collects, at most ``cap`` nodes in all."""

    def __init__(self, seeds: list[str], cap: int):
        self.store = get_store()
        self.cap = cap
        self.keys: dict[str, None] = dict.fromkeys(seeds[:cap])
        self.groups: dict[str, Group] = {}
        self.truncated = len(seeds) > cap
        self._counts: dict[str, list] = {}

    @property
    def room(self) -> int:
        return self.cap - len(self.keys) - len(self.groups)

    def counts(self, key: str) -> list[tuple[str, str, str, int]]:
        if key not in self._counts:
            self._counts[key] = self.store.neighbour_label_counts(key)
        return self._counts[key]

    def kinds(self, key: str, step: Step) -> list[tuple[str, str, str, int]]:
        """The kinds of neighbours of ``key`` that ``step`` follows."""
        return [
            (rel_type, direction, label, count)
            for rel_type, direction, label, count in self.counts(key)
            if rel_type in step.types
            and count
            and step.direction in ("both", direction)
            and step.target in (None, label)
        ]

    def splits(self, sources: list[str], step: Step) -> bool:
        """Whether every group ``step`` draws from ``sources`` can be split (PRESET_FACETS
        values and a remainder each) in the room left: a preset splits all of a step's
        groups or none, never the first few of forty."""
        if not (step.group and step.split):
            return False
        many = [
            count
            for key in sources
            for *_, count in self.kinds(key, step)
            if count > grouping.threshold()
        ]
        return len(many) * (PRESET_FACETS + 1) <= self.room

    def step(self, key: str, step: Step, split: bool = False, pending: int = 0) -> None:
        """Follow ``step`` from ``key``, its groups split by the step's facet when
        ``split``; ``pending``: sources of the step still to come, each kept room for one
        node (so a split never starves the later ones)."""
        for rel_type, direction, label, count in self.kinds(key, step):
            if self.room <= 0:
                self.truncated = True
                return
            many = count > grouping.threshold()
            group = Group(key, rel_type, direction, label, count)
            if step.group and (many or step.always_group or self.generated(group, step)):
                self.add_group(group, step.split if many and split else None, pending)
                continue
            found = self.store.neighbours(
                key, types=[rel_type], direction=direction, label=label, limit=self.room
            )
            self.keys.update((item.node.key, None) for item in found.items)
            self.truncated = self.truncated or found.total > len(found.items)

    def add_group(self, group: Group, split: str | None, pending: int = 0) -> None:
        """Draw ``group`` split by ``split`` (its largest PRESET_FACETS values and one
        remainder for the others) when that leaves room for the sources still to come;
        else one node, with its summed amount."""
        subs = grouping.facet_groups(group, split, PRESET_FACETS) if split else []
        if self.pull_out(group, pending):
            subs = grouping.facet_groups(group, "status", PRESET_FACETS)
        if len(subs) == 1 or not subs or len(subs) > self.room - pending:
            # one value is no split ("provincial · 政策 ×31" says no more than "政策 ×31")
            amount = self.store.group_amount(group.of, group.type, group.direction, group.label)
            self.groups[group.key] = replace(group, amount=amount)
            return
        self.groups.update((g.key, g) for g in subs)

    def generated(self, group: Group, step: Step) -> bool:
        """Whether ``step`` groups ``group`` for holding synthetic members."""
        if not step.group_generated or "status" not in group.splits:
            return False
        return SYNTHETIC in {v["value"] for v in facet_values(self.store, group, "status")}

    def pull_out(self, group: Group, pending: int = 0) -> bool:
        """Draw by name the members of ``group`` that are not synthetic, when it holds
        synthetic ones too (a reported plan among thirty generated ones); True when there
        are more than PRESET_PULL_OUT (or than the room): the group is then split by status
        instead."""
        if "status" not in group.splits:
            return False
        values = facet_values(self.store, group, "status")
        if SYNTHETIC not in {v["value"] for v in values}:
            return False
        others = [v for v in values if v["value"] != SYNTHETIC]
        if not others:
            return False
        if sum(v["count"] for v in others) > min(PRESET_PULL_OUT, self.room - pending - 1):
            return True
        for v in others:
            found, _ = self.store.group_members(
                group.of,
                group.type,
                group.direction,
                group.label,
                facet="status",
                value=v["value"],
                limit=v["count"],
            )
            self.keys.update((node.key, None) for node in found)
        return False


def walk(seeds: list[str], steps: tuple[Step, ...], cap: int) -> Walk:
    """Keys and groups reached from ``seeds`` by ``steps``, at most ``cap`` nodes."""
    w = Walk(seeds, cap)
    for step in steps:
        sources = (
            seeds
            if step.source is None
            else [k for k in w.keys if SCHEMA.label_for_key(k) == step.source]
        )
        sources = list(sources)
        split = w.splits(sources, step)
        for i, key in enumerate(sources):
            if w.room <= 0:
                w.truncated = True
                return w
            w.step(key, step, split, len(sources) - i - 1)
    return w


def prominent(data: dict, keys: list[str]) -> dict:
    """The preset's key nodes (``prominent: true``), drawn larger with the whole name."""
    wanted = set(keys)
    for node in data["nodes"]:
        if node["key"] in wanted:
            node["prominent"] = True
    return data


def sized(data: dict, w: Walk) -> dict:
    """Cities drawn sized by their enterprises (``size``: how many are located there)."""
    for node in data["nodes"]:
        if node.get("group") or node["labels"][0] != "City":
            continue
        node["size"] = sum(
            n
            for t, d, lb, n in w.counts(node["key"])
            if (t, d, lb) == ("LOCATED_IN", "in", "Enterprise")
        )
    return data


def preset_page(
    name: str,
    title: str,
    seeds: list[str],
    steps: tuple[Step, ...],
    focus: str | None,
    layout_hint: str = "force",
    extra: dict | None = None,
    key_nodes: list[str] | None = None,
):
    cap = min(setting("MAX_NODES"), setting("PRESET_MAX_NODES"))
    w = walk(seeds, steps, cap)
    subgraph = get_store().subgraph(list(w.keys))
    asked = {t for step in steps for t in step.types} & DERIVED_TYPES
    subgraph.relationships = [
        r for r in subgraph.relationships if r.type not in DERIVED_TYPES or r.type in asked
    ]
    subgraph.truncated = subgraph.truncated or w.truncated
    subgraph.caps["MAX_NODES"] = cap  # the cap the notice names: min(MAX_NODES, PRESET_...)
    subgraph.caps["PRESET_MAX_NODES"] = setting("PRESET_MAX_NODES")
    subgraph.caps["GROUP_THRESHOLD"] = grouping.threshold()
    graph = grouping.graph_json(subgraph, list(w.groups.values()), focus=focus)
    data = {
        "preset": name,
        "title": title,
        "focus": focus,
        "keys": [n.key for n in subgraph.nodes] + list(w.groups),
        "graph": prominent(sized(graph, w), key_nodes or ([focus] if focus else [])),
        "layout_hint": layout_hint,  # the graph view's starting layout
        **(extra or {}),
    }
    return page("explore/view.html", data)


@twin_route(bp, "/policy-tree")
def policy_tree():
    """The plan, its targets, tasks and measures, who delivers them, who implements it."""
    key = key_arg("key", required=False) or DEFAULT_POLICY
    _require_label(key, "Policy")
    get_store().get_node(key)
    return preset_page("policy-tree", "policy_tree", [key], POLICY_TREE, key, "hierarchical")


@twin_route(bp, "/funding-flows")
def funding_flows():
    """Funds, sub-funds, who manages them and what they back (amounts on the edges): the
    funds the sources report, the generated ones summed (``synthetic=1`` draws them)."""
    hits = get_store().search("fund:", limit=setting("MAX_SEARCH_LIMIT"), labels=["Fund"])
    funds = [h.node for h in hits]
    generated = [n.key for n in funds if n.properties.get("status") == SYNTHETIC]
    reported = [n.key for n in funds if n.properties.get("status") != SYNTHETIC]
    with_synthetic = request.args.get("synthetic", "") in ("1", "true", "yes", "on")
    with_synthetic = with_synthetic or not reported
    seeds = reported + generated if with_synthetic else reported
    return preset_page(
        "funding-flows",
        "funding_flows",
        seeds,
        FUNDING_FLOWS,
        None,
        extra={"synthetic": synthetic_summary(generated, with_synthetic)},
        key_nodes=roots(reported),
    )


def roots(funds: list[str]) -> list[str]:
    """The funds among ``funds`` that are no other fund's sub-fund (the national fund)."""
    store = get_store()
    return [
        key
        for key in funds
        if not any(n for t, d, _, n in store.neighbour_label_counts(key) if (t, d) == PARENT)
    ]


def synthetic_summary(funds: list[str], shown: bool) -> dict:
    """The generated funds in one line: how many, their investments (INVESTS_IN
    relationships) and the figures those give summed (None when none gives one), and
    whether the view draws them."""
    store = get_store()
    investees, amounts = 0, []
    for key in funds:
        investees += sum(
            n
            for t, d, lb, n in store.neighbour_label_counts(key)
            if (t, d, lb) == ("INVESTS_IN", "out", "Enterprise")
        )
        amount = store.group_amount(key, "INVESTS_IN", "out", "Enterprise")
        if amount is not None:
            amounts.append(amount)
    amount = sum(amounts) if amounts else None
    return {
        "funds": len(funds),
        "investments": investees,
        "amount": amount,
        "amount_text": amount_text(amount),
        "shown": shown,
    }


def amount_text(amount: float | None) -> str:
    """A sum of yuan as graphview.js formatAmount writes it (亿元 / CNY bn); "unknown"
    when no figure is given (never 0)."""
    if amount is None:
        return tr("unknown")
    if get_lang() == "zh":
        return f"{amount / 1e8:,.2f}亿元"
    return f"CNY {amount / 1e9:,.2f} bn"


@twin_route(bp, "/province")
def province_response():
    """A province with its agencies, plans, cities, enterprises and events."""
    key = key_arg("key", required=False)
    if key is None:
        return page(
            "explore/choose.html",
            {
                "preset": "province",
                "title": "province_response",
                "choices": _choices("province", "Province"),
            },
        )
    _require_label(key, "Province")
    get_store().get_node(key)
    return preset_page("province", "province_response", [key], PROVINCE_RESPONSE, key)


@twin_route(bp, "/enterprise")
def enterprise_360():
    """An enterprise with its location, industry, funds and what it is eligible for."""
    key = key_arg("key", required=False)
    if key is None:
        return page(
            "explore/choose.html",
            {
                "preset": "enterprise",
                "title": "enterprise_360",
                "choices": _choices("enterprise", "Enterprise"),
            },
        )
    _require_label(key, "Enterprise")
    get_store().get_node(key)
    return preset_page("enterprise", "enterprise_360", [key], ENTERPRISE_360, key)


def _choices(kind: str, label: str) -> list[dict]:
    hits = get_store().search(f"{kind}:", limit=setting("MAX_SEARCH_LIMIT"), labels=[label])
    return sorted((h.node.to_dict() for h in hits), key=lambda n: n["key"])


def _require_label(key: str, label: str) -> None:
    if SCHEMA.label_for_key(key) != label:
        raise BadParameter("key", f"{key!r} is not a {label} key")
