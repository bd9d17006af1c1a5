"""The text as spans: lines, sentences and clauses, each with its character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』)）]*|\n")
CLAUSE_SEP = re.compile(r"[,，;；、]?(?:并且|并将|并)?[,，;；]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    def sub(self, start: int, end: int) -> Span:
        """The part ``[start, end)`` of this span's text, with document offsets."""
        return Span(self.start + start, self.start + end, self.text[start:end])


def lines(text: str) -> list[Span]:
    """Non-empty lines, trimmed."""
    out, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Span(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def sentences(span: Span) -> list[Span]:
    """Sentences of a span, ended by 。！？； or a line end; the end mark kept."""
    out, start = [], 0
    for m in SENTENCE_END.finditer(span.text):
        end = m.end() if m.group() != "\n" else m.start()
        _add(out, span, start, end)
        start = m.end()
    _add(out, span, start, len(span.text))
    return out


def clauses(span: Span) -> list[Span]:
    """Clauses of a sentence, split at commas and semicolons (not at 、)."""
    out, start = [], 0
    for m in re.finditer(r"[,，;；]", span.text):
        _add(out, span, start, m.start())
        start = m.end()
    _add(out, span, start, len(span.text))
    return out


def _add(out: list[Span], span: Span, start: int, end: int) -> None:
    part = span.text[start:end]
    lead = len(part) - len(part.lstrip())
    part = part.strip()
    if part:
        out.append(span.sub(start + lead, start + lead + len(part)))


def strip_end(span: Span) -> Span:
    """The span without its closing punctuation (。；, ...)."""
    text = span.text.rstrip("。；;，,：:！!？? ")
    return span.sub(0, len(text))
