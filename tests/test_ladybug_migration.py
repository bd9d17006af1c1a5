"""An embedded store made by an earlier schema gains what the current one adds."""

from __future__ import annotations

import ladybug

from graph import _ladybug_schema as ddl
from graph import open_store
from tests.store_fixture_data import node, rel


def _old_store(path, rtype: str, kept: tuple[str, str]) -> None:
    """A store whose ``rtype`` table was created with the single pair ``kept``, as an
    earlier version with fewer pairs would have made it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    try:
        for statement in ddl.ddl():
            if f"REL TABLE IF NOT EXISTS {rtype}(" in statement:
                statement = f"CREATE REL TABLE {rtype}(FROM {kept[0]} TO {kept[1]})"
            elif statement.startswith("ALTER TABLE") and (f"ALTER TABLE {rtype} " in statement):
                continue
            conn.execute(statement)
        pairs = conn.execute(f'CALL show_connection("{rtype}") RETURN *').get_all()
        assert [tuple(p[:2]) for p in pairs] == [kept]
    finally:
        conn.close()
        db.close()


def test_ensure_schema_adds_a_missing_relationship_pair(tmp_path):
    path = tmp_path / "graph"
    _old_store(path, "LOCATED_IN", ("Enterprise", "City"))
    store = open_store(f"embedded://{path}")
    try:
        store.ensure_schema()
        store.ensure_schema()  # idempotent: the pair is not added twice
        store.upsert(
            [
                node("province:330000", "浙江省", code="330000"),
                node("agency:zj-econ", "浙江省经济和信息化厅", kind="government"),
            ],
            [rel("agency:zj-econ", "LOCATED_IN", "province:330000", source="agency:zj-econ")],
        )
        sub = store.subgraph(["agency:zj-econ", "province:330000"])
        assert [(r.start, r.type, r.end) for r in sub.relationships] == [
            ("agency:zj-econ", "LOCATED_IN", "province:330000")
        ]
        # the column the old table lacked was added too
        assert sub.relationships[0].properties.get("source") == "agency:zj-econ"
    finally:
        store.close()
