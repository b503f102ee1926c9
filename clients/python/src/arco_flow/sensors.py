"""Sensors: push sensors fed by messages and poll sensors evaluated by the worker (manifest reference, "Sensors").

::

    inbox = PushSensor(assets=[orders, daily_revenue])

    @poll_sensor(assets=[orders], min_interval_seconds=60)
    def new_files(context: SensorContext) -> SensorResult:
        files = list_files(after=context.cursor)
        return SensorResult(cursor=files[-1].name if files else context.cursor,
                            run_requests=[RunRequest(partition={"date": f.day}) for f in files])

A push sensor turns each message sent to ``POST /sensors/{id}/evaluate`` into one run of its
assets (the message's ``attributes.partitionKey`` is the run's partition). A poll sensor's function
is called by a worker that polls queue ``sensors`` every ``min_interval_seconds`` (default 30) with
the cursor it returned last time; it returns a :class:`SensorResult`, a ``(cursor, run_requests)``
pair, or None for "nothing new" (the cursor stays).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import partition_keys
from .assets import AssetDefinition, AssetRef
from .keys import AssetKey
from .partition_keys import PartitionValue


@dataclass(frozen=True)
class PushSensor:
    """A sensor that reacts to pushed messages; its id defaults to the module attribute's name."""

    assets: Sequence[AssetRef]
    id: str | None = None


@dataclass(frozen=True, eq=False)
class PollSensor:
    """What ``@poll_sensor`` made of a function. Calling it calls the function."""

    fn: Callable[..., Any]
    assets: Sequence[AssetRef]
    id: str | None = None
    min_interval_seconds: int | None = None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.fn(*args, **kwargs)

    @property
    def sensor_id(self) -> str:
        """``id=``, else the function's name."""
        return self.id if self.id is not None else self.fn.__name__

    @property
    def origin(self) -> str:
        """``module.function``, for messages."""
        return f"{self.fn.__module__}.{self.fn.__qualname__}"


def poll_sensor(
    fn: Callable[..., Any] | None = None,
    /,
    *,
    assets: Sequence[AssetRef],
    id: str | None = None,
    min_interval_seconds: int | None = None,
) -> Any:
    """Declares a function as a poll sensor of ``assets`` (see the module docstring). The function
    takes a :class:`SensorContext` (or nothing)."""

    def wrap(function: Callable[..., Any]) -> PollSensor:
        if not callable(function):
            raise TypeError(f"@poll_sensor decorates a function, got {function!r}")
        return PollSensor(fn=function, assets=tuple(assets), id=id, min_interval_seconds=min_interval_seconds)

    return wrap(fn) if fn is not None else wrap


@dataclass(frozen=True)
class RunRequest:
    """One run a poll sensor asks for.

    ``assets`` defaults to the sensor's assets. Give the partition either as the canonical
    ``partition_key`` or as ``partition`` (dimension name to value: a ``date`` for daily, weekly and
    monthly windows, an aware ``datetime`` for hourly ones, a string for static and dynamic
    dimensions), which is encoded to the canonical key. ``run_key`` makes the request idempotent;
    without one the server derives ``sensor:{id}:poll:{stateVersion}:{index}``.
    """

    assets: Sequence[AssetRef] | None = None
    partition_key: str | None = None
    partition: Mapping[str, PartitionValue] | None = None
    run_key: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``runRequests`` item of a poll evaluation's output. Raises ValueError on a bad
        asset reference or partition."""
        if self.partition_key is not None and self.partition is not None:
            raise ValueError("give partition_key or partition, not both")
        out: dict[str, Any] = {}
        if self.assets is not None:
            out["assets"] = [str(asset_key_of(a)) for a in self.assets]
        if self.partition_key is not None:
            out["partitionKey"] = self.partition_key
        elif self.partition is not None:
            out["partitionKey"] = partition_keys.encode(self.partition)
        if self.run_key is not None:
            out["runKey"] = self.run_key
        return out


@dataclass(frozen=True)
class SensorResult:
    """A poll sensor's answer: the cursor to keep and the runs to start."""

    cursor: str | None = None
    run_requests: Sequence[RunRequest] = ()


def asset_key_of(ref: AssetRef) -> AssetKey:
    """The key of an asset reference (a definition or ``namespace.name`` text)."""
    if isinstance(ref, AssetDefinition):
        return ref.asset_key()
    if isinstance(ref, str):
        return AssetKey.parse(ref)
    raise ValueError(f"expected an asset definition or a 'namespace.name' key, got {ref!r}")
