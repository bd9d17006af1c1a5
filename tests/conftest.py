"""Shared fixtures: both stores, the app, a live server and a real headless browser.

Neo4j: ``NEO4J_URI`` (with ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) when
set; otherwise the session starts a real Neo4j 5.26 (``tools/neo4j``) when java and mvn
exist; otherwise Neo4j tests skip and say why. With ``REQUIRE_NEO4J=1`` (CI) a missing
server is a failure, never a skip; ``REQUIRE_BROWSER=1`` does the same for Chromium.

Nothing here ever wipes a database the tests did not start. A Neo4j test must find the
database empty; afterwards the nodes it wrote through ``upsert`` (and so ``load``) are
deleted by key. Only a server started for this run (by this session, or by .ci/run with
``NEO4J_DISPOSABLE=1``) is wiped when a test leaves other data behind, and that test
still gets an error saying so.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NEO4J_FIXTURES = {"neo4j_uri", "neo4j_server", "neo4j_store"}
BROWSER_FIXTURES = {"browser", "page"}


def required(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes")


def unavailable(what: str, reason: str, require_var: str):
    """Skip with ``reason``, or fail when ``require_var`` says this must be available."""
    if required(require_var):
        pytest.fail(f"{what} is required ({require_var}=1) but not available: {reason}")
    pytest.skip(f"{what} not available: {reason}")


# -- markers and the CI guard ---------------------------------------------------------


def pytest_collection_modifyitems(items):
    """Mark tests by the fixtures they use, so ``-m "not neo4j"`` and CI checks work."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & NEO4J_FIXTURES and not item.get_closest_marker("neo4j"):
            item.add_marker(pytest.mark.neo4j)
        if used & BROWSER_FIXTURES and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _live_requirements(request):
    """A test marked neo4j or browser gets the server or browser, or skips (or fails
    under REQUIRE_*=1) even when it does not ask for the fixture itself."""
    if request.node.get_closest_marker("neo4j"):
        request.getfixturevalue("neo4j_server")
    if request.node.get_closest_marker("browser"):
        request.getfixturevalue("browser")


def pytest_sessionfinish(session, exitstatus):
    """In CI (REQUIRE_NEO4J=1) a run in which no test passed is a failure."""
    if not required("REQUIRE_NEO4J") or exitstatus != 0:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    passed = len(reporter.stats.get("passed", [])) if reporter else 0
    if passed == 0:
        print("\nREQUIRE_NEO4J=1 but no test passed: failing the run.")
        session.exitstatus = 1


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item so fixtures can see whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# -- Neo4j ----------------------------------------------------------------------------


@dataclass
class Neo4jTarget:
    uri: str
    user: str
    password: str
    database: str | None
    # True only for a server started for this test run (by this session, or by .ci/run,
    # which says so with NEO4J_DISPOSABLE=1): only such a database may ever be wiped.
    disposable: bool


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory) -> Iterator[Neo4jTarget]:
    """The Neo4j the tests use: NEO4J_URI, else a harness started for this session."""
    uri = os.environ.get("NEO4J_URI")
    user = os.environ.get("NEO4J_USER", "neo4j")
    password = os.environ.get("NEO4J_PASSWORD", "")
    database = os.environ.get("NEO4J_DATABASE") or None
    if uri:
        yield Neo4jTarget(uri, user, password, database, disposable=required("NEO4J_DISPOSABLE"))
        return
    from tools.neo4j import server

    reason = server.available()
    if reason:
        unavailable("Neo4j", f"NEO4J_URI is unset and {reason}", "REQUIRE_NEO4J")
    # A start failure with java and mvn present is an error, never a skip.
    running = server.start(workdir=tmp_path_factory.mktemp("neo4j"), heap="1g", pagecache="256m")
    try:
        yield Neo4jTarget(running.uri, "neo4j", "unused", None, disposable=True)
    finally:
        running.stop()


