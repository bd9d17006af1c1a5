"""``flask --app webapp export (--key KEY [--depth N] | --query CYPHER) --format F --out FILE``."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
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
    request = {
        "key": key,
        "depth": depth,
        "keys": keys,
        "query": query,
        "params": dict(parse_param(p) for p in params),
        "format": fmt,
    }
    from . import handoff

    server = handoff.find_server(current_app)
    try:
        if server is not None:
            handoff.say_handing_over(server, "the export")
            with handoff.post(server, "/admin/export", request) as response:
                summary = json.loads(response.headers["X-Export-Summary"])
                _write(out, iter(lambda: response.read(1 << 16), b""))
        else:
            chunks, summary = export_chunks(get_store(), request)
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
        caps = ", ".join(f"{k}={v}" for k, v in summary["truncated"].items())
        note = f" (truncated: {caps})" if caps else ""
        nodes, rels = summary["nodes"], summary["relationships"]
        click.echo(f"wrote {out}: {nodes} nodes, {rels} relationships{note}", err=True)


def export_chunks(store, request: dict):
    """(the file's chunks, {"nodes", "relationships", "truncated": caps or {}}) for one
    of key (with depth), keys or query; here, or in the explorer (webapp/admin.py)."""
    if request.get("key"):
        sub, entry = ex.view_subgraph(store, request["key"], request.get("depth", 1))
    elif request.get("keys"):
        sub, entry = ex.keys_subgraph(store, [k for k in request["keys"].split(",") if k])
    else:
        sub, entry = ex.query_subgraph(store, request["query"], request.get("params") or {})
    fmt = request["format"]
    meta = ex.manifest(store, sub, entry, fmt)
    summary = {
        "nodes": len(sub.nodes),
        "relationships": len(sub.relationships),
        "truncated": dict(sub.caps) if sub.truncated else {},
    }
    return ex.get_format(fmt).writer(sub, meta), summary


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
