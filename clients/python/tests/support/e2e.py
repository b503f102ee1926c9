"""What the end-to-end tests share: a workspace of their own on the shared server, a worker on a
thread, and waiting for runs."""

from __future__ import annotations

import itertools
import os
import threading
import time
import unittest
from collections.abc import Callable
from typing import Any

from arco_flow import ArcoClient, Connection, Project, Worker, WorkerSettings
from arco_flow.task_runner import AttemptOutcome

from .arco_server import ArcoServer, shared_server

_workspaces = itertools.count(1)
TIMEOUT_SECONDS = 45


class ServerTestCase(unittest.TestCase):
    """A test against the shared server, in a fresh workspace (``self.client``)."""

    server: ArcoServer

    @classmethod
    def setUpClass(cls) -> None:
        cls.server = shared_server()

    def setUp(self) -> None:
        self.workspace = f"py{os.getpid()}w{next(_workspaces)}"
        self.connection = Connection(url=self.server.url, workspace=self.workspace)
        self.client = ArcoClient(self.connection)

    def deploy(self, project: Project) -> dict[str, Any]:
        """Deploys ``project``'s manifest; the answer must be 201 with no warning."""
        r = self.client.post("/manifests", project.manifest(code_version="test"))
        self.assertEqual(201, r.status, r.text)
        self.assertNotIn("warning", r.body)
        self.assertNotIn("warnings", r.body)
        return r.body

    def trigger(self, *assets: str, **fields: Any) -> str:
        """Triggers a run and returns its id."""
        r = self.client.post("/runs", {"selection": list(assets), **fields})
        return str(r.body["runId"])

    def start_worker(self, project: Project, connection: Connection | None = None, **settings: Any) -> list[AttemptOutcome]:
        """Runs a worker on a thread until the test ends; returns the list its outcomes go to."""
        outcomes: list[AttemptOutcome] = []
        options = {"worker_id": f"test-{self.workspace}", "wait_ms": 500, "echo": False, **settings}
        worker = Worker(project, ArcoClient(connection or self.connection), WorkerSettings(**options), on_outcome=outcomes.append)
        thread = threading.Thread(target=worker.run, daemon=True)
        thread.start()

        def stop() -> None:
            worker.stop()
            thread.join(timeout=30)

        self.addCleanup(stop)
        return outcomes

    def outcomes_once(self, outcomes: list[AttemptOutcome], count: int) -> list[tuple[str, int]]:
        """The first ``count`` (outcome, completion status) pairs, once the worker has recorded them
        (a run can end on the server a moment before its worker hears the answer)."""
        done = self.wait_for(f"{count} worker outcomes", lambda: list(outcomes), lambda o: len(o) >= count)
        return [(o.outcome, o.completion_status) for o in done]

    def run_of(self, run_id: str) -> dict[str, Any]:
        return self.client.get(f"/runs/{run_id}").body

    def wait_for(self, what: str, read: Callable[[], Any], done: Callable[[Any], bool]) -> Any:
        """Polls ``read`` until ``done`` holds (or fails after the timeout, showing the last value)."""
        deadline = time.monotonic() + TIMEOUT_SECONDS
        value = read()
        while not done(value):
            if time.monotonic() > deadline:
                self.fail(f"timed out waiting for {what}; last: {value}")
            time.sleep(0.1)
            value = read()
        return value

    def wait_for_run(self, run_id: str) -> dict[str, Any]:
        """The run once it has ended."""
        return self.wait_for(
            f"run {run_id} to end", lambda: self.run_of(run_id), lambda r: r["state"] in ("SUCCEEDED", "FAILED", "CANCELLED")
        )

    def task(self, run: dict[str, Any], key: str) -> dict[str, Any]:
        return next(t for t in run["tasks"] if t["taskKey"] == key)

    def logs(self, run_id: str, task_key: str | None = None) -> str:
        query = {"taskKey": task_key} if task_key else None
        return self.client.get(f"/runs/{run_id}/logs", query).text
