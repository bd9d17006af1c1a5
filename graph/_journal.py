"""All or nothing for a load run: an undo journal kept while the batches are written.

A run writes batches of BATCH_SIZE records, each in its own transaction (one
transaction for a million records is not an option on Neo4j: its transaction state
lives in the server's heap). After each batch commits, the store hands this run's
:class:`Journal` the batch's :class:`~graph._upsert.Undo`: keys of what it created and
the stored property maps of what it updated. If any later batch (or the stream of
records itself) fails, the journal takes the written batches back newest first, one
transaction each, then the original error is raised again, saying the store was
restored (docs/data.md "All or nothing").

The journal is a temporary file, one pickled Undo per batch, so a run holds in memory
at most one batch's undo, whatever its size; the file is our own, deleted when the run
ends, and read back only by the run that wrote it.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from ._upsert import Undo
from .errors import GraphError

# The run in progress in this thread (or task), if any; a store's writes report to it.
_ACTIVE: ContextVar[Journal | None] = ContextVar("load_journal", default=None)


class Journal:
    """The Undo of every batch a run has committed, in a temporary file.

    For a run whose records are unique (``load(..., unique=True)``) it also keeps the
    keys of the nodes the run created: a later batch need not look those up, nor the
    relationships that touch them (they cannot have been stored before the run)."""

    def __init__(self, store, unique: bool = False):
        self.store = store
        self.unique = unique
        self.created: set[str] = set()
        self.empty: bool | None = None  # was the store empty when the run began
        self.batches = 0
        self._file = tempfile.TemporaryFile(prefix="policygraph-load-journal-")
        self._offsets: list[int] = []

    def add(self, undo: Undo) -> None:
        self.batches += 1
        if self.unique:
            for keys in undo.nodes_created.values():
                self.created.update(keys)
        if not undo:  # a batch that changed nothing needs nothing taken back
            return
        self._file.seek(0, 2)
        self._offsets.append(self._file.tell())
        pickle.dump(undo, self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def newest_first(self) -> Iterator[Undo]:
        for offset in reversed(self._offsets):
            self._file.seek(offset)
            yield pickle.load(self._file)  # noqa: S301 - our own file, written above

    def undo(self) -> int:
        """Take every committed batch back, newest first; how many were taken back."""
        done = 0
        for undo in self.newest_first():
            self.store._rollback_batch(undo)
            done += 1
        return done

    def close(self) -> None:
        self._file.close()


def current(store) -> Journal | None:
    """The run going on on ``store`` in this thread, if any."""
    journal = _ACTIVE.get()
    return journal if journal is not None and journal.store is store else None


def record(store, undo: Undo | None) -> None:
    """Called by a store once a batch has committed: journal it if a run is going on."""
    journal = _ACTIVE.get()
    if journal is not None and journal.store is store and undo is not None:
        journal.add(undo)


@contextmanager
def load_run(store, unique: bool = False) -> Iterator[Journal]:
    """A load run on ``store``: what is written inside is kept only if the block ends
    without an error; otherwise it is taken back and the error raised again, its message
    saying so. A run inside a run on the same store is part of the outer one."""
    outer = _ACTIVE.get()
    if outer is not None and outer.store is store:
        yield outer
        return
    journal = Journal(store, unique)
    token = _ACTIVE.set(journal)
    try:
        yield journal
    except BaseException as e:
        _ACTIVE.reset(token)
        token = None
        _take_back(journal, e)
        raise
    finally:
        if token is not None:
            _ACTIVE.reset(token)
        journal.close()


def _take_back(journal: Journal, error: BaseException) -> None:
    if not journal.batches:
        return  # nothing was committed: the failing batch's own transaction rolled back
    try:
        journal.undo()
    except BaseException as undo_error:
        amend(
            error,
            f"; {journal.batches} batches of this load had been written and taking them "
            f"back failed ({undo_error}): the store holds part of this load",
        )
        raise error from undo_error
    amend(
        error,
        f"; the {journal.batches} batches of this load written before it were taken back, "
        "so the store is as it was before the load",
    )


def amend(error: BaseException, text: str) -> None:
    """Add ``text`` to the error's message, keeping its type (and so its status)."""
    if isinstance(error, GraphError):
        error.message += text
        error.args = (error.message, *error.args[1:])
    else:
        error.add_note(text.lstrip("; "))
