"""The only code that talks to a graph database.

``open_store(uri, ...)`` picks the store from the URI: unset or ``embedded:///path``
opens the embedded Ladybug store; ``bolt://``, ``neo4j://``, ``neo4j+s://`` (and the
``+ssc`` forms) connect to Neo4j.
"""

from __future__ import annotations

from pathlib import Path

from .errors import BadParameter
from .store import GraphStore, Limits

NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def open_store(
    uri: str | None,
    *,
    default_path: str | Path | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    limits: Limits | None = None,
    read_only: bool = False,
) -> GraphStore:
    """Open the store ``uri`` names; ``default_path`` is used when ``uri`` is empty."""
    limits = limits or Limits()
    if not uri:
        if default_path is None:
            raise BadParameter("GRAPH_URI", "unset, and no default embedded path given")
        uri = f"embedded://{Path(default_path).resolve()}"
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme == "embedded":
        from .ladybug_store import LadybugStore

        path = uri[len("embedded://") :]
        if not path:
            raise BadParameter("GRAPH_URI", "embedded:// needs a path, e.g. embedded:///srv/graph")
        return LadybugStore(path, limits=limits, read_only=read_only)
    if scheme in NEO4J_SCHEMES:
        from .neo4j_store import Neo4jStore

        return Neo4jStore(uri, user=user, password=password, database=database, limits=limits)
    raise BadParameter(
        "GRAPH_URI",
        f"{uri!r}: use embedded:///path, bolt://host:7687, neo4j://host or neo4j+s://host",
    )
