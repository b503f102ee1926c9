"""``python3 -m arco_flow``: check, deploy and run a Python project, and run its worker.

Commands: ``validate MODULE``, ``manifest MODULE``, ``deploy MODULE``, ``run ASSET...``,
``status RUN``, ``logs RUN`` and ``worker MODULE``. They connect as the Java ``arco`` client
commands do (``--url``/``ARCO_URL``, ``--workspace``/``ARCO_WORKSPACE``, ``--tenant``/``ARCO_TENANT``,
``--token``/``ARCO_TOKEN``, ``--config``/``ARCO_CONFIG``; flag, then environment, then config file,
then default) and exit with the same codes: 0 success, 1 an API error, an unreachable server or
bad local input, 2 a usage error, 3/4/5 a waited-for run that ended FAILED/CANCELLED/TIMED_OUT, 6 a
server that stopped answering while waiting, 130 interrupted. Errors are one ``error: ...`` line
on standard error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any, TextIO
from urllib.parse import quote

from . import __version__, run_text
from .client import ArcoClient
from .connection import ConfigError, Connection
from .errors import ApiError, DefinitionError, LoadError
from .project import Project, load_project
from .worker import Worker, WorkerSettings, default_worker_id

OK, ERROR, USAGE, RUN_FAILED, RUN_CANCELLED, RUN_TIMED_OUT, CONNECTION_LOST, INTERRUPTED = 0, 1, 2, 3, 4, 5, 6, 130
POLL_SECONDS = 0.3


class CliError(Exception):
    """A failure the command reports as ``error: ...`` with an exit code."""

    def __init__(self, message: str, code: int = ERROR) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error raises instead of exiting, so :func:`main` returns 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise CliError(f"{message}\n{self.format_usage().rstrip()}", USAGE)


def main(
    argv: Sequence[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Runs one command and returns its exit code (``python3 -m arco_flow`` exits with it)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = _parser()
    try:
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        except SystemExit as e:  # --help and --version print and exit 0
            return int(e.code or 0)
        command = _Command(args, environ, out, err)
        return int(getattr(command, "cmd_" + args.command)())
    except CliError as e:
        print(f"error: {e}", file=err)
        return e.code
    except (ApiError, LoadError, ConfigError) as e:
        print(f"error: {e}", file=err)
        return ERROR
    except DefinitionError as e:
        print(f"error: {e}", file=err)
        return ERROR
    except KeyboardInterrupt:
        print("error: interrupted", file=err)
        return INTERRUPTED


def _parser() -> argparse.ArgumentParser:
    connection = argparse.ArgumentParser(add_help=False)
    group = connection.add_argument_group("connection (flag, else environment, else config file, else default)")
    group.add_argument("--url", help="server URL (env ARCO_URL; default http://127.0.0.1:8080)")
    group.add_argument("--workspace", help="workspace (env ARCO_WORKSPACE; default default)")
    group.add_argument("--tenant", help="tenant sent in dev mode (env ARCO_TENANT; default local)")
    group.add_argument("--token", help="user JWT for a server in JWT mode (env ARCO_TOKEN)")
    group.add_argument("--config", help="config file (env ARCO_CONFIG; default ~/.config/arco/config.json)")
    output = argparse.ArgumentParser(add_help=False)
    output.add_argument("-o", "--output", choices=("table", "json"), default="table", help="text for people (default) or the API's JSON")
    versions = argparse.ArgumentParser(add_help=False)
    versions.add_argument("--code-version", help="the manifest's codeVersionId (env ARCO_CODE_VERSION; default py- and a hash of the sources)")
    versions.add_argument("--manifest-version", help="the manifest's manifestVersion (default m- and a hash of the manifest)")

    parser = _Parser(prog="python3 -m arco_flow", description="Define Arco assets in Python, deploy them and run them.")
    parser.add_argument("--version", action="version", version=f"arco_flow {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("validate", help="check a module's definitions without sending anything")
    p.add_argument("module", metavar="MODULE", help="a module name, a .py file or a package directory")

    p = sub.add_parser("manifest", parents=[versions], help="print the manifest JSON of a module")
    p.add_argument("module", metavar="MODULE")

    p = sub.add_parser("deploy", parents=[versions, connection, output], help="deploy a module's manifest (POST /manifests)")
    p.add_argument("module", metavar="MODULE")
    p.add_argument("--idempotency-key", help="deploying the same manifest again under this key returns the first deploy")

    p = sub.add_parser("run", parents=[connection, output], help="trigger a run of assets (POST /runs)")
    p.add_argument("assets", metavar="ASSET", nargs="+", help="asset keys, namespace.name")
    p.add_argument("--partition", metavar="KEY", help="the canonical partition key, e.g. date=d:2026-01-15")
    p.add_argument("--partition-value", metavar="DIM=VALUE", action="append", default=[], help="a dimension's plain value, e.g. date=2026-01-15 (repeatable)")
    p.add_argument("--include-upstream", action="store_true", help="also run every upstream asset")
    p.add_argument("--include-downstream", action="store_true", help="also run every downstream asset")
    p.add_argument("--run-key", help="the run's idempotency key")
    p.add_argument("--label", metavar="KEY=VALUE", action="append", default=[], help="a run label (repeatable)")
    p.add_argument("--wait", action="store_true", help="show progress until the run ends; exit with its code")
    p.add_argument("--reconnect-for", type=float, default=30.0, metavar="SECONDS", help="with --wait: how long to keep trying an unreachable server (default 30)")

    p = sub.add_parser("status", parents=[connection, output], help="show a run and its tasks (GET /runs/{id})")
    p.add_argument("run", metavar="RUN")

    p = sub.add_parser("logs", parents=[connection], help="print a run's task logs (GET /runs/{id}/logs)")
    p.add_argument("run", metavar="RUN")
    p.add_argument("--task", metavar="TASK_KEY", help="only this task's logs")

    p = sub.add_parser("worker", parents=[connection], help="lease and run the module's tasks and poll sensors")
    p.add_argument("module", metavar="MODULE")
    p.add_argument("--queues", nargs="+", metavar="QUEUE", help="queues to poll (default: the assets' queues, plus sensors for poll sensors); commas also separate")
    p.add_argument("--concurrency", type=int, default=1, help="attempts run at once, 1 to 100 (default 1)")
    p.add_argument("--worker-id", help="the worker's name (default py-HOST-PID)")
    p.add_argument("--wait-ms", type=int, default=20_000, help="long-poll time in ms, 0 to 30000 (default 20000); a stop waits for the poll in flight")
    p.add_argument("--quiet", action="store_true", help="do not copy task logs to the console")
    return parser


class _Command:
    def __init__(self, args: argparse.Namespace, environ: Mapping[str, str] | None, out: TextIO, err: TextIO) -> None:
        self.args = args
        self.environ = environ
        self.out = out
        self.err = err

    # ---- helpers ----

    def client(self) -> ArcoClient:
        a = self.args
        return ArcoClient(Connection.resolve(url=a.url, workspace=a.workspace, tenant=a.tenant, token=a.token, config=a.config, environ=self.environ))

    def project(self) -> Project:
        return load_project(self.args.module)

    def manifest(self, project: Project) -> dict[str, Any]:
        env = os.environ if self.environ is None else self.environ
        code_version = self.args.code_version or env.get("ARCO_CODE_VERSION") or None
        return project.manifest(code_version=code_version, manifest_version=self.args.manifest_version)

    def print_json(self, value: Any) -> None:
        print(json.dumps(value, indent=2), file=self.out)

    # ---- commands ----

    def cmd_validate(self) -> int:
        project = self.project()
        polls = sum(1 for s in project.sensors if s.poll is not None)
        counts = [
            _plural(len(project.assets), "asset"),
            _plural(len(project.schedules), "schedule"),
            _plural(len(project.sensors) - polls, "push sensor"),
            _plural(polls, "poll sensor"),
        ]
        print(f"{self.args.module}: OK ({', '.join(counts)})", file=self.out)
        return OK

    def cmd_manifest(self) -> int:
        self.print_json(self.manifest(self.project()))
        return OK

    def cmd_deploy(self) -> int:
        manifest = self.manifest(self.project())
        client = self.client()
        headers = {"Idempotency-Key": self.args.idempotency_key} if self.args.idempotency_key else None
        r = client.post("/manifests", manifest, headers)
        body = r.body or {}
        if self.args.output == "json":
            self.print_json(body)
            return OK
        again = " (already deployed under this idempotency key)" if r.status == 200 else ""
        print(
            f"deployed manifest {body.get('manifestId')} (version {manifest['manifestVersion']}, code version "
            f"{body.get('codeVersionId')}, {body.get('assetCount')} assets) to workspace {client.connection.workspace}{again}",
            file=self.out,
        )
        return OK

    def cmd_run(self) -> int:
        a = self.args
        if a.partition and a.partition_value:
            raise CliError("give --partition or --partition-value, not both", USAGE)
        body: dict[str, Any] = {"selection": list(a.assets)}
        if a.include_upstream:
            body["includeUpstream"] = True
        if a.include_downstream:
            body["includeDownstream"] = True
        if a.partition:
            body["partitionKey"] = a.partition
        if a.partition_value:
            body["partitions"] = [{"key": k, "value": v} for k, v in (_pair(p, "--partition-value") for p in a.partition_value)]
        if a.run_key:
            body["runKey"] = a.run_key
        if a.label:
            body["labels"] = dict(_pair(p, "--label") for p in a.label)
        client = self.client()
        r = client.post("/runs", body)
        answer = r.body or {}
        run_id = str(answer.get("runId"))
        if a.output == "json" and not a.wait:
            self.print_json(answer)
            return OK
        note = f"triggered run {run_id} ({answer.get('state')})" if answer.get("created", True) else (
            f"run key '{a.run_key}' already names run {run_id} ({answer.get('state')}); nothing new was triggered"
        )
        progress_out = self.err if a.output == "json" else self.out
        print(note, file=progress_out)
        if not a.wait:
            return OK
        return self.wait(client, run_id, progress_out)

    def wait(self, client: ArcoClient, run_id: str, progress_out: TextIO) -> int:
        started = time.monotonic()
        last_line = None
        unreachable_since: float | None = None
        while True:
            try:
                run = client.get(f"/runs/{run_id}").body or {}
                unreachable_since = None
            except ApiError as e:
                if not e.unavailable:
                    raise
                unreachable_since = unreachable_since or time.monotonic()
                if time.monotonic() - unreachable_since > self.args.reconnect_for:
                    raise CliError(f"{e} (gave up after {self.args.reconnect_for:.0f} s; the run may still be going)", CONNECTION_LOST) from e
                time.sleep(1)
                continue
            line = run_text.progress(run)
            if line != last_line:
                print(f"{run_text.elapsed(time.monotonic() - started)} {line}", file=progress_out, flush=True)
                last_line = line
            state = str(run.get("state"))
            if state in run_text.TERMINAL_STATES:
                if self.args.output == "json":
                    self.print_json(run)
                else:
                    for text in run_text.outcome_lines(run, time.monotonic() - started):
                        print(text, file=self.out)
                return {"SUCCEEDED": OK, "CANCELLED": RUN_CANCELLED, "TIMED_OUT": RUN_TIMED_OUT}.get(state, RUN_FAILED)
            time.sleep(POLL_SECONDS)

    def cmd_status(self) -> int:
        run = self.client().get(f"/runs/{_segment(self.args.run)}").body or {}
        if self.args.output == "json":
            self.print_json(run)
        else:
            for line in run_text.detail_lines(run):
                print(line, file=self.out)
        return OK

    def cmd_logs(self) -> int:
        client = self.client()
        cursor: str | None = None
        while True:
            query = {"taskKey": self.args.task, "cursor": cursor}
            r = client.get(f"/runs/{_segment(self.args.run)}/logs", {k: v for k, v in query.items() if v})
            self.out.write(r.text)
            cursor = r.headers.get("x-arco-next-cursor")
            if not cursor:
                return OK

    def cmd_worker(self) -> int:
        a = self.args
        if not 1 <= a.concurrency <= 100:
            raise CliError("--concurrency must be between 1 and 100", USAGE)
        if not 0 <= a.wait_ms <= 30_000:
            raise CliError("--wait-ms must be between 0 and 30000", USAGE)
        project = self.project()
        client = self.client()
        queues = [q for item in (a.queues or []) for q in item.split(",") if q] or None
        settings = WorkerSettings(
            worker_id=a.worker_id or default_worker_id(),
            queues=queues,
            concurrency=a.concurrency,
            wait_ms=a.wait_ms,
            echo=not a.quiet,
        )
        _configure_logging(self.err)
        worker = Worker(project, client, settings)
        _stop_on_signals(worker)
        worker.run()
        return OK


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _pair(text: str, option: str) -> tuple[str, str]:
    key, found, value = text.partition("=")
    if not found or not key:
        raise CliError(f"{option} expects KEY=VALUE, got '{text}'", USAGE)
    return key, value


def _segment(value: str) -> str:
    return quote(value, safe="")


def _configure_logging(stream: TextIO) -> None:
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(stream)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.INFO)


def _stop_on_signals(worker: Worker) -> None:
    """SIGTERM and a first Ctrl-C stop polling and let running attempts finish; a second Ctrl-C
    interrupts."""
    if threading.current_thread() is not threading.main_thread():
        return

    def stop(signum: int, frame: object) -> None:
        if signum == signal.SIGINT and worker.stopping:
            raise KeyboardInterrupt
        logging.getLogger("arco_flow.worker").info("stopping: the poll in flight and running attempts finish first")
        worker.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