@pytest.fixture(scope="session")
def neo4j_uri(neo4j_server) -> str:
    return neo4j_server.uri


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_server):
    """A plain driver for the guards (emptiness, wipe), independent of graph/."""
    import neo4j

    with neo4j.GraphDatabase.driver(
        neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password)
    ) as driver:
        driver.verify_connectivity()
        yield driver


def _count_nodes(driver, database: str | None) -> int:
    records, _, _ = driver.execute_query(
        "MATCH (n) RETURN count(n) AS n", database_=database, routing_="r"
    )
    return records[0]["n"]


def _wipe(driver, database: str | None) -> None:
    # In batches, in auto-commit transactions: one transaction over a store a bench or a
    # manual load left (100,000 enterprises) passes the server's transaction memory cap.
    with driver.session(database=database) as session:
        for statement in (
            "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS",
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS",
        ):
            session.run(statement).consume()


def track_writes(store):
    """Record every node key the store is asked to upsert, in ``store.written_keys``.

    ``GraphStore.load`` calls ``self.upsert``, so wrapping the instance's ``upsert``
    sees both paths while the object stays the real store class.
    """
    store.written_keys = set()
    upsert = store.upsert

    def tracking_upsert(nodes, relationships):
        store.written_keys.update(n.key for n in nodes)
        return upsert(nodes, relationships)

    store.upsert = tracking_upsert
    return store


@contextmanager
def neo4j_test_store(target: Neo4jTarget, driver, who: str):
    """A tracked Neo4jStore on an empty database; deletes what it wrote afterwards."""
    from graph import open_store

    found = _count_nodes(driver, target.database)
    if found and target.disposable:
        _wipe(driver, target.database)  # our own server: an earlier failure may have left data
    elif found:
        pytest.fail(
            f"{who}: the Neo4j database at {target.uri} holds {found} nodes; the tests need an "
            "empty database and never delete data they did not write. Point NEO4J_URI at an "
            "empty database (or unset it to let the tests start their own server)."
        )
    store = track_writes(
        open_store(target.uri, user=target.user, password=target.password, database=target.database)
    )
    try:
        store.ensure_schema()
        yield store
    finally:
        try:
            if store.written_keys:
                store.delete(sorted(store.written_keys))
        finally:
            store.close()
        left = _count_nodes(driver, target.database)
        if left:
            if target.disposable:
                _wipe(driver, target.database)
            pytest.fail(
                f"{who} left {left} nodes in Neo4j that were not written through "
                "upsert()/load(), so they could not be cleaned up by key"
            )


@pytest.fixture
def neo4j_store(request, neo4j_server, neo4j_driver):
    with neo4j_test_store(neo4j_server, neo4j_driver, request.node.nodeid) as store:
        yield store


# -- the embedded store, and both ----------------------------------------------------


@contextmanager
def ladybug_test_store(path: Path):
    from graph import open_store

    store = open_store(f"embedded://{path}")
    try:
        store.ensure_schema()
        yield store
    finally:
        store.close()


@pytest.fixture
def ladybug_store(tmp_path):
    with ladybug_test_store(tmp_path / "graph") as store:
        yield store


