"""What a load run did: counts per label and relationship type, and every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import GraphError
from graph.model import WriteCounts

from .records import Problem


class LoadFailed(GraphError):
    """A load run found bad rows and wrote nothing; ``problems`` lists every one."""

    status = 400
    SHOWN = 20  # problems quoted in the message; all are in ``problems``

    def __init__(self, problems: list[str]):
        more = f"\n... and {len(problems) - self.SHOWN} more" if len(problems) > self.SHOWN else ""
        super().__init__(
            f"{len(problems)} problems; nothing was loaded:\n"
            + "\n".join(problems[: self.SHOWN])
            + more
        )
        self.problems = problems


@dataclass
class LoadReport:
    files: list[Path] = field(default_factory=list)
    counts: WriteCounts = field(default_factory=WriteCounts)
    rejected: dict[str, int] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    rejects_files: list[Path] = field(default_factory=list)
    written: bool = False  # False when errors stopped the run before any write
    derived: int = 0  # ELIGIBLE_FOR relationships derived (or re-derived) and written
    stale: int = 0  # derived ELIGIBLE_FOR that no longer hold, deleted (loaders/rederive.py)

    @property
    def ok(self) -> bool:
        return not self.errors

    def check(self) -> LoadReport:
        """``self`` when nothing was refused, else LoadFailed (for callers that must not
        go on with a half-loaded or unloaded store: the app's first start, fixtures)."""
        if self.errors and not self.written:
            raise LoadFailed(self.error_lines())
        return self

    def error_lines(self) -> list[str]:
        return [str(p) for p in self.errors]

    def rows(self) -> list[tuple[str, int, int, int, int]]:
        """(label or type, created, updated, unchanged, rejected), labels first."""
        c = self.counts
        names = set(c.created) | set(c.updated) | set(c.unchanged) | set(self.rejected)
        ordered = sorted(names, key=lambda n: (n.isupper(), n))
        return [
            (
                n,
                c.created.get(n, 0),
                c.updated.get(n, 0),
                c.unchanged.get(n, 0),
                self.rejected.get(n, 0),
            )
            for n in ordered
        ]

    def table(self) -> str:
        """The summary table printed at the end of every run."""
        head = ("label/type", "created", "updated", "unchanged", "rejected")
        rows = [tuple(str(v) for v in r) for r in self.rows()]
        totals = [sum(r[i] for r in self.rows()) for i in range(1, 5)]
        rows.append(("total", *(str(t) for t in totals)))
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(5)]

        def fmt(r):
            return "  ".join(
                r[0].ljust(widths[0]) if i == 0 else r[i].rjust(widths[i]) for i in range(5)
            )

        return "\n".join([fmt(head), "  ".join("-" * w for w in widths), *map(fmt, rows)])

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "written": self.written,
            "files": [str(f) for f in self.files],
            "counts": self.counts.to_dict(),
            "rejected": dict(self.rejected),
            "errors": self.error_lines(),
            "derived": self.derived,
            "stale": self.stale,
            "rejects_files": [str(f) for f in self.rejects_files],
        }
