"""Group nodes: many neighbours of one kind drawn as one node (docs/explorer.md "Groups").

A group is the set of neighbours of node ``of`` along relationship ``type`` in
``direction`` with label ``label``, optionally only those whose ``facet`` is ``value``.
Its key is ``group:<of>:<type>:<direction>:<label>`` plus ``:<facet>=<value>`` when
split (the value percent-encoded), so a view, a share link and /group.json name it alike.
A split draws the largest values; the members of all the others are one more group, the
remainder ("其他"), keyed ``:<facet>=*<n>`` (every value after the first ``n``, in the
split's order: count, then value). A remainder lists its members and splits again by the
same facet into the next values and a further remainder, so every value stays reachable.

>>> g = Group("policy:sme-digital-2025", "ELIGIBLE_FOR", "in", "Enterprise", 283)
>>> g.key
'group:policy:sme-digital-2025:ELIGIBLE_FOR:in:Enterprise'
>>> parse_key(g.split("city", "city:330200", 12).key).value
'city:330200'
>>> parse_key(g.key + ":city=*12").rest
12
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import quote, unquote

from .errors import BadParameter
from .keys import check_key
from .schema import FACETS, SCHEMA

PREFIX = "group:"
REST = "*"  # a remainder's value part: "*<n>" (never a value: quote() escapes "*")


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
    rest: int | None = None  # a remainder: the values of ``facet`` after the first ``rest``
    values: int | None = None  # how many values a remainder holds

    @property
    def key(self) -> str:
        key = f"{PREFIX}{self.of}:{self.type}:{self.direction}:{self.label}"
        if self.facet and self.rest is not None:
            key += f":{self.facet}={REST}{self.rest}"
        elif self.facet:
            key += f":{self.facet}={quote(str(self.value or ''), safe=':')}"
        return key

    @property
    def splits(self) -> list[str]:
        """The facets this group splits by: all declared for a whole group, the same facet
        for a remainder (its next values), none for one value's sub-group."""
        if self.rest is not None:
            return [self.facet]
        if self.facet:
            return []
        return [f.name for f in FACETS.get(self.label, ())]

    def split(self, facet: str, value, count: int, name=None, amount=None) -> Group:
        return replace(
            self,
            facet=facet,
            value=value,
            count=count,
            name=name,
            amount=amount,
            rest=None,
            values=None,
        )

    def remainder(self, facet: str, rest: int, values: list[dict]) -> Group:
        """The members whose value of ``facet`` is one of ``values`` (those after the first
        ``rest``), counted by summing the values' counts."""
        amounts = [v["amount"] for v in values if v.get("amount") is not None]
        return replace(
            self,
            facet=facet,
            value=None,
            rest=rest,
            values=len(values),
            count=sum(v["count"] for v in values),
            name=None,
            amount=sum(amounts) if amounts else None,
        )

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
            "rest": self.rest,
            "values": self.values,
            "facets": self.splits,
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
    rest = None
    if "=" in body:
        eq = body.index("=")
        cut = body.rfind(":", 0, eq)
        if cut < 0:
            raise BadParameter(name, f"malformed group key {key!r}")
        facet, value = body[cut + 1 : eq], body[eq + 1 :]
        body = body[:cut]
        if value.startswith(REST):
            if not value[1:].isdigit():
                raise BadParameter(name, f"malformed remainder in group key {key!r}")
            rest, value = int(value[1:]), None
        else:
            value = unquote(value)
    parts = body.rsplit(":", 3)
    if len(parts) != 4:
        raise BadParameter(name, f"malformed group key {key!r}")
    of, rel_type, direction, label = parts
    check_key(of, name)
    if rel_type not in SCHEMA.rel_names or label not in SCHEMA.label_names:
        raise BadParameter(name, f"unknown type or label in group key {key!r}")
    if direction not in ("out", "in"):
        raise BadParameter(name, f"direction must be out or in in group key {key!r}")
    if facet is not None and facet not in [f.name for f in FACETS.get(label, ())]:
        raise BadParameter(name, f"no facet {facet!r} for {label} in group key {key!r}")
    return Group(of, rel_type, direction, label, facet=facet, value=value, rest=rest)


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


# -- reading groups through a store (both stores: graph/_common.py "groups") ----------


def facet_values(store, group: Group, facet: str, q: str = "") -> list[dict]:
    """Every value of ``facet`` among the members of the whole group ``group`` belongs to,
    largest first (count, then value; at most MAX_PAGE values): [{value, name, count,
    amount}], members without a value left out; with ``q``, counting only the members
    whose key, names or aliases contain it."""
    rows = store.group_facets(
        group.of,
        group.type,
        group.direction,
        group.label,
        facet,
        limit=store.limits.MAX_PAGE,
        q=q,
    )
    return [r for r in rows if r["value"] is not None]


def split(store, group: Group, facet: str, limit: int) -> tuple[list[Group], Group | None]:
    """``group`` split by ``facet``: the first ``limit`` values as sub-groups (for a
    remainder, the ``limit`` values after those already drawn), and the remainder of the
    values after them (None when there are none)."""
    if facet not in group.splits:
        raise BadParameter("facet", f"one of {', '.join(group.splits) or '(none)'}")
    start = group.rest or 0
    values = facet_values(store, group, facet)
    subs = [
        group.split(facet, v["value"], v["count"], v.get("name"), v.get("amount"))
        for v in values[start : start + limit]
    ]
    left = values[start + limit :]
    return subs, (group.remainder(facet, start + limit, left) if left else None)


def counted(store, group: Group) -> Group:
    """``group`` with its count (and, for a remainder, its values and summed amount)."""
    if group.rest is not None:
        return group.remainder(
            group.facet, group.rest, facet_values(store, group, group.facet)[group.rest :]
        )
    _, total = members(store, group, limit=0)
    return replace(group, count=total)


def members(store, group: Group, q: str = "", limit: int = 20, offset: int = 0):
    """One page of ``group``'s members whose key, names or aliases contain ``q``, and how
    many there are: by name, then key; a remainder's value by value (in the split's
    order), each value's by name. Counted in the store, never by fetching members."""

    def page(value, n, skip):
        return store.group_members(
            group.of,
            group.type,
            group.direction,
            group.label,
            q=q,
            facet=group.facet,
            value=value,
            limit=n,
            offset=skip,
        )

    if group.rest is None:
        return page(group.value, limit, offset)
    values = facet_values(store, group, group.facet)[group.rest :]
    if q:  # each value's matching members, counted in one query
        matching = {v["value"]: v["count"] for v in facet_values(store, group, group.facet, q)}
        counts = [matching.get(v["value"], 0) for v in values]
    else:
        counts = [v["count"] for v in values]
    found, skip = [], offset
    for value, n in zip(values, counts, strict=True):
        if len(found) >= limit:
            break
        if skip >= n:
            skip -= n
            continue
        found += page(value["value"], limit - len(found), skip)[0]
        skip = 0
    return found, sum(counts)
