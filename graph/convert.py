"""One converter: Subgraph <-> networkx <-> node-link JSON.

Nodes are keyed by business key; a node's attributes are its properties plus
``labels``; an edge's are its properties plus ``type``. networkx's ``edges=`` key is
always named (its default changed between versions).
"""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx

from .model import Node, Relationship, Subgraph
from .schema import SCHEMA

EDGES_KEY = "edges"
# Relationships carry a provenance property named ``source``, so the link ends are
# named ``start`` and ``end`` (as in the store) instead of node-link's default
# ``source`` / ``target``.
LINK_NAMES = {"edges": EDGES_KEY, "source": "start", "target": "end", "name": "id"}


def to_networkx(subgraph: Subgraph) -> nx.MultiDiGraph:
    """A MultiDiGraph keyed by business key; edge keys are relationship types.

    >>> g = to_networkx(Subgraph(
    ...     [Node("agency:miit", ("Agency",), {"key": "agency:miit", "name": "工业和信息化部"}),
    ...      Node("fund:f", ("Fund",), {"key": "fund:f", "name": "基金"})],
    ...     [Relationship("MANAGES", "agency:miit", "fund:f", {})]))
    >>> sorted(g.nodes), list(g.edges(keys=True))
    (['agency:miit', 'fund:f'], [('agency:miit', 'fund:f', 'MANAGES')])
    """
    g = nx.MultiDiGraph()
    for node in subgraph.nodes:
        g.add_node(node.key, labels=list(node.labels), **_without(node.properties, "labels"))
    for rel in subgraph.relationships:
        props = _without(rel.properties, "type")
        g.add_edge(rel.start, rel.end, key=rel.type, type=rel.type, **props)
    return g


def from_networkx(g: nx.Graph) -> Subgraph:
    """The inverse of :func:`to_networkx`.

    >>> sg = Subgraph([Node("city:330200", ("City",), {"key": "city:330200", "name": "宁波市"})])
    >>> from_networkx(to_networkx(sg)).nodes == sg.nodes
    True
    """
    nodes = []
    for key, attrs in g.nodes(data=True):
        props = {k: v for k, v in attrs.items() if k != "labels"}
        nodes.append(Node(key, tuple(attrs.get("labels") or ()), props))
    rels = []
    for start, end, attrs in g.edges(data=True):
        props = {k: v for k, v in attrs.items() if k != "type"}
        rels.append(Relationship(attrs["type"], start, end, props))
    return Subgraph(nodes, rels)


def to_node_link(subgraph: Subgraph, manifest: dict[str, Any] | None = None) -> dict[str, Any]:
    """networkx node-link data (``edges="edges"``, ends ``start``/``end``) plus a ``manifest``.

    >>> sg = Subgraph([Node("agency:miit", ("Agency",), {"key": "agency:miit"}),
    ...                Node("fund:f", ("Fund",), {"key": "fund:f"})],
    ...               [Relationship("MANAGES", "agency:miit", "fund:f", {"source": "source:s"})])
    >>> d = to_node_link(sg, {"query": "q"})
    >>> d["edges"]
    [{'type': 'MANAGES', 'source': 'source:s', 'start': 'agency:miit', 'end': 'fund:f'}]
    >>> from_node_link(d).relationships == sg.relationships
    True
    """
    data = nx.node_link_data(to_networkx(subgraph), **LINK_NAMES)
    for edge in data[EDGES_KEY]:
        edge.pop("key", None)  # the key repeats the type
    if manifest is not None:
        data = {"manifest": manifest, **data}
    return data


def from_node_link(data: dict[str, Any]) -> Subgraph:
    """Read node-link data written by :func:`to_node_link` (the manifest is ignored)."""
    body = {k: v for k, v in data.items() if k != "manifest"}
    for edge in body.get(EDGES_KEY, []):
        edge.setdefault("key", edge.get("type"))
    g = nx.node_link_graph(body, directed=True, multigraph=True, **LINK_NAMES)
    return from_networkx(g)


def _without(props: dict, name: str) -> dict:
    return {k: v for k, v in props.items() if k != name}


# -- GraphML ---------------------------------------------------------------------
# GraphML values are scalars only: lists (aliases, designations, labels ...) are written
# as JSON text and named in the graph attribute ``json_attributes`` so that a reader can
# decode them; absent (null) values are left out, as in the store. ``label`` is a display
# name for Gephi (its node label column), not a property.

