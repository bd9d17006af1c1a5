"""The policy matcher: ``/match`` (a form) and ``/match.json?region=330200&industry=C34&
employees=120&revenue_wan=8000&designations=专精特新`` (its twin), and ``/match/batch``
(a CSV of enterprises in, a CSV of matches out), and ``/match/view`` (twin
``/match/view.json``, the same query as /match.json): the profile as one node linked to
what it matches. The rules are graph/rules.py's, the same that derive the graph's
ELIGIBLE_FOR (docs/eligibility.md)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from flask import Blueprint, Response, current_app, request, url_for

from graph.errors import BadParameter, NodeNotFound
from graph.model import Node, Relationship
from graph.rules import SIZES, Profile
from graph.rules import matched as matched_criteria
from graph.schema import SCHEMA
from loaders import matching
from loaders.eligibility import edge as eligible_edge
from loaders.reference import (
    canonical_designation,
    designation_choices,
    size_class,
    size_standard,
    standards,
)
from loaders.regions import region_table
from loaders.stored import enterprises
from loaders.uscc import normalise_uscc, uscc_problems

from . import groups
from .extensions import get_store
from .i18n import get_lang
from .render import page, twin_route, wants_json

bp = Blueprint("match", __name__)

REGION_RE = re.compile(r"^[1-8][0-9]{5}$")
INDUSTRY_RE = re.compile(r"^[A-T]([0-9]{2,4})?$")
PROFILE_PARAMS = (
    "uscc",
    "region",
    "province",
    "city",
    "industry",
    "employees",
    "revenue_wan",
    "assets_wan",
    "size_class",
    "designations",
    "founded",
)
MAX_NUMBER = 1e12


@twin_route(bp, "/match")
def match():
    """Which policies and measures a profile qualifies for, why, and what it lacks."""
    asked = any(request.args.get(p, "").strip() for p in PROFILE_PARAMS)
    data: dict = {"on": None, "profile": None, "matches": [], "near_misses": [], "undecided": []}
    status = 200
    try:
        data["on"] = on = date_arg("on") or matching.today()
        if asked:
            profile, size_from = profile_from_args()
            result = matching.match(profile, matching.Targets(get_store()), on)
            data.update(result)
            data["profile"] = matching.profile_dict(profile, size_from)
            data["view_url"] = view_url(profile, result)
            data["graph_url"] = url_for("match.profile_view", **request.args.to_dict(flat=False))
    except (BadParameter, NodeNotFound) as e:
        if wants_json():
            raise  # the one error shape, in English, naming the parameter
        # the page: the form again, with what the user typed and the error in its language
        data["error"] = {"param": getattr(e, "name", "uscc"), "message": error_text(e)}
        status = e.status
    data["choices"] = choices()
    data["size_standard"] = {
        "source": size_standard()["source"],
        "status": size_standard()["status"],
    }
    return page("match/index.html", data, status)


# The matcher's parameter errors in Chinese (the page's default language); the JSON
# twin keeps the English ones, which scripts may match on.
PARAM_ZH = {
    "uscc": "统一社会信用代码",
    "region": "地区",
    "province": "省份",
    "city": "城市",
    "industry": "行业",
    "employees": "从业人员",
    "revenue_wan": "营业收入",
    "assets_wan": "资产总额",
    "size_class": "企业规模",
    "designations": "资质",
    "founded": "成立日期",
    "on": "适用日期",
}
PROBLEM_ZH = (
    (r"must be a whole number, got (.*)", r"须为整数，收到 \1"),
    (r"must be a number, got (.*)", r"须为数字，收到 \1"),
    (r"must be from 0 to (\d+)", r"须在 0 到 \1 之间"),
    (r"must be a date YYYY-MM-DD", "须为日期（YYYY-MM-DD）"),
    (
        r"must be a 6-digit GB/T 2260 code such as 330200",
        "须为 6 位 GB/T 2260 行政区划代码，如 330200",
    ),
    (r"(\d+) is not a known GB/T 2260 province or city", r"\1 不是已知的省级或地级行政区划代码"),
    (
        r"(.+) is not a known province or city \(give .*\)",
        r"\1 不是已知的省份或城市（请给出 GB/T 2260 代码，或浙江、宁波市、Ningbo 这样的名称）",
    ),
    (
        r"must be a GB/T 4754 code such as C or C34 or C3411",
        "须为 GB/T 4754 行业代码，如 C、C34、C3411",
    ),
    (r"must be one of (.*)", r"须为以下之一：\1"),
    (r"unknown designation (\S+) \((.*)\)", r"未知资质 \1（可选：\2）"),
    (r"must be 18 characters, got (\d+)", r"须为 18 位，实为 \1 位"),
    (r"character (\S+) at position (\d+) is not allowed .*", r"第 \2 位字符 \1 不允许"),
    (
        r"region code (\S+) \(positions 3-8\) is not 6 digits",
        r"第 3-8 位行政区划码 \1 不是 6 位数字",
    ),
    (
        r"organisation code \(positions 9-16\) must be digits or letters",
        "第 9-16 位组织机构代码须为数字或字母",
    ),
    (
        r"organisation-code check character \(position 17\) is (\S+), expected (\S+)",
        r"第 17 位组织机构代码校验码为 \1，应为 \2",
    ),
    (r"check character \(position 18\) is (\S+), expected (\S+)", r"第 18 位校验码为 \1，应为 \2"),
)


def error_text(e: BadParameter | NodeNotFound) -> str:
    """The error as the page shows it: in Chinese on the Chinese page (each part of a
    USCC's problems translated), else as raised."""
    if get_lang() != "zh":
        return e.message
    if isinstance(e, NodeNotFound):
        return f"图中没有统一社会信用代码为 {e.key.split(':', 1)[1]} 的企业"
    parts = []
    for part in e.problem.split("; "):
        for pattern, zh in PROBLEM_ZH:
            if re.fullmatch(pattern, part):
                part = re.sub(pattern, zh, part)
                break
        parts.append(part)
    return f"{PARAM_ZH.get(e.name, e.name)}：" + "；".join(parts)


# -- parameters -----------------------------------------------------------------------


def profile_from_args() -> tuple[Profile, str | None]:
    """The profile the parameters give, over the enterprise ``uscc`` names (if any)."""
    base = enterprise_props(request.args.get("uscc", "").strip())
    region = region_arg() or base.get("region_code")
    industry = industry_arg() or base.get("industry_code")
    employees = number_arg("employees", integer=True)
    revenue = number_arg("revenue_wan")
    assets = number_arg("assets_wan")
    employees = employees if employees is not None else base.get("employees")
    revenue = revenue if revenue is not None else base.get("revenue_wan")
    assets = assets if assets is not None else base.get("assets_wan")
    designations = designations_arg()
    if designations is None:
        designations = tuple(base["designations"]) if "designations" in base else ()
    founded = date_arg("founded") or base.get("founded")
    size, size_from = size_arg(), "given"
    if size is None:
        size, size_from = size_class(industry, employees, revenue, assets), "standard"
    if size is None and base.get("size_class"):
        size, size_from = base["size_class"], "graph"
    if size is None:
        size_from = None
    profile = Profile(
        base.get("key"),
        region,
        size,
        industry,
        designations,
        employees,
        revenue,
        assets,
        founded,
    )
    return profile, size_from


def enterprise_props(uscc: str) -> dict:
    if not uscc:
        return {}
    uscc = normalise_uscc(uscc)
    problems = uscc_problems(uscc)
    if problems:
        raise BadParameter("uscc", "; ".join(problems))
    key = f"enterprise:{uscc}"
    # as the graph's ELIGIBLE_FOR reads it: region and industry also from LOCATED_IN and
    # IN_INDUSTRY (loaders/stored.py)
    found = enterprises(get_store(), [key], "reading the enterprise to prefill")
    if key not in found:
        raise NodeNotFound(key)
    return found[key]


def region_arg() -> str | None:
    """``region`` (a GB/T 2260 code, or a name as the batch takes: 宁波, 浙江省,
    Ningbo), else the form's ``city``, else its ``province``."""
    for name in ("region", "city", "province"):
        raw = request.args.get(name, "").strip()
        if raw:
            if not (raw.isascii() and raw.isdigit()):
                named = region_table().resolve(raw)
                if named is None:
                    raise BadParameter(
                        name,
                        f"{raw[:40]!r} is not a known province or city (give a GB/T 2260 "
                        "code or a name such as 浙江, 宁波市, Ningbo)",
                    )
                return named.code
            if len(raw) != 6:
                raise BadParameter(name, "must be a 6-digit GB/T 2260 code such as 330200")
            if not REGION_RE.match(raw) or not region_table().known_code(raw):
                raise BadParameter(name, f"{raw} is not a known GB/T 2260 province or city")
            return raw
    return None


def industry_arg() -> str | None:
    raw = request.args.get("industry", "").strip().upper()
    if raw and not INDUSTRY_RE.match(raw):
        raise BadParameter("industry", "must be a GB/T 4754 code such as C or C34 or C3411")
    return raw or None


def number_arg(name: str, integer: bool = False) -> float | int | None:
    raw = request.args.get(name, "").strip().replace(",", "")
    if not raw:
        return None
    try:
        value = int(raw) if integer else float(raw)
    except ValueError:
        kind = "a whole number" if integer else "a number"
        raise BadParameter(name, f"must be {kind}, got {raw[:40]!r}") from None
    if not (0 <= value <= MAX_NUMBER):
        raise BadParameter(name, f"must be from 0 to {MAX_NUMBER:.0f}")
    return value


def size_arg() -> str | None:
    raw = request.args.get("size_class", "").strip()
    if raw and raw not in SIZES:
        raise BadParameter("size_class", f"must be one of {', '.join(SIZES)}")
    return raw or None


def designations_arg() -> tuple[str, ...] | None:
    """Comma-separated (or repeated) designations; None when the parameter is absent."""
    if "designations" not in request.args:
        return None
    names: dict[str, None] = {}
    for raw in request.args.getlist("designations"):
        for part in re.split(r"[,，、;；]", raw):
            part = part.strip()
            if not part:
                continue
            if canonical_designation(part) is None:
                known = "、".join(d["name"] for d in designation_choices())
                raise BadParameter("designations", f"unknown designation {part[:40]!r} ({known})")
            names[part] = None
    return tuple(names)


def date_arg(name: str) -> str | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw).isoformat()
    except ValueError:
        raise BadParameter(name, "must be a date YYYY-MM-DD") from None


