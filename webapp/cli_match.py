"""``flask --app webapp match --in members.csv --out matches.csv``: the matcher in batch
(loaders/match_batch.py), for service platforms."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from flask.cli import with_appcontext

from graph.errors import GraphError
from loaders.encoding import check_encoding
from loaders.match_batch import BatchError, decode, match_text, write_csv

from .cli import cli_error
from .extensions import get_store

SHOWN_ERRORS = 20


@click.command("match")
@click.option(
    "--in",
    "in_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="CSV of enterprises (UTF-8 or GBK): uscc and/or region, industry, employees ...",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="CSV of matches to write ('-' for standard output)",
)
@click.option("--on", help="the day to check measures are in force (YYYY-MM-DD; default today)")
@click.option("--encoding", help="read the file in this encoding instead of detecting it")
@with_appcontext
def match_command(in_path: Path, out: Path, on: str | None, encoding: str | None) -> None:
    """Match every enterprise of a CSV against the graph's policies and measures."""
    started = time.perf_counter()
    try:
        if encoding:
            check_encoding(encoding)
        text = decode(in_path.read_bytes(), str(in_path), encoding)
        rows, report = match_text(text.splitlines(keepends=True), str(in_path), get_store(), on)
        if str(out) == "-":
            write_csv(sys.stdout, rows, report)
        else:
            with out.open("w", encoding="utf-8-sig", newline="") as f:
                write_csv(f, rows, report)
    except (BatchError, LookupError) as e:
        raise click.ClickException(str(e)) from e
    except GraphError as e:
        raise cli_error(e) from e
    for line in report.errors[:SHOWN_ERRORS]:
        click.echo(line, err=True)
    if len(report.errors) > SHOWN_ERRORS:
        click.echo(
            f"... and {len(report.errors) - SHOWN_ERRORS} more (rows marked error)", err=True
        )
    if report.ignored_columns:
        click.echo(f"ignored columns: {', '.join(report.ignored_columns)}", err=True)
    click.echo(
        f"{report.rows} rows, {report.matched_rows} with a match, {report.error_rows} with "
        f"errors; {report.out_rows} output rows in {time.perf_counter() - started:.1f} s",
        err=True,
    )
