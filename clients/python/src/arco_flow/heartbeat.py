"""The background heartbeat of a running attempt (worker protocol, "heartbeat").

Every ``heartbeatTimeoutSec / 5`` seconds (at most 60 s), or sooner after ``context.progress(...)``
(at most one per second), it posts ``{attempt, attemptId, workerId, progressPct?, message?}`` with
the freshest task token and keeps the fresh token the answer carries. ``shouldCancel: true`` sets
``context.should_cancel``; so does an answer saying the server no longer wants the attempt (401,
409, 410). A network error or 5xx is logged and the next beat tries again.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from .client import ArcoClient
from .context import AttemptControl

MIN_SPACING_SECONDS = 1.0
MAX_INTERVAL_SECONDS = 60.0

log = logging.getLogger("arco_flow.worker")


def interval_for(heartbeat_timeout_sec: float | None) -> float:
    """The contract's rhythm: a fifth of the timeout (300 s by default), at most 60 s."""
    return min((heartbeat_timeout_sec or 300) / 5, MAX_INTERVAL_SECONDS)


class Heartbeat:
    """Heartbeats one attempt from a daemon thread until :meth:`stop`."""

    def __init__(
        self,
        client: ArcoClient,
        envelope: dict[str, Any],
        ids: dict[str, Any],
        control: AttemptControl,
        interval: float,
    ) -> None:
        self._client = client
        self._envelope = envelope
        self._ids = ids
        self._control = control
        self._interval = interval
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{envelope.get('taskKey')}", daemon=True)
        self.beats = 0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._control.wake.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        last = time.monotonic()
        while not self._stopped.is_set():
            self._control.wake.wait(timeout=self._interval)
            self._control.wake.clear()
            if self._stopped.is_set():
                return
            wait = MIN_SPACING_SECONDS - (time.monotonic() - last)
            if wait > 0 and self._stopped.wait(wait):
                return
            last = time.monotonic()
            self._beat()

    def _beat(self) -> None:
        body = dict(self._ids)
        progress = self._control.take_progress()
        if progress is not None:
            body["progressPct"] = int(round(progress[0]))  # the server takes whole percents
            if progress[1] is not None:
                body["message"] = progress[1]
        r = self._client.task_call(
            self._envelope["callbackBaseUrl"], self._envelope["taskId"], "heartbeat", self._control.token, body, timeout=30
        )
        self.beats += 1
        if r.status == 200 and isinstance(r.body, dict):
            if isinstance(r.body.get("taskToken"), str):
                self._control.set_token(r.body["taskToken"])
            if r.body.get("shouldCancel"):
                self._control.request_cancel(str(r.body.get("cancelReason") or "user_requested"))
        elif r.status in (401, 409, 410):
            log.warning("task %s: the server no longer wants attempt %s (%s)", self._envelope.get("taskKey"), self._ids["attempt"], r.error())
            self._control.request_cancel("attempt_lost")
        else:
            log.warning("task %s: heartbeat failed: %s", self._envelope.get("taskKey"), r.error())
