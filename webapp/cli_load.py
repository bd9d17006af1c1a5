"""``flask --app webapp load [PATH ...]`` and ``flask --app webapp generate``."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from graph.errors import GraphError

from .cli import Outcome, cli_error, here_or_there


@click.command("load")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(["enterprise", "nodes", "relationships"]),
    help="read every CSV file as this kind (default: by file name and header)",
)
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="load the good rows; write the bad ones to <file>.rejects.csv/.jsonl",
)
@click.option(
    "--encoding",
    metavar="NAME",
    callback=lambda ctx, param, value: _encoding(value),
    help="read every file in this encoding (default: UTF-8, or GBK when it is Chinese text)",
)
@click.option(
    "--update-reference",
    is_flag=True,
    help="let these files change nodes whose status is reference (GB/T 2260 regions ...)",
)
@with_appcontext
def load_command(
    paths: tuple[Path, ...],
    kind: str | None,
    skip_invalid: bool,
    encoding: str | None = None,
    update_reference: bool = False,
) -> None:
    """Check and load files or folders (default: the bundled data/).

    Every bad row is reported as file:line: field: problem. A run with any bad row
    loads nothing and exits 1, unless --skip-invalid. While the explorer holds the
    embedded store, it does the load (the same checks, report and exit status).
    """
    # absolute for the explorer, whose working directory may differ; reported as given
    given = {str(Path.cwd() / p): str(p) for p in paths if not p.is_absolute()}
    payload = {
        "paths": [str(Path.cwd() / p) for p in paths],
        "kind": kind,
        "skip_invalid": skip_invalid,
        "encoding": encoding,
        "update_reference": update_reference,
    }
    here_or_there(
        "the load",
        "/admin/load",
        payload,
        lambda store: run_load(
            store, list(paths), kind, skip_invalid, True, encoding, update_reference
        ),
    ).emit(given)


def run_load(
    store,
    paths: list,
    kind: str | None,
    skip_invalid: bool,
    progress: bool,
    encoding: str | None = None,
    update_reference: bool = False,
) -> Outcome:
    """One load run and what the CLI prints for it."""
    import loaders

    started = time.perf_counter()
    try:
        store.ensure_schema()
        report = loaders.load_paths(
            store,
            [Path(p) for p in paths] or [loaders.BUNDLED_DATA],
            kind=kind,
            skip_invalid=skip_invalid,
            progress=progress,
            encoding=encoding,
            update_reference=update_reference,
        )
    except GraphError as e:
        return Outcome(error=cli_error(e).message)
    outcome = Outcome(out=[report.table()], err=report.error_lines())
    seconds = time.perf_counter() - started
    if not report.written:
        outcome.error = (
            f"{len(report.errors)} problems in {sum(report.rejected.values())} rows; nothing "
            "was loaded (fix them, or use --skip-invalid to load the good rows)"
        )
        return outcome
    outcome.err += [f"rejected rows written to {path}" for path in report.rejects_files]
    outcome.out.append(
        f"loaded {len(report.files)} files in {seconds:.1f} s "
        f"({report.derived} ELIGIBLE_FOR derived"
        + (f", {report.stale} no longer holding deleted" if report.stale else "")
        + f") into {store.kind} {store.uri}"
    )
    return outcome


def _encoding(value: str | None) -> str | None:
    from loaders.encoding import check_encoding

    if value is None:
        return None
    try:
        check_encoding(value)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--encoding") from e
    return value


@click.command("generate")
@click.option(
    "--enterprises",
    "n",
    type=click.IntRange(1, 10_000_000),
    required=True,
    help="how many synthetic enterprises",
)
@click.option("--seed", type=int, default=42, show_default=True)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="folder to write the CSV files into",
)
def generate_command(n: int, seed: int, out: Path) -> None:
    """Write synthetic data (status=synthetic, names marked 「示例」) that `load` takes."""
    from loaders.generate import generate

    started = time.perf_counter()
    try:
        counts = generate(n, seed, out)
    except ValueError as e:
        raise click.ClickException(str(e)) from e
    for name, rows in sorted(counts.files.items()):
        click.echo(f"{out / name}: {rows} rows")
    click.echo(f"generated {n} enterprises (seed {seed}) in {time.perf_counter() - started:.1f} s")


def init_app(app: Flask) -> None:
    app.cli.add_command(load_command)
    app.cli.add_command(generate_command)
