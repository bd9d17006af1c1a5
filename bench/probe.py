"""Parameters for the measured operations, sampled once from the loaded data.

The same sample (keys, search terms, path pairs, the hub) is used for every store and
for HTTP, so that the stores answer the same questions. Sampling uses only the store
interface, with a seeded random generator.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field, fields

from graph.queries import label as label_clause
from graph.schema import SCHEMA

HUB_LABELS = ("Province", "City", "Industry", "Technology", "Policy", "Measure", "Fund", "Agency")
PER_LABEL = 2000  # keys sampled per label
EXPORT_SIZES = (1000, 10000)
SYNTHETIC_MARK = "「示例」"  # loaders.generate marks every synthetic name


@dataclass
class Probe:
    keys: list[str] = field(default_factory=list)  # every label, for node by key
    search_terms: list[str] = field(default_factory=list)
    page_keys: list[str] = field(default_factory=list)  # nodes with 100+ neighbours
    hub: str = ""
    hub_degree: int = 0
    expand_keys: list[str] = field(default_factory=list)
    khop_keys: list[str] = field(default_factory=list)
    path_pairs: list[list[str]] = field(default_factory=list)
    export_keys: list[str] = field(default_factory=list)
    degrees: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Probe:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


def sample_nodes(store, label: str, limit: int) -> list[dict]:
    query = (
        f"MATCH (n{label_clause(label)}) RETURN n.key AS key, n.name AS name, "
        "n.name_en AS name_en LIMIT $limit"
    )
    return store.run_cypher(query, {"limit": limit}, max_rows=limit).records


def probe(store, seed: int = 7, n: int = 200) -> Probe:
    """Sample ``n`` parameters per operation from ``store`` (opened with MAX_ROWS of at
    least PER_LABEL and max(EXPORT_SIZES))."""
    rng = random.Random(seed)
    counts = store.stats()["labels"]
    by_label = {
        lb.name: sample_nodes(store, lb.name, PER_LABEL)
        for lb in SCHEMA.labels
        if counts.get(lb.name)
    }
    everything = [row for rows in by_label.values() for row in rows]
    p = Probe()
    p.keys = [rng.choice(everything)["key"] for _ in range(n)]
    p.search_terms = _search_terms(everything, rng, n)
    p.degrees = _degrees(store, by_label)
    ranked = sorted(p.degrees, key=lambda k: (-p.degrees[k], k))
    p.hub, p.hub_degree = ranked[0], p.degrees[ranked[0]]
    busy = [k for k in ranked[1:] if p.degrees[k] >= 100] or ranked[1:20]
    p.page_keys = [rng.choice(busy) for _ in range(n)]
    rows = by_label.get("Enterprise") or everything
    enterprises = [r["key"] for r in rows]
    p.expand_keys = [rng.choice(enterprises + busy) for _ in range(n)]
    p.khop_keys = [rng.choice(enterprises) for _ in range(n)]
    p.path_pairs = [[rng.choice(enterprises), rng.choice(everything)["key"]] for _ in range(n)]
    p.export_keys = _export_keys(store, by_label, max(EXPORT_SIZES))
    return p


def _search_terms(rows: list[dict], rng: random.Random, n: int) -> list[str]:
    """A mix a user would type: part of a Chinese name, an English word, a key prefix."""
    terms = []
    while len(terms) < n:
        row = rng.choice(rows)
        name, name_en, key = row.get("name") or "", row.get("name_en") or "", row["key"]
        bare = name.replace(SYNTHETIC_MARK, "")  # users type the name, not the marker
        kind = len(terms) % 4
        if kind == 0 and len(bare) >= 2:
            start = rng.randrange(0, max(1, len(bare) - 2))
            terms.append(bare[start : start + rng.choice((2, 3, 4))])
        elif kind == 1 and name:
            terms.append(name)  # an exact name
        elif kind == 2 and name_en:
            words = [w for w in name_en.split() if len(w) > 3]
            if words:
                terms.append(rng.choice(words).lower())
        elif kind == 3:
            terms.append(key[: max(len(key.split(":")[0]) + 3, len(key) // 2)])
    return terms


def _degrees(store, by_label: dict[str, list[dict]]) -> dict[str, int]:
    degrees = {}
    for lb in HUB_LABELS:
        for row in by_label.get(lb, [])[:500]:
            detail = store.get_node(row["key"])
            degrees[row["key"]] = sum(d.count for d in detail.degrees)
    return degrees


def _export_keys(store, by_label: dict[str, list[dict]], size: int) -> list[str]:
    """``size`` keys: every sampled key, topped up with more enterprises."""
    keys = list(dict.fromkeys(r["key"] for rows in by_label.values() for r in rows))
    if len(keys) < size and "Enterprise" in by_label:
        more = sample_nodes(store, "Enterprise", size + PER_LABEL)
        keys = list(dict.fromkeys(keys + [r["key"] for r in more]))
    return keys[:size]