GRAPHML_JSON_ATTR = "json_attributes"
GRAPHML_DISPLAY_ATTR = "label"


def to_graphml(subgraph: Subgraph, manifest: dict[str, Any] | None = None) -> bytes:
    """GraphML bytes readable by ``networkx.read_graphml`` and Gephi.

    >>> sg = Subgraph([Node("city:330200", ("City",), {"key": "city:330200", "aliases": ["甬"]})])
    >>> b"&quot;" not in to_graphml(sg) and b'["\\xe7\\x94\\xac"]' in to_graphml(sg)
    True
    """
    g = to_networkx(subgraph)
    encoded: set[str] = set()
    for _, attrs in g.nodes(data=True):
        attrs[GRAPHML_DISPLAY_ATTR] = attrs.get("name") or _node_key(attrs)
        _encode_json(attrs, encoded)
    for _, _, attrs in g.edges(data=True):
        _encode_json(attrs, encoded)
    g.graph[GRAPHML_JSON_ATTR] = " ".join(sorted(encoded))
    if manifest is not None:
        g.graph["manifest"] = json.dumps(manifest, ensure_ascii=False, sort_keys=True)
    buf = io.BytesIO()
    nx.write_graphml(g, buf, infer_numeric_types=True)
    return buf.getvalue()


def from_graphml(data: bytes) -> Subgraph:
    """The inverse of :func:`to_graphml`; property types follow the schema.

    >>> sg = Subgraph([Node("city:330200", ("City",), {"key": "city:330200", "name": "宁波市",
    ...                      "aliases": ["甬"], "lat": 29.87})],
    ...               [Relationship("PART_OF", "city:330200", "city:330200", {"source": "s"})])
    >>> back = from_graphml(to_graphml(sg))
    >>> back.nodes == sg.nodes and back.relationships == sg.relationships
    True
    """
    g = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    encoded = set(str(g.graph.get(GRAPHML_JSON_ATTR, "")).split())
    for _, attrs in g.nodes(data=True):
        attrs.pop(GRAPHML_DISPLAY_ATTR, None)
        _decode_json(attrs, encoded)
    for _, _, attrs in g.edges(data=True):
        _decode_json(attrs, encoded)
    return typed(from_networkx(g))


def typed(subgraph: Subgraph) -> Subgraph:
    """Coerce property values to their schema types (GraphML and CSV lose int vs float).

    >>> n = typed(Subgraph([Node("task:t", ("Task",), {"key": "task:t", "seq": 1.0})])).nodes[0]
    >>> n.properties["seq"], type(n.properties["seq"]).__name__
    (1, 'int')
    """
    nodes = [
        Node(n.key, n.labels, _coerce(n.properties, _types(n.labels[0] if n.labels else "")))
        for n in subgraph.nodes
    ]
    rels = [
        Relationship(r.type, r.start, r.end, _coerce(r.properties, _types(r.type)))
        for r in subgraph.relationships
    ]
    return Subgraph(nodes, rels, subgraph.truncated, dict(subgraph.caps))


def _types(name: str) -> dict[str, str]:
    if name in SCHEMA.label_names or name in SCHEMA.rel_names:
        return SCHEMA.prop_types(name)
    return {}


def _coerce(props: dict[str, Any], types: dict[str, str]) -> dict[str, Any]:
    out = {}
    for name, value in props.items():
        kind = types.get(name)
        if kind == "int" and isinstance(value, (float, str)) and float(value).is_integer():
            value = int(float(value))
        elif kind == "float" and isinstance(value, (int, str)) and not isinstance(value, bool):
            value = float(value)
        out[name] = value
    return out


def _node_key(attrs: dict) -> str:
    return str(attrs.get("key", ""))


def _encode_json(attrs: dict, encoded: set[str]) -> None:
    for name in list(attrs):
        value = attrs[name]
        if value is None:
            del attrs[name]
        elif isinstance(value, (list, tuple, dict)):
            attrs[name] = json.dumps(value, ensure_ascii=False)
            encoded.add(name)


def _decode_json(attrs: dict, encoded: set[str]) -> None:
    for name in encoded & set(attrs):
        if isinstance(attrs[name], str):
            attrs[name] = json.loads(attrs[name])
