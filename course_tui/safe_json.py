"""JSON text for files and pipes that is valid and inert wherever it is shown.

``json.dumps`` writes ``NaN``/``Infinity`` (not JSON: strict parsers refuse the whole file)
and, with ``ensure_ascii=False``, leaves DEL, the C1 controls (CSI ``\\x9b``, OSC ``\\x9d``…)
and U+2028/U+2029 raw although it escapes C0. :func:`dumps` leaves out every number that is
not finite (a member of an object is dropped, an item of an array becomes ``null``; their
places are appended to *left_out*) and writes those characters as ``\\uXXXX`` escapes, so the
text still carries them as data but a terminal showing the file never acts on them.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# Inside JSON strings only (everything outside strings is ASCII): escaping keeps the data.
_RAW = re.compile("[\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def finite(value: Any, where: str = "$", left_out: list[str] | None = None) -> Any:
    """*value* without its non-finite numbers (see the module's docstring)."""
    if isinstance(value, float) and not math.isfinite(value):
        if left_out is not None:
            left_out.append(where)
        return None
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if isinstance(item, float) and not math.isfinite(item):
                if left_out is not None:
                    left_out.append(f"{where}.{key}")
                continue
            out[key] = finite(item, f"{where}.{key}", left_out)
        return out
    if isinstance(value, (list, tuple)):
        return [finite(item, f"{where}[{i}]", left_out) for i, item in enumerate(value)]
    return value


def dumps(data: Any, indent: int | None = 2, left_out: list[str] | None = None) -> str:
    """*data* as JSON text (UTF-8 characters kept), never NaN/Infinity, no raw C1 character."""
    text = json.dumps(finite(data, "$", left_out), ensure_ascii=False, indent=indent, allow_nan=False)
    return _RAW.sub(_escape, text)
