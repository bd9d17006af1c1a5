"""The pipeline: text → document facts → titles and references → structure (tasks,
measures) → targets → entities and their relationships. Pure: no store, no Flask."""

from __future__ import annotations

import re

from . import entities as ent
from .amounts import amounts_in
from .dates import dates_in, deadline_in
from .document import DocInfo, read_document
from .eligibility import beneficiary_criteria, criteria_in, own_funds_level, scope_of
from .lexicon import INSTRUMENTS, MEASURE_STARTS, PURPOSE_STARTS
from .proposals import Proposals, slug
from .references import RESPONSE_CUES, issued_between, relation_before, titles_in
from .structure import ARTICLE, Block, is_lead_in, outline
from .targets import clause_targets, table_cells, table_target, target_table_header
from .text import Span, clauses, sentences, strip_end
from .tiers import tiers

ANNOUNCE = re.compile(r"(?:宣布|表示|明确|提出)[,，:：]?")
EFFECTIVE = re.compile(r"^自(?P<date>.+?)起")
ACTION = ("降低", "减免", "纳入", "提供", "设立", "给予", "提高", "扩大", "延长", "下调", "免收")
ACTION_WITHIN = re.compile(r"^.{0,20}?(?:降低|降至|下调|纳入|提供|给予|设立|减免|免收)")
ACTOR_WILL = re.compile(
    r"^(?:将(?:进一步)?|(?:将)?(?:[一二三四五六七八九十两\d]+年|每年|今年)?统筹)"
    r"(?:加大|设立|提供|降低|扩大|推出|开展|安排|给予|纳入)"
)
# a transcript's speaker (王某：, 主持人：, 南方日报记者：) and a sentence's leading link
SPEAKER = re.compile(r"^(?P<who>[^\s，,。：:；、《》“”]{1,14})[：:]")
CONNECTIVE = re.compile(r"^(?:同时|此外|另外|其次|再次|最后|一方面|另一方面|与此同时)[，,]")
# the clause after a means (运用…再贷款, 安排…资金) that says what it is for
PURPOSE_AFTER_MEANS = ("支持", "用于", "专项支持", "重点支持", "投向", "主要投向")
APPROVED = ("同意", "批准", "审定", "研究同意")
IN_FORCE = re.compile(r"自(?P<date>[^，。；]{4,16}?)起(?:施行|执行|实施)")
EXPIRES = re.compile(r"有效期(?:至|到)(?P<date>[^，。；]{4,16}?日)")
TARGET_AMOUNT = re.compile(r"(?:达到|突破|超过|提高到|提升至|增长到)\s*(?:\d|[XxＸ×])")
GENERAL_PART = re.compile(
    r"总体|指导思想|基本原则|工作原则|思路|组织|实施步骤|进度安排|附则|背景|意义|总则"
    r"|申报|条件|程序|流程|材料|评审|验收|资金管理|监督管理|其他事项|有关事项"
    r"|废止|失效|停止执行|(?:修改|修订)(?:以下|下列|的)?(?:文件|规定|条款)"
)
# a section of a notice that repeals or amends earlier documents (决定废止以下文件,
# 对…作如下修改): the documents it names are cited, never tasks; an amended article's new
# wording (第八条修改为：“…”) that gives support is a measure of the amended document
# (修订完善…制度 is a task, not an amendment)
REPEALS = re.compile(r"废止|失效|停止执行|(?:修改|修订)(?:以下|下列|的)?(?:文件|规定|条款)")
AMENDED_ARTICLE = re.compile(
    r"第[一二三四五六七八九十百零〇]{1,5}条(?:第[一二三四五六七八九十]{1,3}款)?"
    r"(?:修改|修订)为[：:]\s*“(?P<new>[^”]+)”"
)
PROVIDES_INSTRUMENT = re.compile(r"提供[^，。；]{0,12}?(?P<what>担保|贷款|信贷|贴息)")
# 部署了四项重点任务：一是…；二是…  (the cue names what the items are)
ENUMERATION = re.compile(
    r"(?P<cue>[^。：:；]{0,20}(?:任务|措施|举措|支持政策|政策措施)[^。：:；]{0,4})[：:。]\s*"
    r"(?=一是|第一[，,、])"
)
ENUM_ITEM = re.compile(
    r"(?:^|(?<=[。；;，,：:\s]))(?:[一二三四五六七八九十]是|第[一二三四五六七八九十][，,、])"
)
# a 政策解读's question (一、问：…有哪些举措？) and answer (答：…)
QUESTION = re.compile(r"^(?:[一二三四五六七八九十\d]{1,3}[、.．]\s*)?问[：:]")
ANSWER = re.compile(r"^答[：:]")
ASKS_FOR = re.compile(r"任务|措施|举措|支持政策|政策支持|支持方面|政策方面")
IN_RESPECT = re.compile(r"^在[^，,。]{1,12}(?:方面|上)[，,]")
CLOSING = re.compile(r"施行|有效期|负责解释|自印发之日起|自发布之日起")
STATED_PERIOD = re.compile(
    r"(?:试点期|实施期|行动期|执行期|有效期|期限)(?:内|限|为|是)*[（(]?\s*\d{4}\s*[—\-–~～至到]\s*\d{4}年"
)
# an agency that delivers a measure with its own means (not one that steers others)
OWN_MEANS = re.compile(
    r"^(?:将|每年|统筹|进一步|今年|[一二三四五六七八九十两\d]+年)*(?:运用|安排|设立|出资|投入|发放|提供)"
    r"|^(?:将)?统筹[^，,。；]{0,16}资金"  # 统筹中小企业发展专项资金: its own budget
)
MEANS = re.compile(
    r"^[^，,。；]{0,16}?(?:运用|利用|通过|安排|设立|统筹)[^，,。；]*(?:贷款|资金|基金|额度|工具)$"
)
UNQUOTED_SUB_FUND = re.compile(
    r"设立(?:规模)?(?:为)?(?:\d+(?:\.\d+)?(?:万|亿)元)?(?:的)?(?P<focus>[\u4e00-\u9fff]{2,10}?)子基金"
)
# a public budget as a sentence's subject: 中央财政, 省财政, 市级财政
PUBLIC_BUDGET = re.compile(r"^(?:中央|省|市|县|区)(?:级)?财政(?!厅|局)")
# an article that gives support, and one that only defines a term
SUPPORT_ARTICLE = re.compile(r"给予|补助|奖励|贴息|奖补|补贴|资助")
DEFINITION = re.compile(r"所称|是指|本(?:办法|细则|规定|措施)适用于")
# 贴息对象为…: the conditions of the support a word names (贴息, 补助, 奖励)
OBJECT_OF = re.compile(r"^(?P<what>[\u4e00-\u9fff]{2,4}?)对象(?:为|是)")
# 发挥<基金>作用，设立…子基金: how the fund plays its role, the same measure
SETS_UP_SUB_FUND = re.compile(r"^设立[^，,。；]*子基金")
SHORT_CLAUSE = 6  # a clause this short (加强宣传推广) ends a measure, never starts one
TABLE_CELL = " | "  # how a table row is read (reading.docx_text)
TABLE_WHAT = re.compile(r"支持方向|支持内容|支持对象|支持事项|项目类别|类别|事项|项目名称|方向")
TABLE_HOW = re.compile(r"支持标准|标准|支持方式|奖补|补助|奖励")
FUNDING = re.compile(r"(?:投入|安排|设立|统筹|筹集)[^,，。]{0,12}资金")


