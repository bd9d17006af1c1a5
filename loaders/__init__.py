"""Loaders: read users' files and the bundled data into validated records.

Readers yield :class:`Record` (a ``graph.model.Node`` or ``Relationship`` with the file
and line it came from) and :class:`Rejected` (a bad row with every problem, each
printed ``file:line: field: problem``); they never touch a database. Only
:func:`load_paths` writes, through the store's ``load``, after every file has been
checked, and :func:`delete` deletes (re-deriving the ELIGIBLE_FOR that changes).
Formats: docs/formats.md; ELIGIBLE_FOR rules: docs/eligibility.md.
"""

from pathlib import Path

from .loading import load_paths
from .reading import find_files, read_file, read_paths
from .records import Problem, Record, Rejected
from .rederive import delete
from .report import LoadFailed, LoadReport

BUNDLED_DATA = Path(__file__).resolve().parent.parent / "data"

__all__ = [
    "BUNDLED_DATA",
    "LoadFailed",
    "LoadReport",
    "Problem",
    "Record",
    "Rejected",
    "delete",
    "find_files",
    "load_paths",
    "read_file",
    "read_paths",
]
