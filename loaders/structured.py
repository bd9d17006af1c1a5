"""YAML and JSON files: records files (``nodes`` / ``relationships`` lists with file-level
defaults) and node-link JSON (the JSON export), each mapping tagged with its line."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from json import decoder as json_decoder
from json import scanner as json_scanner

import yaml

from .build import node_record, rel_record
from .records import Problem, Record, Rejected
from .validate import default_value

LINE = "__line__"
DEFAULT_FIELDS = ("source", "status", "evidence")
# Keys networkx and the exporter add that are not properties.
EDGE_META = ("key", "id", "source", "target", "type")


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe YAML loader; a date that does not exist (2025-02-30) stays text, so the
    validator reports it at its field instead of the parser failing the whole file."""


def _construct_timestamp(loader, node):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

# Sections whose items are records: each is built on its own, so one bad value costs
# only its record, and each field keeps the line it is on.
RECORD_SECTIONS = ("nodes", "relationships", "edges", "links")
# Anchors and aliases may repeat a value; adding more values than this by expansion is a
# "billion laughs".
MAX_YAML_VALUES = 1_000_000
FIELD_LINES = "__fields__"
TWICE = "__twice__"
META = (LINE, FIELD_LINES, TWICE)


@dataclass
class Broken:
    """A record whose YAML could not be built: (line, field, problem) each."""

    line: int
    problems: list[tuple[int, str, str]]
    raw: dict


def parse_yaml(text: str):
    """The document, each mapping tagged with its line and each record's fields with
    theirs; a record with a value that cannot be built becomes :class:`Broken`."""
    loader = _LineLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        _check_expansion(root)
        if not isinstance(root, yaml.MappingNode):
            return loader.construct_document(root)
        loader.flatten_mapping(root)
        doc = {LINE: root.start_mark.line + 1, FIELD_LINES: {}}
        for key_node, value_node in root.value:
            key = loader.construct_object(key_node, deep=True)
            doc[FIELD_LINES][str(key)] = value_node.start_mark.line + 1
            if key in RECORD_SECTIONS and isinstance(value_node, yaml.SequenceNode):
                doc[key] = [_record(loader, item) for item in value_node.value]
            else:
                doc[key] = loader.construct_object(value_node, deep=True)
        return doc
    finally:
        loader.dispose()


