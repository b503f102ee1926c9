"""What an asset function returns: the attempt's output (worker protocol, ``TaskOutput``).

Return None (nothing to report), a :class:`MaterializeResult`, or a dict of the same fields in
camelCase or snake_case. The server keeps exactly these fields: ``deltaTable``, ``deltaVersion``
and ``deltaPartition`` show on the run's task and on the partition's status row, and a success
records the ``executionLineageRef`` (run, task, attempt, ``materializationId`` and the delta fields)
that ties the partition to this attempt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from typing import Any

VISIBILITY_STATES = ("PENDING", "VISIBLE", "FAILED")


@dataclass(frozen=True)
class MaterializeResult:
    """The materialisation an attempt produced; every field is optional."""

    materialization_id: str | None = None
    row_count: int | None = None
    byte_size: int | None = None
    output_path: str | None = None
    delta_table: str | None = None
    delta_version: int | None = None
    delta_partition: str | None = None
    output_visibility_state: str | None = None
    published_at: datetime | str | None = None
    publish_error: str | None = None

    def to_output(self) -> dict[str, Any]:
        """The ``output`` object of ``/completed`` (camelCase, absent fields omitted)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            if isinstance(value, datetime):
                value = _instant(value)
            out[_camel(f.name)] = value
        return out




def output_of(value: object) -> dict[str, Any] | None:
    """The ``output`` object for what an asset function returned.

    Raises TypeError for a value of another type and ValueError for a dict with unknown fields or a
    bad visibility state, so a mistake fails the attempt instead of being dropped silently.
    """
    if value is None:
        return None
    if isinstance(value, MaterializeResult):
        result = value
    elif isinstance(value, Mapping):
        known = {f.name for f in fields(MaterializeResult)}
        kwargs = {}
        for key, v in value.items():
            name = _snake(str(key))
            if name not in known:
                raise ValueError(f"unknown output field '{key}' (expected {', '.join(sorted(_camel(k) for k in known))})")
            kwargs[name] = v
        result = MaterializeResult(**kwargs)
    else:
        raise TypeError(
            f"an asset function returns None, a MaterializeResult or a dict of its fields, not {type(value).__name__}"
        )
    if result.output_visibility_state is not None and result.output_visibility_state not in VISIBILITY_STATES:
        raise ValueError(f"output_visibility_state must be one of {', '.join(VISIBILITY_STATES)}")
    return result.to_output()


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.capitalize() for p in rest)


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def _instant(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
