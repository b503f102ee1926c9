"""Evaluating one poll sensor for the server (worker protocol, "Poll-sensor
evaluations").

The envelope (``kind: "sensor"``) carries the sensor id, its cursor and ``stateVersion``. The
sensor's function is called with a :class:`SensorContext`; its answer becomes the output of
``/completed``: ``{cursor, runRequests}``. Returning None keeps the cursor and requests nothing; a
:class:`SensorResult` or ``(cursor, run_requests)`` pair with a None cursor keeps the old cursor
too. An exception (or an answer that cannot be encoded) completes the evaluation ``FAILED``, which
the server records as an ``error`` evaluation that keeps the old cursor. Evaluations have no
``/started``, heartbeats or logs; what the function logs goes to the worker's console.
"""

from __future__ import annotations

import inspect
import logging
import time
from collections.abc import Sequence
from typing import Any

from .client import ArcoClient, Response
from .context import SensorContext
from .project import Project
from .sensors import RunRequest, SensorResult
from .task_runner import COMPLETION_TRIES, AttemptOutcome

log = logging.getLogger("arco_flow.worker")


class SensorRunner:
    """Evaluates the poll sensors of one project."""

    def __init__(self, project: Project, client: ArcoClient, worker_id: str) -> None:
        self.project = project
        self.client = client
        self.worker_id = worker_id

    def run(self, envelope: dict[str, Any]) -> AttemptOutcome:
        """Evaluates the sensor ``envelope`` names and reports the result."""
        sensor_id = str(envelope.get("sensorId", ""))
        payload = envelope.get("payload") or {}
        sensor = self.project.poll_sensor(sensor_id)
        if sensor is None or sensor.poll is None:
            return self._complete(envelope, "FAILED", None, f"poll sensor '{sensor_id}' is not defined in this worker's code")
        cursor = envelope.get("cursor", payload.get("cursor"))
        context = SensorContext(
            sensor_id=sensor_id,
            cursor=cursor,
            state_version=int(envelope.get("stateVersion", payload.get("stateVersion", 0))),
            assets=tuple(str(k) for k in sensor.assets),
            log=logging.getLogger(f"arco_flow.sensors.{sensor_id}"),
            manifest_id=payload.get("manifestId"),
        )
        try:
            fn = sensor.poll.fn
            takes_context = any(
                p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in inspect.signature(fn).parameters.values()
            )
            answer = fn(context) if takes_context else fn()
            output = self._output(answer, cursor)
        except Exception as e:  # noqa: BLE001 - the sensor's failure is the evaluation's failure
            log.warning("sensor %s failed: %s: %s", sensor_id, type(e).__name__, e)
            return self._complete(envelope, "FAILED", None, f"{type(e).__name__}: {e}")
        return self._complete(envelope, "SUCCEEDED", output, None)

    @staticmethod
    def _output(answer: object, previous_cursor: str | None) -> dict[str, Any]:
        if answer is None:
            cursor, requests = None, ()
        elif isinstance(answer, SensorResult):
            cursor, requests = answer.cursor, answer.run_requests
        elif isinstance(answer, tuple) and len(answer) == 2:
            cursor, requests = answer
        else:
            raise TypeError(f"a poll sensor returns None, a SensorResult or a (cursor, run_requests) pair, not {type(answer).__name__}")
        if cursor is None:
            cursor = previous_cursor
        if cursor is not None and not isinstance(cursor, str):
            raise TypeError(f"the cursor must be a string, not {type(cursor).__name__}")
        if isinstance(requests, (str, RunRequest)) or not isinstance(requests, Sequence):
            raise TypeError("run_requests must be a list of RunRequest")
        out: dict[str, Any] = {}
        if cursor is not None:
            out["cursor"] = cursor
        encoded = []
        for r in requests:
            if not isinstance(r, RunRequest):
                raise TypeError(f"run_requests must hold RunRequest values, not {type(r).__name__}")
            encoded.append(r.to_json())
        out["runRequests"] = encoded
        return out

    def _complete(self, envelope: dict[str, Any], outcome: str, output: dict[str, Any] | None, message: str | None) -> AttemptOutcome:
        body: dict[str, Any] = {"attempt": envelope.get("attempt", 1), "attemptId": envelope.get("attemptId"), "workerId": self.worker_id, "outcome": outcome}
        if output is not None:
            body["output"] = output
        if message is not None:
            body["error"] = {"category": "USER_CODE", "message": message, "retryable": False}
        response = Response(0, None, "not sent")
        for attempt in range(COMPLETION_TRIES):
            response = self.client.task_call(envelope["callbackBaseUrl"], envelope["taskId"], "completed", str(envelope.get("taskToken", "")), body, timeout=30)
            if response.status != 0 and response.status < 500:
                break
            time.sleep(min(0.5 * 2**attempt, 8))
        sensor_id = str(envelope.get("sensorId"))
        if response.status != 200:
            log.warning("sensor %s evaluation was not recorded: %s", sensor_id, response.error())
        else:
            requests = len((output or {}).get("runRequests", []))
            log.info("sensor %s evaluated: %s, %d run request(s)", sensor_id, outcome, requests)
        return AttemptOutcome(f"sensor:{sensor_id}", int(envelope.get("attempt", 1)), outcome, response.status, message or "")