# -- what the page shows ----------------------------------------------------------------


def choices() -> dict:
    store = get_store()
    return {
        "provinces": store.read_named("match_provinces", {}),
        "cities": store.read_named("match_cities", {}),
        "industries": store.read_named("match_industries", {}),
        "designations": designation_choices(),
        "sizes": list(SIZES),
    }


def view_url(profile: Profile, result: dict) -> str | None:
    """The explorer's graph view of the profile's anchors (the enterprise, or its city
    and industry) with what it matches and the policies and agencies behind those."""
    keys = [profile.key] if profile.key else []
    if not profile.key:
        if profile.region_code:
            code = profile.region_code
            if not code.endswith("0000"):  # the city, then its province (what COVERS links)
                keys.append(f"city:{code[:4]}00")
            keys.append(f"province:{code[:2]}0000")
        if profile.industry_code:
            keys.append(f"industry:{profile.industry_code}")
    for item in result["matches"]:
        keys += [item["key"], *item["context"]]
    if len(keys) <= (1 if profile.key else 0):
        return None
    keys = list(dict.fromkeys(keys))[: current_app.config["MAX_NODES"]]
    return url_for("explore.view", keys=",".join(keys), derived=1)


# -- the profile as a graph ---------------------------------------------------------------

# A profile's node is drawn, never stored: its key's kind is no label's kind
# (graph/schema.py), so it cannot name a stored node, and the explorer's /view finds
# nothing under it (a shared link then lists it as no longer in the graph).
PROFILE_KIND = "profile"
PROFILE_NAME = ("您的企业（画像）", "Your enterprise (profile)")
PROFILE_EDGE = {"status": "derived", "stored": False, "computed_by": "matcher"}
assert PROFILE_KIND not in {lb.kind for lb in SCHEMA.labels}


