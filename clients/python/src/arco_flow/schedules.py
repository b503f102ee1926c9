"""Cron schedules (manifest reference, "Schedules").

::

    nightly = Schedule(cron="0 3 * * *", timezone="Europe/Paris", assets=[customers])

Each tick starts one run of ``assets`` (with their dependencies among them). The id defaults to the
name of the module attribute that holds the schedule. A deploy creates or updates the schedule but
never re-enables one an operator disabled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .assets import AssetRef

OVERLAP_POLICIES = ("ALLOW", "SKIP")


@dataclass(frozen=True)
class Schedule:
    """A cron schedule of asset runs.

    ``cron`` is Unix cron with five fields (``minute hour day-of-month month day-of-week``) or six
    with a leading second; ``timezone`` an IANA zone (the server's default is ``UTC``);
    ``catchup_window_minutes`` and ``max_catchup_ticks`` bound the missed ticks that still run;
    ``overlap_policy`` is ``"ALLOW"`` or ``"SKIP"`` (skip a tick while the previous tick's run has
    not ended).
    """

    cron: str
    assets: Sequence[AssetRef]
    id: str | None = None
    timezone: str | None = None
    catchup_window_minutes: int | None = None
    max_catchup_ticks: int | None = None
    overlap_policy: str | None = None
