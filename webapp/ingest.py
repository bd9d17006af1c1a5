"""Document ingestion: upload or paste at ``/ingest``, review at ``/ingest/<id>``, commit.

Every page has its JSON twin (``/ingest.json``, ``/ingest/<id>.json``); decisions and the
commit are POST endpoints answering JSON, so the whole flow can be scripted
(docs/ingest.md).
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, jsonify, redirect, request, url_for

from graph.errors import BadParameter
from loaders.ingest import Drafts, IngestError, commit, decide, propose, read_bytes, summary

from .extensions import get_store
from .render import page, twin_route, wants_json

bp = Blueprint("ingest", __name__)


def drafts() -> Drafts:
    """Drafts in ``INGEST_DRAFTS_DIR`` (default: the instance folder's ``ingest/``)."""
    folder = current_app.config.get("INGEST_DRAFTS_DIR")
    return Drafts(Path(folder) if folder else Path(current_app.instance_path) / "ingest")


def ingest_document(data: bytes, file: str, source_url=None, publisher=None) -> dict:
    """Read, propose and resolve one document; its draft saved (updated if it exists)."""
    doc = read_bytes(data, file, current_app.config["MAX_INGEST_BYTES"])
    return drafts().save(propose(doc, _ready_store(), source_url, publisher), renew=True)


def _ready_store():
    """The store, its schema made once per app: resolution reads labels that an empty
    store (LOAD_BUNDLED_IF_EMPTY off) has no tables for yet, as the CLI does."""
    store = get_store()
    if not current_app.extensions.get("ingest_schema_ready"):
        store.ensure_schema()
        current_app.extensions["ingest_schema_ready"] = True
    return store


@twin_route(bp, "/ingest", methods=["GET", "POST"])
def index():
    if request.method == "POST":
        draft = _from_request()
        if wants_json():
            return jsonify(
                {
                    "ok": True,
                    "draft": summary(draft),
                    "url": url_for("ingest.review", draft_id=draft["id"]),
                }
            )
        return redirect(url_for("ingest.review", draft_id=draft["id"]))
    limit = current_app.config["MAX_INGEST_BYTES"]
    return page("ingest/index.html", {"drafts": drafts().all(), "max_bytes": limit})


def _from_request() -> dict:
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        data, name = upload.read(current_app.config["MAX_INGEST_BYTES"] + 1), upload.filename
    else:
        text = request.form.get("text") or ""
        if not text.strip():
            raise BadParameter("text", "give a file or paste the document's text")
        data, name = text.encode("utf-8"), request.form.get("name") or "pasted.txt"
    return ingest_document(
        data,
        Path(name).name,
        request.form.get("source_url") or None,
        request.form.get("publisher") or None,
    )


@twin_route(bp, "/ingest/<draft_id>")
def review(draft_id: str):
    draft = drafts().load(draft_id)
    data = {"draft": draft, "summary": summary(draft)}
    if not wants_json():
        data["segments"] = segments(draft)
    return page("ingest/review.html", data)


@bp.post("/ingest/<draft_id>/decisions")
@bp.post("/ingest/<draft_id>/decisions.json")
def decisions(draft_id: str):
    store = drafts()
    draft = store.load(draft_id)
    body = json_body()
    if not isinstance(body.get("decisions"), list):
        raise BadParameter(
            "decisions", 'expected JSON {"decisions": [{"id": ..., "decision": ...}]}'
        )
    store.save(decide(draft, body["decisions"]))
    return jsonify({"ok": True, "summary": summary(draft)})


@bp.post("/ingest/<draft_id>/commit")
@bp.post("/ingest/<draft_id>/commit.json")
def commit_draft(draft_id: str):
    store = drafts()
    draft = store.load(draft_id)
    body = json_body()
    counts = commit(get_store(), draft, accept_all=bool(body.get("accept_all")))
    store.save(draft)
    return jsonify({"ok": True, "counts": counts_dict(counts), "source": draft["source"]["key"]})


def counts_dict(counts) -> dict:
    return {"created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged}


def json_body() -> dict:
    """The JSON object a POST carries. Only JSON is taken: a browser sends it from
    another site only after a CORS preflight this app never answers, so a cross-site
    form cannot record decisions or commit."""
    if not request.is_json:
        raise BadParameter("body", "send JSON (Content-Type: application/json)")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadParameter("body", "expected a JSON object")
    return body


def segments(draft: dict) -> list[dict]:
    """The text cut at every proposal's span and at the sentences its criteria came
    from (``criteria_evidence``): [{text, ids}] with the ids covering it."""
    text = draft["text"]
    items = draft["proposals"]["nodes"] + draft["proposals"]["relationships"]
    spans = [
        (p["id"], span)
        for p in items
        for span in [p["span"], *(c["span"] for c in p.get("criteria_evidence") or [])]
    ]
    cuts = sorted({0, len(text), *(x for _, span in spans for x in span)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        ids = list(dict.fromkeys(i for i, (s, e) in spans if s <= a and b <= e))
        out.append({"text": text[a:b], "ids": ids})
    return out


__all__ = ["bp", "ingest_document", "IngestError"]
