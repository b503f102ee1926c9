"""The worker: leases tasks of a project from the server and runs them (worker protocol).

It polls ``POST /workspaces/{ws}/workers/poll`` with ``{workerId, queues, maxTasks, waitMs}``
(long polling; ``maxTasks`` is the number of free slots, so it never leases more than it runs),
runs each asset attempt (:class:`TaskRunner`) or poll-sensor evaluation (:class:`SensorRunner`) on
a (daemon) thread of its own, up to ``concurrency`` at once. Polls authenticate as the connection says (a
user JWT, or the dev-mode headers); callbacks use each attempt's task token. When the server cannot
be reached or answers 5xx, it waits (1 s, doubling up to 30 s) and polls again; any other refusal
(a 401 for a bad token, say) stops it with that error. :meth:`Worker.stop` lets running attempts
finish.

::

    worker = Worker(load_project("pipelines.shop"), ArcoClient(Connection.resolve()))
    worker.run()
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Callable

from .client import ArcoClient
from .project import Project
from .sensor_runner import SensorRunner
from .task_logs import OutputCapture
from .task_runner import AttemptOutcome, TaskRunner

log = logging.getLogger("arco_flow.worker")

MAX_BACKOFF_SECONDS = 30.0


def default_worker_id() -> str:
    """``py-{host}-{pid}``."""
    return f"py-{socket.gethostname()}-{os.getpid()}"


@dataclass(frozen=True)
class WorkerSettings:
    """How a worker polls and runs.

    ``queues`` defaults to the project's (:meth:`Project.queues`); ``wait_ms`` is the long-poll
    time (at most 30000); ``heartbeat_interval`` overrides the contract's rhythm (a fifth of the
    heartbeat timeout, at most 60 s); ``echo`` copies task logs and prints to the worker's console.
    """

    worker_id: str = field(default_factory=default_worker_id)
    queues: Sequence[str] | None = None
    concurrency: int = 1
    wait_ms: int = 20_000
    heartbeat_interval: float | None = None
    echo: bool = True


class Worker:
    """Polls, runs and reports until stopped."""

    def __init__(
        self,
        project: Project,
        client: ArcoClient,
        settings: WorkerSettings | None = None,
        *,
        on_outcome: Callable[[AttemptOutcome], None] | None = None,
    ) -> None:
        self.project = project
        self.client = client
        self.settings = settings or WorkerSettings()
        if not 1 <= self.settings.concurrency <= 100:
            raise ValueError("concurrency must be between 1 and 100")
        self.queues = list(self.settings.queues or project.queues())
        self._tasks = TaskRunner(project, client, self.settings.worker_id, heartbeat_interval=self.settings.heartbeat_interval, echo=self.settings.echo)
        self._sensors = SensorRunner(project, client, self.settings.worker_id)
        self._on_outcome = on_outcome
        self._stopping = threading.Event()
        self._slots = threading.Semaphore(self.settings.concurrency)
        self._lock = threading.Lock()
        self._threads: set[threading.Thread] = set()

    def stop(self) -> None:
        """Stops polling (after the poll in flight, at most ``wait_ms``); running attempts finish."""
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def run(self) -> None:
        """Polls and runs until :meth:`stop`, then waits for the running attempts. Raises ApiError
        when the server refuses the poll."""
        log.info(
            "worker %s polling %s for queues %s (concurrency %d)",
            self.settings.worker_id, self.client.connection.url, ", ".join(self.queues), self.settings.concurrency,
        )
        OutputCapture.acquire()
        backoff = 1.0
        try:
            while not self._stopping.is_set():
                free = self._acquire_free_slots()
                if free == 0:
                    continue
                response = self.client.send(
                    "POST",
                    self.client.workspace("/workers/poll"),
                    {"workerId": self.settings.worker_id, "queues": self.queues, "maxTasks": free, "waitMs": self.settings.wait_ms},
                    timeout=self.settings.wait_ms / 1000 + 30,
                )
                if not response.ok:
                    self._release(free)
                    error = response.error()
                    if not (error.unavailable or response.status >= 500):
                        raise error
                    log.warning("poll failed (%s); polling again in %.0f s", error, backoff)
                    self._stopping.wait(backoff)
                    backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                    continue
                backoff = 1.0
                envelopes = [e for e in (response.body or {}).get("tasks", []) if isinstance(e, dict)]
                self._release(free - len(envelopes))
                for envelope in envelopes:
                    self._start(envelope)
            self._join_running()
        finally:
            OutputCapture.release()
        log.info("worker %s stopped", self.settings.worker_id)

    def _start(self, envelope: dict[str, Any]) -> None:
        # Daemon threads: a second Ctrl-C ends the process even while an attempt runs.
        thread = threading.Thread(target=self._attempt, args=(envelope,), name=f"arco-{envelope.get('taskKey') or envelope.get('sensorId')}", daemon=True)
        with self._lock:
            self._threads.add(thread)
        thread.start()

    def _attempt(self, envelope: dict[str, Any]) -> None:
        try:
            outcome = self._run_one(envelope)
            if self._on_outcome is not None:
                self._on_outcome(outcome)
        except Exception as e:  # noqa: BLE001 - a worker bug must not kill the worker
            log.exception("worker error on %s: %s", envelope.get("taskKey") or envelope.get("sensorId"), e)
        finally:
            with self._lock:
                self._threads.discard(threading.current_thread())
            self._slots.release()

    def _join_running(self) -> None:
        with self._lock:
            running = list(self._threads)
        if running:
            log.info("waiting for %d running attempt(s) to finish", len(running))
        for thread in running:
            thread.join()

    def _acquire_free_slots(self) -> int:
        if not self._slots.acquire(timeout=0.5):
            return 0
        free = 1
        while self._slots.acquire(blocking=False):
            free += 1
        return free

    def _release(self, n: int) -> None:
        for _ in range(max(0, n)):
            self._slots.release()

    def _run_one(self, envelope: dict[str, Any]) -> AttemptOutcome:
        if envelope.get("kind") == "sensor":
            return self._sensors.run(envelope)
        return self._tasks.run(envelope)
