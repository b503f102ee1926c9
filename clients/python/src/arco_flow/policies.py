"""Execution policies of an asset: retries and freshness (manifest reference, "Execution" and
"Freshness").

Fields left as None are omitted from the manifest and take the server's defaults (3 attempts, 30 s
backoff doubling up to 900 s). ``problems()`` applies the server's ranges with those defaults, so a
policy refused here would have been refused by a deploy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEFAULT_MAX_ATTEMPTS = 3
DEFAULT_BACKOFF_SECONDS = 30
DEFAULT_MAX_BACKOFF_SECONDS = 900
MAX_ATTEMPTS_LIMIT = 100
BACKOFF_LIMIT_SECONDS = 86_400

Problem = tuple[str, str]


@dataclass(frozen=True)
class RetryPolicy:
    """How often a failed attempt is retried and how long the server waits before the next one:
    ``min(backoff_seconds * 2**(n-1), max_backoff_seconds)`` after attempt *n*.

    ``non_retryable`` lists exception types that fail the task for good when the asset raises them
    (the worker reports them with ``retryable: false``), besides
    :class:`arco_flow.NonRetryableError` and its subclasses. It stays in the worker: it is not part
    of the manifest.
    """

    max_attempts: int | None = None
    backoff_seconds: int | None = None
    max_backoff_seconds: int | None = None
    non_retryable: tuple[type[BaseException], ...] = ()

    def to_json(self) -> dict[str, int]:
        """The manifest's ``execution.retry`` object (only the fields that were set)."""
        out: dict[str, int] = {}
        if self.max_attempts is not None:
            out["maxAttempts"] = self.max_attempts
        if self.backoff_seconds is not None:
            out["backoffSeconds"] = self.backoff_seconds
        if self.max_backoff_seconds is not None:
            out["maxBackoffSeconds"] = self.max_backoff_seconds
        return out

    def problems(self, prefix: str = "retry") -> list[Problem]:
        """Values outside the server's ranges (manifest reference)."""
        out: list[Problem] = []
        checks = (
            ("max_attempts", self.max_attempts, 1, MAX_ATTEMPTS_LIMIT),
            ("backoff_seconds", self.backoff_seconds, 0, BACKOFF_LIMIT_SECONDS),
            ("max_backoff_seconds", self.max_backoff_seconds, 0, BACKOFF_LIMIT_SECONDS),
        )
        for name, value, low, high in checks:
            if value is not None and (not _is_int(value) or not low <= value <= high):
                out.append((f"{prefix}.{name}", f"must be an integer between {low} and {high}, got {value!r}"))
        if not out:
            backoff = DEFAULT_BACKOFF_SECONDS if self.backoff_seconds is None else self.backoff_seconds
            cap = DEFAULT_MAX_BACKOFF_SECONDS if self.max_backoff_seconds is None else self.max_backoff_seconds
            if cap < backoff:
                out.append((f"{prefix}.max_backoff_seconds", f"must be >= backoff_seconds ({cap} < {backoff})"))
        for i, t in enumerate(self.non_retryable):
            if not (isinstance(t, type) and issubclass(t, BaseException)):
                out.append((f"{prefix}.non_retryable[{i}]", f"expected an exception type, got {t!r}"))
        return out


@dataclass(frozen=True)
class FreshnessPolicy:
    """How old a materialisation may get before the asset (or each partition) is reported stale
    with reason ``FRESHNESS_POLICY`` and reconciliation plans a run for it."""

    maximum_lag_minutes: int

    def to_json(self) -> dict[str, Any]:
        """The manifest's ``freshnessPolicy`` object."""
        return {"maximumLagMinutes": self.maximum_lag_minutes}

    def problems(self, prefix: str = "freshness") -> list[Problem]:
        """A lag outside 1 to 2147483647 minutes."""
        value = self.maximum_lag_minutes
        if not _is_int(value) or not 1 <= value <= 2_147_483_647:
            return [(f"{prefix}.maximum_lag_minutes", f"must be an integer between 1 and 2147483647, got {value!r}")]
        return []


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
