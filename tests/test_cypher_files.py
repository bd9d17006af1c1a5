"""Every query the app runs (``cypher/*.cypher`` and its ``.ladybug`` variants) compiles
on both engines: Neo4j runs EXPLAIN, so does Ladybug (which binds and plans, never runs).

A file whose header says ``// Only: neo4j`` (or ``ladybug``) is checked on that engine
only; where a ``.ladybug`` variant exists, Ladybug checks the variant.
"""

from __future__ import annotations

import re

import neo4j
import pytest

from graph.queries import CYPHER_DIR, query, render_text

# Sample placeholder values: a consistent pattern (City)-[:PART_OF]->(Province).
SAMPLES = {
    "label": ":City",
    "start_label": ":City",
    "end_label": ":Province",
    "neighbour_label": ":Province",
    "types": ":PART_OF",
    "max_hops": "3",
    "prop": "code",
    "list_prop": "aliases",
    "facet_types": ":PART_OF",
    "facet_label": ":Province",
    "amount_types": ":SUB_FUND_OF",
}
# Sample parameter values, by name (Ladybug binds parameters while planning).
PARAMS = {
    "key": "city:1",
    "keys": ["city:1"],
    "seen": ["city:1"],
    "gone": ["city:1"],
    "every_key": ["city:1"],
    "start_key": "city:1",
    "end_key": "province:1",
    "offsets": [0],
    "ids": ["x"],
    "q": "x",
    "q_nl": "x\n",
    "nl_q": "\nx",
    "nl_q_nl": "\nx\n",
    "limit": 1,
    "skip": 0,
    "bound": "~",
    "value": "x",
    "every": True,
    "offset": 0,
    "words": ["x"],
    "first": "x",
    "with_key": False,
    "statuses": ["reported"],
    "exclude_statuses": ["synthetic"],
}
FILES = sorted(p for p in CYPHER_DIR.glob("*.cypher"))
NAMES = sorted({p.name.split(".")[0] for p in FILES})


def only(text: str) -> str | None:
    found = re.search(r"^// Only: (\w+)", text, re.MULTILINE)
    return found.group(1) if found else None


def names_for(dialect: str) -> list[str]:
    """The queries that run on ``dialect``: none is skipped, so a skip means a fault."""
    return [n for n in NAMES if only(query(n, dialect)) in (None, dialect)]


def filled(text: str) -> str:
    names = set(re.findall(r"{{(\w+)}}", text))
    unknown = names - set(SAMPLES)
    assert not unknown, f"no sample value for placeholders {unknown}"
    return render_text(text, **{n: SAMPLES[n] for n in names})


def test_every_query_runs_somewhere():
    assert set(names_for("ladybug")) | set(names_for("neo4j")) == set(NAMES)


def test_every_file_has_a_header():
    for path in FILES:
        first = path.read_text(encoding="utf-8").lstrip().splitlines()[0]
        assert first.startswith("//"), f"{path.name}: starts without a header comment"


@pytest.mark.parametrize("name", names_for("ladybug"))
def test_compiles_on_ladybug(ladybug_store, name):
    text = query(name, "ladybug")
    params = {k: v for k, v in {**PARAMS, "rows": _frame()}.items() if re.search(rf"\${k}\b", text)}
    with ladybug_store._connection() as conn:
        conn.execute("EXPLAIN " + filled(text), params).close()  # raises on any error


@pytest.mark.neo4j
@pytest.mark.parametrize("name", names_for("neo4j"))
def test_explains_on_neo4j(neo4j_store, name):
    text = query(name, "neo4j")
    with neo4j_store._session(neo4j.READ_ACCESS) as session:
        summary = session.run("EXPLAIN " + filled(text)).consume()
    assert summary.plan is not None


def _frame():
    import pandas as pd

    return pd.DataFrame({"s_key": ["city:1"], "e_key": ["province:1"]}, dtype=object)
