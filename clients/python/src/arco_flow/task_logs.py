"""Capturing what an attempt writes so it becomes the task's log (``POST /tasks/{id}/logs``).

An attempt's :class:`TaskLog` collects the lines of ``context.log`` and what the function prints to
``sys.stdout`` (the log's stdout part) and ``sys.stderr`` plus the traceback of a failure (its
stderr part). Printing is captured per thread: while the worker runs, ``sys.stdout`` and
``sys.stderr`` are replaced by :class:`ThreadRoutedStream` proxies that send a task thread's
writes to its log and, when echo is on, to the worker's own console too. Threads the function
starts itself are not captured.
"""

from __future__ import annotations

import io
import logging
import sys
import threading
from typing import TextIO

MAX_LOG_BYTES = 2_097_152
"""The server's limit on stdout plus stderr of one upload."""

LOG_FORMAT = "%(asctime)s %(levelname)s %(message)s"


class TaskLog:
    """The stdout and stderr text of one attempt."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._out = io.StringIO()
        self._err = io.StringIO()

    def write_out(self, text: str) -> None:
        with self._lock:
            self._out.write(text)

    def write_err(self, text: str) -> None:
        with self._lock:
            self._err.write(text)

    def handler(self) -> logging.Handler:
        """A logging handler writing formatted records to the stdout part."""
        handler = _TaskLogHandler(self)
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        return handler

    def texts(self) -> tuple[str, str]:
        """(stdout, stderr), cut so that together they fit the server's limit (the start of each is
        dropped first: the end of a log says most)."""
        with self._lock:
            out, err = self._out.getvalue(), self._err.getvalue()
        budget = MAX_LOG_BYTES - 1024
        err = _tail(err, budget // 4) if len(err.encode()) + len(out.encode()) > budget else err
        out = _tail(out, budget - len(err.encode()))
        return out, err


class _TaskLogHandler(logging.Handler):
    def __init__(self, log: TaskLog) -> None:
        super().__init__()
        self._log = log

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._log.write_out(self.format(record) + "\n")
        except Exception:
            self.handleError(record)


def _tail(text: str, budget: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= budget:
        return text
    marker = "[... earlier output dropped ...]\n"
    return marker + data[len(data) - budget + len(marker):].decode("utf-8", errors="ignore")


class ThreadRoutedStream(io.TextIOBase):
    """A stand-in for ``sys.stdout`` or ``sys.stderr``: writes from a thread bound to a task go to
    that task's log (and to the original stream when echo is on); other writes go to the original."""

    def __init__(self, original: TextIO, to_err: bool) -> None:
        self.original = original
        self._to_err = to_err
        self._local = threading.local()

    def bind(self, log: TaskLog | None, echo: bool) -> None:
        """Routes the calling thread's writes to ``log`` (None: back to the original stream)."""
        self._local.log = log
        self._local.echo = echo

    def write(self, text: str) -> int:
        log: TaskLog | None = getattr(self._local, "log", None)
        if log is None:
            return self.original.write(text)
        (log.write_err if self._to_err else log.write_out)(text)
        if getattr(self._local, "echo", False):
            self.original.write(text)
        return len(text)

    def flush(self) -> None:
        self.original.flush()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.original, "encoding", "utf-8")

    def isatty(self) -> bool:
        return self.original.isatty()


class OutputCapture:
    """Installs the routed streams while at least one worker runs (reference counted)."""

    _lock = threading.Lock()
    _users = 0
    stdout: ThreadRoutedStream | None = None
    stderr: ThreadRoutedStream | None = None

    @classmethod
    def acquire(cls) -> None:
        with cls._lock:
            if cls._users == 0:
                cls.stdout = ThreadRoutedStream(sys.stdout, to_err=False)
                cls.stderr = ThreadRoutedStream(sys.stderr, to_err=True)
                sys.stdout, sys.stderr = cls.stdout, cls.stderr
            cls._users += 1

    @classmethod
    def release(cls) -> None:
        with cls._lock:
            cls._users -= 1
            if cls._users == 0 and cls.stdout is not None and cls.stderr is not None:
                if sys.stdout is cls.stdout:
                    sys.stdout = cls.stdout.original
                if sys.stderr is cls.stderr:
                    sys.stderr = cls.stderr.original
                cls.stdout = cls.stderr = None

    @classmethod
    def bind(cls, log: TaskLog | None, echo: bool) -> None:
        """Routes the calling thread's prints to ``log``."""
        for stream in (cls.stdout, cls.stderr):
            if stream is not None:
                stream.bind(log, echo)
