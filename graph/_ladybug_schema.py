"""Ladybug DDL and write statements, derived from SCHEMA (never from data).

One node table per label (typed columns, ``key`` PRIMARY KEY, plus the internal
``search`` column); one relationship table per type with all its FROM/TO pairs. Writes
read their rows from a pandas frame (``LOAD FROM $rows``): a frame crosses into the
engine column by column, a list of maps row by row and about 20 times slower. Frame
columns are named ``p_<property>`` (objects, so nulls stay nulls) and cast to the
declared type, since an all-null column would otherwise be read as STRING.
"""

from __future__ import annotations

from .schema import SCHEMA, SEARCH_PROP, Prop

TYPES = {
    "string": "STRING",
    "int": "INT64",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "string[]": "STRING[]",
}


def q(name: str) -> str:
    """A backquoted identifier (several property names are Cypher keywords)."""
    return f"`{name}`"


def node_columns(label: str) -> list[Prop]:
    return [*SCHEMA.label(label).all_props, Prop(SEARCH_PROP, "string")]


def rel_columns(rtype: str) -> list[Prop]:
    return list(SCHEMA.rel(rtype).all_props)


def ddl() -> list[str]:
    """CREATE ... IF NOT EXISTS for every table, then ALTER ... ADD IF NOT EXISTS for
    every relationship pair and every column, so a database made by an older schema
    gains the new FROM/TO pairs and properties (CREATE ... IF NOT EXISTS leaves an
    existing table as it was)."""
    out = []
    for label in SCHEMA.labels:
        cols = ", ".join(
            f"{q(p.name)} {TYPES[p.type]}" + (" PRIMARY KEY" if p.name == "key" else "")
            for p in node_columns(label.name)
        )
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {label.name}({cols})")
    for rel in SCHEMA.relationships:
        ends = ", ".join(f"FROM {s} TO {e}" for s, e in rel.pairs)
        cols = "".join(f", {q(p.name)} {TYPES[p.type]}" for p in rel_columns(rel.name))
        out.append(f"CREATE REL TABLE IF NOT EXISTS {rel.name}({ends}{cols})")
    for rel in SCHEMA.relationships:
        out += [f"ALTER TABLE {rel.name} ADD IF NOT EXISTS FROM {s} TO {e}" for s, e in rel.pairs]
    for label in SCHEMA.labels:
        out += [
            f"ALTER TABLE {label.name} ADD IF NOT EXISTS {q(p.name)} {TYPES[p.type]}"
            for p in node_columns(label.name)
            if p.name != "key"
        ]
    for rel in SCHEMA.relationships:
        out += [
            f"ALTER TABLE {rel.name} ADD IF NOT EXISTS {q(p.name)} {TYPES[p.type]}"
            for p in rel_columns(rel.name)
        ]
    return out


def _value(p: Prop) -> str:
    return f"CAST(p_{p.name} AS {TYPES[p.type]})"


def create_nodes(label: str) -> str:
    cols = ", ".join(f"{q(p.name)}: {_value(p)}" for p in node_columns(label))
    return f"LOAD FROM $rows CREATE (n:{label} {{{cols}}})"


def update_nodes(label: str) -> str:
    sets = ", ".join(f"n.{q(p.name)} = {_value(p)}" for p in node_columns(label) if p.name != "key")
    return f"LOAD FROM $rows MATCH (n:{label} {{`key`: p_key}}) SET {sets}"


def create_rels(start: str, rtype: str, end: str) -> str:
    cols = ", ".join(f"{q(p.name)}: {_value(p)}" for p in rel_columns(rtype))
    return (
        f"LOAD FROM $rows MATCH (a:{start} {{`key`: s_key}}) WITH * "
        f"MATCH (b:{end} {{`key`: e_key}}) CREATE (a)-[:{rtype} {{{cols}}}]->(b)"
    )


def update_rels(start: str, rtype: str, end: str) -> str:
    sets = ", ".join(f"r.{q(p.name)} = {_value(p)}" for p in rel_columns(rtype))
    return (
        f"LOAD FROM $rows MATCH (a:{start} {{`key`: s_key}})-[r:{rtype}]->(b:{end}) "
        f"WHERE b.`key` = e_key SET {sets}"
    )
