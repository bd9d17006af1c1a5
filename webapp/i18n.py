"""Chinese by default, English on request; the choice persists in a cookie.

``t("search")`` gives a UI string in the current language; ``display_name(node)``
gives a node's name in it (``name_en`` in English where present).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, g, redirect, request

from graph.errors import BadParameter
from graph.schema import LABEL_LOOKS, REL_LOOKS, looks_json

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600

bp = Blueprint("i18n", __name__)

UI = {
    "app_name": ("政策图谱", "PolicyGraph"),
    "tagline": (
        "中小企业数字化转型政策知识图谱",
        "SME digital-transformation policy knowledge graph",
    ),
    "home": ("首页", "Home"),
    "search": ("搜索", "Search"),
    "search_placeholder": (
        "搜索名称、别名或键（中文或英文）",
        "Search name, alias or key (Chinese or English)",
    ),
    "results": ("结果", "results"),
    "no_results": ("没有结果", "No results"),
    "path": ("路径", "Path"),
    "path_finder": ("路径查找", "Path finder"),
    "from": ("起点", "From"),
    "to": ("终点", "To"),
    "max_hops": ("最大跳数", "Max hops"),
    "find_paths": ("查找路径", "Find paths"),
    "no_path": ("在跳数范围内没有路径", "No path within the hop limit"),
    "paths_found": ("条最短路径", "shortest paths"),
    "hops": ("跳", "hops"),
    "console": ("Cypher 控制台", "Cypher console"),
    "json": ("JSON", "JSON"),
    "counts": ("数据概览", "Overview"),
    "labels": ("节点类型", "Node labels"),
    "rel_types": ("关系类型", "Relationship types"),
    "schema": ("数据模型", "Schema"),
    "entry_points": ("入口", "Entry points"),
    "national_plan": ("国家政策", "National policies"),
    "provinces": ("省份", "Provinces"),
    "funds": ("基金", "Funds"),
    "presets": ("预设视图", "Preset views"),
    "policy_tree": ("政策树", "Policy tree"),
    "funding_flows": ("资金流向", "Funding flows"),
    "province_response": ("省级响应", "Provincial response"),
    "enterprise_360": ("企业360", "Enterprise 360"),
    "properties": ("属性", "Properties"),
    "provenance": ("来源与依据", "Provenance"),
    "source": ("来源", "Source"),
    "evidence": ("原文", "Evidence"),
    "status": ("状态", "Status"),
    "neighbours": ("关联节点", "Neighbours"),
    "neighbourhood": ("关系图", "Neighbourhood"),
    "of": ("/", "of"),
    "next": ("下一页", "next"),
    "prev": ("上一页", "previous"),
    "more": ("更多", "more"),
    "show_all": ("查看全部", "show all"),
    "derived_count": ("符合条件：{count} 家{label}", "Eligible: {count} {label}"),
    "derived_show": ("显示", "show"),
    "synthetic_funds": (
        "另有 {funds} 个「示例」基金（生成数据）：{count} 笔投资，金额合计 {amount}",
        "{funds} more sample funds (generated data): {count} investments, {amount} in all",
    ),
    "synthetic_funds_shown": (
        "图中含 {funds} 个「示例」基金（生成数据）",
        "The graph includes {funds} sample funds (generated data)",
    ),
    "derived_hide": ("隐藏", "hide"),
    "path_derived": ("包含推导关系（符合条件）", "Include derived relationships (eligible for)"),
    "path_derived_off": (
        "路径不经过推导关系（符合条件，由规则推导）；勾选“包含推导关系”可计入。",
        "Paths leave out derived relationships (eligible for, derived by a rule); "
        "tick “include derived” to count them.",
    ),
    "path_derived_on": (
        "路径包含推导关系（符合条件，由规则推导，以虚线表示）。",
        "Paths include derived relationships (eligible for, derived by a rule; dashed).",
    ),
    "group_rest": ("其他", "Other"),
    "group_rest_values": ("其他{facet}（{count} 个）", "{count} other {facet} values"),
    "depth": ("深度", "Depth"),
    "facet_city": ("城市", "city"),
    "facet_industry": ("行业", "industry"),
    "facet_size_class": ("规模", "size class"),
    "facet_designation": ("认定", "designation"),
    "facet_status": ("状态", "status"),
    "facet_level": ("层级", "level"),
    "facet_province": ("省份", "province"),
    "facet_instrument": ("政策工具", "instrument"),
    "facet_kind": ("类型", "kind"),
    "facet_event_type": ("事件类型", "event type"),
    "group_members": ("成员", "Members"),
    "group_split": ("按…拆分", "Split by"),
    "group_pull_out": ("加入视图", "Add to view"),
    "truncated": ("结果已截断：超过上限", "Truncated: more than the limit"),
    "open_view": ("在图中打开", "Open as graph"),
    "share": ("分享链接", "Share link"),
    "unknown": ("未知", "unknown"),
    "amount": ("金额", "Amount"),
    "direction_out": ("出", "out"),
    "direction_in": ("入", "in"),
    "view": ("图视图", "Graph view"),
    "nodes": ("节点", "nodes"),
    "relationships": ("关系", "relationships"),
    "analysis": ("网络分析", "Network analysis"),
    "schematic": ("示意图，不用于出版", "Schematic, not for publication"),
    "language": ("English", "中文"),
    "error": ("出错了", "Error"),
    "status_reported": ("报道", "reported"),
    "status_reference": ("参考", "reference"),
    "status_synthetic": ("合成", "synthetic"),
    "status_verified": ("已核实", "verified"),
    "status_derived": ("推导", "derived"),
    "status_none": ("无来源", "no source"),
    "key": ("键", "Key"),
    "label": ("类型", "Label"),
    "choose_province": ("选择省份", "Choose a province"),
    "choose_enterprise": ("输入企业名称或键", "Enterprise name or key"),
    "go": ("打开", "Open"),
    "hide_synthetic": ("隐藏示例数据", "Hide sample data"),
    "loading_graph": ("正在加载图…", "Loading graph…"),
    "choose_one": (
        "有多个同样匹配的节点，请选择一个",
        "Several nodes match equally well: choose one",
    ),
    "err_path_both": ("请同时填写起点和终点", "Give both a start and an end"),
    "err_no_match": ("找不到匹配的节点", "No node matches"),
    "err_not_found": ("图中没有这个节点", "No such node in the graph"),
    "connect_results": ("连接结果节点", "Connect result nodes"),
    "saving_view": ("正在保存视图…", "Saving the view…"),
    "no_longer_in_graph": ("这些节点已不在图中：", "No longer in the graph: "),
    "connected_rels": ("条结果节点之间的关系", "relationships among the result nodes"),
    # the policy matcher (webapp/match.py)
    "matcher": ("惠企政策匹配", "Policy matcher"),
    "match_intro": (
        "填写企业情况，查看可申请的政策与措施、每项条件是否满足，以及只差一项条件的政策。",
        "Describe an enterprise to see the policies and measures it qualifies for, each "
        "criterion met or not, and those it misses by one criterion.",
    ),
    "match_uscc": ("统一社会信用代码（从图中带入）", "USCC (prefill from the graph)"),
    "match_province": ("省份", "Province"),
    "match_city": ("城市", "City"),
    "match_any_city": ("（全省）", "(whole province)"),
    "match_industry": ("行业（GB/T 4754）", "Industry (GB/T 4754)"),
    "match_employees": ("从业人员（人）", "Employees"),
    "match_revenue": ("营业收入（万元）", "Revenue (10k yuan)"),
    "match_assets": ("资产总额（万元）", "Total assets (10k yuan)"),
    "match_designations": ("资质", "Designations"),
    "match_founded": ("成立日期", "Founded"),
    "match_on": ("适用日期", "As of"),
    "match_submit": ("匹配", "Match"),
    "match_profile": ("企业画像", "Profile"),
    "match_size_class": ("企业规模", "Size class"),
    "match_size_from_standard": (
        "按《中小企业划型标准规定》（工信部联企业〔2011〕300号）计算",
        "computed by the SME size standard (工信部联企业〔2011〕300号)",
    ),
    "match_size_from_given": ("由用户给出", "as given"),
    "match_size_from_graph": ("取自图中企业", "from the enterprise in the graph"),
    "match_matches": ("符合条件", "Qualifies for"),
    "match_near_misses": ("只差一项", "Near misses"),
    "match_undecided": ("信息不足，尚无法判断", "Not enough information to decide"),
    "match_needs": ("取决于尚未填写的信息：", "Depends on what the profile does not say: "),
    "match_none": ("没有", "None"),
    "match_national": ("全国", "nationwide"),
    "match_criterion": ("条件", "Criterion"),
    "match_required": ("要求", "Required"),
    "match_actual": ("企业情况", "Profile"),
    "match_met": ("是否满足", "Met"),
    "match_yes": ("满足", "met"),
    "match_no": ("不满足", "not met"),
    "match_unknown": ("未知", "unknown"),
    "match_missing": ("缺少一项条件：", "One criterion missing: "),
    "match_missing_any": ("满足其中任一项即可：", "Any one of these would do: "),
    "match_rule_any": ("满足任一条件即可", "any one criterion is enough"),
    "match_rule_all": ("须满足全部条件", "every criterion must hold"),
    "match_effective": ("生效日期", "Effective"),
    "match_expires": ("截止日期", "Expires"),
    "match_reported_note": (
        "据来源报道，未经官方文件核实",
        "as reported by the source, not verified against an official text",
    ),
    "match_open_graph": ("在图中查看结果", "Open the result as a graph"),
    "match_batch": ("批量匹配（CSV）", "Batch (CSV)"),
    "match_batch_intro": (
        "上传企业名单（CSV，UTF-8 或 GBK；列：uscc，或 region、industry、employees、"
        "revenue_wan、designations 等），下载每家企业的匹配结果。",
        "Upload a list of enterprises (CSV, UTF-8 or GBK; columns: uscc, or region, "
        "industry, employees, revenue_wan, designations ...) and download each one's "
        "matches.",
    ),
    "match_batch_submit": ("上传并下载结果", "Upload and download the matches"),
    "crit_region": ("地区", "Region"),
    "crit_size": ("规模", "Size"),
    "crit_designation": ("资质", "Designation"),
    "crit_industry": ("行业", "Industry"),
    "crit_employees": ("从业人员", "Employees"),
    "crit_revenue_wan": ("营业收入", "Revenue"),
    "crit_founded": ("成立日期", "Founded"),
    "crit_in_force": ("有效期", "In force"),
    "size_micro": ("微型", "micro"),
    "size_small": ("小型", "small"),
    "size_medium": ("中型", "medium"),
    "size_large": ("大型", "large"),
}

# Label and relationship-type names come from the schema (graph/schema.py LABEL_LOOKS,
# REL_LOOKS), where their colours and shapes are declared too.
LABEL_NAMES = {name: (look.zh, look.en) for name, look in LABEL_LOOKS.items()}
REL_NAMES = {name: (look.zh, look.en) for name, look in REL_LOOKS.items()}


def get_lang() -> str:
    """A valid ``?lang=``, else the cookie's, else Chinese."""
    if "lang" not in g:
        # a junk ?lang= falls back to the remembered choice, not to the default
        asked = [request.args.get("lang"), request.cookies.get(COOKIE)]
        g.lang = next((lang for lang in asked if lang in LANGS), DEFAULT_LANG)
    return g.lang


