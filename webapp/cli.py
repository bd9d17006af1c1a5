"""``flask --app webapp query | load | generate | export | ingest | match`` (``run`` is
Flask's own)."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from graph.errors import GraphError, StoreUnavailable

from .extensions import get_store
from .jsonsafe import dumps


def parse_param(text: str) -> tuple[str, object]:
    """``name=value``; the value is read as JSON when it parses, else kept as text.

    >>> parse_param("limit=5")
    ('limit', 5)
    >>> parse_param("name=浙江")
    ('name', '浙江')
    """
    name, sep, raw = text.partition("=")
    if not sep or not name:
        raise click.BadParameter(f"{text!r}: expected name=value", param_hint="-p")
    try:
        return name, json.loads(raw)
    except json.JSONDecodeError:
        return name, raw


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: Chinese characters take two.

    >>> width("abc"), width("浙江省")
    (3, 6)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


def cli_error(e: GraphError) -> click.ClickException:
    """The error as a one-line CLI message, with what to do when the embedded store is
    locked by another process (usually the running explorer)."""
    message = e.message
    hint = getattr(e, "hint", None)
    if hint:
        message += f"\nhint: {hint}"
    if isinstance(e, StoreUnavailable) and "lock" in message.lower():
        message += (
            "\nhint: another process has this embedded store open, and it allows one "
            "process at a time. A running explorer (flask run, waitress) takes load, query "
            "and export itself once it has registered (docs/deploy.md); this one has not: "
            "stop it, or ask it over HTTP, e.g. curl -G --data-urlencode 'query=RETURN 1' "
            "http://127.0.0.1:5000/cypher.json"
        )
    return click.ClickException(message)


def format_table(result) -> str:
    cols = result.columns
    rows = [[_cell(rec.get(c)) for c in cols] for rec in result.records]
    widths = [max([width(c)] + [width(r[i]) for r in rows]) for i, c in enumerate(cols)]
    line = "  ".join(pad(c, w) for c, w in zip(cols, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(pad(v, w) for v, w in zip(r, widths, strict=True)) for r in rows]
    cut = f", truncated at MAX_ROWS={result.max_rows}" if result.truncated else ""
    tail = f"({len(rows)} rows{cut})"
    return "\n".join(out + [tail])


def _cell(value) -> str:
    if isinstance(value, dict) and "key" in value and "labels" in value:
        return f"({value['key']})"
    if isinstance(value, (dict, list)):
        return dumps(value, ensure_ascii=False)
    return "null" if value is None else str(value)


@dataclass
class Outcome:
    """What a command prints and how it ends, computed once wherever it runs (here, or
    in the explorer that holds the store: webapp/admin.py)."""

    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)
    error: str | None = None  # printed as "Error: ..." with exit status 1

    def to_dict(self) -> dict:
        return {"out": self.out, "err": self.err, "error": self.error}

    @classmethod
    def from_dict(cls, d: dict) -> Outcome:
        return cls(list(d.get("out") or ()), list(d.get("err") or ()), d.get("error"))

    def emit(self, rename: dict[str, str] | None = None) -> None:
        for line in self.err:
            click.echo(_renamed(line, rename), err=True)
        for line in self.out:
            click.echo(_renamed(line, rename))
        if self.error is not None:
            raise click.ClickException(_renamed(self.error, rename))


def _renamed(text: str, rename: dict[str, str] | None) -> str:
    for absolute, given in (rename or {}).items():
        text = text.replace(absolute, given)
    return text


def here_or_there(what: str, endpoint: str, payload: dict, local) -> Outcome:
    """``local(store)`` on the configured store, or, when a running explorer holds the
    embedded store, the same work done there (webapp/handoff.py)."""
    from . import handoff

    server = handoff.find_server(current_app)
    if server is not None:
        handoff.say_handing_over(server, what)
        return Outcome.from_dict(handoff.post_json(server, endpoint, payload))
    try:
        store = get_store()
    except GraphError as e:
        raise cli_error(e) from e
    return local(store)


def run_query(store, cypher: str, values: dict, fmt: str) -> Outcome:
    try:
        result = store.run_cypher(cypher, values)
    except GraphError as e:
        return Outcome(error=cli_error(e).message)
    if fmt == "json":
        return Outcome([dumps(result.to_dict(), ensure_ascii=False, indent=2)])
    return Outcome([format_table(result)])


@click.command("query")
@click.argument("cypher")
@click.option(
    "-p", "--param", "params", multiple=True, help="name=value (value as JSON if it parses)"
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@with_appcontext
def query_command(cypher: str, params: tuple[str, ...], fmt: str) -> None:
    """Run read-only CYPHER against the configured store."""
    values = dict(parse_param(p) for p in params)
    payload = {"cypher": cypher, "params": values, "format": fmt}
    here_or_there(
        "the query", "/admin/query", payload, lambda store: run_query(store, cypher, values, fmt)
    ).emit()


def init_app(app: Flask) -> None:
    app.cli.add_command(query_command)
    from .cli_export import export_command  # here: cli_export imports this module

    app.cli.add_command(export_command)
    from .cli_load import init_app as add_load_commands

    add_load_commands(app)
    from .cli_ingest import ingest_command

    app.cli.add_command(ingest_command)
    from .cli_match import match_command

    app.cli.add_command(match_command)
