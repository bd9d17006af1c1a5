"""Match proposed nodes to stored ones through the store's public reads: by key
(``existing_keys``), by document number (``read_named``, cypher/
ingest_policy_by_doc_number.cypher), then by name, alias and short form (``search``).
One exact match resolves a proposal (``resolved_to``); other matches are offered as
``choices`` for the reviewer."""

from __future__ import annotations

from graph.schema import search_norm

MAX_CHOICES = 5
RESOLVABLE = (
    "Policy",
    "Agency",
    "Fund",
    "Province",
    "City",
    "Industry",
    "Technology",
    "Enterprise",
    "Report",
)


def resolve(store, nodes: list[dict]) -> None:
    """Set ``resolved_to`` and ``choices`` on each proposed node, in place."""
    keys = [n["key"] for n in nodes]
    stored = store.existing_keys(keys) if keys else set()
    for node in nodes:
        node["resolved_to"], node["choices"] = None, []
        if node["key"] in stored and node["label"] in RESOLVABLE:
            node["resolved_to"] = node["key"]
            continue
        if node["label"] not in RESOLVABLE:
            continue
        props = node["properties"]
        names = [props.get("name"), *(props.get("aliases") or [])]
        choices: dict[str, dict] = {}
        if node["label"] == "Policy" and props.get("doc_number"):
            rows = store.read_named(
                "ingest_policy_by_doc_number",
                {"q": props["doc_number"], "limit": MAX_CHOICES},
            )
            for row in rows:
                choices[row["key"]] = {"key": row["key"], "name": row["name"], "match": "exact"}
        for name in filter(None, names):
            for hit in store.search(name, limit=MAX_CHOICES, labels=[node["label"]]):
                key = hit.node.key
                stored_names = [
                    hit.node.properties.get("name"),
                    *(hit.node.properties.get("aliases") or []),
                ]
                exact = any(search_norm(str(s)) == search_norm(name) for s in stored_names if s)
                choice = choices.setdefault(
                    key, {"key": key, "name": hit.node.properties.get("name"), "match": hit.match}
                )
                if exact:
                    choice["match"] = "exact"
        exact = [c for c in choices.values() if c["match"] == "exact"]
        if len(exact) == 1:
            node["resolved_to"] = exact[0]["key"]
        node["choices"] = list(choices.values())[:MAX_CHOICES]


def final_key(node: dict) -> str:
    """The key a node is committed under: the stored node it matched, else its own."""
    return node.get("resolved_to") or node["key"]
