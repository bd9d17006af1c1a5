"""The domain schema, declared once.

Neo4j's constraints and indexes and Ladybug's DDL are both derived from ``SCHEMA``;
``docs/schema.md`` describes the same labels and types and a test keeps them in step.
Property types: ``string``, ``int``, ``float``, ``bool``, ``string[]``. Dates are ISO
``YYYY-MM-DD`` strings so that both stores return them identically.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .errors import SchemaViolation
from .keys import key_kind

PROPERTY_TYPES = ("string", "int", "float", "bool", "string[]")
STATUSES = ("reported", "reference", "synthetic", "verified", "derived", "extracted", "reviewed")


@dataclass(frozen=True)
class Prop:
    name: str
    type: str = "string"
    doc: str = ""


@dataclass(frozen=True)
class Label:
    name: str
    kind: str  # the key prefix: Province -> "province"
    doc: str
    props: tuple[Prop, ...]
    example: str  # an example key

    @property
    def all_props(self) -> tuple[Prop, ...]:
        return NODE_PROPS + self.props


@dataclass(frozen=True)
class RelType:
    name: str
    pairs: tuple[tuple[str, str], ...]  # allowed (start label, end label)
    doc: str
    props: tuple[Prop, ...] = ()

    @property
    def all_props(self) -> tuple[Prop, ...]:
        return REL_PROPS + self.props

    @property
    def self_loops(self) -> bool:
        """Whether a node may relate to itself by this type (see NO_SELF_LOOPS)."""
        return self.name not in NO_SELF_LOOPS


# Types for which a node never relates to itself: a policy implementing itself, a fund
# its own sub-fund, a region part of itself or an agency managing itself is a data error.
NO_SELF_LOOPS = frozenset({"IMPLEMENTS", "SUB_FUND_OF", "PART_OF", "MANAGES"})

# Provenance: every fact that comes from a document says where from and how sure.
PROVENANCE = (
    Prop("source", "string", "key of the Source node the fact comes from"),
    Prop("evidence", "string", "the quoted sentence that states the fact"),
    Prop(
        "status",
        "string",
        "reported | reference | synthetic | verified | derived | extracted | reviewed",
    ),
)

NODE_PROPS = (
    Prop("key", "string", "business key kind:id, globally unique"),
    Prop("name", "string", "Chinese name"),
    Prop("name_en", "string", "English name"),
    Prop("aliases", "string[]", "other names: short forms, former names, abbreviations"),
    *PROVENANCE,
)

REL_PROPS = PROVENANCE

# Amounts: a number in yuan when the source gives one, else null, with the text kept.
AMOUNT = (
    Prop("amount", "float", "amount in yuan; null when the source gives no figure"),
    Prop("amount_min", "float", "lower bound in yuan when the source gives a range"),
    Prop("amount_max", "float", "upper bound in yuan when the source gives a range"),
    Prop("amount_text", "string", "the amount as the source writes it (50亿元, 数千万元, XX亿元)"),
)

SEARCH_PROP = "search"  # internal: lower-cased key, name, name_en and aliases; never returned

LABELS: tuple[Label, ...] = (
    Label(
        "Policy",
        "policy",
        "A plan, action plan or implementation plan issued by a government body.",
        (
            Prop("doc_number", "string", "document number (文号) when known"),
            Prop("level", "string", "national | provincial | municipal"),
            Prop("issued_date", "string", "date issued"),
            Prop("effective_date", "string", "date it takes effect"),
            Prop("expiry_date", "string", "last day it applies, when the source gives one"),
            Prop("period_start", "int", "first year covered"),
            Prop("period_end", "int", "last year covered"),
            Prop("issuer_text", "string", "issuer as the source names it"),
            Prop("summary", "string", "what the policy does, in one or two sentences"),
            Prop("url", "string", "official text, when one is known"),
        ),
        "policy:sme-digital-2025",
    ),
    Label(
        "Target",
        "target",
        "A quantified goal a policy sets.",
        (
            Prop("indicator", "string", "what is measured"),
            Prop("value", "float", "target value; null when not given"),
            Prop("value_text", "string", "target as the source writes it"),
            Prop("unit", "string", "percent | enterprises | ..."),
            Prop("comparator", "string", ">= | > | = | about (超过 is >, 以上 is >=)"),
            Prop("deadline", "string", "date by which it is to be met"),
        ),
        "target:sme-digital-2025-cnc-rate",
    ),
    Label(
        "Task",
        "task",
        "A key task (重点任务) a policy assigns.",
        (Prop("seq", "int", "order in the policy"), Prop("summary", "string", "what it asks for")),
        "task:sme-digital-2025-t1",
    ),
    Label(
        "Measure",
        "measure",
        "A support measure: grant, loan, guarantee, fee cut, fund investment, service ...",
        (
            Prop(
                "instrument",
                "string",
                "grant | loan | guarantee | fee_cut | fund_investment | service | regulation",
            ),
            Prop("group", "string", "the group of measures it belongs to in the policy"),
            Prop("summary", "string", "what the measure does"),
            Prop("effective_date", "string", "date it takes effect"),
            *AMOUNT,
            Prop("eligible_sizes", "string[]", "size classes it is for (micro, small, medium)"),
            Prop("eligible_designations", "string[]", "designations it is for (专精特新, 小巨人)"),
            Prop("eligible_industries", "string[]", "GB/T 4754 codes it is for"),
            Prop("eligible_regions", "string[]", "GB/T 2260 province or city codes it is for"),
            Prop(
                "eligible_match",
                "string",
                "all (default): every listed criterion must hold; any: one is enough",
            ),
            Prop("eligible_employees_min", "int", "fewest employees (从业人员) it is for"),
            Prop("eligible_employees_max", "int", "most employees it is for"),
            Prop("eligible_revenue_min_wan", "float", "lowest revenue (营业收入) it is for, 万元"),
            Prop("eligible_revenue_max_wan", "float", "highest revenue it is for, 万元"),
            Prop("eligible_founded_from", "string", "earliest registration date it is for"),
            Prop("eligible_founded_until", "string", "latest registration date it is for"),
            Prop("expiry_date", "string", "last day it applies, when the source gives one"),
        ),
        "measure:guarantee-fee-cut-2025",
    ),
    Label(
        "Agency",
        "agency",
        "A government body, association, financial institution or platform.",
        (
            Prop("kind", "string", "government | association | financial | platform"),
            Prop("level", "string", "national | provincial | municipal"),
            Prop("region_code", "string", "GB/T 2260 code of its seat, when regional"),
            Prop("url", "string", "official site"),
        ),
        "agency:miit",
    ),
    Label(
        "Fund",
        "fund",
        "A government-guided fund or sub-fund.",
        (
            Prop("size", "float", "size in the fund's currency; null when unknown"),
            Prop("size_text", "string", "size as the source writes it"),
            Prop("currency", "string", "CNY unless stated"),
            Prop("focus", "string", "what it invests in"),
            Prop("established", "string", "date set up"),
        ),
        "fund:sme-development-fund",
    ),
    Label(
        "Province",
        "province",
        "A provincial-level division (GB/T 2260): province, municipality, region or SAR.",
        (
            Prop("code", "string", "6-digit GB/T 2260 code"),
            Prop("short_name", "string", "short form (浙江)"),
            Prop("iso_code", "string", "ISO 3166-2:CN code"),
            Prop("division_type", "string", "province | municipality | autonomous_region | sar"),
            Prop("lat", "float", "latitude of the seat"),
            Prop("lon", "float", "longitude of the seat"),
        ),
        "province:330000",
    ),
    Label(
        "City",
        "city",
        "A prefecture-level unit (GB/T 2260).",
        (
            Prop("code", "string", "6-digit GB/T 2260 code"),
            Prop("province_code", "string", "code of the province it belongs to"),
            Prop("short_name", "string", "short form (宁波)"),
            Prop(
                "division_type",
                "string",
                "prefecture_city | prefecture | autonomous_prefecture | league",
            ),
            Prop("lat", "float", "latitude of the seat"),
            Prop("lon", "float", "longitude of the seat"),
        ),
        "city:330200",
    ),
    Label(
        "Enterprise",
        "enterprise",
        "A company; keyed by its USCC when known.",
        (
            Prop("uscc", "string", "unified social credit code (GB 32100-2015)"),
            Prop("size_class", "string", "micro | small | medium | large"),
            Prop("industry_code", "string", "GB/T 4754 code"),
            Prop("designations", "string[]", "专精特新 | 小巨人 | 高新技术企业 ..."),
            Prop("region_code", "string", "GB/T 2260 code of its city"),
            Prop("founded", "string", "date of registration"),
            Prop("address", "string", "registered address"),
            Prop("employees", "int", "employees (从业人员), for the size class"),
            Prop("revenue_wan", "float", "revenue (营业收入), 万元, for the size class"),
            Prop("assets_wan", "float", "total assets (资产总额), 万元, for the size class"),
        ),
        "enterprise:91330200MA2H3XYZ0K",
    ),
    Label(
        "Industry",
        "industry",
        "A GB/T 4754 section or division, or a broad sector the source names.",
        (
            Prop("code", "string", "GB/T 4754-2017 code (C, C34) when known"),
            Prop("level", "string", "section | division | sector"),
        ),
        "industry:C",
    ),
    Label(
        "Technology",
        "technology",
        "A technology or kind of solution (工业互联网, 5G, SaaS).",
        (Prop("category", "string", "infrastructure | software | ..."),),
        "technology:5g",
    ),
    Label(
        "Report",
        "report",
        "A published report.",
        (
            Prop("published_date", "string", "date published"),
            Prop("summary", "string", "its main finding as the source gives it"),
        ),
        "report:sme-digital-index-2025",
    ),
    Label(
        "Event",
        "event",
        "A dated happening: a capital increase, a fee cut taking effect, an announcement.",
        (
            Prop("date", "string", "when it happened or takes effect"),
            Prop("date_text", "string", "the date as the source writes it (近日)"),
            Prop(
                "event_type",
                "string",
                "capital_increase | fee_cut | plan_release | report_release | investment",
            ),
            Prop("summary", "string", "what happened"),
            *AMOUNT,
        ),
        "event:sme-fund-capital-increase-2025",
    ),
    Label(
        "Source",
        "source",
        "A document that facts come from.",
        (
            Prop("title", "string", "title of the document"),
            Prop("publisher", "string", "who published it"),
            Prop("date", "string", "publication date"),
            Prop("url", "string", "where it was found"),
            Prop("file", "string", "file it was read from"),
            Prop("reliability", "string", "how far it can be trusted, in a sentence"),
            Prop("sha256", "string", "SHA-256 of the file's bytes (ingested documents)"),
        ),
        "source:seed-article-2025-11-17",
    ),
)

_ANY = tuple(label.name for label in LABELS)

RELATIONSHIPS: tuple[RelType, ...] = (
    RelType(
        "ISSUED",
        (("Agency", "Policy"),),
        "The agency issued the policy.",
        (Prop("date", "string", "date issued"),),
    ),
    RelType(
        "IMPLEMENTS",
        (("Policy", "Policy"),),
        "A (provincial or municipal) policy implements another (national) one.",
    ),
    RelType("SETS", (("Policy", "Target"),), "The policy sets the target."),
    RelType("HAS_TASK", (("Policy", "Task"),), "The policy assigns the task."),
    RelType("PROVIDES", (("Policy", "Measure"),), "The policy provides the support measure."),
    RelType("MANAGES", (("Agency", "Fund"),), "The agency sponsors or manages the fund."),
    RelType(
        "SUB_FUND_OF",
        (("Fund", "Fund"),),
        "A sub-fund of a parent fund.",
        (*AMOUNT, Prop("focus", "string", "what the sub-fund focuses on")),
    ),
    RelType(
        "INVESTS_IN",
        (("Fund", "Enterprise"),),
        "The fund invests in the enterprise.",
        (*AMOUNT, Prop("date", "string", "date of the investment")),
    ),
    RelType(
        "DELIVERED_BY",
        (("Measure", "Fund"), ("Measure", "Agency")),
        "The fund or agency delivers the measure.",
    ),
    RelType(
        "PART_OF",
        (("City", "Province"), ("Industry", "Industry")),
        "The city belongs to the province; a GB/T 4754 division belongs to its section.",
    ),
    RelType(
        "LOCATED_IN",
        (
            ("Enterprise", "City"),
            ("Enterprise", "Province"),
            ("Agency", "Province"),
            ("Agency", "City"),
        ),
        "Where an enterprise or agency is seated.",
    ),
    RelType(
        "COVERS",
        (("Policy", "Province"), ("Policy", "City")),
        "The policy applies in the province or city (its jurisdiction).",
    ),
    RelType("IN_INDUSTRY", (("Enterprise", "Industry"),), "The enterprise's industry."),
    RelType("ADOPTS", (("Enterprise", "Technology"),), "The enterprise adopts the technology."),
    RelType(
        "FOCUSES_ON",
        (
            ("Task", "Technology"),
            ("Task", "Industry"),
            ("Measure", "Technology"),
            ("Measure", "Industry"),
            ("Fund", "Industry"),
            ("Fund", "Technology"),
        ),
        "A task, measure or fund focuses on a technology or sector.",
    ),
    RelType(
        "PUBLISHED",
        (("Agency", "Report"),),
        "The agency published the report.",
        (Prop("role", "string", "lead | co-publisher"),),
    ),
    RelType(
        "ABOUT",
        (("Report", "Policy"), ("Report", "Industry")),
        "The report discusses the policy or sector.",
    ),
    RelType(
        "INVOLVES",
        tuple(("Event", label) for label in _ANY if label != "Event"),
        "The event involves the node.",
        (Prop("role", "string", "announcer | subject | beneficiary | investor ..."),),
    ),
    RelType("RESPONDS_TO", (("Event", "Policy"),), "The event responds to the policy."),
    RelType(
        "CITES",
        (("Policy", "Policy"), ("Report", "Policy")),
        "The policy or report cites another policy (根据《…》) without implementing it.",
    ),
    RelType(
        "ELIGIBLE_FOR",
        (("Enterprise", "Policy"), ("Enterprise", "Measure")),
        "Derived: the enterprise meets the policy's or measure's criteria.",
        (
            Prop("criteria", "string[]", "the criteria that matched (region, size, ...)"),
            Prop("rule", "string", "the rule that derived the edge"),
        ),
    ),
)


@dataclass(frozen=True)
class Schema:
    labels: tuple[Label, ...]
    relationships: tuple[RelType, ...]

    def label(self, name: str) -> Label:
        for label in self.labels:
            if label.name == name:
                return label
        raise SchemaViolation(f"unknown label {name!r}")

    def rel(self, name: str) -> RelType:
        for rel in self.relationships:
            if rel.name == name:
                return rel
        raise SchemaViolation(f"unknown relationship type {name!r}")

    @property
    def label_names(self) -> tuple[str, ...]:
        return tuple(label.name for label in self.labels)

    @property
    def rel_names(self) -> tuple[str, ...]:
        return tuple(rel.name for rel in self.relationships)

    def label_for_key(self, key: str) -> str:
        """The one label a key's kind names.

        >>> SCHEMA.label_for_key("province:330000")
        'Province'
        """
        kind = key_kind(key)
        for label in self.labels:
            if label.kind == kind:
                return label.name
        raise SchemaViolation(f"key {key!r}: unknown kind {kind!r}")

    def prop_types(self, label_or_rel: str) -> dict[str, str]:
        item = (
            self.label(label_or_rel) if label_or_rel in self.label_names else self.rel(label_or_rel)
        )
        return {p.name: p.type for p in item.all_props}

    def pairs(self) -> list[tuple[str, str, str]]:
        """Every allowed (start label, type, end label)."""
        return [(s, r.name, e) for r in self.relationships for s, e in r.pairs]


SCHEMA = Schema(LABELS, RELATIONSHIPS)


def search_text(props: dict) -> str:
    """The internal search field: key, names and aliases, each normalised by
    :func:`search_norm`, one per line.

    >>> search_text({"key": "province:330000", "name": "浙江省", "name_en": "Zhejiang",
    ...              "aliases": ["浙江"]})
    'province:330000\\n浙江省\\nzhejiang\\n浙江'
    """
    names = [props.get("key"), props.get("name"), props.get("name_en")]
    parts = names + list(props.get("aliases") or [])
    return "\n".join(search_norm(str(p)) for p in parts if p)


def search_norm(text: str) -> str:
    """Text as search compares it, the same for what is stored and what is asked:
    NFKC (full-width ｍｉｉｔ is miit), lower-cased, every run of whitespace (tab,
    newline, U+3000 ideographic space) one space, trimmed.

    >>> search_norm("中小企业\u3000数字化\t转型 ＡＢＣ")
    '中小企业 数字化 转型 abc'
    """
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


# -- Exploring at scale (docs/explorer.md "Groups"): declared once, used by the views ----

# Relationship types whose facts are derived by a rule (status ``derived``), not read in a
# document: left out of graph views, presets, neighbour order and paths unless asked for
# (``derived=1``), and shown as a count with a switch.
DERIVED_TYPES = frozenset({"ELIGIBLE_FOR"})

# The order a node page lists its relationship types, per label: (type, direction)
# first in this order, then the rest alphabetically; derived types always last.
NEIGHBOUR_ORDER: dict[str, tuple[tuple[str, str], ...]] = {
    "Policy": (
        ("ISSUED", "in"),
        ("SETS", "out"),
        ("HAS_TASK", "out"),
        ("PROVIDES", "out"),
        ("IMPLEMENTS", "in"),
        ("IMPLEMENTS", "out"),
        ("COVERS", "out"),
    ),
    "Province": (("PART_OF", "in"), ("COVERS", "in"), ("LOCATED_IN", "in")),
    "City": (("PART_OF", "out"), ("COVERS", "in"), ("LOCATED_IN", "in")),
    "Fund": (("MANAGES", "in"), ("SUB_FUND_OF", "out"), ("SUB_FUND_OF", "in")),
    "Enterprise": (("LOCATED_IN", "out"), ("IN_INDUSTRY", "out"), ("INVESTS_IN", "in")),
    "Measure": (("PROVIDES", "in"), ("DELIVERED_BY", "out")),
    "Agency": (("ISSUED", "out"), ("MANAGES", "out"), ("LOCATED_IN", "out")),
}


@dataclass(frozen=True)
class Facet:
    """A way to split a group of nodes of one label: by one of their properties
    (``prop``), or by the neighbour they reach along ``via`` (type, neighbour label)."""

    name: str
    prop: str | None = None
    via: tuple[str, str] | None = None
    is_list: bool = False  # a string[] property: a node counts once per value


# Facets a group of nodes of a label can be split into, first the default.
FACETS: dict[str, tuple[Facet, ...]] = {
    "Enterprise": (
        Facet("city", via=("LOCATED_IN", "City")),
        Facet("industry", via=("IN_INDUSTRY", "Industry")),
        Facet("size_class", prop="size_class"),
        Facet("designation", prop="designations", is_list=True),
        Facet("status", prop="status"),
    ),
    "Policy": (
        Facet("level", prop="level"),
        Facet("province", via=("COVERS", "Province")),
        Facet("status", prop="status"),
    ),
    "Measure": (Facet("instrument", prop="instrument"), Facet("status", prop="status")),
    "Fund": (Facet("status", prop="status"),),
    "Agency": (Facet("kind", prop="kind"), Facet("level", prop="level")),
    "Event": (Facet("event_type", prop="event_type"),),
}


def facet_for(label: str, name: str) -> Facet:
    """The facet ``name`` declared for ``label``; SchemaViolation when there is none.

    >>> facet_for("Enterprise", "city").via
    ('LOCATED_IN', 'City')
    """
    for facet in FACETS.get(label, ()):
        if facet.name == name:
            return facet
    raise SchemaViolation(f"no facet {name!r} for {label}")


def type_order(label: str, type_dirs) -> list[tuple[str, str]]:
    """``type_dirs`` ((type, direction) pairs) in the order declared for ``label``.

    >>> type_order("Policy", [("ELIGIBLE_FOR", "in"), ("CITES", "out"), ("ISSUED", "in")])
    [('ISSUED', 'in'), ('CITES', 'out'), ('ELIGIBLE_FOR', 'in')]
    """
    declared = {td: i for i, td in enumerate(NEIGHBOUR_ORDER.get(label, ()))}
    big = len(declared)
    return sorted(
        type_dirs,
        key=lambda td: (td[0] in DERIVED_TYPES, declared.get(td, big), td[0], td[1]),
    )


# -- How labels and relationship types look and are called (docs/explorer.md "Styles") --
# Declared once: the explorer, the console, the legend and the HTML export read these
# (through ``/schema.json`` in the browser); webapp/i18n.py takes its names from here.


@dataclass(frozen=True)
class Look:
    zh: str
    en: str
    color: str = "#607d8b"  # for a label; a relationship type's line colour
    shape: str = "dot"  # vis-network node shape (labels only)


LABEL_LOOKS: dict[str, Look] = {
    "Policy": Look("政策", "Policy", "#1f4e79", "square"),
    "Target": Look("目标", "Target", "#17a2b8", "triangle"),
    "Task": Look("任务", "Task", "#5c7cfa", "triangleDown"),
    "Measure": Look("措施", "Measure", "#2e9e5b", "diamond"),
    "Agency": Look("机构", "Agency", "#c0392b", "hexagon"),
    "Fund": Look("基金", "Fund", "#e0a800", "star"),
    "Province": Look("省份", "Province", "#8e44ad", "dot"),
    "City": Look("城市", "City", "#b07cc6", "dot"),
    "Enterprise": Look("企业", "Enterprise", "#e67e22", "dot"),
    "Industry": Look("行业", "Industry", "#16a085", "square"),
    "Technology": Look("技术", "Technology", "#2980b9", "diamond"),
    "Report": Look("报告", "Report", "#7f8c8d", "square"),
    "Event": Look("事件", "Event", "#d35400", "triangle"),
    "Source": Look("来源", "Source", "#95a5a6", "dot"),
}
FALLBACK_LOOK = Look("?", "?", "#607d8b", "dot")
REL_COLOR = "#a7b3c0"
MONEY_COLOR = "#d4a017"  # INVESTS_IN: money moves along it

REL_LOOKS: dict[str, Look] = {
    "ISSUED": Look("发布", "issued", REL_COLOR),
    "IMPLEMENTS": Look("落实", "implements", REL_COLOR),
    "SETS": Look("设定目标", "sets", REL_COLOR),
    "HAS_TASK": Look("重点任务", "has task", REL_COLOR),
    "PROVIDES": Look("支持措施", "provides", REL_COLOR),
    "MANAGES": Look("管理", "manages", REL_COLOR),
    "SUB_FUND_OF": Look("子基金", "sub-fund of", MONEY_COLOR),
    "INVESTS_IN": Look("投资", "invests in", MONEY_COLOR),
    "DELIVERED_BY": Look("实施主体", "delivered by", REL_COLOR),
    "PART_OF": Look("隶属", "part of", REL_COLOR),
    "LOCATED_IN": Look("位于", "located in", REL_COLOR),
    "COVERS": Look("适用地区", "covers", REL_COLOR),
    "IN_INDUSTRY": Look("所属行业", "in industry", REL_COLOR),
    "ADOPTS": Look("采用", "adopts", REL_COLOR),
    "FOCUSES_ON": Look("聚焦", "focuses on", REL_COLOR),
    "PUBLISHED": Look("发布报告", "published", REL_COLOR),
    "ABOUT": Look("涉及", "about", REL_COLOR),
    "INVOLVES": Look("涉及主体", "involves", REL_COLOR),
    "RESPONDS_TO": Look("响应", "responds to", REL_COLOR),
    "CITES": Look("引用", "cites", REL_COLOR),
    "ELIGIBLE_FOR": Look("符合条件", "eligible for", "#c9d1da"),
}


def label_look(name: str) -> Look:
    """How a label is drawn and called; an undeclared one gets the fallback.

    >>> label_look("Province").zh, label_look("Planet").shape
    ('省份', 'dot')
    """
    return LABEL_LOOKS.get(name, FALLBACK_LOOK)


def looks_json() -> dict:
    """Label and relationship-type looks as plain dicts (``/schema.json``)."""
    return {
        "labels": {name: look_dict(look) for name, look in LABEL_LOOKS.items()},
        "relationship_types": {name: look_dict(look) for name, look in REL_LOOKS.items()},
        "fallback": look_dict(FALLBACK_LOOK),
        "statuses": list(STATUSES),
    }


def look_dict(look: Look) -> dict:
    return {"zh": look.zh, "en": look.en, "color": look.color, "shape": look.shape}


def label_named(word: str) -> str | None:
    """The label a (normalised) word names in Chinese or English, singular or plural.

    >>> label_named("province"), label_named("企业"), label_named("provinces"), label_named("x")
    ('Province', 'Enterprise', 'Province', None)
    """
    for name, look in LABEL_LOOKS.items():
        names = {look.zh, look.en.lower(), name.lower()}
        if word in names or (word.endswith("s") and word[:-1] in names):
            return name
    return None
