"""``flask --app webapp export (--key KEY [--depth N] | --query CYPHER) --format F --out FILE``."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from graph import export as ex
from graph.errors import GraphError

from .cli import cli_error, parse_param
from .extensions import get_store


@click.command("export")
@click.option("--key", help="business key of the node whose neighbourhood to export")
@click.option("--depth", type=int, default=1, show_default=True, help="hops around --key")
@click.option("--keys", help="comma-separated keys: these nodes and the relationships among them")
@click.option("--query", help="read-only Cypher whose nodes and relationships to export")
@click.option("-p", "--param", "params", multiple=True, help="query parameter name=value")
@click.option(
    "--format", "fmt", type=click.Choice(list(ex.FORMATS)), default="json", show_default=True
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="file to write ('-' for standard output)",
)
@with_appcontext
def export_command(key, depth, keys, query, params, fmt, out: Path) -> None:
    """Export a subgraph as JSON, GraphML, CSV (zip), a Cypher script or HTML."""
    if sum(bool(x) for x in (key, keys, query)) != 1:
        raise click.UsageError("give exactly one of --key, --keys or --query")
    try:
        store = get_store()
        if key:
            sub, entry = ex.view_subgraph(store, key, depth)
        elif keys:
            sub, entry = ex.keys_subgraph(store, [k for k in keys.split(",") if k])
        else:
            sub, entry = ex.query_subgraph(store, query, dict(parse_param(p) for p in params))
        meta = ex.manifest(store, sub, entry, fmt)
        chunks = ex.get_format(fmt).writer(sub, meta)
        _write(out, chunks)
    except GraphError as e:
        raise cli_error(e) from e
    except OSError as e:
        raise click.ClickException(f"cannot write {out}: {e.strerror or e}") from e
    if fmt == "csv" and out.suffix.lower() != ".zip" and str(out) != "-":
        # the loaders tell files by their suffix: a zip named .csv is not loadable
        click.echo(
            f"note: {out} is a zip (nodes.csv, relationships.csv, manifest.json); "
            "name it .zip to load it again with `flask --app webapp load`",
            err=True,
        )
    if str(out) != "-":
        note = (
            " (truncated: " + ", ".join(f"{k}={v}" for k, v in sub.caps.items()) + ")"
            if sub.truncated
            else ""
        )
        click.echo(
            f"wrote {out}: {len(sub.nodes)} nodes, {len(sub.relationships)} relationships{note}",
            err=True,
        )


def _write(out: Path, chunks) -> None:
    if str(out) == "-":
        stream = click.get_binary_stream("stdout")
        for chunk in chunks:
            stream.write(chunk)
        return
    # write beside the target and rename, so a failed export leaves no half file
    tmp = out.with_name(out.name + ".part")
    try:
        with open(tmp, "wb") as f:
            for chunk in chunks:
                f.write(chunk)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(out)
