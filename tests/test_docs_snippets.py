"""Every Cypher query in docs/*.md and README.md runs on both stores over the bundled
data: fenced ```cypher blocks, inline code spans that are whole queries, and
``flask --app webapp query "..."`` lines. A ``// => [...]`` line under a query states
its answer (the records as JSON), which both stores must give; otherwise both must
answer alike, or the embedded store refuses with a hint (docs/dialect.md). Blocks of
administration commands (``CREATE USER``, ``GRANT``...) must be refused by both."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ladybug_test_store, load_bundled, neo4j_test_store

from graph._cypher_lexer import tokens
from graph.errors import BadParameter, CypherSyntaxError, GraphError
from webapp.console import dialect_hint

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
FENCE = re.compile(r"^[ \t]*```cypher[ \t]*\n(.*?)^[ \t]*```", re.MULTILINE | re.DOTALL)
INLINE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
CLI = re.compile(r"""flask --app webapp query "([^"]+)\"""")
STARTS = ("MATCH", "OPTIONAL", "UNWIND", "WITH", "RETURN", "CALL")
ADMIN = ("CREATE", "GRANT", "ALTER", "DROP", "DENY", "REVOKE", "SHOW")
ANSWER = re.compile(r"^\s*// =>\s*(.+)$", re.MULTILINE)


def whole_query(text: str) -> bool:
    """A span that is a query of its own, not a fragment such as ``RETURN *``."""
    if "..." in text or "…" in text:
        return False
    try:
        sig = tokens(text)
    except BadParameter:
        return False
    words = {t.upper for t in sig if t.kind == "word"}
    return bool(sig) and sig[0].upper in STARTS and "RETURN" in words and len(sig) >= 5


def snippets() -> list:
    found = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        for m in FENCE.finditer(text):
            body = m.group(1)
            if re.search(r"^\s*\.\.\.\s*$", body, re.MULTILINE):
                continue  # an excerpt (the canned-query file format), not a query
            line = text[: m.start()].count("\n") + 2
            found.append(pytest.param(body, id=f"{name}:{line}"))
        for pattern in (INLINE, CLI):
            for m in pattern.finditer(FENCE.sub("", text)):
                if whole_query(m.group(1)):
                    found.append(pytest.param(m.group(1), id=f"{name}:{m.group(1)[:40]}"))
    return found


SNIPPETS = snippets()


def split(snippet: str) -> list[tuple[str, object]]:
    """(query, stated answer or None) for each statement of a snippet."""
    out = []
    for part in re.split(r";\s*(?:\n|$)", snippet):
        answer = ANSWER.search(part)
        query = ANSWER.sub("", part).strip()
        if query and not all(line.strip().startswith("//") for line in query.splitlines()):
            out.append((query, json.loads(answer.group(1)) if answer else None))
    return out


def is_admin(query: str) -> bool:
    sig = tokens(query)
    return bool(sig) and sig[0].upper in ADMIN


@pytest.fixture(scope="module")
def doc_stores(tmp_path_factory, request):
    target = request.getfixturevalue("neo4j_server")
    driver = request.getfixturevalue("neo4j_driver")
    with (
        ladybug_test_store(tmp_path_factory.mktemp("docs") / "graph") as lb,
        neo4j_test_store(target, driver, "doc_stores") as neo,
    ):
        load_bundled(lb)
        load_bundled(neo)
        yield lb, neo


def answer(store, query: str):
    try:
        return store.run_cypher(query).to_dict()["records"]
    except GraphError as e:
        return e


def test_the_docs_hold_queries():
    ids = [p.id for p in SNIPPETS]
    assert any(i.startswith("docs/dialect.md") for i in ids)
    assert any(i.startswith("README.md") for i in ids)
    assert any(i.startswith("docs/neo4j.md:flask") or "labels(n)[0]" in i for i in ids)


@pytest.mark.neo4j
@pytest.mark.parametrize("snippet", SNIPPETS)
def test_doc_query_runs_on_both_stores(doc_stores, snippet):
    lb_store, neo_store = doc_stores
    for query, stated in split(snippet):
        lb, neo = answer(lb_store, query), answer(neo_store, query)
        if is_admin(query):
            assert isinstance(lb, GraphError) and isinstance(neo, GraphError), query
            continue
        assert not isinstance(neo, GraphError), f"{query}: Neo4j says {neo}"
        if "ORDER BY" not in query.upper():  # rows in no stated order
            lb, neo, stated = (
                sorted(x, key=json.dumps) if isinstance(x, list) else x for x in (lb, neo, stated)
            )
        if stated is not None:
            assert lb == stated and neo == stated, query
        elif isinstance(lb, (CypherSyntaxError, BadParameter)):  # the console's hint
            hint = getattr(lb, "hint", None) or dialect_hint("ladybug", lb.message, query)
            assert hint, f"{query}: refused without a hint: {lb}"
        else:
            assert lb == neo, query
