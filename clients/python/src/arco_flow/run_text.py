"""How the command line shows a run (``GET /runs/{id}``, HTTP API guide) as text, in the same
shape as the Java ``arco`` commands: a progress line, the outcome of a watched run and the detail
``status`` prints. Absent values print as ``-``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

COUNT_STATES = ("pending", "queued", "running", "succeeded", "failed", "skipped", "cancelled")
BAR_WIDTH = 20
TERMINAL_STATES = ("SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT")


def counts(run: Mapping[str, Any]) -> str:
    """The non-zero task counts: ``2 succeeded, 1 running``."""
    c = run.get("taskCounts") or {}
    return ", ".join(f"{c[s]} {s}" for s in COUNT_STATES if c.get(s))


def progress(run: Mapping[str, Any]) -> str:
    """``RUNNING [#####...............] 1/4 | 1 succeeded, 3 pending``."""
    c = run.get("taskCounts") or {}
    total = int(c.get("total", 0))
    done = sum(int(c.get(s, 0)) for s in ("succeeded", "failed", "skipped", "cancelled"))
    filled = 0 if total == 0 else round(BAR_WIDTH * min(done, total) / total)
    text = f"{run.get('state', '?')} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}"
    summary = counts(run)
    return text + (f" | {summary}" if summary else "")


def elapsed(seconds: float) -> str:
    """``mm:ss``, or ``h:mm:ss`` past an hour."""
    s = max(0, int(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60:02d}:{s % 60:02d}"


def task_detail(task: Mapping[str, Any]) -> str:
    """Why a task is in its state: skip attribution, error, or retries; else ``-``."""
    skip = task.get("skipAttribution")
    if task.get("state") == "SKIPPED" and isinstance(skip, Mapping):
        return f"upstream {skip.get('upstreamTaskKey')} {skip.get('upstreamResolution')}"
    if task.get("errorMessage"):
        return str(task["errorMessage"])
    retry = task.get("retryAttribution")
    if isinstance(retry, Mapping):
        return f"retried {retry.get('retries')}x"
    return "-"


def outcome_lines(run: Mapping[str, Any], seconds: float) -> list[str]:
    """The end of a watch: the final state and counts, then each task that did not succeed."""
    total = (run.get("taskCounts") or {}).get("total", 0)
    summary = counts(run)
    lines = [f"run {run.get('runId')} {run.get('state')} after {elapsed(seconds)} ({total} tasks{': ' + summary if summary else ''})"]
    for task in run.get("tasks", []):
        if task.get("state") != "SUCCEEDED":
            attempt = f" (attempt {task.get('attempt')})" if task.get("state") == "FAILED" else ""
            lines.append(f"  {task.get('state')} {task.get('taskKey')}{attempt}: {task_detail(task)}")
    return lines


def detail_lines(run: Mapping[str, Any]) -> list[str]:
    """``status``: the run's summary, then one row per task."""
    c = run.get("taskCounts") or {}
    summary = counts(run)
    labels = ",".join(f"{k}={v}" for k, v in (run.get("labels") or {}).items()) or "-"
    fields = [
        ("run", run.get("runId")),
        ("state", run.get("state")),
        ("created", run.get("createdAt")),
        ("started", run.get("startedAt")),
        ("completed", run.get("completedAt")),
        ("tasks", f"{c.get('total', 0)}" + (f" ({summary})" if summary else "")),
        ("labels", labels),
    ]
    if run.get("runKey"):
        fields.append(("run key", run["runKey"]))
    if run.get("codeVersion"):
        fields.append(("code version", run["codeVersion"]))
    width = max(len(name) for name, _ in fields)
    lines = [f"{name}:{' ' * (width - len(name) + 1)}{'-' if value is None else value}" for name, value in fields]
    rows = [("TASK", "STATE", "ATTEMPT", "PARTITION", "COMPLETED", "DETAIL")]
    for t in run.get("tasks", []):
        rows.append(
            (
                str(t.get("taskKey")),
                str(t.get("state")),
                str(t.get("attempt", 0)),
                str(t.get("partitionKey") or "-"),
                str(t.get("completedAt") or "-"),
                task_detail(t),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines.append("")
    for r in rows:
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r[:-1])) + "  " + r[-1])
    return lines
