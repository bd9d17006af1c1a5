"""Console Cypher on the embedded store, run in worker processes the app can kill.

Ladybug 0.22 does not stop a runaway query on time (``set_query_timeout(2000)`` stopped
``UNWIND range(1, 1000000000) AS i RETURN sum(i)`` after 29 s; ``interrupt()`` not at
all), a table function can crash the process, and a query can fill memory. So user
Cypher runs in a child process holding its own read-only ``Database`` on the same path
(the engine allows it while the app holds the read-write one), and the app kills that
child when the query passes ``CYPHER_TIMEOUT_S`` (QueryTimeout, 408) or a resident size
of ``CONSOLE_WORKER_MB`` (LimitReached, 503). A crash in the engine ends the child, not
the app (StoreUnavailable, 503).

A read-only ``Database`` sees the data as of its opening: every write bumps the pool's
generation (:meth:`WorkerPool.retire`) and workers of an older one are stopped.
"""

from __future__ import annotations

import os
import pickle
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from . import errors
from .errors import CypherSyntaxError, GraphError, LimitReached, QueryTimeout, StoreUnavailable
from .store import Limits

START_TIMEOUT_S = 60.0  # opening the database in a new worker (not counted in a query's time)
POLL_S = 0.05  # how often the app looks at a running worker's time and memory
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)