def _pick(pair: tuple[str, str], lang: str | None = None) -> str:
    return pair[LANGS.index(lang or get_lang())]


def t(name: str) -> str:
    return _pick(UI[name]) if name in UI else name


def label_name(label: str) -> str:
    return _pick(LABEL_NAMES[label]) if label in LABEL_NAMES else label


def rel_name(rel_type: str) -> str:
    return _pick(REL_NAMES[rel_type]) if rel_type in REL_NAMES else rel_type


def display_name(node: dict, lang: str | None = None) -> str:
    """A node dict's name in ``lang``: ``name_en`` in English when present.

    >>> n = {"key": "province:330000", "properties": {"name": "浙江省", "name_en": "Zhejiang"}}
    >>> display_name(n, "zh"), display_name(n, "en")
    ('浙江省', 'Zhejiang')
    >>> display_name({"key": "city:1", "properties": {}}, "en")
    'city:1'
    """
    props = node.get("properties", node)
    lang = lang or get_lang()
    if lang == "en" and props.get("name_en"):
        return str(props["name_en"])
    return str(props.get("name") or props.get("name_en") or node.get("key") or props.get("key"))


def other_name(node: dict, lang: str | None = None) -> str | None:
    """The name in the other language, when the node has both (shown after the name).

    >>> n = {"properties": {"name": "浙江省", "name_en": "Zhejiang"}}
    >>> other_name(n, "zh"), other_name(n, "en"), other_name({"properties": {}}, "zh")
    ('Zhejiang', '浙江省', None)
    """
    props = node.get("properties", node)
    if not (props.get("name") and props.get("name_en")):
        return None
    return str(props["name"] if (lang or get_lang()) == "en" else props["name_en"])


