"""Canonical partition keys (manifest reference, "Partition keys"; the contract's ADR-011 grammar).

A canonical key lists the dimensions sorted by name as ``name=TAG:VALUE`` joined by commas:
``date=d:2026-11-26,region=s:ZXU``. The tags are ``s:`` (unpadded base64url of the UTF-8 text),
``i:`` (an integer), ``b:`` (``true``/``false``), ``d:`` (a date), ``t:`` (a UTC instant with six
fractional digits) and ``n:null``. :func:`encode` builds one from Python values and :func:`decode`
reads one back into them, so an asset function sees ``date(2026, 11, 26)`` and ``"eu"``.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from datetime import date, datetime, timezone
from typing import Union

PartitionValue = Union[str, int, bool, date, datetime, None]
"""A decoded dimension value: ``s:`` str, ``i:`` int, ``b:`` bool, ``d:`` date, ``t:`` datetime (UTC), ``n:`` None."""

DIMENSION_NAME = re.compile(r"[a-z][a-z0-9_]*")
MAX_KEY_BYTES = 1024


def encode(values: Mapping[str, PartitionValue]) -> str:
    """The canonical key of ``values`` (dimension name to value), sorted by name.

    A ``datetime`` must be timezone-aware; it is written in UTC. Raises ValueError on a bad
    dimension name, a naive datetime, an empty mapping or a key over 1024 bytes.
    """
    if not values:
        raise ValueError("a partition key needs at least one dimension")
    parts = []
    for name in sorted(values):
        if not DIMENSION_NAME.fullmatch(name):
            raise ValueError(f"dimension name '{name}' must match [a-z][a-z0-9_]*")
        parts.append(f"{name}={_tagged(values[name])}")
    key = ",".join(parts)
    if len(key.encode("utf-8")) > MAX_KEY_BYTES:
        raise ValueError(f"partition key exceeds max length ({MAX_KEY_BYTES})")
    return key


def decode(key: str) -> dict[str, PartitionValue]:
    """The dimensions of a canonical key, in key order. Raises ValueError on a malformed key."""
    out: dict[str, PartitionValue] = {}
    for segment in key.split(","):
        name, found, tagged = segment.partition("=")
        if not found:
            raise ValueError(f"invalid partitionKey: missing '=' in partition segment: {segment}")
        if not DIMENSION_NAME.fullmatch(name):
            raise ValueError(f"invalid partitionKey: invalid partition key: {name}")
        if name in out:
            raise ValueError(f"invalid partitionKey: duplicate key in partition key: {name}")
        out[name] = _untagged(tagged)
    return out


def _tagged(value: PartitionValue) -> str:
    # bool before int: bool is a subclass of int; datetime before date for the same reason.
    if value is None:
        return "n:null"
    if isinstance(value, bool):
        return "b:" + ("true" if value else "false")
    if isinstance(value, int):
        return f"i:{value}"
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"datetime {value.isoformat()} must be timezone-aware")
        return "t:" + value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date):
        return "d:" + value.isoformat()
    if isinstance(value, str):
        return "s:" + base64.urlsafe_b64encode(value.encode("utf-8")).decode("ascii").rstrip("=")
    raise ValueError(f"unsupported partition value {value!r} of type {type(value).__name__}")


def _untagged(tagged: str) -> PartitionValue:
    tag, found, raw = tagged.partition(":")
    if not found:
        raise ValueError(f"invalid partitionKey: missing type prefix in value: {tagged}")
    try:
        if tag == "s":
            padded = raw + "=" * (-len(raw) % 4)
            return base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8")
        if tag == "i":
            return int(raw)
        if tag == "b":
            if raw not in ("true", "false"):
                raise ValueError(raw)
            return raw == "true"
        if tag == "d":
            return date.fromisoformat(raw)
        if tag == "t":
            return datetime.strptime(raw, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
        if tag == "n":
            if raw != "null":
                raise ValueError(raw)
            return None
    except ValueError as e:
        raise ValueError(f"invalid partitionKey: invalid value: {tagged}") from e
    raise ValueError(f"invalid partitionKey: unknown type prefix: {tag}")