class Extraction:
    def __init__(self, text: str):
        self.text = text
        self.doc: DocInfo = read_document(text)
        self.status = "reported" if self.doc.kind == "news" else "extracted"
        self.p = Proposals(self.status)
        self.main: str | None = None
        self.aliases: dict[str, str] = {}  # short title -> policy key
        self.year = int(self.doc.date[:4]) if self.doc.date else None
        self.task_seq = 0
        # the province and city of the issuer: 省财政厅, 市财政局 are theirs
        self.home = ent.home_of(self.doc.issuers) or ent.home_of(ent.agencies_in(text[:3000]))
        # where the signature (发文机关署名, 成文日期) starts: no item's text goes past it
        self.tail_start = self.doc.signature_start or len(text)
        self.tail_end = self.doc.signature_end or len(text)

    # -- helpers ---------------------------------------------------------------------
    def sentence_of(self, start: int, end: int) -> Span:
        line_start = self.text.rfind("\n", 0, start) + 1
        line_end = self.text.find("\n", end)
        line = Span(
            line_start,
            line_end if line_end >= 0 else len(self.text),
            self.text[line_start : line_end if line_end >= 0 else len(self.text)],
        )
        for s in sentences(line):
            if s.start <= start < s.end:
                return s
        return line

    def all_sentences(self) -> list[Span]:
        whole = Span(0, len(self.text), self.text)
        return sentences(whole)

    def mention(self, m: ent.Mention, evidence: Span) -> dict:
        return self.p.node(m.label, m.key, m.props, evidence, m.rule, m.confidence)

    def policy(self, name: str, evidence: Span, rule: str, conf: float, **props) -> str:
        name = name.strip()
        key = self.aliases.get(name) or f"policy:{slug(name)}"
        self.p.node("Policy", key, {"name": name, **props}, evidence, rule, conf)
        return key

    # -- the steps -----------------------------------------------------------------------
    def run(self) -> Proposals:
        self.document()
        self.titles()
        self.structure()
        self.targets()
        self.news_measures()
        self.funds_and_entities()
        self.p.drop_weaker("CITES", "IMPLEMENTS")  # 落实《A》 … 根据《A》: it implements A
        return self.p

    def document(self) -> None:
        d = self.doc
        if d.kind != "official" or not d.policy_name:
            return
        props = {
            "issued_date": d.date,
            "doc_number": d.doc_number.text.replace(" ", "") if d.doc_number else None,
        }
        period = d.period or self._stated_period()
        if period:
            props["period_start"], props["period_end"] = period
        for field, pattern in (("effective_date", IN_FORCE), ("expiry_date", EXPIRES)):
            m = pattern.search(self.text)  # 自2026年7月1日起施行，有效期至2028年12月31日
            found = dates_in(m["date"], self.year) if m else []
            if found:
                props[field] = found[0][2]
        if d.issuers:
            props["issuer_text"] = "、".join(m.name for m in d.issuers)
            props["level"] = _level(d.issuers[0])
        self.main = self.policy(d.policy_name, d.policy_span, "document.title", 0.9, **props)
        for m, line in zip(d.issuers, d.issuer_spans, strict=True):
            self.mention(m, line)
            self.p.rel(
                "ISSUED",
                m.key,
                self.main,
                d.date_span or line,
                "document.issuer",
                0.9,
                {"date": d.date},
            )
        self._region_cover(self.main, d.policy_name, d.policy_span)

    def _stated_period(self) -> tuple[int, int] | None:
        """The years a document says it runs when its title does not: 试点期内（2026—2027
        年）, 实施期限为2026—2028年."""
        from .dates import period_in

        m = STATED_PERIOD.search(self.text, self.tail_end if self.tail_end < len(self.text) else 0)
        return period_in(m.group()) if m else None

    def titles(self) -> None:
        counts: dict[str, int] = {}
        full: dict[str, str] = {}  # short name -> full title (以下简称《…》)
        for s in self.all_sentences():
            for t in titles_in(s.text):
                if t.alias:
                    full[t.alias] = t.name
                name = full.get(t.name, t.name)
                if t.kind == "policy" or name != t.name:
                    counts[name] = counts.get(name, 0) + 1
        if self.main is None and counts:
            in_title = [t.name for t in titles_in(self.doc.title.text) if t.kind == "policy"]
            main_name = in_title[0] if in_title else max(counts, key=counts.get)
            self.main = f"policy:{slug(main_name)}"
        for s in self.all_sentences():
            self._titles_in(s)

    def _titles_in(self, s: Span) -> None:
        found = titles_in(s.text)
        agencies = ent.agencies_in(s.text, self.home)
        for t in found:
            ev = s
            if t.kind == "report":
                key = f"report:{slug(t.name)}"
                self.p.node("Report", key, {"name": t.name}, ev, "reference.report", 0.8)
                for a in agencies:
                    if a.end <= t.start and "发布" in s.text[a.end : t.start]:
                        self.mention(a, ev)
                        self.p.rel(
                            "PUBLISHED",
                            a.key,
                            key,
                            ev,
                            "reference.published",
                            0.75,
                            {"role": "lead"},
                        )
                continue
            if t.kind != "policy" and t.name not in self.aliases:
                continue
            props = {"doc_number": t.number}
            period = _period(t.name)
            if period:
                props["period_start"], props["period_end"] = period
            key = self.policy(t.name, ev, "reference.title", 0.85, **props)
            if t.alias:
                self.aliases[t.alias] = key
                node = self.p.get(key)
                if t.alias != node["properties"]["name"]:
                    node["properties"].setdefault("aliases", [])
                    if t.alias not in node["properties"]["aliases"]:
                        node["properties"]["aliases"].append(t.alias)
            self._issuer(s, t, key, agencies)
            self._relation(s, t, key)
            self._region_cover(key, t.name, ev)

    def _issuer(self, s: Span, t, key: str, agencies: list) -> None:
        before = [a for a in agencies if a.end <= t.start]
        if not before:
            return
        a = before[-1]
        if not issued_between(s.text, a.end, t) and not (
            ("发布" in s.text[a.end : t.start] or "印发" in s.text[a.end : t.start])
            and "《" not in s.text[a.end : t.start]
        ):
            return
        found = [d for d in dates_in(s.text[a.end : t.start], self.year)]
        date = found[0][2] if found else None
        joint = [a]  # A、B、C联合印发: every agency of the list issued it
        for prev in reversed(before[:-1]):
            if s.text[prev.end : joint[0].start].strip() not in ("、", "和", "及", "与", ",", "，"):
                break
            joint.insert(0, prev)
        for issuer in joint:
            self.mention(issuer, s)
            self.p.rel("ISSUED", issuer.key, key, s, "reference.issued", 0.85, {"date": date})
        node = self.p.get(key)["properties"]
        if date:
            node.setdefault("issued_date", date)
        node.setdefault("issuer_text", a.name)
        node.setdefault("level", _level(a))
        self._region_cover(key, node["name"], s)
        if a.label == "Agency" and a.props.get("region_code"):
            self._located(a, s)

    def _relation(self, s: Span, t, key: str) -> None:
        if key == self.main or self.main is None:
            return
        rtype = relation_before(s.text, t)
        if rtype and self.doc.kind == "official":
            self.p.rel(rtype, self.main, key, s, f"reference.{rtype.lower()}", 0.85)
            return
        if self.doc.kind == "news" and self.p.has(self.main):
            if rtype == "IMPLEMENTS" and (
                self._speaks_of_main(s.text[: t.start]) or self._makes_main(s.text[t.end :])
            ):
                self.p.rel(rtype, self.main, key, s, "reference.implements", 0.7)
                return
            name = self.p.get(key)["properties"]["name"]
            if any(c in s.text for c in RESPONSE_CUES) and "实施" in name:
                self.p.rel("IMPLEMENTS", key, self.main, s, "reference.responds", 0.7)

    def _speaks_of_main(self, before: str) -> bool:
        """Whether the words before a title are about the main policy (该措施是落实…)."""
        if re.search(r"(?:该|这一|此项|这些|上述)(?:措施|方案|政策|计划|意见|办法|文件)", before):
            return True
        main = self.p.get(self.main)["properties"]
        return any(f"《{n}》" in before for n in [main["name"], *(main.get("aliases") or [])])

    def _makes_main(self, after: str) -> bool:
        """Whether the words after a title say the main policy was made for it (为落实《A》，
        …三部门研究制定了《行动方案》)."""
        main = self.p.get(self.main)["properties"]
        names = "|".join(re.escape(n) for n in [main["name"], *(main.get("aliases") or [])])
        return bool(re.search(rf"(?:制定|印发|出台|发布|起草)了?\s*《(?:{names})》", after))

    def _region_cover(self, key: str, name: str, ev: Span) -> None:
        for r in ent.regions_in(name[:12]):
            if r.start == 0:
                self.mention(r, ev)
                self.p.rel("COVERS", key, r.key, ev, "policy.region", 0.75)
                break

    def _located(self, a: ent.Mention, ev: Span) -> None:
        code = a.props["region_code"]
        label = "Province" if code.endswith("0000") else "City"
        key = f"{label.lower()}:{code}"
        self.p.node(
            label, key, {"name": _region_name(code), "code": code}, ev, "region.of-agency", 0.7
        )
        self.p.rel("LOCATED_IN", a.key, key, ev, "agency.region", 0.75)

    # -- structure: tasks and measures ----------------------------------------------
    def structure(self) -> None:
        blocks = outline(self.text)
        items_are_measures = self._items_are_measures(blocks)
        # a 若干措施 of themed parts (一、/第一部分 加大改造支持 1.… 2.…): their items are
        # its measures, also beside a part whose words give it a role (强化要素保障)
        themed_measures = items_are_measures or self._items_are_measures(blocks, "measure")
        themed = set() if themed_measures else self._themed_task_sections(blocks)
        loose = self._loose_articles(blocks)
        self.measures_of: dict[int, list[str]] = {}  # block index -> its measures' keys
        self.measure_blocks: dict[str, int] = {}  # measure key -> its block
        for i, block in enumerate(blocks):
            if block.parent in themed and block.level == 2:
                self._task(block)  # 二、实施…行动 （一）…: a task of a themed section
                continue
            if items_are_measures and block.level == 1 and block.role is None:
                if _themed(blocks, block):
                    continue  # 一、加大改造支持 1.… 2.…: its items are the measures
                if block.span.start > self.tail_end or block.span.start < self.tail_start:
                    if not CLOSING.search(block.span.text):
                        self._measure_group(block, i)
                continue
            if themed_measures and block.parent is not None:
                parent = blocks[block.parent]
                if (
                    parent.level == 1
                    and parent.role is None
                    and _themed(blocks, parent)
                    and not GENERAL_PART.search(parent.head.text)
                ):
                    if not CLOSING.search(block.span.text):
                        self._measure_group(block, i)
                    continue
            if i in loose:
                self._measure_group(block, i)  # 第四条 贴息标准为…: an article that gives support
                continue
            if block.level == 0:
                if block.section == "measure" and TABLE_CELL in block.span.text:
                    self._table_row(blocks, i)  # a funding table: one measure a row
                continue
            if block.section not in ("task", "measure") or block.role == "eligibility":
                continue
            if is_lead_in(block):
                continue  # 专项资金重点支持以下方向：its items are the measures
            parent = blocks[block.parent]
            if is_lead_in(parent) and parent.parent is not None and parent.role is None:
                parent = blocks[parent.parent]  # an item of a lead-in counts as direct
            if parent.role not in ("task", "measure"):
                continue  # only the items directly under the heading
            if block.section == "task":
                self._task(block)
            else:
                self._measure_group(block, i)
        self._eligibility(blocks)
        self._repeals(blocks)

    def _repeals(self, blocks: list[Block]) -> None:
        """The documents a repealing or amending section names (一、决定废止以下文件
        （一）《…》（…号）): each CITES (the schema has no repeal or amend relationship); an
        amended article's new wording that gives support is a Measure the amended document
        provides."""
        if self.doc.kind != "official" or self.main is None or not self.p.has(self.main):
            return
        for i, block in enumerate(blocks):
            heads = [block] + _ancestors(blocks, i)
            if not any(b.level and b.head and REPEALS.search(b.head.text) for b in heads):
                continue
            if block.span.start >= self.tail_start and block.span.start < self.tail_end:
                continue
            for s in sentences(block.span):
                for title in titles_in(s.text):
                    key = self.aliases.get(title.name) or f"policy:{slug(title.name)}"
                    if key != self.main and self.p.has(key):
                        self.p.rel("CITES", self.main, key, s, "reference.repealed", 0.75)
            amended = AMENDED_ARTICLE.search(block.span.text)
            if not amended or not SUPPORT_ARTICLE.search(amended["new"]):
                continue
            policy = self._amended_policy(blocks, i)
            if policy is None:
                continue
            new = block.span.sub(amended.start("new"), amended.end("new"))
            for sentence in sentences(new):
                for piece in _measure_pieces(sentence, self._led_by_body):
                    self._measure(policy, piece, sentence, "structure.amended-article", 0.7)

    def _amended_policy(self, blocks: list[Block], index: int) -> str | None:
        """The document an amended article belongs to: the last one named before it in its
        section (《…办法》（…号）作如下修改：)."""
        for j in range(index - 1, -1, -1):
            found = titles_in(blocks[j].span.text)
            if found:
                key = self.aliases.get(found[-1].name) or f"policy:{slug(found[-1].name)}"
                return key if self.p.has(key) and key != self.main else None
            if blocks[j].level == 1:
                return None  # the section's heading: no document named in it
        return None

    def _table_row(self, blocks: list[Block], index: int) -> None:
        """A row of a table of support standards (支持方向 | 支持标准 | …) under a measure
        heading: a Measure named by its direction, its amount and instrument from its
        standard. The header row (the first row of the table) says which cell is which."""
        row = blocks[index]
        first = index
        while first > 0 and TABLE_CELL in blocks[first - 1].span.text:
            first -= 1
        if first == index:
            return  # the header itself
        header = [c.strip() for c in blocks[first].span.text.split(TABLE_CELL.strip())]
        what = next((i for i, c in enumerate(header) if TABLE_WHAT.search(c)), None)
        how = next((i for i, c in enumerate(header) if TABLE_HOW.search(c)), None)
        if what is None or how is None:
            return
        cells = _cells(row.span)
        if len(cells) != len(header):
            return
        policy = self._policy_for(row.span.start)
        name, standard = cells[what], cells[how]
        if policy is None or not name.text or not standard.text:
            return
        key = f"measure:{slug(name.text)}"
        amount = _support_amounts(standard.text)
        props = {
            "name": name.text,
            "instrument": _instrument(name.text + standard.text),
            "summary": standard.text,
            "group": strip_end(blocks[row.parent].head).text if row.parent is not None else None,
            **(dict(amount[0][2]) if amount else {}),
        }
        self.p.node("Measure", key, props, row.span, "structure.table-row", 0.75)
        self.p.rel("PROVIDES", policy, key, row.span, "structure.table-row", 0.75)
        self.measures_of.setdefault(index, []).append(key)
        self._focus(key, name, row.span)

    def _eligibility(self, blocks: list[Block]) -> None:
        """申报条件 (a section or an item ending 符合以下条件：): the criteria its lines
        state, on the measures they are for: those an article and item named in it hold
        (申请本办法第四条第（三）项支持的企业), else every measure of the policy whose
        beneficiary is an enterprise (对…企业, 向…企业). Each criterion keeps the sentence
        it came from (``criteria_evidence``)."""
        for i, block in enumerate(blocks):
            if block.role != "eligibility" or block.level == 0:
                continue
            lines = [i] + [j for j in range(i + 1, len(blocks)) if _within(blocks, j, i)]
            found: dict = {}
            evidence: list[dict] = []
            for j in lines:
                line = blocks[j].span
                if line.start >= self.tail_start and line.start < self.tail_end:
                    continue
                for s in sentences(line):
                    got = criteria_in(s.text, self.home)
                    new = {k: v for k, v in got.items() if k not in found}
                    if new:
                        found.update(new)
                        evidence.append(
                            {
                                "properties": sorted(new),
                                "evidence": s.text,
                                "span": [s.start, s.end],
                                "rule": "eligibility.criteria",
                            }
                        )
            if not found:
                continue
            for key in self._criteria_targets(blocks, block):
                node = self.p.get(key)
                for name, value in found.items():
                    node["properties"].setdefault(name, value)
                node.setdefault("criteria_evidence", [])
                node["criteria_evidence"] += evidence

    def _criteria_targets(self, blocks: list[Block], block: Block) -> list[str]:
        """The measures 申报条件 are for."""
        named = scope_of(block.head.text if block.head else block.span.text)
        if named:
            article, item = named
            for a, b in enumerate(blocks):
                if b.level == 2 and b.number == article and ARTICLE.match(b.span.text):
                    kids = [c for c in b.children if blocks[c].number == item] if item else [a]
                    return [k for c in kids for k in self.measures_of.get(c, [])]
            return []
        keys = list(dict.fromkeys(k for ks in self.measures_of.values() for k in ks))
        what = OBJECT_OF.match(block.head.text if block.head else "")
        if what and what["what"] not in ("支持", "申报", "适用", "服务"):
            # 贴息对象为…: the measures about 贴息
            word = what["what"]
            return [
                k for k in keys if word in _words(self.p.get(k)) or _for_enterprises(self.p.get(k))
            ]
        return [k for k in keys if _for_enterprises(self.p.get(k))]

    def _led_by_body(self, part: Span) -> bool:
        """Whether a clause begins with a financial body that delivers (its subject)."""
        found = ent.agencies_in(part.text[:40], self.home)
        return bool(found) and found[0].start == 0 and _deliverer(found[0])

    def _themed_task_sections(self, blocks: list[Block]) -> set[int]:
        """A plan with no 任务 heading puts its tasks under themed sections (二、实施…行动,
        三、提升…能力): the top sections with numbered items that are not its general
        part, targets or measures. Only in an official document, never beside a 任务
        heading."""
        if self.doc.kind != "official" or any(b.role == "task" for b in blocks):
            return set()
        if any(b.level == 2 and ARTICLE.match(b.span.text) for b in blocks):
            return set()  # an 办法's chapters are not themed task sections
        return {
            i
            for i, b in enumerate(blocks)
            if b.level == 1
            and b.role is None
            and not GENERAL_PART.search(b.head.text)
            and any(blocks[c].level == 2 for c in b.children)
        }

    def _loose_articles(self, blocks: list[Block]) -> set[int]:
        """In an 办法 or 细则 of articles with no chapter that names tasks or measures, the
        articles that give support (给予…补助, 贴息标准为…, 奖励…万元) are its measures;
        definitions (所称…是指), conditions, duties and closing articles are not."""
        articles = [i for i, b in enumerate(blocks) if b.level == 2 and ARTICLE.match(b.span.text)]
        if len(articles) < 3 or any(b.role in ("task", "measure") for b in blocks if b.level):
            return set()
        return {
            i
            for i in articles
            if blocks[i].role is None
            and SUPPORT_ARTICLE.search(blocks[i].span.text)
            and not DEFINITION.search(blocks[i].span.text)
            and not CLOSING.search(blocks[i].span.text)
            and not blocks[i].children
        }

    def _items_are_measures(self, blocks: list[Block], allowed: str | None = None) -> bool:
        """A 若干措施 (若干政策措施, 支持政策) with no 任务 or 措施 heading (no 任务
        heading, when ``allowed`` is "measure"): its top items are the measures themselves
        (一、支持数字化改造。对…给予补助)."""
        name = self.doc.policy_name or ""
        name = re.sub(r"[（(][^）)]*[）)]$", "", name)
        if not name.endswith(("措施", "若干政策", "支持政策", "扶持政策", "若干规定")):
            return False
        roles = {"task", "measure"} - {allowed}
        return not any(
            b.level == 1 and b.role in roles and not CLOSING.search(b.span.text) for b in blocks
        )

    def _policy_for(self, start: int) -> str | None:
        return self.main if self.main and self.p.has(self.main) else None

    def _body(self, block: Block) -> Span | None:
        if block.body is not None:
            return block.body
        # an item before the signature does not run on into it (or into an attachment)
        before = block.span.start < self.tail_start
        extra = [x for x in block.extra if not before or x.start < self.tail_start]
        return extra[0] if extra else None

    def _task(self, block: Block) -> None:
        policy = self._policy_for(block.span.start)
        if policy is None:
            return
        self.task_seq += 1
        body = self._body(block)
        ev = block.span
        key = f"task:{policy.split(':', 1)[1]}-t{self.task_seq}"
        props = {
            "name": strip_end(block.head).text,
            "seq": self.task_seq,
            "summary": body.text if body else None,
        }
        self.p.node("Task", key, props, ev, "structure.task", 0.85)
        self.p.rel("HAS_TASK", policy, key, ev, "structure.task", 0.85)
        if body:
            self._focus(key, body, ev)

    def _measure_group(self, block: Block, index: int | None = None) -> None:
        policy = self._policy_for(block.span.start)
        group = strip_end(block.head).text
        if block.body is None and len(group) > 15:
            body, group = block.head, None  # an item that is itself the measure
        else:
            body = self._body(block)
        if policy is None or body is None:
            return
        for sentence in sentences(body):
            for piece in _measure_pieces(sentence, self._led_by_body):
                # 中型企业、小型企业分别奖励50万元、30万元: a measure a tier
                tiered = tiers(piece.text) or [(piece.text, None)]
                for text, sizes in tiered:
                    part = piece if len(tiered) == 1 else Span(piece.start, piece.end, text)
                    extra = {"eligible_sizes": sizes} if sizes else {}
                    key = self._measure(
                        policy, part, sentence, "structure.measure", 0.8, group=group, **extra
                    )
                    if index is not None:
                        self.measures_of.setdefault(index, []).append(key)

    def _measure(
        self,
        policy: str | None,
        piece: Span,
        ev: Span,
        rule: str,
        conf: float,
        name: str | None = None,
        **props,
    ) -> str:
        name = name or re.sub(r"^(?:并将|并|同时|将|进一步)+", "", strip_end(piece).text)
        name = name.replace("将", "", 1) if name.startswith(("中央财政将", "地方将")) else name
        key = f"measure:{slug(name)}"
        amount = _support_amounts(piece.text)
        fields = dict(amount[0][2]) if amount else {}
        props = {
            "name": name,
            "instrument": _instrument(piece.text),
            "summary": strip_end(piece).text + "。",
            **fields,
            **props,
        }
        props.update(self._criteria(piece.text, policy, props))
        self.p.node("Measure", key, props, ev, rule, conf)
        if policy:
            self.p.rel("PROVIDES", policy, key, ev, rule, conf)
        agencies = ent.agencies_in(piece.text, self.home)
        for f in ent.funds_in(piece.text, agencies, self.home):
            self.mention(f, ev)
            self.p.rel("DELIVERED_BY", key, f.key, ev, "measure.fund", 0.8)
        for a in agencies:  # 发挥<担保集团>作用, 引导<担保公司>提供…: the body that delivers it
            if _deliverer(a) and (
                a.rule == "agency.financial" or piece.text[: a.start].endswith("发挥")
            ):
                self.mention(a, ev)
                self.p.rel("DELIVERED_BY", key, a.key, ev, "measure.agency", 0.75)
            elif (a.start == 0 or piece.text[a.start - 1] in "，,") and OWN_MEANS.match(
                piece.text[a.end :]
            ):
                # 人民银行运用…再贷款, 省财政三年统筹安排…资金: its subject uses its own means
                self.mention(a, ev)
                self.p.rel("DELIVERED_BY", key, a.key, ev, "measure.subject", 0.7)
        self._focus(key, piece, ev)
        return key

    def _criteria(self, text: str, policy: str | None, props: dict) -> dict:
        """What a measure's own sentence says of who it is for: the beneficiaries it
        names (对小微企业…的), and the policy's region when it pays from that region's
        own budget (省级财政资金 in a province's plan)."""
        out = {k: v for k, v in beneficiary_criteria(text).items() if k not in props}
        level = own_funds_level(text)
        if level and policy and "eligible_regions" not in props:
            for end in self.p.ends(policy, "COVERS"):
                code = end.split(":", 1)[1]
                if code.endswith("0000") == (level == "province"):
                    out["eligible_regions"] = [code]
        return out

    def _focus(self, key: str, span: Span, ev: Span) -> None:
        for m in ent.technologies_in(span.text) + ent.industries_in(span.text):
            self.mention(m, ev)
            self.p.rel("FOCUSES_ON", key, m.key, ev, "focus.named", 0.75)

    # -- targets ----------------------------------------------------------------------
    def targets(self) -> None:
        blocks = outline(self.text)
        spans: list[tuple[Span, bool, str | None]] = []
        section_deadline: dict[int, str | None] = {}  # target heading -> 到2028年：
        for i, block in enumerate(blocks):
            if block.role == "target" and block.level:
                own = [x for x in [block.body, *block.extra] if x is not None]
                # only a line that leads into a list (到2028年：) gives its items a deadline
                found = next(
                    (d for x in own if x.text.endswith(("：", ":")) and (d := deadline_in(x.text))),
                    None,
                )
                section_deadline[i] = found
                spans += [(x, True, found) for x in own]
            elif block.level == 0 and block.section == "target" and block.parent is not None:
                continue  # already taken as the heading's extra lines
            elif block.level and block.section == "target":
                # 1.累计培育…1.5万家以上； an item of the targets' list
                head = _target_heading(blocks, i)
                item = block.span.sub(block.head.start - block.span.start, len(block.span.text))
                spans.append((item, True, section_deadline.get(head)))
            elif block.level == 0 or block.section not in ("task", "measure"):
                spans.append((block.body or block.span, False, None))
        for span, in_section, inherited in spans:
            for s in sentences(span):
                self._targets_in(s, in_section, inherited)
        self._target_tables(blocks)

    def _target_tables(self, blocks: list[Block]) -> None:
        """A table of targets (专栏1 主要指标: 指标 | 2025年 | 2028年 | 属性), wherever it
        stands: one Target a row, its value from the last year's column."""
        header = None
        for block in blocks:
            cells = table_cells(block.span.text)
            found = target_table_header(cells) if block.level == 0 else None
            if found:
                header, width = found, len(cells)
                continue
            props = table_target(header, cells, width) if header else None
            if props is None:
                header = None  # the table ended
                continue
            policy = self._scope(block.span)
            if policy is None:
                continue
            key = f"target:{slug(policy, props['indicator'])}"
            self.p.node("Target", key, props, block.span, "target.table-row", 0.75)
            self.p.rel("SETS", policy, key, block.span, "target.table-row", 0.75)

    def _targets_in(self, s: Span, in_section: bool, inherited: str | None = None) -> None:
        deadline = deadline_in(s.text)
        proposes = "提出" in s.text
        if not (in_section or deadline or proposes):
            return
        deadline = deadline or inherited
        policy = self._scope(s)
        if policy is None:
            return
        parts = clauses(s)
        after_propose = not proposes
        for part in parts:
            if "提出" in part.text:
                after_propose = True
                continue
            if not after_propose and not in_section and not deadline:
                continue
            if (
                FUNDING.search(part.text)
                or amounts_in(part.text)
                and not TARGET_AMOUNT.search(part.text)
            ):
                continue  # money given is a measure; money to reach (产值突破1000亿元) a target
            found = clause_targets(strip_end(part).text)
            if not in_section and not deadline:
                found = [t for t in found if t["name"].startswith(("打造", "培育", "建成", "形成"))]
            for props in found:
                key = f"target:{slug(policy, props['name'])}"
                self.p.node(
                    "Target",
                    key,
                    {**props, "deadline": deadline},
                    s,
                    "target.clause",
                    0.8 if "value" in props else 0.65,
                )
                self.p.rel("SETS", policy, key, s, "target.clause", 0.8)

    def _scope(self, s: Span) -> str | None:
        """The policy a sentence speaks of: the last one it names, else the main one."""
        found = [t for t in titles_in(s.text) if t.kind == "policy" or t.name in self.aliases]
        if found:
            name = found[-1].name
            key = self.aliases.get(name) or f"policy:{slug(name)}"
            if self.p.has(key):
                return key
        return self.main if self.main and self.p.has(self.main) else None

    # -- news: announcements and funding -------------------------------------------
    def news_measures(self) -> None:
        blocks = outline(self.text)
        transcript = self.doc.kind == "news" and _is_transcript(blocks)
        question = None  # a 政策解读's last question: what its answer's list is of
        for i, block in enumerate(blocks):
            asks = block.level and block.span.text.endswith(("？", "?"))
            if QUESTION.match(block.span.text) or asks:
                question = i  # 一、问：…？, or a numbered heading that asks (二、…有哪些举措？)
            if block.level != 0:
                continue
            line = block.span
            answer = question is not None and bool(
                ANSWER.match(line.text) or block.parent == question
            )
            said = SPEAKER.match(line.text) if transcript or answer else None
            if said:  # 王某：省财政三年统筹安排…: what the speaker says
                line = line.sub(said.end(), len(line.text))
            self._enumeration(line, blocks[question].span if answer else None)
            for s in sentences(line):
                lead = CONNECTIVE.match(s.text)
                if lead:  # 同时，广东省中小企业发展基金将设立…
                    s = s.sub(lead.end(), len(s.text))
                self._announcement(s)
                self._funding(s)

    def _enumeration(self, line: Span, question: Span | None = None) -> None:
        """…部署了四项重点任务：一是X，…；二是Y；… (a news report's or a paragraph's list,
        一是… or 第一，…): each item a Task, or a Measure after 措施/政策, of the policy the
        line speaks of. An answer of a 政策解读 whose list has no lead-in of its own takes
        it from the question (问：在政策支持方面有哪些举措？ 答：一是…)."""
        if self.main is None or not self.p.has(self.main):
            return
        m = ENUMERATION.search(line.text)
        if m:
            policy = self._scope(line.sub(0, m.start("cue"))) if m.start("cue") else self.main
            cue, first = m["cue"], m.end("cue")
        elif question is not None and ASKS_FOR.search(question.text):
            if not ENUM_ITEM.match(line.text):
                return
            policy, cue, first = self._scope(question), question.text, 0
        else:
            return
        role = "task" if "任务" in cue else "measure"
        items = list(ENUM_ITEM.finditer(line.text, first))
        for i, item in enumerate(items):
            end = items[i + 1].start() if i + 1 < len(items) else len(line.text)
            piece = strip_end(line.sub(item.end(), end))
            if not piece.text:
                continue
            if role == "measure":
                self._measure(policy, piece, line, "enumeration.measure", 0.7)
                continue
            name = re.split(r"[，,：:]", piece.text, maxsplit=1)[0]
            summary = piece.text[len(name) :].lstrip("，,：: ") or None
            self.task_seq += 1
            key = f"task:{policy.split(':', 1)[1]}-t{self.task_seq}"
            props = {"name": name, "seq": self.task_seq, "summary": summary}
            self.p.node("Task", key, props, line, "enumeration.task", 0.75)
            self.p.rel("HAS_TASK", policy, key, line, "enumeration.task", 0.75)
            self._focus(key, piece, line)

    def _announcement(self, s: Span) -> None:
        m = ANNOUNCE.search(s.text)
        if m and m.group().startswith("提出") and self.doc.kind != "news":
            return  # 现提出如下意见: an official document speaks for itself
        aspect = IN_RESPECT.match(s.text)
        if aspect and not m and self.doc.kind == "news" and self.main and self.p.has(self.main):
            # 在支持政策方面，省级财政…给予…: what the reported policy provides
            if any(w in aspect.group() for w in ("支持", "政策", "措施", "保障", "财政", "金融")):
                self._policy_states(s, s.sub(aspect.end(), len(s.text)), self.main)
                return
            if "方面" in aspect.group():
                return
            # 在此基础上，…: no aspect of support; read on
        if not m:
            self._actor_will(s)
            return
        subject = s.text[: m.start()]
        policy = self._policy_named(subject)
        if policy is not None:
            self._policy_states(s, s.sub(m.end(), len(s.text)), policy)
            return
        agencies = ent.agencies_in(subject, self.home)
        actors = agencies + ent.funds_in(subject, agencies, self.home)
        if not actors:
            return
        actor = actors[-1]
        rest = s.sub(m.end(), len(s.text))
        effective = None
        e = EFFECTIVE.match(rest.text)
        if e:
            found = dates_in(e["date"], self.year)
            effective = found[0][2] if found else None
            rest = rest.sub(e.end(), len(rest.text))
        for part in clauses(rest):
            core = re.sub(r"^(?:并将|并|将|进一步)+", "", part.text)
            if core.startswith(ACTION) or ACTION_WITHIN.match(core):
                key = self._measure(
                    None, part, s, "news.announcement", 0.7, effective_date=effective
                )
                self._actor_instrument(key, part.text, actor)
                self.mention(actor, s)
                self.p.rel("DELIVERED_BY", key, actor.key, s, "news.announcement", 0.75)

    def _policy_named(self, subject: str) -> str | None:
        """The policy a subject names in 《》 (its title or short name), or None."""
        for t in reversed(titles_in(subject)):
            key = self.aliases.get(t.name) or f"policy:{slug(t.name)}"
            if self.p.has(key) and self.p.get(key)["label"] == "Policy":
                return key
        return None

    def _policy_states(self, s: Span, rest: Span, policy: str) -> None:
        """《若干措施》明确，鼓励…，省级财政…给予贴息: each clause that starts a measure
        is one the policy provides (a clause about funding is _funding's)."""
        if FUNDING.search(rest.text) and "提出" in s.text:
            return  # _funding's
        for part in _measure_pieces(rest):
            core = part.text
            if core.startswith(MEASURE_STARTS) or ACTION_WITHIN.match(core):
                found = clause_targets(strip_end(part).text)
                if found and not amounts_in(part.text):
                    if not core.startswith(MEASURE_STARTS) or any(
                        x.get("value") is not None for x in found
                    ):
                        continue  # a target (推动20万家以上…完成改造), not a measure
                self._measure(policy, part, s, "news.policy-states", 0.65)

    def _actor_will(self, s: Span) -> None:
        """<agency or fund>将加大/设立/提供…: a measure it delivers."""
        agencies = ent.agencies_in(s.text, self.home)
        actors = agencies + ent.funds_in(s.text, agencies, self.home)
        first = min(actors, key=lambda a: a.start, default=None)
        if first is None or first.start > 2:
            return
        rest = s.sub(first.end, len(s.text))
        if not ACTOR_WILL.match(rest.text):
            return
        rest = rest.sub(1, len(rest.text)) if rest.text.startswith("将") else rest
        self.mention(first, s)
        subject = s.text[first.start : first.end]
        for piece in _and_steers(strip_end(rest)):
            parts = clauses(piece)
            name = None
            if len(parts) > 1 and _purpose_of_means(parts[0], parts[1]):
                # 安排200亿元再贷款额度，专项支持…: named by its means, as its subject says it
                name = subject + parts[0].text
            key = self._measure(None, piece, s, "news.announcement", 0.65, name=name)
            self._actor_instrument(key, piece.text, first)
            self.p.rel("DELIVERED_BY", key, first.key, s, "news.announcement", 0.7)

    def _actor_instrument(self, key: str, words: str, actor: ent.Mention) -> None:
        """A measure whose words name no instrument takes its deliverer's (a guarantee
        fund's measure is a guarantee)."""
        if _instrument(words, None) is None:
            self.p.get(key)["properties"]["instrument"] = _instrument(actor.name)

    def _funding(self, s: Span) -> None:
        budget = self.doc.kind == "news" and PUBLIC_BUDGET.match(s.text)
        if "提出" not in s.text and not budget:
            return  # 提出…安排…资金, or in a report 省财政三年统筹安排30亿元专项资金
        parts = clauses(s)
        policy = self._scope(s)
        for i, part in enumerate(parts):
            if not FUNDING.search(part.text):
                continue
            amount = amounts_in(part.text)
            name = re.sub(r"^.*?提出", "", part.text)
            name = re.sub(
                r"^(?:未来[一二三四五六七八九十\d]+年|今后[一二三四五\d]+年)?将?", "", name
            )
            if amount:
                a_start, a_end = amount[0][0], amount[0][1]
                offset = len(part.text) - len(name)
                name = name[: a_start - offset] + name[a_end - offset :]
            follow = parts[i + 1] if i + 1 < len(parts) else None
            if follow and follow.text.startswith(("支持", "用于", "扶持", "奖励")):
                name += follow.text
            piece = Span(
                part.start, (follow or part).end, self.text[part.start : (follow or part).end]
            )
            key = f"measure:{slug(name)}"
            props = {
                "name": name,
                "instrument": "grant",
                "summary": piece.text + "。",
                **(dict(amount[0][2]) if amount else {}),
            }
            props.update(self._criteria(piece.text, policy, props))
            self.p.node("Measure", key, props, s, "news.funding", 0.7)
            if policy:
                self.p.rel("PROVIDES", policy, key, s, "news.funding", 0.7)

    # -- entities everywhere ----------------------------------------------------------
    def funds_and_entities(self) -> None:
        to = self.doc.recipients_span
        for s in self.all_sentences():
            if to is not None and to.start <= s.start < to.end:
                continue  # 主送机关 receive the document; they are not its actors
            if self.doc.kind == "official" and re.search(r"\s[>＞]\s", s.text):
                continue  # a web page's breadcrumb (首页 > 国务院文件) names a section
            agencies = ent.agencies_in(s.text, self.home)
            quoted = [(t.start, t.end) for t in titles_in(s.text)]
            for a in agencies:
                if s.text[: a.start].endswith("经") and s.text[a.end :].startswith(APPROVED):
                    continue  # 经国务院同意: it approved the document, it does nothing in it
                if any(start < a.start < end for start, end in quoted):
                    continue  # 《财政部 工业和信息化部关于…的通知》: part of a title it cites
                self.mention(a, s)
                if a.props.get("region_code"):
                    self._located(a, s)
            funds = ent.funds_in(s.text, agencies, self.home)
            for f in funds:
                self.mention(f, s)
            if funds and "子基金" in s.text:
                self._sub_funds(s, funds[0])
            enterprises = [
                e for e in ent.enterprises_in(s.text) if not ent._overlaps(e.start, e.end, agencies)
            ]
            for e in enterprises:
                self.mention(e, s)
                code = e.props.get("region_code")
                if code:
                    label = "Province" if code.endswith("0000") else "City"
                    rkey = f"{label.lower()}:{code}"
                    self.p.node(
                        label,
                        rkey,
                        {"name": _region_name(code), "code": code},
                        s,
                        "region.of-enterprise",
                        0.7,
                    )
                    self.p.rel("LOCATED_IN", e.key, rkey, s, "enterprise.region", 0.7)
                if "制造" in e.name:
                    self.p.node(
                        "Industry", "industry:C", {"name": "制造业"}, s, "enterprise.industry", 0.6
                    )
                    self.p.rel("IN_INDUSTRY", e.key, "industry:C", s, "enterprise.industry", 0.6)
                for t in ent.technologies_in(s.text[e.end :]):
                    self.mention(t, s)
                    self.p.rel("ADOPTS", e.key, t.key, s, "enterprise.adopts", 0.65)

    def _sub_funds(self, s: Span, parent: ent.Mention) -> None:
        tail = s.text[parent.end : s.text.find("子基金", parent.end)]
        foci = re.findall(r"[“\"]([^”\"]{2,12})[”\"]", tail)
        plain = UNQUOTED_SUB_FUND.search(s.text, parent.end)
        if not foci and plain:  # 将设立10亿元数字化转型子基金
            foci = [plain["focus"]]
        for focus in foci:
            name = f"{parent.name}“{focus}”子基金"
            key = f"fund:{slug(name)}"
            self.p.node(
                "Fund",
                key,
                {"name": name, "focus": focus, "currency": "CNY"},
                s,
                "fund.sub-fund",
                0.75,
            )
            self.p.rel("SUB_FUND_OF", key, parent.key, s, "fund.sub-fund", 0.75, {"focus": focus})


