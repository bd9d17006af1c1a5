"""No query takes the server down or past its limits (issue 9, item 2).

Time (CYPHER_TIMEOUT_S, 408) on both stores; on the embedded store console Cypher runs
in a worker process that is killed on time or memory (CONSOLE_WORKER_MB, 503) and whose
crash never reaches the app; heavy operations share MAX_HEAVY_QUERIES slots (503 with
Retry-After when full); a full buffer pool is 503 naming LADYBUG_BUFFER_POOL_MB.
No timing assertions: speed is measured in bench/.
"""

from __future__ import annotations

import os
import signal
import threading
from dataclasses import replace

import pytest

from graph.errors import CypherSyntaxError, LimitReached, QueryTimeout, StoreUnavailable
from graph.ladybug_store import engine_error

# Billions of rows in little memory: slow on every engine, with nothing to optimise away.
SLOW = "UNWIND range(1, 100000) AS i UNWIND range(1, 100000) AS j RETURN sum(i * j) AS s"
PATH = "/path.json?from=agency:state-council&to=province:330000&max_hops=4"


def with_timeout(store, seconds: float):
    store.limits = replace(store.limits, CYPHER_TIMEOUT_S=seconds)
    return store


def test_slow_query_stops_at_the_time_limit_on_both_stores(store):
    with_timeout(store, 1)
    with pytest.raises(QueryTimeout) as info:
        store.run_cypher(SLOW)
    assert info.value.status == 408
    assert "CYPHER_TIMEOUT_S=1" in info.value.message
    assert store.run_cypher("RETURN 1 AS one").records == [{"one": 1}]  # still answers


def test_a_shorter_request_timeout_is_named_too(store):
    with pytest.raises(QueryTimeout) as info:
        store.run_cypher(SLOW, timeout_s=0.5)
    assert "timeout=0.5" in info.value.message and "CYPHER_TIMEOUT_S" in info.value.message


def test_console_timeout_over_http_is_408_naming_the_setting(client):
    r = client.get("/cypher.json", query_string={"query": SLOW, "timeout": "0.5"})
    assert r.status_code == 408
    body = r.get_json()
    assert body["ok"] is False and body["status"] == 408
    assert "CYPHER_TIMEOUT_S" in body["error"]


# -- the embedded store's worker ------------------------------------------------------------
def test_a_query_past_the_worker_memory_limit_is_503_naming_it(ladybug_store):
    with pytest.raises(LimitReached) as info:
        ladybug_store.run_cypher("UNWIND range(1, 1000000000) AS i RETURN sum(i) AS s")
    assert info.value.status == 503
    assert "CONSOLE_WORKER_MB=" in info.value.message
    assert ladybug_store.run_cypher("RETURN 2 AS two").records == [{"two": 2}]


def test_an_engine_failure_is_the_query_error_and_the_worker_stays(ladybug_store):
    """Bytes the engine cannot decode (split by '' through a parameter) are a 400 for this
    query; the same worker answers the next one."""
    ladybug_store.run_cypher("RETURN 1 AS one")
    (pid,) = ladybug_store._workers.pids()
    with pytest.raises(CypherSyntaxError, match="could not answer"):
        ladybug_store.run_cypher("RETURN split('浙江', $d) AS chars", {"d": ""})
    assert ladybug_store.run_cypher("RETURN 5 AS five").records == [{"five": 5}]
    assert ladybug_store._workers.pids() == [pid]


def test_a_killed_idle_worker_is_replaced(ladybug_store):
    ladybug_store.run_cypher("RETURN 1 AS one")
    (pid,) = ladybug_store._workers.pids()
    os.kill(pid, signal.SIGSEGV)  # what a crash in the engine does
    assert ladybug_store.run_cypher("RETURN 3 AS three").records == [{"three": 3}]
    assert pid not in ladybug_store._workers.pids()


def test_a_worker_crashing_mid_query_is_a_clear_error_and_the_store_answers(ladybug_store):
    ladybug_store.run_cypher("RETURN 1 AS one")  # a warm worker
    failed: list[BaseException] = []

    def slow():
        try:
            ladybug_store.run_cypher(SLOW)
        except (StoreUnavailable, QueryTimeout) as e:
            failed.append(e)

    runner = threading.Thread(target=slow)
    runner.start()
    pids: list[int] = []
    while not pids and runner.is_alive():
        pids = ladybug_store._workers.pids(busy=True)
    os.kill(pids[0], signal.SIGSEGV)
    runner.join()
    assert isinstance(failed[0], StoreUnavailable), failed
    assert failed[0].status == 503 and "SIGSEGV" in failed[0].message
    assert ladybug_store.run_cypher("RETURN 4 AS four").records == [{"four": 4}]


def test_workers_see_each_write(ladybug_store, sample_nodes):
    query = "MATCH (n) RETURN count(n) AS n"
    before = ladybug_store.run_cypher(query).records[0]["n"]
    ladybug_store.upsert(sample_nodes, [])
    assert ladybug_store.run_cypher(query).records[0]["n"] == before + len(sample_nodes)
    ladybug_store.delete([n.key for n in sample_nodes])
    assert ladybug_store.run_cypher(query).records[0]["n"] == before


@pytest.fixture
def sample_nodes():
    from graph.model import Node

    return [
        Node("province:110000", ("Province",), {"key": "province:110000", "name": "北京市"}),
        Node("province:120000", ("Province",), {"key": "province:120000", "name": "天津市"}),
    ]


def test_a_full_buffer_pool_is_503_naming_the_setting():
    e = engine_error(
        RuntimeError("Buffer manager exception: Unable to allocate memory! The buffer pool is full")
    )
    assert isinstance(e, LimitReached) and e.status == 503
    assert "LADYBUG_BUFFER_POOL_MB" in e.message


# -- the heavy-operation cap ----------------------------------------------------------------
def test_a_full_cap_is_503_with_retry_after_in_the_one_error_shape(app, client):
    from webapp.heavy import heavy

    cap = app.config["MAX_HEAVY_QUERIES"]
    with app.app_context():
        held = [heavy() for _ in range(cap)]
        for slot in held:
            slot.__enter__()
        try:
            for url in (PATH, "/cypher.json?query=RETURN%201", "/export?key=province:330000"):
                r = client.get(url, headers={"Accept": "application/json"})
                assert r.status_code == 503, url
                assert r.headers["Retry-After"] == "1"
                body = r.get_json()
                assert set(body) == {"ok", "error", "status"}
                assert body["ok"] is False and body["status"] == 503
                assert f"MAX_HEAVY_QUERIES={cap}" in body["error"]
        finally:
            for slot in held:
                slot.__exit__(None, None, None)
    assert client.get(PATH).status_code == 200


def test_eight_clients_on_paths_get_200_or_503_never_500(app):
    statuses: list[int] = []
    lock = threading.Lock()

    def client_loop():
        client = app.test_client()
        for _ in range(6):
            for url in (PATH, "/view.json?focus=province:330000&depth=2"):
                status = client.get(url).status_code
                with lock:
                    statuses.append(status)

    threads = [threading.Thread(target=client_loop) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(statuses) == 8 * 12
    assert set(statuses) <= {200, 503}, sorted(set(statuses))
    assert 200 in statuses
