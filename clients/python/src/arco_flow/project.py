"""A validated project: the definitions of a module with every key, dependency and setting checked
and resolved, ready to become a manifest (:meth:`Project.manifest`) or to be run by a worker.

:func:`build_project` reports every problem at once, each naming its function (or module
attribute) and field, in a :class:`arco_flow.DefinitionError`; nothing is sent to a server before
that passes. The checks are the server's deploy checks (manifest reference, "Validation, in
order"), so a project that builds deploys.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .assets import AssetDefinition, AssetRef, is_context_parameter
from .checks import cron_problem, identifier_problem
from .discovery import Definitions, load_definitions
from .errors import DefinitionError, Problem
from .keys import SEGMENT, AssetKey
from .partitions import PARTITIONS_TYPES, known_zone_problem
from .policies import FreshnessPolicy, RetryPolicy
from .schedules import OVERLAP_POLICIES, Schedule
from .sensors import PollSensor

DEFAULT_QUEUE = "default-queue"
SENSOR_QUEUE = "sensors"
MIN_HEARTBEAT_TIMEOUT = 30
MAX_HEARTBEAT_TIMEOUT = 86_070


@dataclass(frozen=True)
class Upstream:
    """One dependency edge: the upstream key and the parameter that receives it, if any."""

    key: AssetKey
    parameter: str | None


@dataclass(frozen=True)
class ResolvedAsset:
    """An asset with its key and upstream edges resolved."""

    definition: AssetDefinition
    key: AssetKey
    upstreams: tuple[Upstream, ...]
    context_parameter: str | None

    @property
    def queue(self) -> str:
        """The worker queue its tasks go to."""
        return self.definition.queue or DEFAULT_QUEUE

    def inputs(self) -> dict[str, AssetKey]:
        """Parameter name to upstream key."""
        return {u.parameter: u.key for u in self.upstreams if u.parameter is not None}


@dataclass(frozen=True)
class ResolvedSensor:
    """A push or poll sensor with its id and asset keys resolved."""

    id: str
    kind: str
    assets: tuple[AssetKey, ...]
    origin: str
    poll: PollSensor | None = None


@dataclass(frozen=True)
class ResolvedSchedule:
    """A schedule with its id and asset keys resolved."""

    schedule: Schedule
    id: str
    assets: tuple[AssetKey, ...]
    origin: str


@dataclass(frozen=True)
class Project:
    """The validated definitions of a module (or package)."""

    modules: tuple[str, ...]
    assets: tuple[ResolvedAsset, ...]
    schedules: tuple[ResolvedSchedule, ...]
    sensors: tuple[ResolvedSensor, ...]
    source_digest: str

    def asset(self, key: str | AssetKey) -> ResolvedAsset | None:
        """The asset with this key (any accepted spelling), if the project defines it."""
        try:
            wanted = key if isinstance(key, AssetKey) else AssetKey.parse(key)
        except ValueError:
            return None
        return next((a for a in self.assets if a.key == wanted), None)

    def poll_sensor(self, sensor_id: str) -> ResolvedSensor | None:
        """The poll sensor with this id, if the project defines it."""
        return next((s for s in self.sensors if s.id == sensor_id and s.poll is not None), None)

    def queues(self) -> list[str]:
        """The queues a worker of this project polls by default: its assets' queues, plus
        ``sensors`` when it has poll sensors."""
        queues = sorted({a.queue for a in self.assets})
        if any(s.poll is not None for s in self.sensors):
            queues.append(SENSOR_QUEUE)
        return queues

    def manifest(self, *, code_version: str | None = None, manifest_version: str | None = None) -> dict[str, Any]:
        """The manifest JSON object (see :func:`arco_flow.manifest.manifest_json`)."""
        from .manifest import manifest_json

        return manifest_json(self, code_version=code_version, manifest_version=manifest_version)


def load_project(target: str) -> Project:
    """Imports ``target`` (module name, ``.py`` file or package directory) and validates its
    definitions. Raises LoadError or DefinitionError."""
    return build_project(load_definitions(target))


def build_project(defs: Definitions) -> Project:
    """Validates and resolves ``defs``. Raises DefinitionError listing every problem."""
    return _Builder(defs).build()


class _Builder:
    def __init__(self, defs: Definitions) -> None:
        self.defs = defs
        self.problems: list[Problem] = []
        self.keys: dict[int, AssetKey] = {}

    def report(self, subject: str, origin: str, field: str, message: str) -> None:
        self.problems.append(Problem(subject, origin, field, message))

    def build(self) -> Project:
        if not self.defs.assets:
            self.report(f"module {', '.join(self.defs.modules)}", "", "assets", "defines no @asset function")
        self._keys()
        assets = [self._asset(a) for a in self.defs.assets if id(a) in self.keys]
        self._cycles(assets)
        schedules = self._schedules()
        sensors = self._sensors()
        if self.problems:
            raise DefinitionError(self.problems)
        return Project(
            modules=self.defs.modules,
            assets=tuple(assets),
            schedules=tuple(schedules),
            sensors=tuple(sensors),
            source_digest=self.defs.source_digest,
        )

    # ---- assets ----

    def _keys(self) -> None:
        by_key: dict[AssetKey, AssetDefinition] = {}
        for a in self.defs.assets:
            subject = f"asset '{_safe_key_text(a)}'"
            if a.key is not None and (a.namespace is not None or a.name is not None):
                self.report(subject, _fn(a), "key", "give key= or namespace=/name=, not both")
                continue
            try:
                key = a.asset_key()
            except ValueError as e:
                field, message = "key", str(e)
                if a.key is None:
                    namespace_ok = SEGMENT.fullmatch(a.default_namespace()) is not None
                    field = "name" if namespace_ok else "namespace"
                    if not namespace_ok and a.namespace is None:
                        message += f" (derived from module '{a.fn.__module__}'; pass namespace= or key=)"
                self.report(subject, _fn(a), field, message)
                continue
            if key in by_key:
                self.report(f"asset '{key}'", _fn(a), "key", f"duplicate asset key (also defined by {by_key[key].origin})")
                continue
            by_key[key] = a
            self.keys[id(a)] = key

    def _asset(self, a: AssetDefinition) -> ResolvedAsset:
        key = self.keys[id(a)]
        subject, origin = f"asset '{key}'", _fn(a)

        def bad(field: str, message: str) -> None:
            self.report(subject, origin, field, message)

        if a.id is not None and (p := identifier_problem(a.id)):
            bad("id", p)
        if a.description is not None and not isinstance(a.description, str):
            bad("description", "expected a string")
        context = None
        upstreams: list[Upstream] = []
        for p in a.signature().parameters.values():
            if p.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
                bad(f"parameter '{p.name}'", "*args and **kwargs cannot name upstream assets")
            elif is_context_parameter(p, "AssetContext") and context is None:
                context = p.name
            else:
                up = self._parameter_upstream(a, key, p.name, bad)
                if up is not None:
                    upstreams.append(Upstream(up, p.name))
        for name in a.ins:
            if name not in a.signature().parameters or name == context:
                bad(f"ins['{name}']", "names no input parameter of the function")
        for i, dep in enumerate(a.deps):
            up = self._reference(dep, f"deps[{i}]", bad)
            if up is not None and all(u.key != up for u in upstreams):
                upstreams.append(Upstream(up, None))
        if a.partitions is not None:
            if not isinstance(a.partitions, PARTITIONS_TYPES):
                bad("partitions", f"expected a partitions definition, got {type(a.partitions).__name__}")
            else:
                for field, message in a.partitions.problems("partitions"):
                    bad(field, message)
        if a.retry is not None:
            if not isinstance(a.retry, RetryPolicy):
                bad("retry", f"expected a RetryPolicy, got {type(a.retry).__name__}")
            else:
                for field, message in a.retry.problems("retry"):
                    bad(field, message)
        hb = a.heartbeat_timeout_seconds
        if hb is not None and (not _is_int(hb) or not MIN_HEARTBEAT_TIMEOUT <= hb <= MAX_HEARTBEAT_TIMEOUT):
            bad("heartbeat_timeout_seconds", f"must be an integer between {MIN_HEARTBEAT_TIMEOUT} and {MAX_HEARTBEAT_TIMEOUT}, got {hb!r}")
        if a.queue is not None and (not isinstance(a.queue, str) or not a.queue.strip()):
            bad("queue", "must be a non-empty string")
        if a.freshness is not None:
            if not isinstance(a.freshness, FreshnessPolicy):
                bad("freshness", f"expected a FreshnessPolicy, got {type(a.freshness).__name__}")
            else:
                for field, message in a.freshness.problems("freshness"):
                    bad(field, message)
        if not isinstance(a.labels, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in a.labels.items()):
            bad("labels", "expected a mapping of strings to strings")
        if isinstance(a.owners, str) or not all(isinstance(o, str) and o.strip() for o in a.owners):
            bad("owners", "expected a list of non-empty strings")
        if a.code_version is not None and not (isinstance(a.code_version, str) and a.code_version.strip()):
            bad("code_version", "must be a non-empty string")
        return ResolvedAsset(a, key, tuple(upstreams), context)

    def _parameter_upstream(self, a: AssetDefinition, key: AssetKey, name: str, bad: Any) -> AssetKey | None:
        if name in a.ins:
            return self._reference(a.ins[name], f"ins['{name}']", bad)
        candidates = [k for k in self.keys.values() if k.name == name and k != key]  # never itself
        if len(candidates) > 1:
            same = [k for k in candidates if k.namespace == key.namespace]
            candidates = same if len(same) == 1 else candidates
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            bad(f"parameter '{name}'", f"no asset of the project is named '{name}' (name it after an asset, or map it with ins={{'{name}': 'namespace.name'}})")
        else:
            listed = ", ".join(sorted(str(c) for c in candidates))
            bad(f"parameter '{name}'", f"several assets are named '{name}' ({listed}); choose one with ins={{'{name}': ...}}")
        return None

    def _reference(self, ref: AssetRef, field: str, bad: Any) -> AssetKey | None:
        if isinstance(ref, AssetDefinition):
            if id(ref) in self.keys:
                return self.keys[id(ref)]
            try:
                key = ref.asset_key()
            except ValueError as e:
                bad(field, str(e))
                return None
            bad(field, f"asset '{key}' ({ref.origin}) is not part of the project")
            return None
        if not isinstance(ref, str):
            bad(field, f"expected an asset or a 'namespace.name' key, got {ref!r}")
            return None
        try:
            key = AssetKey.parse(ref)
        except ValueError as e:
            bad(field, str(e))
            return None
        if key not in self.keys.values():
            bad(field, f"unknown asset '{key}'")
            return None
        return key

    def _cycles(self, assets: Sequence[ResolvedAsset]) -> None:
        graph = {a.key: [u.key for u in a.upstreams] for a in assets}
        state: dict[AssetKey, int] = {}
        for start in sorted(graph):
            stack: list[AssetKey] = []
            cycle = self._visit(start, graph, state, stack)
            if cycle:
                first = min(cycle[:-1])
                i = cycle.index(first)
                ordered = cycle[i:-1] + cycle[:i] + [first]
                asset = next(a for a in assets if a.key == ordered[0])
                self.report(f"asset '{asset.key}'", _fn(asset.definition), "dependencies",
                            "dependency cycle: " + " -> ".join(str(k) for k in ordered))
                return

    def _visit(self, node: AssetKey, graph: Mapping[AssetKey, list[AssetKey]], state: dict[AssetKey, int], stack: list[AssetKey]) -> list[AssetKey] | None:
        if state.get(node) == 2:
            return None
        if state.get(node) == 1:
            return stack[stack.index(node):] + [node]
        state[node] = 1
        stack.append(node)
        for up in graph.get(node, []):
            found = self._visit(up, graph, state, stack)
            if found:
                return found
        stack.pop()
        state[node] = 2
        return None

    # ---- schedules and sensors ----

    def _schedules(self) -> list[ResolvedSchedule]:
        out: list[ResolvedSchedule] = []
        seen: set[str] = set()
        for located in self.defs.schedules:
            s, origin = located.definition, located.origin
            subject = f"schedule '{s.id}'"

            def bad(field: str, message: str) -> None:
                self.report(subject, origin, field, message)

            if p := identifier_problem(s.id):
                bad("id", p)
            elif s.id in seen:
                bad("id", "duplicate schedule id")
            seen.add(str(s.id))
            if p := cron_problem(s.cron):
                bad("cron", p)
            if s.timezone is not None and (p := known_zone_problem(s.timezone)):
                bad("timezone", p)
            keys = self._asset_list(s.assets, bad)
            if s.catchup_window_minutes is not None and (not _is_int(s.catchup_window_minutes) or s.catchup_window_minutes < 0):
                bad("catchup_window_minutes", "must be an integer >= 0")
            if s.max_catchup_ticks is not None and (not _is_int(s.max_catchup_ticks) or s.max_catchup_ticks < 1):
                bad("max_catchup_ticks", "must be an integer >= 1")
            if s.overlap_policy is not None and s.overlap_policy not in OVERLAP_POLICIES:
                bad("overlap_policy", f"must be one of {', '.join(OVERLAP_POLICIES)}, got {s.overlap_policy!r}")
            out.append(ResolvedSchedule(s, str(s.id), keys, origin))
        return out

    def _sensors(self) -> list[ResolvedSensor]:
        out: list[ResolvedSensor] = []
        seen: set[str] = set()
        entries: list[tuple[str, str, Sequence[AssetRef], str, PollSensor | None]] = [
            (str(l.definition.id), "push", l.definition.assets, l.origin, None) for l in self.defs.push_sensors
        ] + [(p.sensor_id, "poll", p.assets, "function " + p.origin, p) for p in self.defs.poll_sensors]
        for sensor_id, kind, assets, origin, poll in entries:
            subject = f"{kind} sensor '{sensor_id}'"

            def bad(field: str, message: str) -> None:
                self.report(subject, origin, field, message)

            if p := identifier_problem(sensor_id):
                bad("id", p)
            elif sensor_id in seen:
                bad("id", "duplicate sensor id")
            seen.add(sensor_id)
            keys = self._asset_list(assets, bad)
            if poll is not None:
                interval = poll.min_interval_seconds
                if interval is not None and (not _is_int(interval) or not 1 <= interval <= 86_400):
                    bad("min_interval_seconds", f"must be an integer between 1 and 86400, got {interval!r}")
                params = list(inspect.signature(poll.fn).parameters.values())
                required = [p for p in params if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
                if len(required) > 1:
                    bad("parameters", "a poll sensor takes at most one parameter, the SensorContext")
            out.append(ResolvedSensor(sensor_id, kind, keys, origin, poll))
        return out

    def _asset_list(self, assets: Sequence[AssetRef], bad: Any) -> tuple[AssetKey, ...]:
        if isinstance(assets, (str, AssetDefinition)) or not isinstance(assets, Sequence):
            bad("assets", "expected a list of assets")
            return ()
        if not assets:
            bad("assets", "must include at least one asset")
        keys = []
        for i, ref in enumerate(assets):
            key = self._reference(ref, f"assets[{i}]", bad)
            if key is not None:
                keys.append(key)
        return tuple(keys)


def _fn(a: AssetDefinition) -> str:
    return "function " + a.origin


def _safe_key_text(a: AssetDefinition) -> str:
    try:
        return a.key_text()
    except Exception:
        return a.origin


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