def _is_transcript(blocks: list[Block]) -> bool:
    """A press conference's transcript: lines led by a speaker, one speaker at least twice
    (主持人：…, 李某：…)."""
    said = [m["who"] for b in blocks if b.level == 0 and (m := SPEAKER.match(b.span.text))]
    return len(said) >= 3 and len(set(said)) < len(said)


def _themed(blocks: list[Block], block: Block) -> bool:
    """A themed heading of a 若干措施 (一、加大数字化改造支持力度) whose numbered items are
    the measures: a short head with no text of its own and items under it."""
    return block.body is None and not block.extra and bool(block.children)


def _and_steers(piece: Span) -> list[Span]:
    """A delivering body's sentence cut where it also steers others (…，并引导金融机构…)."""
    out: list[Span] = []
    for part in clauses(piece):
        if out and not re.match(r"^并(?:引导|鼓励|推动|督促|指导)", part.text):
            last = out[-1]
            text = piece.text[last.start - piece.start : part.end - piece.start]
            out[-1] = Span(last.start, part.end, text)
        else:
            out.append(part)
    return out


def _purpose_of_means(first: Span, then: Span) -> bool:
    return bool(MEANS.search(first.text)) and then.text.startswith(PURPOSE_AFTER_MEANS)


def _ancestors(blocks: list[Block], index: int) -> list[Block]:
    """The headings a block sits under, innermost first."""
    out, parent = [], blocks[index].parent
    while parent is not None:
        out.append(blocks[parent])
        parent = blocks[parent].parent
    return out


