"""Arco's Python SDK: define assets, schedules and sensors in Python, deploy them as a manifest, and
run them with a worker that speaks Arco's HTTP worker protocol. Standard library only.

::

    from arco_flow import AssetContext, DailyPartitions, MaterializeResult, asset

    @asset(partitions=DailyPartitions(start="2026-01-01"))
    def orders(context: AssetContext) -> MaterializeResult:
        context.log.info("loading orders of %s", context.partition)
        return MaterializeResult(row_count=42)

Then ``python3 -m arco_flow deploy MODULE`` and ``python3 -m arco_flow worker MODULE``.
"""

__version__ = "0.1.0"

from .assets import AssetDefinition, asset
from .client import ArcoClient
from .connection import Connection
from .context import AssetContext, AssetInput, Materialization, SensorContext
from .errors import ApiError, ArcoError, DefinitionError, LoadError, Problem
from .failures import Cancelled, DataQualityError, NonRetryableError
from .keys import AssetKey
from .partition_keys import decode as decode_partition_key
from .partition_keys import encode as partition_key
from .partitions import (
    DailyPartitions,
    DynamicPartitions,
    HourlyPartitions,
    MonthlyPartitions,
    MultiPartitions,
    StaticPartitions,
    TenantPartitions,
    WeeklyPartitions,
)
from .policies import FreshnessPolicy, RetryPolicy
from .project import Project, build_project, load_project
from .results import MaterializeResult
from .schedules import Schedule
from .sensors import PollSensor, PushSensor, RunRequest, SensorResult, poll_sensor
from .worker import Worker, WorkerSettings

__all__ = [
    "ApiError",
    "ArcoClient",
    "ArcoError",
    "AssetContext",
    "AssetDefinition",
    "AssetInput",
    "AssetKey",
    "Cancelled",
    "Connection",
    "DailyPartitions",
    "DataQualityError",
    "DefinitionError",
    "DynamicPartitions",
    "FreshnessPolicy",
    "HourlyPartitions",
    "LoadError",
    "MaterializeResult",
    "Materialization",
    "MonthlyPartitions",
    "MultiPartitions",
    "NonRetryableError",
    "PollSensor",
    "Problem",
    "Project",
    "PushSensor",
    "RetryPolicy",
    "RunRequest",
    "Schedule",
    "SensorContext",
    "SensorResult",
    "StaticPartitions",
    "TenantPartitions",
    "WeeklyPartitions",
    "Worker",
    "WorkerSettings",
    "asset",
    "build_project",
    "decode_partition_key",
    "load_project",
    "partition_key",
    "poll_sensor",
]