STORE_PARAMS = ["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(params=STORE_PARAMS)
def store(request):
    """An empty store of each kind, cleaned up after the test."""
    return request.getfixturevalue(f"{request.param}_store")


def load_bundled(store) -> None:
    """Load data/ into ``store``; a refused load is an error, never an empty store."""
    import loaders  # imported late: loaders import the store classes

    store.ensure_schema()
    report = loaders.load_paths(store, [loaders.BUNDLED_DATA])
    if not report.written:
        problems = "\n".join(str(p) for p in report.errors[:20])
        pytest.fail(f"the bundled data did not load:\n{problems}")


@pytest.fixture(scope="module", params=STORE_PARAMS)
def bundled_store(request, tmp_path_factory):
    """A store of each kind loaded with the bundled data/, shared by one module's tests.
    Never use it in a module that also uses ``store`` (both would share one Neo4j)."""
    if request.param == "ladybug":
        context = ladybug_test_store(tmp_path_factory.mktemp("bundled") / "graph")
    else:
        target = request.getfixturevalue("neo4j_server")
        driver = request.getfixturevalue("neo4j_driver")
        context = neo4j_test_store(target, driver, f"bundled_store in {request.module.__name__}")
    with context as store:
        load_bundled(store)
        yield store


# -- the app --------------------------------------------------------------------------


def client_over(store, tmp_path_factory, **config):
    """A test client of the app answering from ``store``, which its fixture owns and
    closes (the app's own store path is never opened)."""
    from webapp import create_app

    app = create_app(
        {
            "TESTING": True,
            "GRAPH_URI": f"embedded://{tmp_path_factory.mktemp('unused') / 'graph'}",
            "LOAD_BUNDLED_IF_EMPTY": False,
            **config,
        }
    )
    app.extensions["graph_store"] = store
    return app.test_client()


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The Flask app on a temporary embedded store loaded with the bundled data."""
    from webapp import create_app
    from webapp.extensions import close_store, get_store

    path = tmp_path_factory.mktemp("app") / "graph"
    app = create_app(
        {"TESTING": True, "GRAPH_URI": f"embedded://{path}", "LOAD_BUNDLED_IF_EMPTY": False}
    )
    load_bundled(get_store(app))
    yield app
    close_store(app)


@pytest.fixture
def client(app):
    return app.test_client()


@dataclass
class LiveServer:
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[LiveServer]:
    """The app served by werkzeug on 127.0.0.1 and a free port, in a thread."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer("127.0.0.1", server.server_port)
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()


# -- national scale: 100,000 generated enterprises ------------------------------------

# Issue 12's scale. ``BIG_ENTERPRISES`` may lower it for a quick local run; CI keeps it.
BIG_ENTERPRISES = int(os.environ.get("BIG_ENTERPRISES", "100000"))


@pytest.fixture(scope="session")
def big_server(tmp_path_factory) -> Iterator[str]:
    """The app on an embedded store with the bundled data and ``BIG_ENTERPRISES``
    generated enterprises, served live; generated and bulk-loaded once per session (the
    project's own generator and loader: ~4 s and ~55 s at 100,000). Yields its URL."""
    from werkzeug.serving import make_server

    import loaders
    from loaders.generate import generate
    from webapp import create_app
    from webapp.extensions import close_store, get_store

    root = tmp_path_factory.mktemp("big")
    generate(BIG_ENTERPRISES, 1, root / "generated")
    app = create_app(
        {
            "TESTING": True,
            "GRAPH_URI": f"embedded://{root / 'graph'}",
            "LOAD_BUNDLED_IF_EMPTY": False,
            "SAVED_VIEWS_DIR": str(root / "views"),
        }
    )
    store = get_store(app)
    store.ensure_schema()
    report = loaders.load_paths(store, [loaders.BUNDLED_DATA, root / "generated"])
    if not report.written:
        pytest.fail("the generated data did not load:\n" + "\n".join(report.error_lines()[:20]))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="big-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()
        close_store(app)
        shutil.rmtree(root)  # ~200 MB at 100,000; pytest would keep the last three runs


# -- the browser ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no browser download needed)."""
    if not os.path.exists(CHROMIUM):
        unavailable(
            "Chromium", f"{CHROMIUM} is missing (apt-get install chromium)", "REQUIRE_BROWSER"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def artifacts_dir(request) -> Path:
    """test-artifacts/<test id>/ for screenshots and other files a test leaves to inspect."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid).strip("_")
    path = ARTIFACTS / name
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def page(request, browser, artifacts_dir):
    """A fresh page in its own browser context; a screenshot is kept when the test fails."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        yield page
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            page.screenshot(path=str(artifacts_dir / "failure.png"), full_page=True)
        context.close()
