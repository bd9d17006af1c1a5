"""Drafts: one JSON file per document in the app's instance folder, named by the
document's SHA-256, so that re-ingesting the same bytes updates the draft and a
restart loses nothing."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from graph.errors import NodeNotFound

ID_RE = re.compile(r"^[0-9a-f]{16}$")
DECISIONS = ("pending", "accepted", "rejected")


class DraftNotFound(NodeNotFound):
    def __init__(self, draft_id: str):
        super().__init__(draft_id)
        self.message = f"no ingestion draft {draft_id!r}"


class Drafts:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def path(self, draft_id: str) -> Path:
        if not ID_RE.match(str(draft_id)):
            raise DraftNotFound(str(draft_id))
        return self.folder / f"{draft_id}.json"

    def save(self, draft: dict, renew: bool = False) -> dict:
        """Write ``draft``. ``renew``: it replaces an earlier draft of the same document
        (re-ingested), which keeps its decisions for proposals proposed again."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.path(draft["id"])
        if renew and path.exists():
            _keep_decisions(json.loads(path.read_text(encoding="utf-8")), draft)
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(draft, f, ensure_ascii=False, indent=1)
        os.replace(tmp, path)
        return draft

    def load(self, draft_id: str) -> dict:
        path = self.path(draft_id)
        if not path.exists():
            raise DraftNotFound(draft_id)
        return json.loads(path.read_text(encoding="utf-8"))

    def all(self) -> list[dict]:
        if not self.folder.is_dir():
            return []
        out = []
        for path in sorted(self.folder.glob("*.json")):
            d = json.loads(path.read_text(encoding="utf-8"))
            out.append(summary(d))
        return sorted(out, key=lambda d: d["updated"], reverse=True)


def summary(draft: dict) -> dict:
    props = draft["proposals"]
    items = props["nodes"] + props["relationships"]
    counts = {k: sum(1 for p in items if p["decision"] == k) for k in DECISIONS}
    return {
        "id": draft["id"],
        "title": draft["source"]["properties"].get("title"),
        "file": draft["source"]["properties"].get("file"),
        "kind": draft["kind"],
        "updated": draft["updated"],
        "committed": draft.get("committed"),
        "nodes": len(props["nodes"]),
        "relationships": len(props["relationships"]),
        "decisions": counts,
    }


def _keep_decisions(old: dict, new: dict) -> None:
    for part in ("nodes", "relationships"):
        before = {
            (p["id"], p.get("key") or (p.get("start"), p.get("type"), p.get("end"))): p
            for p in old["proposals"][part]
        }
        for p in new["proposals"][part]:
            ident = (p["id"], p.get("key") or (p.get("start"), p.get("type"), p.get("end")))
            if ident in before:
                kept = before[ident]
                p["decision"] = kept["decision"]
                if kept.get("edited"):
                    p["properties"], p["edited"] = kept["properties"], True
    new["committed"] = old.get("committed")
