"""Text encodings of users' files: UTF-8, UTF-8 with a BOM, and GBK (Chinese Excel's
default), read as GB18030, its superset; any other encoding only when the user names it
(``--encoding NAME``).

Detection: a BOM says UTF-8; else the whole file is tried as strict UTF-8 (an
incremental decoder, so a large file is never held twice); else GB18030, kept only when
the text is plausibly Chinese; else the file is refused, naming the line and byte.

GB18030 decodes almost any byte string, so "it decodes" proves nothing: Latin-1
``Müller`` (``4d fc 6c 6c 65 72``) decodes as ``M黮ller``. Real GBK text is nearly all
characters of GB 2312 (the 6,763 common hanzi, CJK punctuation, full-width forms); text
that decodes mostly to characters outside it is some other encoding read wrongly.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable
from pathlib import Path

CHUNK = 1 << 20
# Share of the non-ASCII characters of a GB18030-decoded file that must be GB 2312
# characters for the file to count as Chinese text.
MIN_GB2312_SHARE = 0.9
ENCODING_HINT = (
    "save the file as UTF-8, or name its encoding with --encoding NAME "
    "(for example --encoding latin-1 or --encoding utf-16)"
)


class UndecodableFile(ValueError):
    """The file is neither UTF-8 nor plausible GBK/GB18030 text (or not the encoding
    the user named)."""

    def __init__(self, line: int, problem: str):
        super().__init__(problem)
        self.line = line


def check_encoding(name: str) -> str:
    """The codec ``name`` stands for, or ValueError naming it."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ValueError(f"unknown encoding {name!r} (use a Python codec name)") from None


def _decodes(raw_chunks, encoding: str, stats: list[int] | None = None):
    """None if every chunk decodes, else (line, byte, offset) of the first bad byte.
    ``stats`` (when given) gets [non-ASCII characters, of which GB 2312 characters]."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = 0
    lines = 1
    for chunk, final in raw_chunks:
        try:
            text = decoder.decode(chunk, final)
        except UnicodeDecodeError as e:
            bad = offset + e.start
            return lines + chunk[: e.start].count(b"\n"), chunk[e.start], bad
        if stats is not None:
            _count(text, stats)
        offset += len(chunk)
        lines += chunk.count(b"\n")
    return None


def _count(text: str, stats: list[int]) -> None:
    ascii_chars = len(text.encode("ascii", "ignore"))
    stats[0] += len(text) - ascii_chars
    # every GB 2312 character is two bytes; what it cannot encode is dropped
    stats[1] += (len(text.encode("gb2312", "ignore")) - ascii_chars) // 2


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


def detect_bytes(data: bytes, encoding: str | None = None) -> str:
    """The Python codec to read ``data`` with.

    >>> detect_bytes("浙江".encode("gbk")), detect_bytes(codecs.BOM_UTF8 + b"a")
    ('gb18030', 'utf-8-sig')
    >>> detect_bytes("Müller".encode("latin-1"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    loaders.encoding.UndecodableFile: not UTF-8 (byte 0xfc at offset 1) and read as GBK it ...
    """
    if encoding:
        return _named(lambda: _chunks_of(data), encoding)
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return _pick(lambda: _chunks_of(data))


def detect_chunks(chunks: Callable[[], Iterable[bytes]], encoding: str | None = None) -> str:
    """Like :func:`detect_bytes` for data read as chunks; ``chunks()`` starts a new
    pass over the data (detection may need two)."""

    def marked():
        return _with_final(chunks())

    if encoding:
        return _named(marked, encoding)
    opening = iter(chunks())
    first = next(opening, b"")
    getattr(opening, "close", lambda: None)()
    if first.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return _pick(marked)


def _with_final(chunks: Iterable[bytes]):
    """(chunk, is_last) pairs."""
    it = iter(chunks)
    chunk = next(it, b"")
    for following in it:
        yield chunk, False
        chunk = following
    yield chunk, True


def detect_file(path: Path, encoding: str | None = None) -> str:
    if encoding:
        return _named(lambda: _file_chunks(path), encoding)
    with open(path, "rb") as f:
        if f.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"
    return _pick(lambda: _file_chunks(path))


def _named(chunks, encoding: str) -> str:
    codec = check_encoding(encoding)
    error = _decodes(chunks(), codec)
    if error is not None:
        line, byte, offset = error
        raise UndecodableFile(line, f"not {encoding} text (byte 0x{byte:02x} at offset {offset})")
    return "utf-8-sig" if codec == "utf-8" else codec


def _pick(chunks) -> str:
    utf8_error = _decodes(chunks(), "utf-8")
    if utf8_error is None:
        return "utf-8"
    line, byte, offset = utf8_error
    stats = [0, 0]
    if _decodes(chunks(), "gb18030", stats) is None:
        if stats[1] >= MIN_GB2312_SHARE * stats[0]:
            return "gb18030"
        why = (
            f"and read as GBK it gives unlikely characters ({stats[0] - stats[1]} of "
            f"{stats[0]} outside GB 2312), so it is not Chinese text"
        )
    else:
        why = "nor GBK/GB18030 text"
    raise UndecodableFile(
        line, f"not UTF-8 (byte 0x{byte:02x} at offset {offset}) {why}; {ENCODING_HINT}"
    )


def read_text(path: Path) -> str:
    data = Path(path).read_bytes()
    return data.decode(detect_bytes(data))
