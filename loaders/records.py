"""What readers yield: validated records with their origin, and rejected rows with
every problem found in them.

A reader never stops at the first problem: each bad row becomes one :class:`Rejected`
listing all its :class:`Problem` s, each printed as ``file:line: field: problem``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.model import Node, Relationship


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.problem}"


@dataclass(slots=True)
class Record:
    """A valid node or relationship and where it was read."""

    item: Node | Relationship
    file: str
    line: int

    @property
    def label(self) -> str:
        """The node's label or the relationship's type (what the summary counts by)."""
        return self.item.label if isinstance(self.item, Node) else self.item.type


@dataclass(slots=True)
class Rejected:
    """A row (or a whole file, ``line`` 1 or the failing line) that cannot be loaded.

    ``raw`` is the row as read (CSV fields or the JSON/YAML record), written to the
    rejects file under ``--skip-invalid``; ``label`` is what the summary counts it as.
    """

    file: str
    line: int
    problems: list[Problem]
    label: str = "?"
    raw: dict | list | None = None
    whole_file: bool = False
    records: list[Record] = field(default_factory=list)

    @classmethod
    def one(cls, file: str, line: int, fieldname: str, problem: str, **kw) -> Rejected:
        return cls(file, line, [Problem(file, line, fieldname, problem)], **kw)
