"""Handing CLI work to the explorer that holds the embedded store.

The embedded store is opened by one process at a time (its lock), so while the explorer
runs, ``flask load``, ``query`` and ``export`` cannot open it. The serving process
registers itself beside the store it holds, in two files next to the store's path
(``instance/graph`` gives ``instance/graph.server.json`` and ``instance/graph.admin-token``):

- ``<store>.server.json``: ``{"url", "pid", "store", "token_file"}``, readable by anyone
  who can read the folder;
- ``<store>.admin-token``: a random token, mode 0600, so only the user the explorer runs
  as (or root) can read it.

The CLI finds a live registration for the store it was about to open and sends the work
to ``/admin/...`` on the loopback address with the token in the ``X-Admin-Token``
header; the app runs the same code and returns the same report and exit status
(webapp/admin.py). Both files are removed when the serving process exits; a
registration whose process is gone is stale and ignored.

Files are sent by path, not uploaded: the endpoint answers only on loopback, and
whoever can read the token runs as the explorer's user on the same machine, so can read
whatever the explorer could. Paths are sent absolute (the explorer's working directory
may differ) and the report names them as the user typed them.
"""

from __future__ import annotations

import atexit
import json
import os
import secrets
import signal
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import click
from flask import Flask

from .startup import is_embedded

TOKEN_HEADER = "X-Admin-Token"
_registered: dict[str, Path] = {}
_lock = threading.Lock()


def store_path(app: Flask) -> Path | None:
    """The embedded store's path the app's settings name, or None for Neo4j."""
    uri = app.config["GRAPH_URI"]
    if not is_embedded(uri):
        return None
    if not uri:
        return (Path(app.instance_path) / "graph").resolve()
    return Path(uri.strip()[len("embedded://") :]).resolve()


def files_for(path: Path) -> tuple[Path, Path]:
    """(server.json, admin-token) of the store at ``path``."""
    return path.with_name(path.name + ".server.json"), path.with_name(path.name + ".admin-token")


# -- the serving process ------------------------------------------------------------------


def register(app: Flask, url: str) -> bool:
    """Write this process's registration for its embedded store (once); True if written."""
    path = store_path(app)
    if path is None:
        return False
    with _lock:
        if app.extensions.get("admin_token"):
            return False
        info_file, token_file = files_for(path)
        token = secrets.token_urlsafe(32)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_private(token_file, token)
        info = {"url": url, "pid": os.getpid(), "store": str(path), "token_file": str(token_file)}
        tmp = info_file.with_name(info_file.name + ".part")
        tmp.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
        tmp.replace(info_file)
        app.extensions["admin_token"] = token
        _registered[str(path)] = path
    atexit.register(unregister, path)
    return True


def _write_private(target: Path, text: str) -> None:
    """Create ``target`` with mode 0600 from the start (never world-readable)."""
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        os.fchmod(f.fileno(), 0o600)
        f.write(text)
    tmp.replace(target)


def unregister(path: Path) -> None:
    """Remove this process's registration files (not another process's)."""
    info_file, token_file = files_for(path)
    try:
        info = json.loads(info_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if info.get("pid") == os.getpid():
        info_file.unlink(missing_ok=True)
        token_file.unlink(missing_ok=True)
    _registered.pop(str(path), None)


def register_at_flask_run(app: Flask) -> None:
    """Under ``flask run``, register at start with the address it binds, so a CLI can
    hand work over before the first page is asked for. With the reloader only the child
    that serves registers; with ``--port 0`` the first request registers instead."""
    ctx = click.get_current_context(silent=True)
    if ctx is None or ctx.command.name != "run" or "port" not in ctx.params:
        return
    if ctx.params.get("reload") and os.environ.get("WERKZEUG_RUN_MAIN") != "true":
        return
    port = ctx.params["port"]
    host = loopback(ctx.params.get("host") or "127.0.0.1")
    if port and host and register(app, f"http://{host}:{port}"):
        _exit_on_sigterm()


def register_from_request(app: Flask, environ) -> None:
    """Any other server (waitress): register at the first request, from its port; the
    CLI will reach it on 127.0.0.1 (the only address the endpoints answer on)."""
    if app.testing or app.extensions.get("admin_token"):
        return
    port = environ.get("SERVER_PORT")
    if port and port.isdigit():
        register(app, f"http://127.0.0.1:{port}")


def loopback(host: str) -> str | None:
    """Where a local CLI reaches a server bound to ``host``; None when it listens on
    another address only, from which the admin endpoints would refuse it anyway.

    >>> loopback("0.0.0.0"), loopback("localhost"), loopback("::1"), loopback("10.0.0.5")
    ('127.0.0.1', '127.0.0.1', '[::1]', None)
    """
    if host in ("0.0.0.0", "localhost") or host.startswith("127."):
        return "127.0.0.1"
    if host in ("::", "::1"):
        return "[::1]"
    return None


def _exit_on_sigterm() -> None:
    """SIGTERM (service managers, tests) ends the server through SystemExit, so atexit
    removes the registration and closes the store instead of leaving them behind."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: _raise_exit())


def _raise_exit():
    raise SystemExit(0)


# -- the CLI ------------------------------------------------------------------------------


@dataclass
class Server:
    url: str
    pid: int
    token: str
    info_file: Path


def find_server(app: Flask) -> Server | None:
    """The live explorer registered for the app's embedded store, if any."""
    path = store_path(app)
    if path is None:
        return None
    info_file, token_file = files_for(path)
    try:
        info = json.loads(info_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as e:
        raise click.ClickException(
            f"{info_file}: cannot read the explorer's registration: {e}"
        ) from e
    pid = int(info.get("pid", 0))
    if pid == os.getpid() or not _alive(pid):
        return None  # stale: that process is gone
    try:
        token = Path(info.get("token_file") or token_file).read_text(encoding="utf-8").strip()
    except OSError as e:
        raise click.ClickException(
            f"the explorer (pid {pid}, {info.get('url')}) holds {path}, but its token "
            f"cannot be read ({e.strerror or e}): run this as the user the explorer runs as"
        ) from e
    return Server(info["url"], pid, token, info_file)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    return True


def post(server: Server, endpoint: str, payload: dict):
    """POST ``payload`` as JSON; the open response (the caller reads and closes it).
    No timeout: a large load takes as long as it takes, and the server answers then."""
    request = urllib.request.Request(
        server.url + endpoint,
        data=json.dumps(payload).encode("utf-8"),
        headers={"Content-Type": "application/json", TOKEN_HEADER: server.token},
        method="POST",
    )
    try:
        return urllib.request.urlopen(request)  # noqa: S310 (a loopback URL we wrote)
    except urllib.error.HTTPError as e:
        body = e.read().decode("utf-8", "replace")
        try:
            message = json.loads(body)["error"]
        except (ValueError, KeyError, TypeError):
            message = body[:500]
        raise click.ClickException(message) from e
    except urllib.error.URLError as e:
        raise click.ClickException(
            f"the explorer registered at {server.url} (pid {server.pid}) does not answer: "
            f"{e.reason}; if that process is not the explorer, remove {server.info_file}"
        ) from e


def post_json(server: Server, endpoint: str, payload: dict) -> dict:
    with post(server, endpoint, payload) as response:
        return json.loads(response.read().decode("utf-8"))


def say_handing_over(server: Server, what: str) -> None:
    click.echo(
        f"the explorer (pid {server.pid}, {server.url}) holds this store: {what} runs there",
        err=True,
    )