def _check_expansion(root) -> None:
    """Refuse a document whose aliases add more than MAX_YAML_VALUES values when expanded
    (a "billion laughs"), or that refers to itself. Subtree sizes are memoised, so the
    check is linear in the distinct nodes however far the aliases would expand."""
    size: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        ident = id(node)
        kids = _children(node)
        if done:
            open_nodes.discard(ident)
            size[ident] = 1 + sum(size[id(k)] for k in kids)
            continue
        if ident in size:
            continue
        if ident in open_nodes:
            raise yaml.YAMLError("an alias refers to the value that contains it")
        open_nodes.add(ident)
        stack.append((node, True))
        stack += [(k, False) for k in kids if id(k) not in size]
    added = size[id(root)] - len(size)
    if added > MAX_YAML_VALUES:
        raise yaml.YAMLError(
            f"its aliases expand to {added} more values than it holds, more than "
            f"MAX_YAML_VALUES={MAX_YAML_VALUES}"
        )


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _record(loader, node):
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        try:
            return loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError) as e:
            loader.recursive_objects.clear()
            return Broken(line, [(line, "item", f"not a valid YAML value: {e}")], {})
    item = {LINE: line, FIELD_LINES: {}}
    problems = []
    try:
        loader.flatten_mapping(node)
    except yaml.YAMLError as e:
        return Broken(line, [(line, "<<", f"not a valid YAML merge: {e}")], {})
    for key_node, value_node in node.value:
        at = value_node.start_mark.line + 1
        try:
            key = loader.construct_object(key_node, deep=True)
            hash(key)
        except (yaml.YAMLError, ValueError, TypeError) as e:
            loader.recursive_objects.clear()
            problems.append((key_node.start_mark.line + 1, "field", f"not a usable name: {e}"))
            continue
        field = str(key)
        if field in item[FIELD_LINES]:
            problems.append((at, field, f"given twice (first on line {item[FIELD_LINES][field]})"))
            continue
        item[FIELD_LINES][field] = at
        try:
            item[key] = loader.construct_object(value_node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as e:
            loader.recursive_objects.clear()
            problems.append((at, field, f"not a valid YAML value: {_first_line(e)}"))
    if problems:
        raw = {k: v for k, v in item.items() if k not in (LINE, FIELD_LINES)}
        return Broken(line, problems, raw)
    return item


def _first_line(error: Exception) -> str:
    problem = getattr(error, "problem", None)
    return problem or str(error).splitlines()[0]


def parse_json(text: str):
    """``json.loads`` that tags every object with the line it starts on, each field with
    the line its value starts on, and notes a field given twice."""
    newlines = [m.start() for m in re.finditer("\n", text)]
    dec = json.JSONDecoder()

    def line_at(index: int) -> int:
        return bisect.bisect_right(newlines, index) + 1

    def parse_object(s_and_end, strict, scan_once, hook, pairs_hook, memo=None):
        starts: list[int] = []

        def scan_value(string, index):
            starts.append(index)
            return scan_once(string, index)

        pairs, end = json_decoder.JSONObject(s_and_end, strict, scan_value, hook, list, memo)
        obj: dict = {LINE: line_at(s_and_end[1] - 1)}
        lines: dict[str, int] = {}
        twice = []
        for (key, value), at in zip(pairs, starts, strict=False):
            if key in lines:
                twice.append((line_at(at), key, f"given twice (first on line {lines[key]})"))
                continue
            lines[key] = line_at(at)
            obj[key] = value
        obj[FIELD_LINES] = lines
        if twice:
            obj[TWICE] = twice
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
        k for k in doc if k not in (*DEFAULT_FIELDS, "nodes", "relationships", "manifest", *META)
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
    defaults = {}
    for k in DEFAULT_FIELDS:
        if doc.get(k) in (None, ""):
            continue
        try:
            defaults[k] = default_value(k, doc[k])
        except ValueError as e:
            at = (doc.get(FIELD_LINES) or {}).get(k) or doc.get(LINE, 1)
            yield Rejected.one(name, at, k, f"{e} (a default for every record)", whole_file=True)
            return
    for section, build in (("nodes", node_record), ("relationships", rel_record)):
        items = doc.get(section) or []
        if not isinstance(items, list):
            yield Rejected.one(name, doc.get(LINE, 1), section, "must be a list", whole_file=True)
            continue
        for item in items:
            yield from _one(item, name, doc, section, build, defaults)


def _one(item, name, doc, section, build, defaults, **kw):
    if isinstance(item, Broken):
        problems = [Problem(name, at, f, p) for at, f, p in item.problems]
        yield Rejected(name, item.line, problems, "?", item.raw)
        return
    if not isinstance(item, dict):
        yield Rejected.one(
            name, doc.get(LINE, 1), section, f"each item must be a mapping, got {item!r:.40}"
        )
        return
    line = item.pop(LINE, doc.get(LINE, 1))
    fields = item.pop(FIELD_LINES, None) or {}
    twice = item.pop(TWICE, None)
    _strip_lines(item)
    if twice:
        problems = [Problem(name, at, f, p) for at, f, p in twice]
        yield Rejected(name, line, problems, "?", item)
        return
    built = build(item, defaults, name, line, **kw)
    if isinstance(built, Rejected) and fields:
        # each problem at the line of its own field (YAML keeps every field's line)
        built.problems = [
            Problem(p.file, fields.get(p.field) or p.line, p.field, p.problem)
            for p in built.problems
        ]
    yield built


def _strip_lines(value):
    if isinstance(value, dict):
        for meta in META:
            value.pop(meta, None)
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
        lines = flat.setdefault(FIELD_LINES, {})
        for k, v in nested.items():
            if k not in META:
                flat.setdefault(k, v)
                lines.setdefault(k, (nested.get(FIELD_LINES) or {}).get(k))
        return flat
    return dict(item)
