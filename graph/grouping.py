"""Group nodes: many neighbours of one kind drawn as one node (docs/explorer.md "Groups").

A group is the set of neighbours of node ``of`` along relationship ``type`` in
``direction`` with label ``label``, optionally only those whose ``facet`` is ``value``.
Its key is ``group:<of>:<type>:<direction>:<label>`` plus ``:<facet>=<value>`` when
split (the value percent-encoded), so a view, a share link and /group.json name it alike.

>>> g = Group("policy:sme-digital-2025", "ELIGIBLE_FOR", "in", "Enterprise", 283)
>>> g.key
'group:policy:sme-digital-2025:ELIGIBLE_FOR:in:Enterprise'
>>> parse_key(g.split("city", "city:330200", 12).key).value
'city:330200'
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import quote, unquote

from .errors import BadParameter
from .keys import check_key
from .schema import FACETS, SCHEMA

PREFIX = "group:"


@dataclass(frozen=True)
class Group:
    of: str
    type: str
    direction: str
    label: str
    count: int = 0
    facet: str | None = None
    value: str | None = None
    name: str | None = None  # the facet value's display name (a city's name)
    amount: float | None = None  # summed relationship amounts, where the type has one

    @property
    def key(self) -> str:
        key = f"{PREFIX}{self.of}:{self.type}:{self.direction}:{self.label}"
        if self.facet:
            key += f":{self.facet}={quote(str(self.value or ''), safe=':')}"
        return key

    def split(self, facet: str, value, count: int, name=None, amount=None) -> Group:
        return replace(self, facet=facet, value=value, count=count, name=name, amount=amount)

    def info(self) -> dict:
        return {
            "of": self.of,
            "type": self.type,
            "direction": self.direction,
            "label": self.label,
            "count": self.count,
            "facet": self.facet,
            "value": self.value,
            "value_name": self.name,
            "amount": self.amount,
            "facets": [f.name for f in FACETS.get(self.label, ())],
        }

    def node(self, caption: str) -> dict:
        """The group as a node of a graph JSON (``graph.nodes``)."""
        props = {"name": caption, "count": self.count}
        if self.amount is not None:
            props["amount"] = self.amount
        return {"key": self.key, "labels": [self.label], "properties": props, "group": self.info()}

    def edge(self) -> dict:
        """The relationship between ``of`` and the group, carrying the count."""
        start, end = (self.of, self.key) if self.direction == "out" else (self.key, self.of)
        props = {"count": self.count}
        if self.amount is not None:
            props["amount"] = self.amount
        return {
            "id": f"{start}-{self.type}->{end}",
            "type": self.type,
            "start": start,
            "end": end,
            "properties": props,
        }


def parse_key(key: str, name: str = "key") -> Group:
    """The group a ``group:`` key names; BadParameter naming ``name`` when malformed."""
    if not isinstance(key, str) or not key.startswith(PREFIX):
        raise BadParameter(name, "a group key starts with group:")
    body, facet, value = key[len(PREFIX) :], None, None
    if "=" in body:
        eq = body.index("=")
        cut = body.rfind(":", 0, eq)
        if cut < 0:
            raise BadParameter(name, f"malformed group key {key!r}")
        facet, value = body[cut + 1 : eq], unquote(body[eq + 1 :])
        body = body[:cut]
    parts = body.rsplit(":", 3)
    if len(parts) != 4:
        raise BadParameter(name, f"malformed group key {key!r}")
    of, rel_type, direction, label = parts
    check_key(of, name)
    if rel_type not in SCHEMA.rel_names or label not in SCHEMA.label_names:
        raise BadParameter(name, f"unknown type or label in group key {key!r}")
    if direction not in ("out", "in"):
        raise BadParameter(name, f"direction must be out or in in group key {key!r}")
    return Group(of, rel_type, direction, label, facet=facet, value=value)


def plan_for(of: str, counts, threshold: int, hidden=frozenset()):
    """Groups for ``of`` (kinds with more than ``threshold`` neighbours) and the kinds
    drawn node by node; kinds whose type is in ``hidden`` are left out.

    >>> groups, kinds = plan_for("k", [("A", "in", "X", 30), ("B", "out", "Y", 3)], 20)
    >>> [g.key for g in groups], kinds
    (['group:k:A:in:X'], [('B', 'out', 'Y')])
    """
    groups, kinds = [], []
    for rel_type, direction, label, count in counts:
        if rel_type in hidden or not count:
            continue
        if count > threshold:
            groups.append(Group(of, rel_type, direction, label, count))
        else:
            kinds.append((rel_type, direction, label))
    return groups, kinds
