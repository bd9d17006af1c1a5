"""The test infrastructure itself: Neo4j answers, the guards around it hold, Chromium runs.

These tests write only nodes with their own marker label and remove them again.
"""

from __future__ import annotations

import dataclasses

import pytest
from conftest import neo4j_test_store

from graph.model import Node, Relationship
from tools.neo4j.server import SIZE, start

MARKER = "PolicyGraphTestGuard"  # a label no domain data uses


def test_size_pattern_accepts_heap_and_page_cache_sizes():
    assert all(SIZE.match(s) for s in ("512m", "1g", "2G", "1048576"))
    assert not any(SIZE.match(s) for s in ("", "1.5g", "1 g", "lots"))


def test_start_rejects_a_malformed_size_before_starting_anything():
    with pytest.raises(ValueError, match="heap='big'"):
        start(heap="big")


@pytest.mark.neo4j
def test_server_answers_bolt_with_a_neo4j_5_kernel(neo4j_driver, neo4j_server):
    records, _, _ = neo4j_driver.execute_query(
        "CALL dbms.components() YIELD name, versions RETURN name, versions[0] AS version",
        database_=neo4j_server.database,
    )
    assert records[0]["name"] == "Neo4j Kernel"
    assert records[0]["version"].startswith("5.")


@pytest.mark.neo4j
def test_guard_refuses_a_database_it_did_not_start_and_deletes_nothing(neo4j_driver, neo4j_server):
    db = neo4j_server.database
    if neo4j_driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=db)[0][0]["n"]:
        pytest.fail(f"{neo4j_server.uri} is not empty; this test needs an empty database")
    neo4j_driver.execute_query(f"CREATE (:{MARKER} {{id: $id}})", id=1, database_=db)
    try:
        foreign = dataclasses.replace(neo4j_server, disposable=False)
        with pytest.raises(pytest.fail.Exception, match="holds 1 nodes"):
            with neo4j_test_store(foreign, neo4j_driver, "guard test"):
                pass
        left = neo4j_driver.execute_query(f"MATCH (n:{MARKER}) RETURN count(n) AS n", database_=db)
        assert left[0][0]["n"] == 1
    finally:
        neo4j_driver.execute_query(f"MATCH (n:{MARKER}) DELETE n", database_=db)


@pytest.mark.neo4j
def test_neo4j_store_fixture_deletes_what_the_test_wrote(neo4j_driver, neo4j_server):
    province = Node("province:330000", ("Province",), {"key": "province:330000", "name": "浙江省"})
    city = Node("city:330200", ("City",), {"key": "city:330200", "name": "宁波市"})
    part_of = Relationship("PART_OF", "city:330200", "province:330000")
    with neo4j_test_store(neo4j_server, neo4j_driver, "cleanup test") as store:
        store.load([province, city, part_of])
        assert store.written_keys == {"province:330000", "city:330200"}
        assert store.stats()["labels"]["Province"] == 1
    count = neo4j_driver.execute_query(
        "MATCH (n) RETURN count(n) AS n", database_=neo4j_server.database
    )
    assert count[0][0]["n"] == 0


def test_ladybug_store_fixture_gives_an_empty_store(ladybug_store):
    assert ladybug_store.kind == "ladybug"
    assert sum(ladybug_store.stats()["labels"].values()) == 0


@pytest.mark.browser
def test_page_fixture_drives_headless_chromium(page, artifacts_dir):
    page.set_content("<title>probe</title><p id='p'>浙江省</p>")
    assert page.title() == "probe"
    assert page.inner_text("#p") == "浙江省"
    shot = artifacts_dir / "probe.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG")
