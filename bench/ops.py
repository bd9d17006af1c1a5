"""The measured operations, on a store and over HTTP, with parameters from a Probe.

Each operation takes the sample index ``i`` so that repeated runs vary their
parameters. Store and HTTP twins share names so the report can put them side by side.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote, urlencode

from .probe import Probe

EXPAND_NODES = 100  # the explorer's MAX_EXPAND: neighbours added per expansion
VIEW_NODES = 300  # the explorer's MAX_NODES: nodes in a k-hop view


def _pick(values: list, i: int):
    return values[i % len(values)]


def store_ops(p: Probe) -> dict[str, Callable]:
    """name -> fn(store, i); the operations the explorer performs on the store."""
    return {
        "search": lambda s, i: s.search(_pick(p.search_terms, i), limit=20),
        "node": lambda s, i: s.get_node(_pick(p.keys, i)),
        "neighbours_100": lambda s, i: s.neighbours(_pick(p.page_keys, i), limit=100),
        "hub_neighbours_100": lambda s, i: s.neighbours(p.hub, limit=100, offset=100 * (i % 50)),
        # Any page at any offset: spread over the hub's whole list, the last page included.
        "hub_neighbours_deep": lambda s, i: s.neighbours(
            p.hub, limit=100, offset=_deep_offset(p.hub_degree, i)
        ),
        "expand": lambda s, i: s.neighbours(_pick(p.expand_keys, i), limit=EXPAND_NODES),
        "shortest_path_6": lambda s, i: s.shortest_paths(*_pick(p.path_pairs, i), max_hops=6),
        "khop_300": lambda s, i: s.neighbourhood(
            _pick(p.khop_keys, i), depth=2, max_nodes=VIEW_NODES
        ),
        "subgraph_1000": lambda s, i: s.subgraph(_rotated(p.export_keys[:1000], i)),
        "stats": lambda s, i: s.stats(),  # the home page's counts
    }


def _deep_offset(degree: int, i: int) -> int:
    """Offsets 0, degree/20, ... up to the last full page of 100, in a varying order."""
    last = max(degree - 100, 0)
    return last * ((i * 7) % 21) // 20


def _rotated(keys: list[str], i: int) -> list[str]:
    """The same keys in a different order per call (no cached plan keyed by the list)."""
    cut = (i * 37) % len(keys) if keys else 0
    return keys[cut:] + keys[:cut]


def export_ops(p: Probe) -> dict[str, Callable]:
    """Exports of 1,000 and 10,000 nodes as JSON and GraphML, as the app writes them
    (graph.export: the nodes, the relationships among them, their sources, the file)."""
    from graph import export as ex

    def export(size: int, fmt: str):
        def run(s, i):
            sub = ex.with_sources(s, s.subgraph(p.export_keys[:size]))
            return b"".join(ex.get_format(fmt).writer(sub, {"format": fmt}))

        return run

    return {
        "export_json_1000": export(1000, "json"),
        "export_json_10000": export(10000, "json"),
        "export_graphml_10000": export(10000, "graphml"),
    }


def canned_ops(dialect: str) -> dict[str, Callable]:
    """Every analysts' query in cypher/canned/, with its default parameters."""
    try:
        from webapp import canned
    except ImportError:
        return {}
    ops = {}
    for name, q in sorted(canned.load_all().items()):
        text, params = q.text_for(dialect), q.defaults
        ops[f"canned:{name}"] = lambda s, i, text=text, params=params: s.run_cypher(text, params)
    return ops


def http_ops(p: Probe) -> dict[str, Callable[[int], str]]:
    """name -> fn(i) giving the request path; the JSON twins the explorer's pages call."""
    return {
        "search": lambda i: "/search.json?" + urlencode({"q": _pick(p.search_terms, i)}),
        "node": lambda i: f"/node/{quote(_pick(p.keys, i))}.json",
        "neighbours_100": lambda i: (
            f"/node/{quote(_pick(p.page_keys, i))}/neighbours.json?limit=100"
        ),
        "hub_neighbours_100": lambda i: (
            f"/node/{quote(p.hub)}/neighbours.json?limit=100&offset={100 * (i % 50)}"
        ),
        "expand": lambda i: f"/node/{quote(_pick(p.expand_keys, i))}/neighbours.json",
        "shortest_path_6": lambda i: (
            "/path.json?"
            + urlencode(
                {"from": _pick(p.path_pairs, i)[0], "to": _pick(p.path_pairs, i)[1], "max_hops": 6}
            )
        ),
        "khop_300": lambda i: (
            "/view.json?" + urlencode({"focus": _pick(p.khop_keys, i), "depth": 2})
        ),
        "home": lambda i: "/index.json",  # counts, entry lists, the schema's graph
    }
