"""Field checks shared by the definitions: identifiers (at most 256 UTF-8 bytes, no control characters) and cron syntax.

They repeat the server's rules closely enough that a manifest passing them deploys; the server
stays the judge of the finer points (a cron that can never fire, a ``format`` pattern).
"""

from __future__ import annotations

import re

MAX_IDENTIFIER_BYTES = 256

_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
# (field name, low, high, names whose index + offset is their value)
_FIELDS = [
    ("minute", 0, 59, None, 0),
    ("hour", 0, 23, None, 0),
    ("day-of-month", 1, 31, None, 0),
    ("month", 1, 12, _MONTHS, 1),
    ("day-of-week", 0, 7, _DAYS, 0),
]
_SECOND = ("second", 0, 59, None, 0)
_ITEM = re.compile(r"(?P<base>\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:/(?P<step>\d+))?")


def identifier_problem(value: object) -> str | None:
    """Why ``value`` is not a valid identifier (blank, over 256 UTF-8 bytes, control characters)."""
    if not isinstance(value, str):
        return f"expected a string, got {type(value).__name__}"
    if not value.strip():
        return "cannot be blank"
    if len(value.encode("utf-8")) > MAX_IDENTIFIER_BYTES:
        return f"must be at most {MAX_IDENTIFIER_BYTES} bytes"
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in value):
        return "contains a control character"
    return None


def cron_problem(cron: object) -> str | None:
    """Why ``cron`` is not a Unix cron expression of 5 or 6 fields, or None."""
    if not isinstance(cron, str) or not cron.strip():
        return "cannot be blank"
    fields = cron.split()
    if len(fields) not in (5, 6):
        return "must have 5 fields (min..dow) or 6 fields (sec..dow)"
    specs = _FIELDS if len(fields) == 5 else [_SECOND, *_FIELDS]
    for text, (name, low, high, names, offset) in zip(fields, specs):
        for item in text.split(","):
            problem = _item_problem(item, low, high, names, offset)
            if problem:
                return f"invalid {name} field '{text}': {problem}"
    return None


def _item_problem(item: str, low: int, high: int, names: list[str] | None, offset: int) -> str | None:
    if any(c in item for c in "?LW#"):
        return "'?', 'L', 'W' and '#' are not supported"
    match = _ITEM.fullmatch(item)
    if not match:
        return f"cannot read '{item}'"
    if match.group("step") is not None and int(match.group("step")) == 0:
        return "a step must be at least 1"
    base = match.group("base")
    if base == "*":
        return None
    bounds = base.split("-")
    values = []
    for bound in bounds:
        value = _value(bound, names, offset)
        if value is None or not low <= value <= high:
            return f"'{bound}' is not between {low} and {high}"
        values.append(value)
    if len(values) == 2 and values[0] > values[1]:
        return f"range '{base}' runs backwards"
    return None


def _value(text: str, names: list[str] | None, offset: int) -> int | None:
    if text.isdigit():
        return int(text)
    if names and text.upper() in names:
        return names.index(text.upper()) + offset
    return None
