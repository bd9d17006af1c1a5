"""Exports round-trip on both stores: JSON and GraphML through networkx and back through the
loader, the CSV zip through the loader, the Cypher script on the real Neo4j."""

from __future__ import annotations

import io
import json
import zipfile

import networkx as nx
import pytest

from graph import export as ex
from graph.convert import from_graphml, from_node_link, to_networkx
from graph.model import Subgraph
from tests.export_sample import KEYS, NODES, RELS, canonical


@pytest.fixture
def sample(store):
    store.load([*NODES, *RELS])
    return store


def stored(store) -> Subgraph:
    return store.subgraph(KEYS)


def manifest_for(store, sub):
    return ex.manifest(store, sub, {"view": {"keys": KEYS}}, "json")


def reload(store, path) -> Subgraph:
    """Empty the store of the sample, load ``path`` with the loaders, read it back."""
    import loaders

    store.delete(KEYS)
    assert store.subgraph(KEYS).nodes == []
    loaders.load_paths(store, [path])
    return stored(store)


def test_json_round_trip_through_networkx_and_loader(sample, tmp_path):
    before = stored(sample)
    assert len(before.nodes) == len(NODES) and len(before.relationships) == len(RELS)
    data = ex.export_bytes(before, manifest_for(sample, before), "json")
    doc = json.loads(data)
    assert doc["manifest"]["counts"] == {"nodes": len(NODES), "relationships": len(RELS)}
    assert doc["manifest"]["store"]["kind"] == sample.kind
    g = nx.node_link_graph(
        {k: v for k, v in doc.items() if k != "manifest"},
        edges="edges",
        source="start",
        target="end",
        multigraph=True,
        directed=True,
    )
    assert set(g.nodes) == set(KEYS)
    assert canonical(from_node_link(doc)) == canonical(before)
    path = tmp_path / "export.json"
    path.write_bytes(data)
    assert canonical(reload(sample, path)) == canonical(before)


def test_graphml_round_trip_through_networkx_and_loader(sample, tmp_path):
    before = stored(sample)
    data = ex.export_bytes(before, manifest_for(sample, before), "graphml")
    g = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    assert set(g.nodes) == set(KEYS)
    assert g.nodes["agency:export-test-miit"]["label"].startswith("工业和信息化部")
    back = from_graphml(data)
    assert canonical(back) == canonical(before)
    # the loader reads node-link JSON: GraphML -> networkx -> JSON -> loader
    path = tmp_path / "from-graphml.json"
    path.write_bytes(ex.export_bytes(back, {"from": "graphml"}, "json"))
    assert canonical(reload(sample, path)) == canonical(before)


def test_csv_zip_round_trip_through_loader(sample, tmp_path):
    before = stored(sample)
    data = ex.export_bytes(before, manifest_for(sample, before), "csv")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sorted(zf.namelist()) == ["manifest.json", "nodes.csv", "relationships.csv"]
        header = zf.read("nodes.csv").decode("utf-8").splitlines()[0]
        assert header.startswith("key,label,")
    path = tmp_path / "export.zip"
    path.write_bytes(data)
    assert canonical(reload(sample, path)) == canonical(before)


def test_networkx_graph_has_business_keys_and_types(sample):
    g = to_networkx(stored(sample))
    assert ("fund:export-test-sub", "fund:export-test-fund", "SUB_FUND_OF") in g.edges(keys=True)
    assert g.nodes["agency:export-test-miit"]["labels"] == ["Agency"]


def test_cypher_literals_survive_the_engine(sample):
    """Every literal the script writer produces reads back as the same value."""
    for node in NODES:
        for name, value in node.properties.items():
            result = sample.run_cypher(f"RETURN {ex.literal(value)} AS v")
            assert result.records[0]["v"] == value, name


def test_html_has_vis_inlined_and_no_remote_resources(sample):
    before = stored(sample)
    html = ex.export_bytes(before, manifest_for(sample, before), "html").decode("utf-8")
    assert "vis.Network" in html
    assert "<script src" not in html and "<link" not in html
    assert "<script>alert(1)</script>" not in html
