"""Scoring of proposals against hand-written expected facts (the seed article's
data/seed-article.yaml, or a YAML beside a test document), the way outside testers score
their held-out documents.

Scope: Policy, Target, Task, Measure, Agency and Fund nodes and the relationships among
them. A proposal matches an expected node of the same label when they have the same key,
or when their names (NFKC, without punctuation and spaces, either one's aliases included)
are equal (score 1), one contains the other (0.7 to 0.99 by length ratio), or their
character bigrams overlap by at least 70% (Dice coefficient). Each expected node matches
at most one proposal (greedy, best score first). A proposed relationship matches an
expected one of the same type whose ends are the matched nodes.

Besides recall and precision, the properties an expected node states (value, comparator,
deadline, amounts, instrument, doc_number ...) are compared with its match's: ``wrong``
lists every disagreement (a figure invented or lost counts here).
"""

from __future__ import annotations

import re
import unicodedata

LABELS = ("Policy", "Target", "Task", "Measure", "Agency", "Fund")
KIND_LABEL = {label.lower(): label for label in LABELS}
# properties compared when the expected facts state them (names are matched, not compared)
CHECKED = (
    "value",
    "comparator",
    "unit",
    "deadline",
    "seq",
    "instrument",
    "amount",
    "amount_min",
    "amount_max",
    "amount_text",
    "doc_number",
    "issued_date",
    "effective_date",
    "expiry_date",
    "period_start",
    "period_end",
    "eligible_sizes",
    "eligible_designations",
    "eligible_industries",
    "eligible_regions",
    "eligible_employees_min",
    "eligible_employees_max",
    "eligible_revenue_min_wan",
    "eligible_revenue_max_wan",
    "eligible_founded_from",
    "eligible_founded_until",
)


def norm(name: str) -> str:
    text = unicodedata.normalize("NFKC", name or "")
    return re.sub(r"[\W_]+|未具名", "", text)


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def similarity(a: list[str], b: list[str]) -> float:
    best = 0.0
    for x in filter(None, map(norm, a)):
        for y in filter(None, map(norm, b)):
            if x == y:
                return 1.0
            if x in y or y in x:  # containment: the closer the lengths, the better
                best = max(best, 0.7 + 0.29 * min(len(x), len(y)) / max(len(x), len(y)))
                continue
            bx, by = bigrams(x), bigrams(y)
            best = max(best, 2 * len(bx & by) / (len(bx) + len(by)))
    return best


def names(props: dict) -> list[str]:
    return [props.get("name"), *(props.get("aliases") or [])]


def match_nodes(expected: list[dict], proposed: list[dict]) -> dict[str, str]:
    """expected key -> proposed key."""
    pairs = []
    for c in expected:
        for p in proposed:
            if p["label"] != KIND_LABEL[c["key"].split(":")[0]]:
                continue
            score = 1.0 if p["key"] == c["key"] else similarity(names(c), names(p["properties"]))
            if score >= 0.7:
                pairs.append((score, c["key"], p["key"]))
    out, used = {}, set()
    for _, ckey, pkey in sorted(pairs, reverse=True):
        if ckey not in out and pkey not in used:
            out[ckey] = pkey
            used.add(pkey)
    return out


def _same(want, got) -> bool:
    if isinstance(want, list) or isinstance(got, list):  # criteria lists: order is no fact
        return sorted(want or []) == sorted(got or []) and want is not None and got is not None
    if isinstance(want, float) or isinstance(got, float):
        return want is not None and got is not None and abs(float(want) - float(got)) < 1e-6
    return want == got


def score(expected: dict, draft: dict) -> dict:
    """Recall, precision and property disagreements of ``draft`` against ``expected``."""
    e_nodes = [n for n in expected["nodes"] if n["key"].split(":")[0] in KIND_LABEL]
    p_nodes = [n for n in draft["proposals"]["nodes"] if n["label"] in LABELS]
    matched = match_nodes(e_nodes, p_nodes)
    e_keys = {n["key"] for n in e_nodes}
    p_keys = {n["key"] for n in p_nodes}
    e_rels = {
        (r["start"], r["type"], r["end"])
        for r in expected["relationships"]
        if r["start"] in e_keys and r["end"] in e_keys
    }
    p_rels = {
        (r["start"], r["type"], r["end"])
        for r in draft["proposals"]["relationships"]
        if r["start"] in p_keys and r["end"] in p_keys
    }
    found = {(matched.get(s), t, matched.get(e)) for s, t, e in e_rels}
    by_key = {n["key"]: n for n in p_nodes}
    wrong = []
    for n in e_nodes:
        if n["key"] not in matched:
            continue
        got = by_key[matched[n["key"]]]["properties"]
        for prop in CHECKED:
            if prop in n and not (_same(n[prop], got.get(prop)) or n[prop] is got.get(prop)):
                wrong.append(f"{n['key']}.{prop}: want {n[prop]!r}, got {got.get(prop)!r}")
    rel_hits = len(found & p_rels)
    reverse = {v: k for k, v in matched.items()}
    return {
        "node_recall": len(matched) / len(e_nodes),
        "node_precision": len(matched) / len(p_nodes) if p_nodes else 0.0,
        "rel_recall": rel_hits / len(e_rels) if e_rels else 1.0,
        "rel_precision": rel_hits / len(p_rels) if p_rels else 0.0,
        "missed": sorted(e_keys - set(matched)),
        "extra": sorted(
            f"{by_key[k]['label']} {by_key[k]['properties'].get('name')}"
            for k in p_keys - set(matched.values())
        ),
        "missed_rels": sorted(
            f"{s} {t} {e}"
            for s, t, e in e_rels
            if (matched.get(s), t, matched.get(e)) not in p_rels
        ),
        "extra_rels": sorted(
            f"{reverse.get(s, s)} {t} {reverse.get(e, e)}" for s, t, e in p_rels - found
        ),
        "wrong": wrong,
        "counts": {
            "expected_nodes": len(e_nodes),
            "proposed_nodes": len(p_nodes),
            "matched_nodes": len(matched),
            "expected_rels": len(e_rels),
            "proposed_rels": len(p_rels),
            "matched_rels": rel_hits,
        },
    }
