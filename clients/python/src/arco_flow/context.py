"""What an asset or sensor function receives from the worker.

:class:`AssetContext` describes the attempt (run id, task key, asset key, partition key and its
decoded dimensions, attempt number), logs into the task's log (``context.log``), reports progress
with the next heartbeat (``context.progress(50, "halfway")``) and says when the run is being
cancelled (``context.should_cancel``). Parameters naming upstream assets receive an
:class:`AssetInput`: the upstream's key and, when it materialised in the same run, where
(:class:`Materialization`). A poll sensor receives a :class:`SensorContext` with its cursor.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .failures import Cancelled
from .partition_keys import PartitionValue


@dataclass(frozen=True)
class Materialization:
    """An upstream's successful attempt in the same run, as the run's task summary reports it."""

    run_id: str
    attempt: int
    materialization_id: str | None = None
    delta_table: str | None = None
    delta_version: int | None = None
    delta_partition: str | None = None

    @classmethod
    def from_task(cls, run_id: str, task: Mapping[str, Any]) -> Materialization:
        """Reads a ``TaskSummary`` of ``GET /runs/{id}`` (its lineage ref carries the materialization id)."""
        lineage: dict[str, Any] = {}
        if isinstance(task.get("executionLineageRef"), str):
            try:
                lineage = json.loads(task["executionLineageRef"])
            except ValueError:
                lineage = {}
        return cls(
            run_id=run_id,
            attempt=int(task.get("attempt", 0)),
            materialization_id=lineage.get("materializationId"),
            delta_table=task.get("deltaTable"),
            delta_version=task.get("deltaVersion"),
            delta_partition=task.get("deltaPartition"),
        )


@dataclass(frozen=True)
class AssetInput:
    """An upstream asset passed to a parameter: its key, the partition of this attempt, and its
    materialisation in this run (None when the run did not include it)."""

    key: str
    partition_key: str | None
    materialization: Materialization | None


class AttemptControl:
    """State shared by an attempt's function, its heartbeat thread and the worker: the freshest task
    token, the pending progress report and whether the attempt should stop."""

    def __init__(self, token: str) -> None:
        self._lock = threading.Lock()
        self._token = token
        self._progress: tuple[float, str | None] | None = None
        self.cancel_requested = threading.Event()
        self.cancel_reason: str | None = None
        self.wake = threading.Event()

    @property
    def token(self) -> str:
        with self._lock:
            return self._token

    def set_token(self, token: str) -> None:
        with self._lock:
            self._token = token

    def report_progress(self, pct: float, message: str | None) -> None:
        with self._lock:
            self._progress = (pct, message)
        self.wake.set()

    def take_progress(self) -> tuple[float, str | None] | None:
        with self._lock:
            progress, self._progress = self._progress, None
            return progress

    def request_cancel(self, reason: str) -> None:
        if not self.cancel_requested.is_set():
            self.cancel_reason = reason
            self.cancel_requested.set()


@dataclass
class AssetContext:
    """The attempt an asset function runs for."""

    run_id: str
    task_key: str
    asset_key: str
    partition_key: str | None
    dimensions: Mapping[str, PartitionValue]
    """The partition key's dimensions decoded: ``{"date": date(2026, 11, 26), "region": "eu"}``."""
    attempt: int
    attempt_id: str
    task_id: str
    worker_id: str
    log: logging.Logger
    """Lines logged here become the task's log (``GET /runs/{id}/logs``)."""
    execution: Mapping[str, Any] = field(default_factory=dict)
    """The asset's ``execution`` object from the manifest the run was planned from."""
    manifest_id: str | None = None
    control: AttemptControl = field(default_factory=lambda: AttemptControl(""), repr=False)

    def progress(self, pct: float, message: str | None = None) -> None:
        """Reports progress (0 to 100) with the next heartbeat, which it hastens (at most one per second)."""
        if not 0 <= pct <= 100:
            raise ValueError(f"progress must be between 0 and 100, got {pct}")
        self.control.report_progress(float(pct), message)

    @property
    def should_cancel(self) -> bool:
        """True once the server asked to stop (the run is being cancelled, or the attempt is no
        longer wanted). Stop and return; the attempt is then reported ``CANCELLED``."""
        return self.control.cancel_requested.is_set()

    def raise_if_cancelled(self) -> None:
        """Raises :class:`arco_flow.Cancelled` when :attr:`should_cancel` is true."""
        if self.should_cancel:
            raise Cancelled(self.control.cancel_reason or "cancelled")

    @property
    def partition(self) -> PartitionValue:
        """The value of the only dimension (``date(2026, 11, 26)`` for a daily asset).
        Raises ValueError when the attempt has no partition or several dimensions."""
        if len(self.dimensions) != 1:
            raise ValueError(f"task {self.task_key} has {len(self.dimensions)} partition dimensions; read context.dimensions")
        return next(iter(self.dimensions.values()))


@dataclass
class SensorContext:
    """One evaluation of a poll sensor."""

    sensor_id: str
    cursor: str | None
    """What the previous evaluation returned as its cursor; None before the first."""
    state_version: int
    assets: tuple[str, ...]
    log: logging.Logger
    manifest_id: str | None = None
