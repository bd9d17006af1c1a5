"""Reading what the store already holds, for the loaders and the matcher: a named query
page by page, and which keys exist, in chunks. A failed read says what it was for."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from graph.errors import GraphError

READ_PAGE = 5000  # rows per read of a paged named query
KEYS_CHUNK = 500  # keys per existence lookup


def read(store, name: str, params: dict, purpose: str, **names) -> list[dict]:
    """``store.read_named(name, params)``; an error names ``purpose``."""
    try:
        return store.read_named(name, params, **names)
    except GraphError as e:
        raise GraphError(f"{purpose}: {e.message}") from e


def paged(store, name: str, purpose: str) -> Iterator[dict]:
    """Every row of a named query taking ``$skip`` and ``$limit``, READ_PAGE at a time."""
    skip = 0
    while True:
        rows = read(store, name, {"skip": skip, "limit": READ_PAGE}, purpose)
        yield from rows
        if len(rows) < READ_PAGE:
            return
        skip += READ_PAGE


def existing(store, keys: Iterable[str]) -> set[str]:
    """Those of ``keys`` the store holds, asked KEYS_CHUNK at a time."""
    found: set[str] = set()
    ordered = sorted(set(keys))
    for i in range(0, len(ordered), KEYS_CHUNK):
        found |= store.existing_keys(ordered[i : i + KEYS_CHUNK])
    return found


def enterprises(
    store, keys: Iterable[str], purpose: str, gone: Iterable[str] = ()
) -> dict[str, dict]:
    """What the rules read of these stored enterprises, by key (absent keys are left
    out): their profile properties, with ``region_code`` and ``industry_code`` taken
    from LOCATED_IN and IN_INDUSTRY when not given as properties, leaving out the nodes
    in ``gone`` (cypher/eligibility_enterprises_of.cypher). The graph's ELIGIBLE_FOR, the
    matcher's USCC prefill and the batch read enterprises alike."""
    ordered = sorted(set(keys))
    skip = sorted(set(gone))
    found: dict[str, dict] = {}
    for i in range(0, len(ordered), KEYS_CHUNK):
        params = {"keys": ordered[i : i + KEYS_CHUNK], "gone": skip}
        for row in read(store, "eligibility_enterprises_of", params, purpose):
            props = {k: v for k, v in row.items() if v is not None}
            located, sector = props.pop("located", None), props.pop("sector", None)
            props.setdefault("region_code", located)
            props.setdefault("industry_code", sector)
            found[row["key"]] = {k: v for k, v in props.items() if v is not None}
    return found
