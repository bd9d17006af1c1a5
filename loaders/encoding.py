"""Text encodings of users' files: UTF-8, UTF-8 with a BOM, and GBK (Chinese Excel's
default), read as GB18030, its superset.

Detection: a BOM says UTF-8; else the whole file is tried as strict UTF-8 (an
incremental decoder, so a large file is never held twice); else GB18030; else the
file is reported as undecodable, naming the line and byte.
"""

from __future__ import annotations

import codecs
from pathlib import Path

CHUNK = 1 << 20


class UndecodableFile(ValueError):
    """The file is neither UTF-8 nor GBK/GB18030 text."""

    def __init__(self, line: int, byte: int, offset: int):
        super().__init__(
            f"not UTF-8 or GBK text (byte 0x{byte:02x} at offset {offset}); save the file as UTF-8"
        )
        self.line = line


def _decodes(raw_chunks, encoding: str) -> tuple[int, int, int] | None:
    """None if every chunk decodes, else (line, byte, offset) of the first bad byte."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = 0
    lines = 1
    for chunk, final in raw_chunks:
        try:
            decoder.decode(chunk, final)
        except UnicodeDecodeError as e:
            bad = offset + e.start
            return lines + chunk[: e.start].count(b"\n"), chunk[e.start], bad
        offset += len(chunk)
        lines += chunk.count(b"\n")
    return None


def _chunks_of(data: bytes):
    for i in range(0, max(len(data), 1), CHUNK):
        yield data[i : i + CHUNK], i + CHUNK >= len(data)


def _file_chunks(path: Path):
    size = path.stat().st_size
    with open(path, "rb") as f:
        read = 0
        while True:
            chunk = f.read(CHUNK)
            read += len(chunk)
            yield chunk, read >= size
            if read >= size:
                return


def detect_bytes(data: bytes) -> str:
    """The Python codec to read ``data`` with.

    >>> detect_bytes("浙江".encode("gbk")), detect_bytes(codecs.BOM_UTF8 + b"a")
    ('gb18030', 'utf-8-sig')
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return _pick(lambda: _chunks_of(data))


def detect_file(path: Path) -> str:
    with open(path, "rb") as f:
        if f.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"
    return _pick(lambda: _file_chunks(path))


def _pick(chunks) -> str:
    utf8_error = _decodes(chunks(), "utf-8")
    if utf8_error is None:
        return "utf-8"
    if _decodes(chunks(), "gb18030") is None:
        return "gb18030"
    raise UndecodableFile(*utf8_error)


def read_text(path: Path) -> str:
    data = Path(path).read_bytes()
    return data.decode(detect_bytes(data))
