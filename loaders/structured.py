"""YAML and JSON files: records files (``nodes`` / ``relationships`` lists with file-level
defaults) and node-link JSON (the JSON export), each mapping tagged with its line."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator
from json import decoder as json_decoder
from json import scanner as json_scanner

import yaml

from .build import node_record, rel_record
from .records import Record, Rejected

LINE = "__line__"
DEFAULT_FIELDS = ("source", "status", "evidence")
# Keys networkx and the exporter add that are not properties.
EDGE_META = ("key", "id", "source", "target", "type")


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe YAML loader that notes each mapping's line under ``__line__``."""


def _construct_mapping(loader, node, deep=False):
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str):
    return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass


def parse_json(text: str):
    """``json.loads`` that tags every object with the line it starts on."""
    newlines = [m.start() for m in re.finditer("\n", text)]
    dec = json.JSONDecoder()

    def parse_object(s_and_end, strict, scan_once, hook, pairs_hook, memo=None):
        start = s_and_end[1] - 1
        obj, end = json_decoder.JSONObject(s_and_end, strict, scan_once, hook, pairs_hook, memo)
        obj[LINE] = bisect.bisect_right(newlines, start) + 1
        return obj, end

    dec.parse_object = parse_object
    dec.scan_once = json_scanner.py_make_scanner(dec)
    return dec.decode(text)


def read_structured(doc, name: str) -> Iterator[Record | Rejected]:
    """Records from a parsed YAML/JSON document."""
    if not isinstance(doc, dict):
        yield Rejected.one(
            name,
            1,
            "file",
            "expected a mapping with nodes and relationships (or a node-link export)",
            whole_file=True,
        )
        return
    if is_node_link(doc):
        yield from _node_link(doc, name)
        return
    extra = sorted(
        k for k in doc if k not in (*DEFAULT_FIELDS, "nodes", "relationships", "manifest", LINE)
    )
    if extra:
        yield Rejected.one(
            name,
            doc.get(LINE, 1),
            extra[0],
            "unknown top-level field (expected source, status, evidence, nodes, relationships)",
            whole_file=True,
        )
        return
    defaults = {k: doc[k] for k in DEFAULT_FIELDS if k in doc}
    for section, build in (("nodes", node_record), ("relationships", rel_record)):
        items = doc.get(section) or []
        if not isinstance(items, list):
            yield Rejected.one(name, doc.get(LINE, 1), section, "must be a list", whole_file=True)
            continue
        for item in items:
            yield from _one(item, name, doc, section, build, defaults)


def _one(item, name, doc, section, build, defaults, **kw):
    if not isinstance(item, dict):
        yield Rejected.one(
            name, doc.get(LINE, 1), section, f"each item must be a mapping, got {item!r:.40}"
        )
        return
    line = item.pop(LINE, doc.get(LINE, 1))
    _strip_lines(item)
    yield build(item, defaults, name, line, **kw)


def _strip_lines(value):
    if isinstance(value, dict):
        value.pop(LINE, None)
        for v in value.values():
            _strip_lines(v)
    elif isinstance(value, list):
        for v in value:
            _strip_lines(v)


def is_node_link(doc: dict) -> bool:
    return "edges" in doc or "links" in doc or "directed" in doc


def _node_link(doc: dict, name: str):
    for node in doc.get("nodes") or []:
        if isinstance(node, dict):
            node = _flatten(node)
            if "id" in node:
                node.setdefault("key", node["id"])
                if node["key"] == node["id"]:
                    node.pop("id")
        yield from _one(node, name, doc, "nodes", node_record, {})
    for edge in doc.get("edges", doc.get("links")) or []:
        if isinstance(edge, dict):
            edge = _link_ends(_flatten(edge))
        yield from _one(edge, name, doc, "edges", rel_record, {})


def _link_ends(edge: dict) -> dict:
    """graph.convert names the ends ``start`` and ``end`` (``source`` is provenance);
    plain networkx output names them ``source`` and ``target``."""
    if "start" in edge or "end" in edge:
        return {k: v for k, v in edge.items() if k not in ("key", "id")}
    return {
        **{k: v for k, v in edge.items() if k not in EDGE_META},
        "start": edge.get("source"),
        "end": edge.get("target"),
        "type": edge.get("type"),
    }


def _flatten(item: dict) -> dict:
    """Accept properties either flat or nested under ``properties``."""
    nested = item.get("properties")
    if isinstance(nested, dict):
        flat = {k: v for k, v in item.items() if k != "properties"}
        for k, v in nested.items():
            if k != LINE:
                flat.setdefault(k, v)
        return flat
    return dict(item)
