"""Errors of the SDK itself: definitions that would not deploy, and HTTP calls that failed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition: what it is (``asset shop.orders``), where it was defined
    (the function or module attribute), the field at fault and why."""

    subject: str
    origin: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f" ({self.origin})" if self.origin else ""
        return f"{self.subject}{where}: {self.field}: {self.message}"


class ArcoError(Exception):
    """Base class of the SDK's errors."""


class DefinitionError(ArcoError):
    """The definitions of a module do not make a valid manifest; nothing was sent.

    ``problems`` lists every problem found, each naming its function (or module attribute) and
    field.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        lines = [str(p) for p in self.problems]
        summary = "1 problem" if len(lines) == 1 else f"{len(lines)} problems"
        super().__init__(f"invalid definitions ({summary}):\n  " + "\n  ".join(lines))


class LoadError(ArcoError):
    """A module or file named on the command line cannot be imported."""


class ApiError(ArcoError):
    """A non-2xx answer, or no answer at all (``status`` 0, ``unavailable``).

    ``str(error)`` is the Java CLI's form: ``HTTP 409 CONFLICT: run ... is already in terminal
    state SUCCEEDED``, or ``cannot connect to http://127.0.0.1:8080: connection refused``.
    """

    def __init__(self, status: int, code: str, message: str, *, unavailable: bool = False, body: object = None) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.unavailable = unavailable
        self.body = body
        if status == 0:
            text = message
        else:
            text = f"HTTP {status}" + (f" {code}" if code else "") + (f": {message}" if message else "")
        super().__init__(text)
