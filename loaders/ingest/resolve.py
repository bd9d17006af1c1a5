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


CHILD_TYPES = ("HAS_TASK", "SETS", "PROVIDES")  # a policy's parts, matched among its own


def resolve_parts(store, draft_props: dict) -> None:
    """Tasks, targets and measures of a policy that resolved to a stored one are matched
    among that policy's own (a name like 加强组织领导 is in many policies); relationships
    whose two ends are stored nodes already joined by that type are marked stored
    (``resolved_to``: the relationship's id) and left as they are."""
    nodes = {n["key"]: n for n in draft_props["nodes"]}
    cache: dict[tuple[str, str], dict[str, str]] = {}

    def stored_out(key: str, rtype: str) -> dict[str, str]:
        if (key, rtype) not in cache:
            page = store.neighbours(
                key, types=[rtype], direction="out", limit=store.limits.MAX_PAGE
            )
            cache[key, rtype] = {
                n.node.key: search_norm(str(n.node.properties.get("name") or ""))
                for n in page.items
            }
        return cache[key, rtype]

    for rel in draft_props["relationships"]:
        policy, part = nodes.get(rel["start"]), nodes.get(rel["end"])
        if rel["type"] not in CHILD_TYPES or not policy or not part:
            continue
        if not policy.get("resolved_to") or part.get("resolved_to"):
            continue
        name = search_norm(str(part["properties"].get("name") or ""))
        found = [
            k
            for k, n in stored_out(policy["resolved_to"], rel["type"]).items()
            if n and (n == name or n in name or name in n)
        ]
        if len(found) == 1:
            part["resolved_to"] = found[0]
        part["choices"] = [{"key": k, "name": None, "match": "part"} for k in found]
    for rel in draft_props["relationships"]:
        start, end = nodes.get(rel["start"]), nodes.get(rel["end"])
        rel["resolved_to"] = None
        if start and end and start.get("resolved_to") and end.get("resolved_to"):
            if end["resolved_to"] in stored_out(start["resolved_to"], rel["type"]):
                rel["resolved_to"] = f"{start['resolved_to']}-{rel['type']}->{end['resolved_to']}"


def final_key(node: dict) -> str:
    """The key a node is committed under: the stored node it matched, else its own."""
    return node.get("resolved_to") or node["key"]