def _within(blocks: list[Block], j: int, i: int) -> bool:
    """Whether block ``j`` sits under block ``i`` (its items and their lines)."""
    parent = blocks[j].parent
    while parent is not None:
        if parent == i:
            return True
        parent = blocks[parent].parent
    return False


BENEFICIARY = re.compile(
    r"(?:^|[，,。；])(?:对|向|为|支持)(?P<who>[^，,。；]{1,40}?)(?:[，,]|给予|按|发放|提供|实施|开展)"
)


def _words(node: dict) -> str:
    props = node["properties"]
    return (props.get("name") or "") + (props.get("summary") or "")


def _for_enterprises(node: dict) -> bool:
    """Whether a measure's beneficiary, as its words name it, is an enterprise (对完成改造的
    试点企业, 向试点企业发放…), not a provider, platform or city."""
    text = node["properties"].get("summary") or node["properties"].get("name") or ""
    m = BENEFICIARY.search(text)
    return bool(m) and m["who"].rstrip("的").endswith("企业")


def _cells(row: Span) -> list[Span]:
    """The cells of a table row read as ``a | b | c``, with their offsets."""
    out, start = [], 0
    sep = TABLE_CELL
    while True:
        end = row.text.find(sep, start)
        piece = row.sub(start, end if end >= 0 else len(row.text))
        lead = len(piece.text) - len(piece.text.lstrip())
        out.append(piece.sub(lead, lead + len(piece.text.strip())))
        if end < 0:
            return out
        start = end + len(sep)


