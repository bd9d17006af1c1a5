"""The analysts' saved queries: ``cypher/canned/<name>.cypher``, each with a header.

Header lines come first, as ``//`` comments::

    // title: Enterprises of a province by industry
    // description: Counts per industry and designation, largest first.
    // title_zh: 某省企业：按行业
    // description_zh: 按行业和资质计数，多的在前。
    // param: province_code string = "330000" -- GB/T 2260 code of the province

Parameter types are the schema's (``string``, ``int``, ``float``, ``bool``,
``string[]``); defaults are JSON. ``title_zh`` and ``description_zh`` are optional
(the Chinese interface falls back to the English text). ``<name>.ladybug.cypher``
beside a query is its text for the embedded store where Ladybug's dialect differs
(docs/dialect.md); it carries no header of its own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from graph.errors import BadParameter, GraphError
from graph.schema import PROPERTY_TYPES

CANNED_DIR = Path(__file__).resolve().parent.parent / "cypher" / "canned"
NAME_RE = re.compile(r"^[a-z0-9_]+$")
HEADER_RE = re.compile(r"^//\s*(title|description|title_zh|description_zh|param):\s*(.*)$")
PARAM_RE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>string\[\]|string|int|float|bool)"
    r"\s*=\s*(?P<default>.+?)(?:\s+--\s+(?P<doc>.*))?$"
)


class CannedQueryError(GraphError):
    """A canned query file is malformed (names the file and line)."""


class CannedNotFound(GraphError):
    status = 404

    def __init__(self, name: str):
        super().__init__(f"no canned query {name!r}")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: Any
    doc: str = ""

    def to_dict(self) -> dict:
        return {"name": self.name, "type": self.type, "default": self.default, "doc": self.doc}


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str  # the Neo4j text, header included
    variants: dict[str, str] = field(default_factory=dict)
    title_zh: str = ""
    description_zh: str = ""

    def text_for(self, dialect: str) -> str:
        return self.variants.get(dialect, self.text)

    @property
    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def to_dict(self, dialect: str = "neo4j") -> dict:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "title_zh": self.title_zh or self.title,
            "description_zh": self.description_zh or self.description,
            "params": [p.to_dict() for p in self.params],
            "defaults": self.defaults,
            "query": self.text_for(dialect),
            "dialects": sorted({"neo4j", *self.variants}),
        }


def parse(name: str, text: str, path: str = "") -> CannedQuery:
    """A canned query from its file text.

    >>> q = parse("t", '// title: T\\n// description: D\\n// param: n int = 3 -- how many\\n'
    ...           'MATCH (p:Province) RETURN p LIMIT $n')
    >>> q.title, q.params[0].default, q.params[0].doc
    ('T', 3, 'how many')
    """
    where = path or name
    fields: dict[str, str] = {}
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = HEADER_RE.match(line.strip())
        if not match:
            if line.strip() and not line.strip().startswith("//"):
                break
            continue
        what, value = match.groups()
        if what == "param":
            params.append(_param(value.strip(), f"{where}:{number}"))
        else:
            fields[what] = value.strip()
    for required in ("title", "description"):
        if not fields.get(required):
            raise CannedQueryError(f"{where}: header has no '// {required}: ...' line")
    return CannedQuery(
        name,
        fields["title"],
        fields["description"],
        tuple(params),
        text,
        title_zh=fields.get("title_zh", ""),
        description_zh=fields.get("description_zh", ""),
    )


def _param(spec: str, where: str) -> Param:
    match = PARAM_RE.match(spec)
    if not match:
        raise CannedQueryError(f"{where}: param must read 'name type = default [-- doc]'")
    try:
        default = json.loads(match["default"])
    except json.JSONDecodeError as e:
        raise CannedQueryError(f"{where}: default is not JSON: {e.msg}") from None
    param = Param(match["name"], match["type"], default, match["doc"] or "")
    check_value(param, default, where)
    return param


def check_value(param: Param, value: Any, where: str = "params") -> Any:
    """``value`` if it has ``param``'s type, else BadParameter naming the parameter."""
    assert param.type in PROPERTY_TYPES
    ok = {
        "string": lambda v: isinstance(v, str),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
        "string[]": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    }[param.type](value)
    if not ok:
        raise BadParameter(f"{where}.{param.name}", f"must be a {param.type}, got {value!r}")
    return value


@cache
def load_all(directory: Path = CANNED_DIR) -> dict[str, CannedQuery]:
    """Every canned query by name, in file-name order."""
    queries: dict[str, CannedQuery] = {}
    for path in sorted(directory.glob("*.cypher")):
        if path.name.count(".") != 1:
            continue
        name = path.stem
        if not NAME_RE.match(name):
            raise CannedQueryError(f"{path}: file names are lower_case_with_underscores")
        query = parse(name, path.read_text(encoding="utf-8"), str(path))
        for variant in directory.glob(f"{name}.*.cypher"):
            dialect = variant.name.split(".")[1]
            query.variants[dialect] = variant.read_text(encoding="utf-8")
        queries[name] = query
    return queries


def get(name: str) -> CannedQuery:
    try:
        return load_all()[name]
    except KeyError:
        raise CannedNotFound(name) from None


def with_defaults(query: CannedQuery, given: dict[str, Any]) -> dict[str, Any]:
    """The defaults overridden by ``given`` (checked against the declared types).

    A name the query does not declare is refused: a misspelt parameter would otherwise
    run the query on its default and answer a different question.
    """
    declared = {p.name: p for p in query.params}
    for name, value in given.items():
        if name not in declared:
            takes = ", ".join(declared) or "no parameters"
            problem = f"not a parameter of {query.name} (it takes {takes})"
            raise BadParameter(f"params.{name}", problem)
        check_value(declared[name], value)
    return {**query.defaults, **given}
