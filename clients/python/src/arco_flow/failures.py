"""Exceptions an asset function raises to say how its attempt failed.

The worker reports any exception as a failed attempt with category ``USER_CODE``, retryable, so the
server retries it while the asset's retry policy allows (worker protocol, "Retries"). These types
change that:

- :class:`NonRetryableError`: the failure is final (``retryable: false``), e.g. bad input that a
  retry cannot fix;
- :class:`DataQualityError`: a non-retryable failure with category ``DATA_QUALITY``;
- :class:`Cancelled`: the attempt stops because the run is being cancelled; the worker reports it
  ``CANCELLED`` (raised by :meth:`AssetContext.raise_if_cancelled`).
"""

from __future__ import annotations


class NonRetryableError(Exception):
    """A failure that retrying cannot fix: the task fails without further attempts."""

    category = "USER_CODE"


class DataQualityError(NonRetryableError):
    """The data the asset read or produced is wrong: category ``DATA_QUALITY``, not retried."""

    category = "DATA_QUALITY"


class Cancelled(Exception):
    """The run is being cancelled; the attempt ends ``CANCELLED``."""
