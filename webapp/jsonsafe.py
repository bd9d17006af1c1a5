"""JSON that browsers can parse: no bare NaN or Infinity in any response.

Python's ``json`` writes ``NaN`` and ``Infinity`` (not JSON; ``JSON.parse`` fails on
them), and a Cypher query can return them (``RETURN 0.0/0.0``). Non-finite floats are
written as the strings ``"NaN"``, ``"Infinity"`` and ``"-Infinity"`` instead, so the
value is still visible and the document stays valid.
"""

from __future__ import annotations

import json
import math
from typing import Any

from flask.json.provider import DefaultJSONProvider


def finite(value: Any) -> Any:
    """``value`` with every non-finite float replaced by its name as a string.

    >>> finite({"a": [1.5, float("nan")], "b": float("-inf"), "c": "x"})
    {'a': [1.5, 'NaN'], 'b': '-Infinity', 'c': 'x'}
    """
    if isinstance(value, float) and not math.isfinite(value):
        if math.isnan(value):
            return "NaN"
        return "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def dumps(value: Any, **kwargs: Any) -> str:
    """``json.dumps`` that never writes NaN or Infinity.

    >>> dumps([float("inf")])
    '["Infinity"]'
    """
    try:
        return json.dumps(value, allow_nan=False, **kwargs)
    except ValueError:
        return json.dumps(finite(value), allow_nan=False, **kwargs)


class FiniteJSONProvider(DefaultJSONProvider):
    """Flask's JSON (``jsonify``, ``|tojson``) with non-finite floats as strings."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        try:
            return super().dumps(obj, allow_nan=False, **kwargs)
        except ValueError:
            return super().dumps(finite(obj), allow_nan=False, **kwargs)
