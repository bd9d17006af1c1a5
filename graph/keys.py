"""Business keys: ``kind:id``, globally unique, ASCII; the kind names the label."""

import re

from .errors import BadParameter

KEY_RE = re.compile(r"^[a-z][a-z_]*:[A-Za-z0-9_-]+\Z")  # \Z: no trailing newline, as $ allows


def check_key(key: object, name: str = "key") -> str:
    """Return ``key`` if it is a well-formed business key, else raise BadParameter.

    >>> check_key("province:330000")
    'province:330000'
    >>> check_key("Province 33")
    Traceback (most recent call last):
    ...
    graph.errors.BadParameter: key: 'Province 33' is not a key of the form kind:id
    """
    if not isinstance(key, str) or not KEY_RE.match(key):
        raise BadParameter(name, f"{key!r} is not a key of the form kind:id")
    return key


def key_kind(key: str) -> str:
    """The part before the colon.

    >>> key_kind("agency:miit")
    'agency'
    """
    return key.split(":", 1)[0]