def _measure_pieces(sentence: Span, led_by_body=None) -> list[Span]:
    """A sentence of a measure group cut where a new measure starts (鼓励…, 发挥…, or a
    clause led by a financial body: …，某担保公司对…提供担保)."""
    parts = clauses(strip_end(sentence))
    out: list[Span] = []
    for part in parts:
        purpose = out and (
            (part.text.startswith(PURPOSE_STARTS) or SETS_UP_SUB_FUND.match(part.text))
            and out[-1].text.endswith("作用")
            # 运用…再贷款，支持金融机构…: what the means are for, the same measure
            or part.text.startswith((*PURPOSE_STARTS, *PURPOSE_AFTER_MEANS))
            and MEANS.search(out[-1].text)
            and "给予" not in out[-1].text
        )
        starts = part.text.startswith(MEASURE_STARTS) or bool(led_by_body and led_by_body(part))
        starts = starts or bool(PUBLIC_BUDGET.match(part.text))  # …，省财政对…给予贴息
        if starts and out and len(part.text) <= SHORT_CLAUSE:
            starts = False  # …典型案例，加强宣传推广: a short coda, not a measure of its own
        if out and (purpose or not starts):
            last = out[-1]
            out[-1] = Span(
                last.start,
                part.end,
                sentence.text[last.start - sentence.start : part.end - sentence.start],
            )
        else:
            out.append(part)
    return out


