"""Raw UTF-8 in a query string, as curl sends ``/match.json?designations=专精特新``.

WSGI hands ``QUERY_STRING`` over as latin-1 text (one character per byte), and
werkzeug then reads each byte as a character: 专 arrived as 'ä¸\\x93' and was refused
as an unknown designation. Percent-encoding the non-ASCII bytes first makes the raw
and the encoded URL mean the same, as they do in a browser (which encodes them).
"""

from __future__ import annotations


def encoded(query: str) -> str:
    """``query`` with every non-ASCII byte percent-encoded.

    >>> encoded("designations=" + "专".encode().decode("latin-1"))
    'designations=%E4%B8%93'
    >>> encoded("q=%E6%B5%99&x=1")
    'q=%E6%B5%99&x=1'
    """
    if query.isascii():
        return query
    try:
        raw = query.encode("latin-1")
    except UnicodeEncodeError:  # a server that decoded the bytes itself
        raw = query.encode("utf-8")
    return "".join(chr(b) if b < 0x80 else f"%{b:02X}" for b in undanced(raw))


def undanced(raw: bytes) -> bytes:
    """The request's bytes, where the server encoded them twice: werkzeug's development
    server (``flask run``) reads the request line as latin-1 and then encodes that text
    as UTF-8 again, so 专 (E4 B8 93) arrives as C3 A4 C2 B8 C2 93.

    >>> undanced("专".encode().decode("latin-1").encode()) == "专".encode()
    True
    >>> undanced("专".encode()) == "专".encode(), undanced("café".encode()) == "café".encode()
    (True, True)
    """
    try:
        once = raw.decode("utf-8").encode("latin-1")
        once.decode("utf-8")
    except UnicodeError:
        return raw  # not text encoded twice: as sent
    return once


class RawQuery:
    """WSGI middleware: the request's query string with raw bytes percent-encoded."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        query = environ.get("QUERY_STRING")
        if query and not query.isascii():
            environ["QUERY_STRING"] = encoded(query)
        return self.app(environ, start_response)