@twin_route(bp, "/match/view")
def profile_view():
    """The profile (the parameters of /match.json) as one node linked to what it
    matches, by ELIGIBLE_FOR as the matcher computes it now, and to its city or province
    and industry; with the matched items' policies, plans and agencies as stored.
    Nothing is written."""
    if not any(request.args.get(p, "").strip() for p in PROFILE_PARAMS):
        raise BadParameter("region", "give a profile as /match.json takes it (region=330200...)")
    on = date_arg("on") or matching.today()
    profile, size_from = profile_from_args()
    targets = matching.Targets(get_store())
    result = matching.match(profile, targets, on)
    described = matching.profile_dict(profile, size_from)
    key = profile_key(described)
    match_url = url_for("match.match", **request.args.to_dict(flat=False))
    graph = profile_graph(key, profile, described, result, targets, on)
    for node in graph["nodes"]:
        if node["key"] == key:
            node["prominent"] = True
            node["profile"] = {"stored": False, "url": match_url}
    data = {
        "on": on,
        "profile": {**described, "node": key},
        "matches": [i["key"] for i in result["matches"]],
        "match_url": match_url,
        "keys": [n["key"] for n in graph["nodes"]],
        "graph": graph,
    }
    return page("match/view.html", data)


def profile_key(described: dict) -> str:
    """``profile:`` and a digest of the profile: the same profile, the same key.

    >>> profile_key({"region_code": "330200"}) == profile_key({"region_code": "330200"})
    True
    """
    text = json.dumps(described, sort_keys=True, ensure_ascii=False)
    return f"{PROFILE_KIND}:{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def profile_graph(
    key: str, profile: Profile, described: dict, result: dict, targets, on: str
) -> dict:
    """The graph JSON of the profile's view (graph_json's shape, the profile's node and
    edges among its nodes and relationships)."""
    anchors = []  # (type, end) of the profile's own edges
    code = profile.region_code
    if code:
        place = f"province:{code}" if code.endswith("0000") else f"city:{code[:4]}00"
        anchors.append(("LOCATED_IN", place))
    if profile.industry_code:
        anchors.append(("IN_INDUSTRY", f"industry:{profile.industry_code}"))
    keys = [end for _, end in anchors]
    if code and not code.endswith("0000"):
        keys.append(f"province:{code[:2]}0000")  # what COVERS links, beside the city
    for item in result["matches"]:
        keys += [item["key"], *item["context"]]
    keys = list(dict.fromkeys(keys))
    cap = current_app.config["MAX_NODES"]
    subgraph = groups.without_hidden(get_store().subgraph(keys[: cap - 1]), derived=False)
    found = {n.key for n in subgraph.nodes}
    name, name_en = PROFILE_NAME
    props = {
        "key": key,
        "name": name,
        "name_en": name_en,
        **{k: v for k, v in described.items() if k != "key"},
    }
    if profile.region_code:
        region = region_table().resolve(profile.region_code)
        props["region"] = region.name if region else None
    props["enterprise"] = profile.key  # the enterprise its USCC named, if any
    props.update(stored=False, on=on)
    props = {k: v for k, v in props.items() if v is not None}
    subgraph.nodes.insert(0, Node(key, ("Enterprise",), props))
    for rel_type, end in anchors:
        if end in found:
            subgraph.relationships.append(Relationship(rel_type, key, end, dict(PROFILE_EDGE)))
    std = standards()
    for item in result["matches"]:
        if item["key"] not in found:
            continue
        target = targets.by_key[item["key"]].criteria
        met = matched_criteria(target, profile, std)
        if met is None:  # a rule of the day (dates) only: name the criteria met
            met = [c["criterion"] for c in item["criteria"] if c["met"]]
        rel = eligible_edge(key, target, met)
        rel.properties.update(PROFILE_EDGE, on=on, match=item["match"])
        subgraph.relationships.append(rel)
    subgraph.truncated = len(keys) > cap - 1
    subgraph.caps.setdefault("MAX_NODES", cap)
    subgraph.caps.setdefault("GROUP_THRESHOLD", groups.threshold())
    return groups.graph_json(subgraph, [], focus=key)


# -- batch ------------------------------------------------------------------------------


@bp.post("/match/batch")
def batch():
    """A CSV of enterprises (file field ``file``) to a CSV of their matches."""
    from loaders.match_batch import BatchError, match_bytes

    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise BadParameter("file", "give a CSV file of enterprises")
    limit = current_app.config["MAX_MATCH_UPLOAD_BYTES"]
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise BadParameter("file", f"larger than MAX_MATCH_UPLOAD_BYTES={limit}")
    on = request.form.get("on") or None
    try:
        out, report = match_bytes(data, upload.filename, get_store(), on=on)
    except BatchError as e:
        raise BadParameter("file", str(e)) from e
    return Response(
        out,
        mimetype="text/csv",
        headers={
            "Content-Disposition": 'attachment; filename="matches.csv"',
            "X-Rows": str(report.rows),
            "X-Rejected": str(report.error_rows),
        },
    )


def init_app(app) -> None:
    app.register_blueprint(bp)
