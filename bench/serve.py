"""The app under waitress for the HTTP benchmark: ``python -m bench.serve URI PORT THREADS``.

The app is configured as a user would run it against ``URI``; nothing is tuned for the
benchmark beyond the number of waitress threads, which the report states.
"""

from __future__ import annotations

import logging
import sys

from waitress import serve

from webapp import create_app


def main(argv: list[str]) -> None:
    uri, port, threads = argv[0], int(argv[1]), int(argv[2])
    app = create_app(
        {
            "GRAPH_URI": uri,
            "LOAD_BUNDLED_IF_EMPTY": False,
            "NEO4J_USER": "neo4j",
            "NEO4J_PASSWORD": "unused",
        }
    )
    # "Task queue depth" warnings flood the log under 8 clients; latencies already show it.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    serve(app, host="127.0.0.1", port=port, threads=threads, ident=None, _quiet=True)


if __name__ == "__main__":
    main(sys.argv[1:])
