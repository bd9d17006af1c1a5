"""Offline, schema-guided ingestion of policy documents (docs/ingest.md).

``propose`` reads a document into a draft of proposed nodes and relationships, each with
the sentence it came from; ``decide`` records a reviewer's decisions; ``commit`` writes
the accepted facts through the loaders' validation and the store's ``load``.
Components: reading (file → text), text (spans), document, references, structure,
targets, amounts, entities (rules), resolve (stored nodes), drafts (JSON files).
"""

from __future__ import annotations

import datetime as dt

from graph.model import Node, WriteCounts
from loaders.build import node_record, rel_record
from loaders.records import Rejected

from .drafts import DECISIONS, DraftNotFound, Drafts, summary
from .extract import extract
from .reading import Document, IngestError, read_bytes
from .resolve import final_key, resolve, resolve_parts

__all__ = [
    "Drafts",
    "DraftNotFound",
    "IngestError",
    "commit",
    "decide",
    "propose",
    "read_bytes",
    "summary",
]


def propose(
    doc: Document, store=None, source_url: str | None = None, publisher: str | None = None
) -> dict:
    """The draft for ``doc``: the Source node, the document's facts and the proposals,
    resolved against ``store`` when one is given."""
    info, proposals = extract(doc.text)
    draft_id = doc.sha256[:16]
    status = proposals.status
    title = info.title.text
    source_props = {
        "key": f"source:ingest-{draft_id}",
        "name": title,
        "title": title,
        "publisher": publisher or _publisher(info),
        "date": info.date,
        "url": source_url,
        "file": doc.file,
        "sha256": doc.sha256,
        "evidence": title,
        "status": status,
    }
    if store is not None:
        resolve(store, proposals.nodes)
        resolve_parts(store, {"nodes": proposals.nodes, "relationships": proposals.relationships})
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return {
        "id": draft_id,
        "sha256": doc.sha256,
        "format": doc.format,
        "kind": info.kind,
        "status": status,
        "text": doc.text,
        "document": {
            "title": title,
            "policy": info.policy_name,
            "doc_number": info.doc_number.text.replace(" ", "") if info.doc_number else None,
            "date": info.date,
            "issuers": [m.name for m in info.issuers],
            "recipients": info.recipients,
            "period": list(info.period) if info.period else None,
        },
        "source": {
            "key": source_props["key"],
            "label": "Source",
            "properties": {k: v for k, v in source_props.items() if v},
        },
        "proposals": {"nodes": proposals.nodes, "relationships": proposals.relationships},
        "created": now,
        "updated": now,
        "committed": None,
    }


def _publisher(info) -> str | None:
    if info.kind == "official" and info.issuers:
        return "、".join(m.name for m in info.issuers)
    return None


def decide(draft: dict, decisions: list[dict]) -> dict:
    """Apply ``[{id, decision, properties?, resolved_to?}]``; an unknown id or decision
    is an IngestError naming it."""
    by_id = {p["id"]: p for part in draft["proposals"].values() for p in part}
    for i, d in enumerate(decisions):
        if not isinstance(d, dict) or d.get("id") not in by_id:
            given = d.get("id") if isinstance(d, dict) else d
            raise IngestError(f"decisions[{i}].id: no proposal {given!r}")
        if d.get("decision", "accepted") not in DECISIONS:
            raise IngestError(f"decisions[{i}].decision: one of {', '.join(DECISIONS)}")
        p = by_id[d["id"]]
        p["decision"] = d.get("decision", "accepted")
        if isinstance(d.get("properties"), dict):
            p["properties"] = {**d["properties"], **({"key": p["key"]} if "key" in p else {})}
            p["edited"] = True
        if "resolved_to" in d and p["kind"] == "node":
            p["resolved_to"] = d["resolved_to"] or None
    draft["updated"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return draft


def records(draft: dict, accept_all: bool = False) -> list:
    """The Source node and the accepted facts as checked loader records; IngestError
    lists every problem (``draft <id>: <proposal id>: field: problem``)."""
    where = f"draft {draft['id']}"
    taken = [n for n in draft["proposals"]["nodes"] if _taken(n, accept_all)]
    keys = {n["key"]: final_key(n) for n in taken}
    source = draft["source"]["properties"]
    defaults = {"source": source["key"]}
    out, problems = [], []

    def status(p: dict) -> str:
        return p["status"] if accept_all and p["decision"] != "accepted" else "reviewed"

    source_status = draft["status"] if accept_all else "reviewed"
    built: list = [node_record({**source, "status": source_status}, {}, where, 0)]
    for n in taken:
        if n.get("resolved_to"):
            continue  # a stored node: used, not rewritten
        raw = {
            **n["properties"],
            "key": keys[n["key"]],
            "evidence": n["evidence"],
            "status": status(n),
        }
        built.append((n["id"], node_record(raw, defaults, where, 0)))
    for r in draft["proposals"]["relationships"]:
        if not _taken(r, accept_all) or r["start"] not in keys or r["end"] not in keys:
            continue
        if r.get("resolved_to"):
            continue  # stored already, with its own provenance
        raw = {
            **r["properties"],
            "start": keys[r["start"]],
            "type": r["type"],
            "end": keys[r["end"]],
            "evidence": r["evidence"],
            "status": status(r),
        }
        built.append((r["id"], rel_record(raw, defaults, where, 0)))
    for item in built:
        ident, rec = item if isinstance(item, tuple) else ("source", item)
        if isinstance(rec, Rejected):
            problems += [f"{where}: {ident}: {p.field}: {p.problem}" for p in rec.problems]
        else:
            out.append(rec.item)
    if problems:
        raise IngestError("; ".join(problems))
    return out


def _taken(p: dict, accept_all: bool) -> bool:
    return p["decision"] == "accepted" or (accept_all and p["decision"] == "pending")


def commit(store, draft: dict, accept_all: bool = False) -> WriteCounts:
    """Write the Source node and the accepted facts, all or nothing, and re-derive the
    ELIGIBLE_FOR they change (a policy's COVERS, a measure's criteria) in the same run
    (loaders/rederive.py)."""
    from loaders import rederive

    items = records(draft, accept_all)
    nodes = [i for i in items if isinstance(i, Node)]
    what = rederive.plan(store, nodes, [i for i in items if not isinstance(i, Node)])
    with rederive.kept_current(store, what):
        counts = store.load(items)
    draft["committed"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return counts
