"""``flask --app webapp ingest FILE... [--source-url URL] [--publisher NAME] [--json]
[--accept-all]``: propose facts from documents into drafts, or commit them at once."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from graph.errors import GraphError

from .cli import cli_error
from .jsonsafe import dumps


@click.command("ingest")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--source-url", metavar="URL", help="where the document was found")
@click.option("--publisher", metavar="NAME", help="who published it")
@click.option("--json", "as_json", is_flag=True, help="print each draft as JSON")
@click.option(
    "--accept-all",
    is_flag=True,
    help="commit every pending proposal unreviewed (status extracted, or reported for news)",
)
@with_appcontext
def ingest_command(files, source_url, publisher, as_json, accept_all) -> None:
    """Read FILE... (text, HTML, DOCX, PDF) into drafts to review at /ingest/<id>."""
    from loaders.ingest import commit, summary

    from .extensions import get_store
    from .ingest import drafts, ingest_document

    try:
        get_store().ensure_schema()
    except GraphError as e:
        raise cli_error(e) from e
    for path in files:
        if not path.is_file():
            raise click.ClickException(f"{path}: no such file")
        try:
            draft = ingest_document(path.read_bytes(), path.name, source_url, publisher)
            if accept_all:
                counts = commit(get_store(), draft, accept_all=True)
                drafts().save(draft)
        except GraphError as e:
            raise cli_error(e) from e
        if as_json:
            props = draft["proposals"]
            click.echo(
                dumps(
                    {
                        "id": draft["id"],
                        "source": draft["source"],
                        "proposals": {
                            "nodes": props["nodes"],
                            "relationships": props["relationships"],
                        },
                    },
                    ensure_ascii=False,
                    indent=1,
                )
            )
            continue
        s = summary(draft)
        click.echo(
            f"{path}: {s['kind']}, {s['nodes']} nodes and {s['relationships']} "
            f"relationships proposed; review at /ingest/{draft['id']}"
        )
        if accept_all:
            created = sum(counts.created.values())
            updated = sum(counts.updated.values())
            click.echo(
                f"committed: {created} created, {updated} updated (source {draft['source']['key']})"
            )
    current_app.logger.debug("ingested %d files", len(files))
