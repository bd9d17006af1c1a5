"""A first load into an empty embedded store through the engine's bulk import (COPY).

The generic path (graph/_upsert.py) reads back, per batch, what is stored to count
created, updated and unchanged, then creates row by row (``LOAD FROM ... CREATE``). Into
empty tables every record is a creation, so this path skips the read-back and hands
each table its rows with ``COPY <table> FROM (LOAD FROM $rows RETURN ...)``: a pandas
frame per CHUNK rows, crossing into the engine column by column, cast to the declared
types exactly as the generic path casts them (no CSV quoting, lists and nulls kept).

Every record is validated by the same checks as the generic path (same errors), and a
relationship whose end is in no node of the run is refused with the generic message
before anything of it is copied. Each COPY commits on its own: one write transaction
around them all costs more at its commit than all the COPYs together (13 s against 4 s
at 100,000 enterprises, measured), and so does a COPY per 100,000 rows (18 s), since a
COPY into a relationship table that has rows rewrites its adjacency lists. So rows are
gathered per table and copied once (per CHUNK rows). All or nothing still holds: the
tables were empty, so when anything fails, halfway through a COPY or in the stream of
records, :meth:`BulkLoad.take_back` deletes every row of every table and the store is
empty again (a killed process leaves what was copied; the generic path's journal has
the same limit, docs/data.md "All or nothing").

Only for callers that promise unique records (``load(..., unique=True)``: the loaders
refuse a second record of a key or of a (start, type, end)): the engine's COPY does not
merge a second row of a key (ladybug 0.22 even crashes the process on a duplicate
primary key inside COPY, so duplicate node keys are refused here first).

Node rows reach the engine only in :func:`copy_nodes`, which tells the store's search
index (graph/_search_index.py) of every node copied.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from . import _ladybug_schema as ddl
from . import _upsert
from .errors import BadParameter, SchemaViolation
from .model import Node, Relationship, WriteCounts
from .queries import label as lbl
from .queries import rel_types, render, table
from .schema import SCHEMA, SEARCH_PROP, search_text

# Rows per COPY statement (a pandas frame; 1,000,000 relationships are ~400 MB of
# Python objects). At 100,000 enterprises every table is one COPY.
CHUNK = 1_000_000


def is_empty(conn, fetch) -> bool:
    """No node in any table (relationships need nodes, so none of those either)."""
    for label in SCHEMA.label_names:
        _, rows = fetch(conn, render("any_node", "ladybug", label=lbl(label)), {})
        if rows:
            return False
    return True


class BulkLoad:
    """One bulk load on ``conn`` (no transaction open: each COPY commits)."""

    def __init__(self, conn, execute, told=None, nodes_copied=None):
        self.conn = conn
        self.execute = execute  # the store's _execute(conn, text, params)
        self.told = told  # told(label, rows) of every node copied (the search index)
        self.nodes_copied = nodes_copied  # called once every node of the run is copied
        self.keys: dict[str, str] = {}  # key -> label of every node of the run
        self.nodes: dict[str, list[dict]] = {}  # label -> rows not yet copied
        self.rels: dict[tuple[str, str, str], list] = {}  # group -> rows not yet copied
        self.waiting: list[tuple[tuple[str, str, str], tuple]] = []  # ends not yet seen
        self.counts = WriteCounts()
        self._columns: dict[str, list[str]] = {}

    def run(self, items: Iterable[Node | Relationship]) -> WriteCounts:
        for item in items:
            if isinstance(item, Node):
                self.add_node(item)
            else:
                self.add_rel(item)
        for label in list(self.nodes):
            self.flush_nodes(label)
        if self.nodes_copied is not None:
            self.nodes_copied()
        for group, row in self.waiting:
            self._check_ends(group, row)
            self.rels.setdefault(group, []).append(row)
        self.waiting = []
        for group in list(self.rels):
            self.flush_rels(group)
        return self.counts

    def take_back(self) -> None:
        """Empty every table again: relationships first, then nodes."""
        for rel in SCHEMA.relationships:
            self.execute(
                self.conn,
                render("delete_all_relationships", "ladybug", types=rel_types([rel.name])),
            )
        for label in SCHEMA.label_names:
            self.execute(self.conn, render("delete_all_nodes", "ladybug", label=lbl(label)))

    # -- records ---------------------------------------------------------------------
    def add_node(self, node: Node) -> None:
        label, props = _upsert.check_node(node)
        if node.key in self.keys:
            raise BadParameter(
                "unique",
                f"{_upsert.record_name(node)} is given twice in a load that promised unique "
                "records; nothing was written",
            )
        self.keys[node.key] = label
        full = {k: v for k, v in props.items() if v is not None}
        full[SEARCH_PROP] = search_text(full)
        rows = self.nodes.setdefault(label, [])
        rows.append(full)
        if len(rows) >= CHUNK:
            self.flush_nodes(label)

    def add_rel(self, rel: Relationship) -> None:
        keys = self.keys
        ok = isinstance(rel, Relationship)
        start, end = (keys.get(rel.start), keys.get(rel.end)) if ok else (None, None)
        if (
            start is not None
            and end is not None
            and (start, end) in _upsert.allowed_pairs(rel.type)
        ):
            # Both ends are checked nodes of this run, so their keys are well formed and
            # name these labels: only the properties are left to check.
            props = _upsert.check_props(rel, rel.type, rel.properties)
        else:
            start, end, props = _upsert.check_rel(rel)  # the generic check, its errors
        group = (start, rel.type, end)
        row = (rel.start, rel.end, {k: v for k, v in props.items() if v is not None})
        if rel.start not in keys or rel.end not in keys:
            self.waiting.append((group, row))  # its end may come later in the stream
            return
        rows = self.rels.setdefault(group, [])
        rows.append(row)
        if len(rows) >= CHUNK:
            self.flush_rels(group)

    def _check_ends(self, group, row) -> None:
        s, e, _ = row
        for key in (s, e):
            if key not in self.keys:
                raise SchemaViolation(
                    f"relationship {s}-{group[1]}->{e}: no node with key {key!r} in this "
                    "batch or the store; nothing was written"
                )

    # -- copying -----------------------------------------------------------------------
    def flush_nodes(self, label: str) -> None:
        rows = self.nodes.pop(label, [])
        if rows:
            copy_nodes(self, label, rows)
            self.counts.created[label] = self.counts.created.get(label, 0) + len(rows)

    def flush_rels(self, group: tuple[str, str, str]) -> None:
        rows = self.rels.pop(group, [])
        if not rows:
            return
        start, rtype, end = group
        for label in (start, end):  # COPY finds the ends among the rows already copied
            self.flush_nodes(label)
        types = {p.name: p.type for p in ddl.rel_columns(rtype)}
        columns = self.columns(rtype)
        data = {"s_key": [s for s, _, _ in rows], "e_key": [e for _, e, _ in rows]}
        for name in columns:
            data[f"p_{name}"] = [props.get(name) for _, _, props in rows]
        values = ", ".join(
            ["s_key", "e_key"] + [f"CAST(p_{n} AS {ddl.TYPES[types[n]]})" for n in columns]
        )
        into = f"(from='{table(start)}', to='{table(end)}')"
        text = f"COPY {table(rtype)} FROM (LOAD FROM $rows RETURN {values}) {into}"
        self.execute(self.conn, text, {"rows": pd.DataFrame(data, dtype=object)})
        self.counts.created[rtype] = self.counts.created.get(rtype, 0) + len(rows)

    def columns(self, name: str) -> list[str]:
        """The table's property columns in the engine's order (an older database gained
        its newer columns at the end, whatever their place in SCHEMA)."""
        if name not in self._columns:
            result = self.conn.execute(f"CALL table_info('{table(name)}') RETURN name")
            names = []
            while result.has_next():
                names.append(result.get_next()[0])
            result.close()
            self._columns[name] = names
        return self._columns[name]


def copy_nodes(bulk: BulkLoad, label: str, rows: list[dict]) -> None:
    """The one place a bulk load writes nodes: ``rows`` are full property maps (no
    nulls) with their ``search`` text."""
    types = {p.name: p.type for p in ddl.node_columns(label)}
    columns = bulk.columns(label)
    data = {f"p_{name}": [row.get(name) for row in rows] for name in columns}
    values = ", ".join(f"CAST(p_{n} AS {ddl.TYPES[types[n]]})" for n in columns)
    text = f"COPY {table(label)} FROM (LOAD FROM $rows RETURN {values})"
    bulk.execute(bulk.conn, text, {"rows": pd.DataFrame(data, dtype=object)})
    if bulk.told is not None:
        bulk.told(label, rows)
