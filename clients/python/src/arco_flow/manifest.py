"""The manifest JSON of a :class:`Project`: exactly the body of ``POST /workspaces/{ws}/manifests``
(docs/reference/manifest.md).

Each asset becomes ``{key, id, description?, owners?, dependencies?, partitioning?, execution,
freshnessPolicy?, tags?, transformFingerprint?}``:

- ``id`` is ``id=`` or the canonical key, so it stays the same from deploy to deploy;
- ``dependencies`` carry ``parameterName`` for the upstream assets the function takes as parameters;
- ``execution`` holds the ``queue``, ``retry`` and ``heartbeatTimeoutSeconds`` that were set, plus
  ``python: {module, function}`` naming the code a worker runs (the server passes ``execution`` to
  workers verbatim);
- ``tags`` holds the ``labels``, and ``transformFingerprint`` the asset's ``code_version``.

Absent options are omitted, so the server's defaults apply. ``codeVersionId`` defaults to
``py-`` and the first 12 hex digits of the SHA-256 of the project's source files (a code change is a
new code version, which staleness reports as ``CODE_CHANGED``); ``manifestVersion`` defaults to
``m-`` and 12 hex digits of the SHA-256 of the rest of the manifest.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .partitions import partitioning
from .project import Project, ResolvedAsset, ResolvedSchedule, ResolvedSensor


def manifest_json(project: Project, *, code_version: str | None = None, manifest_version: str | None = None) -> dict[str, Any]:
    """The manifest of ``project``; see the module docstring for the defaults."""
    body: dict[str, Any] = {
        "codeVersionId": code_version or "py-" + project.source_digest[:12],
        "assets": [_asset(a) for a in project.assets],
    }
    if project.schedules:
        body["schedules"] = [_schedule(s) for s in project.schedules]
    if project.sensors:
        body["sensors"] = [_sensor(s) for s in project.sensors]
    if manifest_version is None:
        digest = hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8"))
        manifest_version = "m-" + digest.hexdigest()[:12]
    return {"manifestVersion": manifest_version, **body}


def _asset(a: ResolvedAsset) -> dict[str, Any]:
    d = a.definition
    out: dict[str, Any] = {"key": a.key.to_json(), "id": d.id or str(a.key)}
    description = d.resolved_description()
    if description:
        out["description"] = description
    if d.owners:
        out["owners"] = list(d.owners)
    if a.upstreams:
        deps = []
        for u in a.upstreams:
            dep: dict[str, Any] = {"upstreamKey": u.key.to_json()}
            if u.parameter is not None:
                dep["parameterName"] = u.parameter
            deps.append(dep)
        out["dependencies"] = deps
    if d.partitions is not None:
        out["partitioning"] = partitioning(d.partitions)
    execution: dict[str, Any] = {}
    if d.queue is not None:
        execution["queue"] = d.queue
    if d.retry is not None and d.retry.to_json():
        execution["retry"] = d.retry.to_json()
    if d.heartbeat_timeout_seconds is not None:
        execution["heartbeatTimeoutSeconds"] = d.heartbeat_timeout_seconds
    execution["python"] = {"module": d.fn.__module__, "function": d.fn.__qualname__}
    out["execution"] = execution
    if d.freshness is not None:
        out["freshnessPolicy"] = d.freshness.to_json()
    if d.labels:
        out["tags"] = dict(d.labels)
    if d.code_version is not None:
        out["transformFingerprint"] = d.code_version
    return out


def _schedule(r: ResolvedSchedule) -> dict[str, Any]:
    s = r.schedule
    out: dict[str, Any] = {"id": r.id, "cron": s.cron, "assets": [str(k) for k in r.assets]}
    if s.timezone is not None:
        out["timezone"] = s.timezone
    if s.catchup_window_minutes is not None:
        out["catchupWindowMinutes"] = s.catchup_window_minutes
    if s.max_catchup_ticks is not None:
        out["maxCatchupTicks"] = s.max_catchup_ticks
    if s.overlap_policy is not None:
        out["overlapPolicy"] = s.overlap_policy
    return out


def _sensor(s: ResolvedSensor) -> dict[str, Any]:
    out: dict[str, Any] = {"id": s.id, "kind": s.kind, "assets": [str(k) for k in s.assets]}
    if s.poll is not None:
        if s.poll.min_interval_seconds is not None:
            out["minIntervalSeconds"] = s.poll.min_interval_seconds
        out["execution"] = {"python": {"module": s.poll.fn.__module__, "function": s.poll.fn.__qualname__}}
    return out