def _deliverer(a: ent.Mention) -> bool:
    """A financial body that carries measures out (a guarantee fund or company, a policy
    bank), not a regulator such as 人民银行 that steers others."""
    return a.props.get("kind") == "financial" and a.key != "agency:pboc"


def _target_heading(blocks: list[Block], index: int) -> int | None:
    """The index of the target heading an item sits under."""
    parent = blocks[index].parent
    while parent is not None and blocks[parent].role != "target":
        parent = blocks[parent].parent
    return parent


def _support_amounts(text: str) -> list:
    """The amounts a measure gives, without the thresholds that say who qualifies
    (对投资额500万元以上的企业, 年营业收入2000万元以下的)."""
    out = []
    for start, end, fields in amounts_in(text):
        after = text[end : end + 1]
        threshold = re.search(r"(?:以上|以下|以内)$", text[start:end]) and after == "的"
        if threshold or after == "的" and re.search(r"对[^，,。]*$", text[:start]):
            continue
        out.append((start, end, fields))
    return out


def _instrument(text: str, default: str | None = "service") -> str | None:
    """The instrument a measure's words name; a fee is cut only where a word lowers it
    (担保费率不超过1% is a guarantee with a capped fee)."""
    lowers = any(w in text for w in ("降低", "下调", "降至", "减免", "免收", "降费", "减半"))
    lowers = lowers or bool(re.search(r"(?:资费|费用|收费)[^，。；]{0,12}优惠", text))
    provided = PROVIDES_INSTRUMENT.search(text)  # 提供担保，担保费率降至1%: a guarantee
    if provided:
        return "guarantee" if provided["what"] == "担保" else "loan"
    for instrument, words in INSTRUMENTS:
        if instrument == "fee_cut" and not lowers:
            continue
        if any(w in text for w in words):
            return instrument
    return default


def _level(agency: ent.Mention) -> str:
    return agency.props.get("level") or "national"


def _region_name(code: str) -> str:
    from loaders.regions import region_table

    region = region_table().by_code.get(code)
    return region.name if region else code


def _period(name: str):
    from .dates import period_in

    return period_in(name)


def extract(text: str) -> tuple[DocInfo, Proposals]:
    run = Extraction(text)
    return run.doc, run.run()
