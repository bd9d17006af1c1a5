"""Proposed nodes and relationships, each tied to the sentence it came from.

A proposal is a plain dict (it is stored in a draft as JSON): ``id``, ``label`` (nodes) or
``type``/``start``/``end`` (relationships, ends as proposed node keys), ``key``,
``properties``, ``evidence``, ``span`` ([start, end] into the stored text, so that
``text[start:end] == evidence``), ``rule``, ``confidence``, ``resolved_to`` and
``decision`` (pending | accepted | rejected).
"""

from __future__ import annotations

import hashlib

from .text import Span


def slug(*parts: str) -> str:
    """A stable key id from text: ``x`` and 10 hex digits of its SHA-1.

    >>> slug("国务院")
    'x77a17c09c1'
    """
    return "x" + hashlib.sha1("\n".join(parts).encode()).hexdigest()[:10]


class Proposals:
    def __init__(self, status: str):
        self.status = status
        self.nodes: list[dict] = []
        self.relationships: list[dict] = []
        self._nodes: dict[str, dict] = {}
        self._rels: dict[tuple[str, str, str], dict] = {}
        self._dropped = 0  # relationships dropped (drop_weaker): ids are never reused

    def node(
        self, label: str, key: str, props: dict, evidence: Span, rule: str, confidence: float
    ) -> dict:
        """Propose a node; a second proposal of the same key adds what the first lacked."""
        clean = {k: v for k, v in props.items() if v not in (None, "", [])}
        found = self._nodes.get(key)
        if found is not None:
            for name, value in clean.items():
                if name == "aliases":
                    known = found["properties"].setdefault("aliases", [])
                    known += [
                        a for a in value if a not in known and a != found["properties"].get("name")
                    ]
                else:
                    found["properties"].setdefault(name, value)
            return found
        proposal = {
            "id": f"n{len(self.nodes) + 1}",
            "kind": "node",
            "label": label,
            "key": key,
            "properties": {"key": key, **clean},
            "evidence": evidence.text,
            "span": [evidence.start, evidence.end],
            "rule": rule,
            "confidence": round(confidence, 2),
            "status": self.status,
            "resolved_to": None,
            "choices": [],
            "decision": "pending",
        }
        self.nodes.append(proposal)
        self._nodes[key] = proposal
        return proposal

    def has(self, key: str) -> bool:
        return key in self._nodes

    def get(self, key: str) -> dict | None:
        return self._nodes.get(key)

    def drop_weaker(self, weaker: str, stronger: str) -> None:
        """Drop each ``weaker`` relationship whose two ends are also joined by
        ``stronger`` (a policy that implements another also cites it: one fact)."""
        strong = {(s, e) for (s, t, e) in self._rels if t == stronger}
        gone = {(s, t, e) for (s, t, e) in self._rels if t == weaker and (s, e) in strong}
        if not gone:
            return
        for triple in gone:
            del self._rels[triple]
        self._dropped += len(gone)
        self.relationships = [
            r for r in self.relationships if (r["start"], r["type"], r["end"]) not in gone
        ]

    def ends(self, start: str, rtype: str) -> list[str]:
        """The end keys of the proposed ``rtype`` relationships from ``start``."""
        return [e for (s, t, e) in self._rels if s == start and t == rtype]

    def rel(
        self,
        rtype: str,
        start: str,
        end: str,
        evidence: Span,
        rule: str,
        confidence: float,
        props: dict | None = None,
    ) -> dict | None:
        """Propose a relationship between two proposed nodes (by key); once per triple."""
        if start == end or start not in self._nodes or end not in self._nodes:
            return None
        triple = (start, rtype, end)
        if triple in self._rels:
            return self._rels[triple]
        proposal = {
            "id": f"r{len(self._rels) + self._dropped + 1}",
            "kind": "relationship",
            "type": rtype,
            "start": start,
            "end": end,
            "properties": {k: v for k, v in (props or {}).items() if v not in (None, "", [])},
            "evidence": evidence.text,
            "span": [evidence.start, evidence.end],
            "rule": rule,
            "confidence": round(confidence, 2),
            "status": self.status,
            "resolved_to": None,
            "decision": "pending",
        }
        self.relationships.append(proposal)
        self._rels[triple] = proposal
        return proposal
