"""Quality of ingestion on the seed article: recall and precision of the proposals
against the hand-curated data/seed-article.yaml (docs/ingest.md states the figures).

Scope: the curated Policy, Target, Task, Measure, Agency and Fund nodes and the
relationships among them. Matching, defined here and applied the same way to every
label: a proposal matches a curated node of the same label when they have the same
key, or when their names (NFKC, without punctuation and spaces, either one's aliases
included) are equal (score 1), one contains the other (score 0.7 to 0.99 by length
ratio), or their character bigrams overlap by at least 70% (Dice coefficient). Each
curated node matches at most one proposal (greedy, best score first). A proposed
relationship matches a curated one of the same type whose ends are the matched nodes.
The proposals are made with no store, so nothing is matched through the curated data
itself.

The article sits beside the repository (../shared/seed/...), never read at run time:
absent, the test is skipped; under REQUIRE_SOURCES=1 (CI) that is a failure.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
import yaml
from conftest import ROOT, unavailable

from loaders.ingest import propose, read_bytes

SEED = ROOT.parent / "shared" / "seed" / "000_8c1bd2c358d16b9b.txt"
CURATED = ROOT / "data" / "seed-article.yaml"
LABELS = ("Policy", "Target", "Task", "Measure", "Agency", "Fund")
KIND_LABEL = {
    "policy": "Policy",
    "target": "Target",
    "task": "Task",
    "measure": "Measure",
    "agency": "Agency",
    "fund": "Fund",
}
# What this implementation reaches today (docs/ingest.md); the bar is 0.9.
MIN_NODE_RECALL, MIN_NODE_PRECISION = 0.9, 0.9
MIN_REL_RECALL, MIN_REL_PRECISION = 0.9, 0.9


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


def match_nodes(curated: list[dict], proposed: list[dict]) -> dict[str, str]:
    """curated key -> proposed key."""
    pairs = []
    for c in curated:
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


@pytest.fixture(scope="module")
def scored():
    if not SEED.is_file():
        unavailable("the seed article", f"{SEED} is not beside the repository", "REQUIRE_SOURCES")
    curated = yaml.safe_load(CURATED.read_text(encoding="utf-8"))
    draft = propose(read_bytes(SEED.read_bytes(), SEED.name, 10**7))
    c_nodes = [n for n in curated["nodes"] if n["key"].split(":")[0] in KIND_LABEL]
    p_nodes = [n for n in draft["proposals"]["nodes"] if n["label"] in LABELS]
    matched = match_nodes(c_nodes, p_nodes)
    c_keys = {n["key"] for n in c_nodes}
    p_keys = {n["key"] for n in p_nodes}
    c_rels = {
        (r["start"], r["type"], r["end"])
        for r in curated["relationships"]
        if r["start"] in c_keys and r["end"] in c_keys
    }
    p_rels = {
        (r["start"], r["type"], r["end"])
        for r in draft["proposals"]["relationships"]
        if r["start"] in p_keys and r["end"] in p_keys
    }
    found = {(matched.get(s), t, matched.get(e)) for s, t, e in c_rels}
    rel_hits = len(found & p_rels)
    return {
        "node_recall": len(matched) / len(c_nodes),
        "node_precision": len(matched) / len(p_nodes),
        "rel_recall": rel_hits / len(c_rels),
        "rel_precision": rel_hits / len(p_rels),
        "missed": sorted(c_keys - set(matched)),
        "extra": sorted(p_keys - set(matched.values())),
        "counts": (len(c_nodes), len(p_nodes), len(c_rels), len(p_rels)),
    }


def test_seed_article_recall_and_precision(scored):
    print(scored)
    assert scored["node_recall"] >= MIN_NODE_RECALL, scored["missed"]
    assert scored["node_precision"] >= MIN_NODE_PRECISION, scored["extra"]
    assert scored["rel_recall"] >= MIN_REL_RECALL
    assert scored["rel_precision"] >= MIN_REL_PRECISION
