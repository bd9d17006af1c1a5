"""``flask --app webapp query | load | generate | export`` (``run`` is Flask's own)."""

from __future__ import annotations

import json
import unicodedata

import click
from flask import Flask
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
    if isinstance(e, StoreUnavailable) and "lock" in message.lower():
        message += (
            "\nhint: another process (a running `flask run` or waitress?) has this embedded "
            "store open, and it allows one process at a time: stop that process, or ask it "
            "over HTTP, e.g. curl -G --data-urlencode 'query=RETURN 1' "
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
    try:
        result = get_store().run_cypher(cypher, values)
    except GraphError as e:
        raise cli_error(e) from e
    if fmt == "json":
        click.echo(dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(result))


def init_app(app: Flask) -> None:
    app.cli.add_command(query_command)
    from .cli_export import export_command  # here: cli_export imports this module

    app.cli.add_command(export_command)
    from .cli_load import init_app as add_load_commands

    add_load_commands(app)
