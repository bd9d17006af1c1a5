"""docs/schema.md stays in step with graph/schema.py.

Two checks that do not depend on each other: the generated part equals what
scripts/schema_doc.py renders now, and, read back from the Markdown itself, the page
documents exactly the labels, relationship types and properties SCHEMA declares.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from graph.schema import NODE_PROPS, REL_PROPS, SCHEMA, STATUSES
from loaders.reading import read_paths
from loaders.records import Record

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "schema.md"


def load_generator():
    spec = importlib.util.spec_from_file_location("schema_doc", ROOT / "scripts" / "schema_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def text() -> str:
    return DOC.read_text(encoding="utf-8")


def chapter(text: str, title: str) -> str:
    """The text of a ``## title`` chapter, up to the next ``## `` heading."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"docs/schema.md has no chapter {title!r}"
    return match.group(1)


def sections(chapter_text: str) -> dict[str, str]:
    """``### name`` sections of a chapter, by name."""
    parts = re.split(r"^### (\S+)\n", chapter_text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def table_props(section: str) -> list[str]:
    return re.findall(r"^\| `([a-z0-9_]+)` \| ", section, re.M)


def test_generated_part_is_up_to_date():
    generator = load_generator()
    _, generated, _ = generator.current()
    assert generated == generator.render(), "run: .venv/bin/python scripts/schema_doc.py"


def test_every_label_and_only_declared_labels(text):
    documented = sections(chapter(text, "Labels"))
    assert list(documented) == list(SCHEMA.label_names)
    for label in SCHEMA.labels:
        section = documented[label.name]
        assert table_props(section) == [p.name for p in label.props], label.name
        assert f"`{label.kind}:<id>`" in section and f"`{label.example}`" in section


def test_every_relationship_type_and_only_declared_ones(text):
    documented = sections(chapter(text, "Relationship types"))
    assert list(documented) == list(SCHEMA.rel_names)
    for rel in SCHEMA.relationships:
        section = documented[rel.name]
        assert table_props(section) == [p.name for p in rel.props], rel.name
        for start, end in rel.pairs:
            assert f"{start} → {end}" in section, (rel.name, start, end)
        node = r"\([a-z_]+:(?:[\w-]+|<id>)\)"
        assert re.search(rf"`{node}-\[:{rel.name}\]->{node}`", section), rel.name


def test_common_properties(text):
    common = chapter(text, "Common properties")
    node_table, rel_table = common.split("Every relationship has these:")
    assert table_props(node_table) == [p.name for p in NODE_PROPS]
    assert table_props(rel_table) == [p.name for p in REL_PROPS]


def test_statuses_and_eligibility_are_explained(text):
    provenance = chapter(text, "Provenance and status")
    assert re.findall(r"^\| `(\w+)` \| ", provenance, re.M) == list(STATUSES)
    eligibility = chapter(text, "How ELIGIBLE_FOR is derived")
    assert "(eligibility.md)" in eligibility
    for word in ("criteria", "rule", "derived", "eligible_match"):
        assert word in eligibility


def test_examples_are_bundled_keys(text):
    """Every concrete key in the examples is a node of the bundled data."""
    bundled = {
        r.item.key
        for r in read_paths([ROOT / "data"])
        if isinstance(r, Record) and r.label in SCHEMA.label_names
    }
    keys = set(re.findall(r"\(([a-z_]+:[\w-]+)\)", chapter(text, "Relationship types")))
    assert keys and keys <= bundled