def worker_limits(limits: Limits) -> Limits:
    """The worker's limits: its buffer pool is at most half of CONSOLE_WORKER_MB."""
    pool = min(limits.LADYBUG_BUFFER_POOL_MB, max(limits.CONSOLE_WORKER_MB // 2, 64))
    return replace(limits, LADYBUG_BUFFER_POOL_MB=pool)


def deadline_s(timeout_s: float) -> float:
    """When the app kills a worker: the limit plus a short grace for the engine's own
    timeout to answer first (well within 1.5x of the limit)."""
    return timeout_s + min(0.1 * timeout_s, 0.5)


# -- in the worker -------------------------------------------------------------------------
def main(argv: list[str]) -> None:
    """``python -m graph._ladybug_worker FD``: a fresh interpreter (no inherited threads,
    the app's main module not re-run), talking over the socket FD."""
    conn = Connection(int(argv[1]))
    path, limits = conn.recv()
    serve(path, limits, conn)


def serve(path: str, limits: Limits, conn) -> None:
    """The worker's loop: open the store read-only, then answer one query at a time."""
    from .ladybug_store import LadybugStore  # imported here: the parent may not need it

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the app, which stops us
    try:
        store = LadybugStore(path, limits=limits, read_only=True)
    except GraphError as e:
        conn.send(("error", _pack(e)))
        return
    conn.send(("ready", os.getpid()))
    try:
        while True:
            try:
                question = conn.recv()
            except EOFError:  # the app closed the pipe or ended
                return
            if question is None:  # are you there?
                conn.send_bytes(pickle.dumps(("pong", None)))
                continue
            query, params, timeout_s, max_rows = question
            try:
                answer = ("ok", store.run_here(query, params, timeout_s, max_rows))
                data = pickle.dumps(answer)
            except GraphError as e:
                data = pickle.dumps(("error", _pack(e)))
            except (pickle.PicklingError, TypeError) as e:  # a value with no transport
                data = pickle.dumps(("error", _pack(GraphError(f"result not sendable: {e}"))))
            except Exception as e:  # noqa: BLE001 - the engine's own failure (e.g. bytes
                # that are not UTF-8) is this query's error, not the end of the worker
                problem = f"the engine could not answer this query ({type(e).__name__}: {e})"
                data = pickle.dumps(("error", _pack(CypherSyntaxError(problem))))
            conn.send_bytes(data)
    finally:
        store.close()


def _pack(e: GraphError) -> tuple[str, dict]:
    """An error as (class name, attributes): our errors' constructors differ, so they
    are rebuilt from their attributes rather than pickled."""
    return type(e).__name__, dict(vars(e))


def _unpack(packed: tuple[str, dict]) -> GraphError:
    name, attrs = packed
    cls = getattr(errors, name, GraphError)
    if not (isinstance(cls, type) and issubclass(cls, GraphError)):
        cls = GraphError
    e = cls.__new__(cls)
    Exception.__init__(e, attrs.get("message", ""))
    vars(e).update(attrs)
    return e


# -- in the app ----------------------------------------------------------------------------
class _Worker:
    """One child process and the app's end of its pipe."""

    def __init__(self, path: str, limits: Limits, uri: str, generation: int):
        self.uri = uri
        self.limits = limits
        self.generation = generation
        ours, theirs = socket.socketpair()
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                filter(None, [PROJECT_ROOT, os.environ.get("PYTHONPATH")])
            ),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph._ladybug_worker", str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            env=env,
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        self.conn.send((path, worker_limits(limits)))
        status, payload = self._wait(time.monotonic() + START_TIMEOUT_S, None)
        if status != "ready":
            self.kill()
            raise _unpack(payload)

    def ask(self, query: str, params: dict, timeout_s: float, max_rows: int, began: float):
        """The worker's answer, or the error that stopped it; a worker that passed a
        limit or crashed is killed (``alive`` is then False). The time limit counts from
        ``began`` (time.monotonic() when the caller asked), so starting a worker counts."""
        self.conn.send((query, params, timeout_s, max_rows))
        status, payload = self._wait(began + deadline_s(timeout_s), timeout_s)
        if status == "error":
            raise _unpack(payload)
        return payload

    def ping(self) -> bool:
        """Whether the worker still answers; one that does not is killed."""
        try:
            self.conn.send(None)
            status, _ = self._wait(time.monotonic() + START_TIMEOUT_S, None)
        except (GraphError, OSError):
            self.kill()
            return False
        return status == "pong"

    def _wait(self, deadline: float, timeout_s: float | None) -> tuple[str, Any]:
        cap = self.limits.CONSOLE_WORKER_MB
        while True:
            try:
                if self.conn.poll(POLL_S):
                    return pickle.loads(self.conn.recv_bytes())
            except (EOFError, OSError):
                pass  # the worker ended: say how, below
            if self.process.poll() is not None or self.conn.closed:
                self.kill()
                raise StoreUnavailable(self.uri, f"the console worker {self.ended()}")
            if self.rss_mb() > cap:
                self.kill()
                raise LimitReached(
                    "CONSOLE_WORKER_MB",
                    f"the query needed more than CONSOLE_WORKER_MB={cap} MB of memory and "
                    "was stopped; ask for less (LIMIT, fewer hops, a narrower MATCH)",
                    retry_after=1,
                )
            if time.monotonic() > deadline:
                self.kill()
                if timeout_s is None:
                    raise StoreUnavailable(self.uri, "the console worker did not start in time")
                raise QueryTimeout(timeout_s)

    def rss_mb(self) -> float:
        try:
            with open(f"/proc/{self.process.pid}/statm") as f:
                return int(f.read().split()[1]) * PAGE_BYTES / 2**20
        except (FileNotFoundError, ProcessLookupError):
            return 0.0  # ended between two looks: the next look says how

    def ended(self) -> str:
        code = self.process.returncode
        if code is not None and code < 0:
            return f"ended with signal {signal.Signals(-code).name} while running this query"
        return f"ended (exit code {code}) while running this query"

    @property
    def alive(self) -> bool:
        return self.process.poll() is None and not self.conn.closed

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(5)
        self.conn.close()

    def stop(self) -> None:
        """End an idle worker: closing its pipe ends its loop."""
        self.conn.close()
        try:
            self.process.wait(2)
        except subprocess.TimeoutExpired:
            self.kill()


class WorkerPool:
    """Idle workers of the current generation, reused; at most ``keep`` kept idle."""

    def __init__(self, path: str, limits: Limits, uri: str):
        self.path = path
        self.limits = limits
        self.uri = uri
        self.keep = max(limits.MAX_HEAVY_QUERIES, 1)
        self.generation = 0
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False

    def run(self, query: str, params: dict, timeout_s: float, max_rows: int):
        """(columns, rows, nodes, relationships, truncated) from a worker."""
        began = time.monotonic()
        worker = self._take()
        with self._lock:
            self._busy.add(worker)
        try:
            return worker.ask(query, params, timeout_s, max_rows, began)
        finally:
            self._give_back(worker)

    def retire(self) -> None:
        """After a write: workers opened before it would answer from the old data."""
        with self._lock:
            self.generation += 1
            old, self._idle = self._idle, []
        for worker in old:
            worker.stop()

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self.retire()

    def pids(self, busy: bool = False) -> list[int]:
        """Process ids of the idle workers, or of those running a query (tests, bench/)."""
        with self._lock:
            return [w.process.pid for w in (self._busy if busy else self._idle)]

    def _take(self) -> _Worker:
        """An idle worker that still answers (one may have ended since), or a new one."""
        while True:
            with self._lock:
                worker = self._idle.pop() if self._idle else None
            if worker is None:
                return self._start()
            if worker.ping():
                return worker

    def _start(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise StoreUnavailable(self.uri, "the store is closed")
            generation = self.generation
        return _Worker(self.path, self.limits, self.uri, generation)

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            self._busy.discard(worker)
            keep = (
                worker.alive
                and not self._closed
                and worker.generation == self.generation
                and len(self._idle) < self.keep
            )
            if keep:
                self._idle.append(worker)
            killed = not worker.alive and not self._closed
        if not keep and worker.alive:
            worker.stop()
        if killed:  # past a limit or crashed: have the next one ready (it takes a second)
            threading.Thread(target=self._prestart, daemon=True).start()

    def _prestart(self) -> None:
        try:
            worker = self._start()
        except GraphError:
            return  # closed, or the worker cannot start: the next query says why
        with self._lock:
            self._busy.add(worker)
        self._give_back(worker)


if __name__ == "__main__":
    main(sys.argv)
