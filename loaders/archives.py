"""Zip files: the CSV export, ``nodes.csv`` and ``relationships.csv`` at any depth, read
as streams under a cap on what the archive expands to.

The sizes a zip declares can lie, so the bytes are counted as they are inflated: a zip
bomb is refused at MAX_ARCHIVE_BYTES (or MAX_ARCHIVE_RATIO) having used one chunk of
memory. Every such member is read, so ``a/nodes.csv`` and ``b/nodes.csv`` both load.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from graph.store import Limits

from .csv_files import read_csv
from .encoding import CHUNK, UndecodableFile, detect_chunks
from .records import Record, Rejected

# Below this a member is not judged by its ratio (a small, regular file compresses well).
RATIO_FLOOR = 10_000_000
KINDS = {"nodes.csv": "nodes", "relationships.csv": "relationships"}
SKIPPED = ("__MACOSX/", ".rejects.")


class ArchiveTooLarge(ValueError):
    """The archive expands beyond a named limit."""


class _Counter:
    """Bytes inflated so far in one archive, checked against the limits."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.total = 0
        self.last = 0

    def chunks(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The member's bytes; ``total`` counts the members read to their end."""
        member = 0
        cap, ratio = self.limits.MAX_ARCHIVE_BYTES, self.limits.MAX_ARCHIVE_RATIO
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                member += len(chunk)
                if self.total + member > cap:
                    raise ArchiveTooLarge(
                        f"expands to more than MAX_ARCHIVE_BYTES={cap} bytes "
                        f"(stopped in {info.filename!r})"
                    )
                if member > RATIO_FLOOR and member > ratio * max(info.compress_size, 1):
                    raise ArchiveTooLarge(
                        f"{info.filename!r} expands more than MAX_ARCHIVE_RATIO={ratio} "
                        f"times its compressed size {info.compress_size} (a zip bomb?)"
                    )
                yield chunk
        self.last = member


class _ChunkStream(io.RawIOBase):
    """A readable binary stream over an iterator of chunks (for TextIOWrapper)."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks = chunks
        self._left = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._left:
            self._left = next(self._chunks, b"")
            if not self._left:
                return 0
        n = min(len(buffer), len(self._left))
        buffer[:n] = self._left[:n]
        self._left = self._left[n:]
        return n


def csv_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The nodes.csv and relationships.csv members, nodes first, then by path."""
    members = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and _kind(info.filename)
        and not any(mark in info.filename for mark in SKIPPED)
    ]
    return sorted(members, key=lambda i: (_kind(i.filename) != "nodes", i.filename))


def _kind(member: str) -> str | None:
    return KINDS.get(Path(member).name.lower())


def read_zip(
    path: Path, name: str, encoding: str | None, limits: Limits
) -> Iterator[Record | Rejected]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        yield Rejected.one(name, 1, "file", f"not a zip file: {e}", whole_file=True)
        return
    with archive:
        members = csv_members(archive)
        if not members:
            yield Rejected.one(
                name,
                1,
                "file",
                "holds no nodes.csv or relationships.csv",
                whole_file=True,
            )
            return
        counter = _Counter(limits)
        # a name given twice in one zip is read once per entry, each named by its place
        seen: dict[str, int] = {}
        for info in members:
            seen[info.filename] = seen.get(info.filename, 0) + 1
            entry = "" if seen[info.filename] == 1 else f"#{seen[info.filename]}"
            inner = f"{name}!{info.filename}{entry}"
            try:
                yield from _member(archive, info, inner, encoding, counter)
            except ArchiveTooLarge as e:
                yield Rejected.one(name, 1, "file", str(e), whole_file=True)
                return
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as e:
                # a corrupt, encrypted or unsupported member (zipfile's own errors)
                yield Rejected.one(inner, 1, "file", f"cannot be read: {e}", whole_file=True)


def _member(archive, info, inner: str, encoding: str | None, counter: _Counter):
    try:
        found = detect_chunks(lambda: counter.chunks(archive, info), encoding)
    except UndecodableFile as e:
        yield Rejected.one(inner, e.line, "encoding", str(e), whole_file=True)
        return
    raw = io.BufferedReader(_ChunkStream(counter.chunks(archive, info)), CHUNK)
    stream = io.TextIOWrapper(raw, encoding=found, newline="")
    yield from read_csv(stream, inner, _kind(info.filename), defused=True)
    counter.total += counter.last
