"""Start and stop a real Neo4j 5.26 server (Neo4j's own test harness, from Maven Central).

The server runs ``Server.java`` as a single source file in its own JVM, with a Bolt
connector on 127.0.0.1 and authentication off. It lives until its standard input
closes, so it cannot outlive the Python process that started it.

>>> from tools.neo4j.server import start
>>> with start() as neo4j:  # doctest: +SKIP
...     print(neo4j.uri)
bolt://127.0.0.1:40123

As a command, for scripts (``.ci/run``, ``bench``): it writes the URI to a file once the
server answers, and runs until it is killed (SIGTERM or SIGINT)::

    python -m tools.neo4j.server --uri-file /tmp/neo4j.uri --heap 1g --pagecache 512m
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
CLASSPATH = HERE / "classpath.txt"
LAUNCHER = HERE / "Server.java"
NEO4J_VERSION = "5.26.30"

# The flags Neo4j's own builds use on Java 17 (its off-heap and Netty code needs them).
JVM_FLAGS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
)
URI_LINE = re.compile(rb"^(bolt://[0-9.]+:\d+)\s*$", re.MULTILINE)
SIZE = re.compile(r"^\d+[kmgKMG]?$")


class Neo4jStartError(RuntimeError):
    """The server did not start or answer in time; the message ends with its log."""


def available() -> str | None:
    """None if java and mvn are on PATH (or the classpath is already resolved), else why not."""
    if shutil.which("java") is None:
        return "java is not on PATH"
    if not CLASSPATH.exists() and shutil.which("mvn") is None:
        return "mvn is not on PATH and tools/neo4j/classpath.txt is not resolved"
    return None


def resolve_classpath(force: bool = False) -> str:
    """The harness classpath, resolved by Maven into classpath.txt when missing or stale."""
    stale = not CLASSPATH.exists() or CLASSPATH.stat().st_mtime < POM.stat().st_mtime
    if force or stale:
        if shutil.which("mvn") is None:
            raise Neo4jStartError("mvn is not on PATH; cannot resolve the Neo4j harness classpath")
        cmd = [
            "mvn",
            "-B",
            "-q",
            "-f",
            str(POM),
            "dependency:build-classpath",
            f"-Dmdep.outputFile={CLASSPATH}",
        ]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            output = done.stdout[-4000:] + done.stderr[-4000:]
            raise Neo4jStartError(f"{' '.join(cmd)} failed ({done.returncode}):\n{output}")
    return CLASSPATH.read_text().strip()


class Neo4jServer:
    """A running server: ``uri``, ``pid``, ``log_path``; ``stop()`` or use as a context manager."""

    def __init__(
        self, process: subprocess.Popen, workdir: Path, owns_workdir: bool, log_path: Path
    ):
        self.process = process
        self.workdir = workdir
        self.owns_workdir = owns_workdir
        self.log_path = log_path
        self.uri: str | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_tail(self, chars: int = 6000) -> str:
        parts = []
        if self.log_path.exists():
            parts.append(self.log_path.read_text(errors="replace")[-chars:])
        for debug in self.workdir.glob("*/logs/debug.log"):
            parts.append(f"--- {debug} ---\n" + debug.read_text(errors="replace")[-chars:])
        return "\n".join(parts)

    def stop(self, timeout: float = 60) -> None:
        """Close the server's stdin (it shuts down cleanly), kill it if it hangs, and
        remove the working directory if this module created it."""
        if self.process.poll() is None:
            if self.process.stdin and not self.process.stdin.closed:
                self.process.stdin.close()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        elif self.process.stdin and not self.process.stdin.closed:
            self.process.stdin.close()
        if self.owns_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Neo4jServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start(
    workdir: str | Path | None = None,
    heap: str = "1g",
    pagecache: str = "512m",
    timeout: float = 180,
    port: int = 0,
) -> Neo4jServer:
    """Start a server and return once it prints its Bolt URI and the driver connects.

    ``workdir`` None makes a temporary one, deleted by ``stop()``. ``heap`` is the JVM's
    -Xmx and -Xms, ``pagecache`` Neo4j's page cache (sizes like "512m", "2g").
    """
    for name, value in (("heap", heap), ("pagecache", pagecache)):
        if not SIZE.match(value):
            raise ValueError(f"{name}={value!r}: expected a size such as 512m or 2g")
    classpath = resolve_classpath()
    owns = workdir is None
    work = Path(workdir or tempfile.mkdtemp(prefix="policygraph-neo4j-")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    log_path = work / "server.out"
    cmd = [
        "java",
        f"-Xmx{heap}",
        f"-Xms{heap}",
        *JVM_FLAGS,
        "-cp",
        classpath,
        str(LAUNCHER),
        str(work / "db"),
        str(port),
        pagecache,
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT)
    server = Neo4jServer(process, work, owns, log_path)
    try:
        server.uri = _wait_for_uri(server, timeout)
        _wait_for_bolt(server.uri, deadline=time.monotonic() + timeout)
    except Neo4jStartError as e:
        message = f"{e}\n--- server log (workdir {work}) ---\n{server.log_tail()}"
        server.stop(timeout=10)
        raise Neo4jStartError(message) from None
    except BaseException:
        server.stop(timeout=10)
        raise
    return server


def _wait_for_uri(server: Neo4jServer, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = URI_LINE.search(server.log_path.read_bytes())
        if found:
            return found.group(1).decode()
        if server.process.poll() is not None:
            raise Neo4jStartError(f"Neo4j exited with code {server.process.returncode} at start-up")
        time.sleep(0.2)
    raise Neo4jStartError(f"Neo4j did not start within {timeout:g} s")


def _wait_for_bolt(uri: str, deadline: float) -> None:
    import neo4j
    from neo4j.exceptions import ServiceUnavailable

    while True:
        try:
            with neo4j.GraphDatabase.driver(uri, auth=("neo4j", "unused")) as driver:
                driver.verify_connectivity()
            return
        except ServiceUnavailable as e:
            if time.monotonic() > deadline:
                raise Neo4jStartError(f"Neo4j at {uri} does not answer: {e}") from e
            time.sleep(0.5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.neo4j.server", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--uri-file", required=True, help="write the bolt URI here once it answers")
    parser.add_argument("--workdir", help="keep the database here (default: a temporary folder)")
    parser.add_argument("--heap", default="1g", help="JVM heap, e.g. 1g (default 1g)")
    parser.add_argument("--pagecache", default="512m", help="Neo4j page cache (default 512m)")
    parser.add_argument("--port", type=int, default=0, help="Bolt port (default: a free one)")
    parser.add_argument("--timeout", type=float, default=180, help="seconds to wait for start-up")
    args = parser.parse_args(argv)

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda *_: stop.set())
    uri_file = Path(args.uri_file)
    try:
        server = start(args.workdir, args.heap, args.pagecache, args.timeout, args.port)
    except Neo4jStartError as e:
        print(e, file=sys.stderr)
        return 1
    try:
        tmp = uri_file.with_name(uri_file.name + ".tmp")
        tmp.write_text(server.uri + "\n")
        os.replace(tmp, uri_file)  # readers never see a half-written file
        print(
            f"Neo4j {NEO4J_VERSION} at {server.uri} (pid {server.pid}, log {server.log_path})",
            flush=True,
        )
        while not stop.wait(1.0):
            if server.process.poll() is not None:
                print(
                    f"Neo4j exited with code {server.process.returncode}:\n{server.log_tail()}",
                    file=sys.stderr,
                )
                return 1
    finally:
        uri_file.unlink(missing_ok=True)
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
