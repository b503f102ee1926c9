"""Partition definitions for ``@asset(partitions=...)`` and their manifest ``partitioning`` JSON.

Each definition becomes one or more dimensions of the manifest's ``partitioning.dimensions``
(manifest reference, "Partitioning"): time windows by the hour, day, week
or month with optional ``start``, ``end``, ``timezone`` and ``format``; a static list of values; a
dynamic set whose members are managed through the API; the tenant; or several of them at once with
:class:`MultiPartitions`. A single-dimension definition names its dimension (``date`` for time
windows, ``key`` for a static list, the set's name for a dynamic set, ``tenant``); a multi definition
names each dimension by its mapping key.

``problems()`` reports, before anything is sent, what a deploy would refuse with 422.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, ClassVar, Union

from .partition_keys import DIMENSION_NAME

SET_NAME = re.compile(r"[a-z][a-z0-9_-]{0,63}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")

Bound = Union[str, date, datetime, None]
"""A time window bound: ``YYYY-MM-DD`` text or a ``date``; for hourly windows also an RFC 3339 instant or an aware ``datetime``."""

Problem = tuple[str, str]
"""(field, message): the field is relative to the asset, e.g. ``partitions.start``."""


@dataclass(frozen=True)
class TimeWindowPartitions:
    """Time windows of one granularity; use :class:`HourlyPartitions`, :class:`DailyPartitions`,
    :class:`WeeklyPartitions` or :class:`MonthlyPartitions`.

    ``start`` and ``end`` are inclusive bounds on window starts; ``timezone`` is an IANA zone name
    (the server's default is ``UTC``); ``format`` is a Java ``DateTimeFormatter`` pattern plain
    values and bounds may use (e.g. ``yyyyMMdd``).
    """

    start: Bound = None
    end: Bound = None
    timezone: str | None = None
    format: str | None = None
    name: str = "date"

    GRANULARITY: ClassVar[str] = ""

    def dimensions(self, name: str | None = None) -> list[dict[str, Any]]:
        """The manifest dimensions of this definition (one), named ``name`` or its own name."""
        d: dict[str, Any] = {"name": name or self.name, "kind": "time", "granularity": self.GRANULARITY}
        for key in ("start", "end"):
            value = getattr(self, key)
            if value is not None:
                d[key] = _bound_text(value)
        if self.timezone is not None:
            d["timezone"] = self.timezone
        if self.format is not None:
            d["format"] = self.format
        return [d]

    def problems(self, prefix: str = "partitions") -> list[Problem]:
        """What a deploy would refuse in this definition."""
        out: list[Problem] = _name_problems(prefix, self.name)
        zone_problem = None if self.timezone is None else known_zone_problem(self.timezone)
        if zone_problem:
            out.append((f"{prefix}.timezone", zone_problem))
        if self.format is not None and (not isinstance(self.format, str) or not self.format.strip()):
            out.append((f"{prefix}.format", "must be a non-empty pattern"))
        parsed: dict[str, date | datetime] = {}
        for key in ("start", "end"):
            value = getattr(self, key)
            if value is None:
                continue
            problem, when = self._read_bound(value)
            if problem:
                out.append((f"{prefix}.{key}", problem))
            elif when is not None:
                parsed[key] = when
        start, end = parsed.get("start"), parsed.get("end")
        if start is not None and end is not None and type(start) is type(end) and start > end:
            out.append((f"{prefix}.start", f"start '{_bound_text(self.start)}' is after end '{_bound_text(self.end)}'"))
        return out

    def _read_bound(self, value: Bound) -> tuple[str | None, date | datetime | None]:
        if isinstance(value, datetime):
            if self.GRANULARITY != "hour":
                return f"expected a date for {self.GRANULARITY} windows, got a datetime", None
            if value.tzinfo is None:
                return "a datetime bound must be timezone-aware", None
            return None, value
        if isinstance(value, date):
            return None, value
        if not isinstance(value, str):
            return f"expected a date or text, got {type(value).__name__}", None
        if self.format is not None:
            return None, None  # text in the dimension's own format: the server reads it
        if _DATE.fullmatch(value):
            try:
                return None, date.fromisoformat(value)
            except ValueError:
                return f"'{value}' is not a valid date", None
        if self.GRANULARITY == "hour" and _INSTANT.fullmatch(value):
            try:
                return None, datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return f"'{value}' is not a valid RFC 3339 instant", None
        expected = "YYYY-MM-DD or an RFC 3339 instant" if self.GRANULARITY == "hour" else "YYYY-MM-DD"
        return f"'{value}' is not {expected}", None


@dataclass(frozen=True)
class HourlyPartitions(TimeWindowPartitions):
    """One partition per local hour of ``timezone``; keys are the hour's UTC instant (``t:``)."""

    GRANULARITY: ClassVar[str] = "hour"


@dataclass(frozen=True)
class DailyPartitions(TimeWindowPartitions):
    """One partition per day; keys are the day's date (``d:2026-11-26``)."""

    GRANULARITY: ClassVar[str] = "day"


@dataclass(frozen=True)
class WeeklyPartitions(TimeWindowPartitions):
    """One partition per week starting on Monday; keys are that Monday's date."""

    GRANULARITY: ClassVar[str] = "week"


@dataclass(frozen=True)
class MonthlyPartitions(TimeWindowPartitions):
    """One partition per month; keys are the month's first day."""

    GRANULARITY: ClassVar[str] = "month"


@dataclass(frozen=True)
class StaticPartitions:
    """A fixed list of string values (``region`` in ``eu``, ``us``)."""

    values: Sequence[str]
    name: str = "key"

    def dimensions(self, name: str | None = None) -> list[dict[str, Any]]:
        """The manifest dimensions of this definition (one)."""
        return [{"name": name or self.name, "kind": "static", "values": list(self.values)}]

    def problems(self, prefix: str = "partitions") -> list[Problem]:
        """Empty, non-string or repeated values, and a bad name."""
        out = _name_problems(prefix, self.name)
        if isinstance(self.values, str) or not isinstance(self.values, Sequence):
            return out + [(f"{prefix}.values", "expected a list of strings")]
        if not self.values:
            out.append((f"{prefix}.values", "cannot be empty"))
        seen: set[str] = set()
        for i, value in enumerate(self.values):
            if not isinstance(value, str):
                out.append((f"{prefix}.values[{i}]", f"expected a string, got {type(value).__name__}"))
            elif value in seen:
                out.append((f"{prefix}.values[{i}]", f"duplicate value '{value}'"))
            else:
                seen.add(value)
        return out


@dataclass(frozen=True)
class DynamicPartitions:
    """The current members of a named partition set, managed with
    ``POST /partition-sets/{set}/members``; the dimension is named after the set by default."""

    set: str
    name: str | None = None

    def dimensions(self, name: str | None = None) -> list[dict[str, Any]]:
        """The manifest dimensions of this definition (one)."""
        return [{"name": name or self._default_name(), "kind": "dynamic", "set": self.set}]

    def problems(self, prefix: str = "partitions") -> list[Problem]:
        """A set name outside ``[a-z][a-z0-9_-]{0,63}`` and a bad dimension name."""
        out: list[Problem] = []
        if not isinstance(self.set, str) or not SET_NAME.fullmatch(self.set):
            out.append((f"{prefix}.set", f"invalid set name {self.set!r} (expected [a-z][a-z0-9_-]{{0,63}})"))
            return out
        return out + _name_problems(prefix, self._default_name())

    def _default_name(self) -> str:
        return self.name if self.name is not None else str(self.set).replace("-", "_")


@dataclass(frozen=True)
class TenantPartitions:
    """Any string, one partition per tenant of your own."""

    name: str = "tenant"

    def dimensions(self, name: str | None = None) -> list[dict[str, Any]]:
        """The manifest dimensions of this definition (one)."""
        return [{"name": name or self.name, "kind": "tenant"}]

    def problems(self, prefix: str = "partitions") -> list[Problem]:
        """A bad dimension name."""
        return _name_problems(prefix, self.name)


SingleDimension = Union[TimeWindowPartitions, StaticPartitions, DynamicPartitions, TenantPartitions]


@dataclass(frozen=True)
class MultiPartitions:
    """Two or more named dimensions; a key names one value of each
    (``date=d:2026-11-26,region=s:ZXU``). The mapping keys name the dimensions."""

    dimensions_by_name: Mapping[str, SingleDimension] = field(default_factory=dict)

    def dimensions(self, name: str | None = None) -> list[dict[str, Any]]:
        """The manifest dimensions, in mapping order."""
        out: list[dict[str, Any]] = []
        for dim_name, dim in self.dimensions_by_name.items():
            out.extend(dim.dimensions(dim_name))
        return out

    def problems(self, prefix: str = "partitions") -> list[Problem]:
        """Fewer than two dimensions, nested multi definitions, and each dimension's problems."""
        out: list[Problem] = []
        if len(self.dimensions_by_name) < 2:
            out.append((prefix, "a multi-dimensional definition needs at least two dimensions"))
        for dim_name, dim in self.dimensions_by_name.items():
            p = f"{prefix}[{dim_name!r}]"
            if not isinstance(dim, SINGLE_DIMENSION_TYPES):
                out.append((p, f"expected a single-dimension definition, got {type(dim).__name__}"))
                continue
            out.extend(_name_problems(p, dim_name))
            out.extend((f, m) for f, m in dim.problems(p) if not f.endswith(".name"))
        return out


PartitionsDefinition = Union[SingleDimension, MultiPartitions]
SINGLE_DIMENSION_TYPES = (TimeWindowPartitions, StaticPartitions, DynamicPartitions, TenantPartitions)
PARTITIONS_TYPES = SINGLE_DIMENSION_TYPES + (MultiPartitions,)


def partitioning(definition: PartitionsDefinition) -> dict[str, Any]:
    """The manifest ``partitioning`` object of ``definition``."""
    return {"dimensions": definition.dimensions()}


def _name_problems(prefix: str, name: str) -> list[Problem]:
    if not isinstance(name, str) or not DIMENSION_NAME.fullmatch(name):
        return [(f"{prefix}.name", f"dimension name {name!r} must match [a-z][a-z0-9_]*")]
    return []


def _bound_text(value: Bound) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.isoformat()
        return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@functools.lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    """The IANA zones this machine knows; empty when it has no time zone database (then unchecked)."""
    try:
        import zoneinfo

        return frozenset(zoneinfo.available_timezones())
    except Exception:  # no tz database: leave the check to the server
        return frozenset()


def known_zone_problem(zone: object) -> str | None:
    """Why ``zone`` is not an IANA zone name, or None (also when this machine cannot tell)."""
    zones = _known_zones()
    if not isinstance(zone, str) or (zones and zone not in zones):
        return f"unknown time zone {zone!r} (expected an IANA name such as 'Europe/Paris')"
    return None