def translations(lang: str | None = None) -> dict:
    """Everything the browser needs to label things, for ``|tojson``."""
    lang = lang or get_lang()
    return {
        "lang": lang,
        "ui": {k: _pick(v, lang) for k, v in UI.items()},
        "labels": {k: _pick(v, lang) for k, v in LABEL_NAMES.items()},
        "rels": {k: _pick(v, lang) for k, v in REL_NAMES.items()},
        "looks": looks_json(),
    }


def safe_next(target: str | None) -> str:
    """A same-site path to go back to; anything else goes home.

    >>> safe_next("/node/province:330000?x=1"), safe_next("//evil.example/"), safe_next(None)
    ('/node/province:330000?x=1', '/', '/')
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    parts = urlsplit(target)
    return "/" if parts.scheme or parts.netloc else target


@bp.route("/lang/<lang>")
def switch_language(lang: str):
    """Set the language cookie and go back (a cookie, not a write to the store)."""
    if lang not in LANGS:
        raise BadParameter("lang", f"must be one of {', '.join(LANGS)}")
    response = redirect(safe_next(request.args.get("next")))
    response.set_cookie(COOKIE, lang, max_age=COOKIE_MAX_AGE, samesite="Lax")
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals.update(
        t=t,
        label_name=label_name,
        rel_name=rel_name,
        display_name=display_name,
        other_name=other_name,
        get_lang=get_lang,
        translations=translations,
    )

    @app.after_request
    def remember_language(response):
        # ?lang=en on any page switches for the following pages too.
        asked = request.args.get("lang")
        if asked in LANGS and request.cookies.get(COOKIE) != asked:
            response.set_cookie(COOKIE, asked, max_age=COOKIE_MAX_AGE, samesite="Lax")
        return response
