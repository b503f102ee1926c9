"""Running one leased attempt of an asset (worker protocol, "The life of an attempt").

``/started`` first (a refusal, such as 409 for a run cancelled meanwhile, means the attempt is not
run), then the function with its context and inputs while a :class:`Heartbeat` runs, then the log
upload, then ``/completed``:

- the function returned: ``SUCCEEDED`` with its output (:func:`arco_flow.results.output_of`);
- it raised: ``FAILED`` with ``error: {category, message, stackTrace, retryable}``, category
  ``USER_CODE`` (``DATA_QUALITY`` for :class:`DataQualityError`), retryable unless the exception is
  a :class:`NonRetryableError` or one of the asset's ``RetryPolicy.non_retryable`` types;
- the server asked to stop before the function ended, or it raised :class:`Cancelled`:
  ``CANCELLED``.

A task whose asset this worker's code does not define fails with category ``CONFIGURATION``.
``/completed`` is repeated on a network error or 5xx (the same body is safe to resend).
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import partition_keys
from .client import ArcoClient, Response
from .context import AssetContext, AssetInput, AttemptControl, Materialization
from .errors import ApiError
from .failures import Cancelled, DataQualityError, NonRetryableError
from .heartbeat import Heartbeat, interval_for
from .project import Project, ResolvedAsset
from .results import output_of
from .task_logs import OutputCapture, TaskLog

log = logging.getLogger("arco_flow.worker")

MAX_STACK_TRACE = 16_000
COMPLETION_TRIES = 5


@dataclass(frozen=True)
class AttemptOutcome:
    """What became of one leased attempt: the outcome reported (``NOT_STARTED`` when ``/started``
    was refused) and the status ``/completed`` answered (0 when it was never answered)."""

    task_key: str
    attempt: int
    outcome: str
    completion_status: int = 0
    message: str = ""


class TaskRunner:
    """Runs asset attempts of one project."""

    def __init__(
        self,
        project: Project,
        client: ArcoClient,
        worker_id: str,
        *,
        heartbeat_interval: float | None = None,
        echo: bool = True,
    ) -> None:
        self.project = project
        self.client = client
        self.worker_id = worker_id
        self.heartbeat_interval = heartbeat_interval
        self.echo = echo

    def run(self, envelope: dict[str, Any]) -> AttemptOutcome:
        """Runs the attempt ``envelope`` leases and reports it; never raises for the function's sake."""
        task_key = str(envelope.get("taskKey", ""))
        attempt = int(envelope.get("attempt", 1))
        ids = {"attempt": attempt, "attemptId": envelope.get("attemptId"), "workerId": self.worker_id}
        control = AttemptControl(str(envelope.get("taskToken", "")))
        started = self._call(envelope, "started", control, ids)
        if started.status != 200:
            log.info("task %s attempt %s not started: %s", task_key, attempt, started.error())
            return AttemptOutcome(task_key, attempt, "NOT_STARTED", message=str(started.error()))
        payload = envelope.get("payload") or {}
        asset_key = str(payload.get("assetKey") or task_key.split("@", 1)[0])
        resolved = self.project.asset(asset_key)
        if resolved is None:
            message = f"asset '{asset_key}' is not defined in this worker's code ({', '.join(self.project.modules)})"
            return self._complete(envelope, control, ids, "FAILED", error={"category": "CONFIGURATION", "message": message, "retryable": False})

        task_log = TaskLog()
        logger = self._logger(task_key, attempt, task_log)
        heartbeat = Heartbeat(self.client, envelope, ids, control, self.heartbeat_interval or interval_for(envelope.get("heartbeatTimeoutSec")))
        heartbeat.start()
        OutputCapture.bind(task_log, self.echo)
        try:
            outcome, output, error = self._execute(envelope, resolved, control, logger, task_log)
        finally:
            OutputCapture.bind(None, False)
            heartbeat.stop()
        stdout, stderr = task_log.texts()
        if stdout or stderr:
            uploaded = self._call(envelope, "logs", control, {"attempt": attempt, "stdout": stdout, "stderr": stderr})
            if uploaded.status != 200:
                log.warning("task %s: log upload failed: %s", task_key, uploaded.error())
        return self._complete(envelope, control, ids, outcome, output=output, error=error)

    def _execute(
        self, envelope: dict[str, Any], resolved: ResolvedAsset, control: AttemptControl, logger: logging.Logger, task_log: TaskLog
    ) -> tuple[str, dict[str, Any] | None, dict[str, Any] | None]:
        payload = envelope.get("payload") or {}
        partition_key = envelope.get("partitionKey") or payload.get("partitionKey")
        try:
            dimensions = partition_keys.decode(partition_key) if partition_key else {}
        except ValueError as e:
            return "FAILED", None, {"category": "CONFIGURATION", "message": str(e), "retryable": False}
        context = AssetContext(
            run_id=str(envelope.get("runId")),
            task_key=str(envelope.get("taskKey")),
            asset_key=str(resolved.key),
            partition_key=partition_key,
            dimensions=dimensions,
            attempt=int(envelope.get("attempt", 1)),
            attempt_id=str(envelope.get("attemptId")),
            task_id=str(envelope.get("taskId")),
            worker_id=self.worker_id,
            log=logger,
            execution=payload.get("execution") or {},
            manifest_id=payload.get("manifestId"),
            control=control,
        )
        try:
            kwargs: dict[str, Any] = self._inputs(resolved, context)
        except ApiError as e:
            return "FAILED", None, {"category": "INFRASTRUCTURE", "message": f"cannot read the run's upstream tasks: {e}", "retryable": True}
        if resolved.context_parameter is not None:
            kwargs[resolved.context_parameter] = context
        try:
            returned = resolved.definition.fn(**kwargs)
        except Cancelled as e:
            logger.info("cancelled: %s", e)
            return "CANCELLED", None, None
        except BaseException as e:  # noqa: BLE001 - any failure of user code is the attempt's failure
            if isinstance(e, (KeyboardInterrupt, SystemExit)) and not control.cancel_requested.is_set():
                raise
            task_log.write_err(traceback.format_exc())
            if control.cancel_requested.is_set():
                return "CANCELLED", None, None
            return "FAILED", None, self._error(resolved, e)
        if control.cancel_requested.is_set():
            logger.info("the run was cancelled while the asset ran (%s)", control.cancel_reason)
            return "CANCELLED", None, None
        try:
            return "SUCCEEDED", output_of(returned), None
        except (TypeError, ValueError) as e:
            task_log.write_err(f"{type(e).__name__}: {e}\n")
            return "FAILED", None, {"category": "USER_CODE", "message": str(e), "retryable": False}

    def _inputs(self, resolved: ResolvedAsset, context: AssetContext) -> dict[str, Any]:
        inputs = resolved.inputs()
        if not inputs:
            return {}
        run = self.client.get(self.client.workspace(f"/runs/{context.run_id}")).body or {}
        tasks = [t for t in run.get("tasks", []) if isinstance(t, Mapping)]
        out: dict[str, Any] = {}
        for parameter, key in inputs.items():
            matches = [t for t in tasks if t.get("assetKey") == str(key) and t.get("state") == "SUCCEEDED"]
            same = [t for t in matches if t.get("partitionKey") == context.partition_key]
            chosen = (same or matches or [None])[0]
            out[parameter] = AssetInput(
                key=str(key),
                partition_key=context.partition_key,
                materialization=Materialization.from_task(context.run_id, chosen) if chosen is not None else None,
            )
        return out

    @staticmethod
    def _error(resolved: ResolvedAsset, e: BaseException) -> dict[str, Any]:
        policy = resolved.definition.retry
        non_retryable = tuple(policy.non_retryable) if policy is not None else ()
        retryable = not isinstance(e, NonRetryableError) and not (non_retryable and isinstance(e, non_retryable))
        category = DataQualityError.category if isinstance(e, DataQualityError) else NonRetryableError.category
        trace = "".join(traceback.format_exception(type(e), e, e.__traceback__))
        return {
            "category": category,
            "message": f"{type(e).__name__}: {e}",
            "stackTrace": trace[-MAX_STACK_TRACE:],
            "retryable": retryable,
        }

    def _logger(self, task_key: str, attempt: int, task_log: TaskLog) -> logging.Logger:
        logger = logging.Logger(f"arco_flow.task.{task_key}#{attempt}", logging.INFO)
        logger.addHandler(task_log.handler())
        if self.echo:
            logger.parent = logging.getLogger("arco_flow.tasks")
        else:
            logger.propagate = False
        return logger

    def _complete(
        self,
        envelope: dict[str, Any],
        control: AttemptControl,
        ids: dict[str, Any],
        outcome: str,
        *,
        output: dict[str, Any] | None = None,
        error: dict[str, Any] | None = None,
    ) -> AttemptOutcome:
        body: dict[str, Any] = {**ids, "outcome": outcome}
        if output:
            body["output"] = output
        if error:
            body["error"] = error
        response = Response(0, None, "not sent")
        for attempt in range(COMPLETION_TRIES):
            response = self._call(envelope, "completed", control, body)
            if response.status != 0 and response.status < 500:
                break
            time.sleep(min(0.5 * 2**attempt, 8))
        task_key = str(envelope.get("taskKey"))
        message = (error or {}).get("message", "")
        if response.status == 200:
            log.info("task %s attempt %s: %s%s", task_key, ids["attempt"], outcome, f" ({message})" if message else "")
        else:
            log.warning("task %s attempt %s: %s was not recorded: %s", task_key, ids["attempt"], outcome, response.error())
        return AttemptOutcome(task_key, int(ids["attempt"]), outcome, response.status, str(message))

    def _call(self, envelope: dict[str, Any], action: str, control: AttemptControl, body: dict[str, Any]) -> Response:
        return self.client.task_call(envelope["callbackBaseUrl"], envelope["taskId"], action, control.token, body, timeout=30)
