"""The README's Python quick start against a real server: deploy the example with the SDK, run its
worker as a process, trigger a partitioned run and read its status, partition and logs."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import unittest
from typing import Any

from arco_flow import Connection, ArcoClient, load_project
from arco_flow.cli import main

from tests.support.e2e import ServerTestCase
from tests.support.paths import EXAMPLE, FIXTURES, REPO

DAY = "date=d:2026-12-06"


class QuickStartTest(ServerTestCase):
    def cli(self, *argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        environ = {"ARCO_URL": self.server.url, "ARCO_WORKSPACE": self.workspace}
        return main(list(argv), environ=environ, stdout=out, stderr=err), out.getvalue(), err.getvalue()

    def start_worker_process(self) -> subprocess.Popen[str]:
        env = {**os.environ, "PYTHONPATH": str(REPO / "clients" / "python" / "src"),
               "ARCO_URL": self.server.url, "ARCO_WORKSPACE": self.workspace}
        worker = subprocess.Popen(
            [sys.executable, "-m", "arco_flow", "worker", str(EXAMPLE), "--wait-ms", "500"],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.addCleanup(lambda: worker.poll() is None and (worker.kill(), worker.communicate()))
        return worker

    def test_the_example_deploys_and_a_worker_process_runs_its_partitioned_fan_in_to_success(self) -> None:
        code, out, err = self.cli("deploy", str(EXAMPLE), "-o", "json")
        self.assertEqual(0, code, err)
        self.assertIn('"assetCount": 3', out)
        self.assertNotIn("warning", out)
        worker = self.start_worker_process()

        code, out, err = self.cli("run", "shop.daily_revenue", "--include-upstream", "--partition-value", "date=2026-12-06", "--wait")
        self.assertEqual(0, code, out + err)
        run_id = re.search(r"triggered run (\S+) \(PENDING\)", out).group(1)  # type: ignore[union-attr]
        self.assertIn(f"run {run_id} SUCCEEDED after", out)

        run = self.run_of(run_id)
        self.assertEqual({"shop.customers": DAY, "shop.orders": DAY, "shop.daily_revenue": DAY}, {t["taskKey"]: t["partitionKey"] for t in run["tasks"]})
        revenue = self.task(run, "shop.daily_revenue")
        self.assertEqual(("SUCCEEDED", "shop.daily_revenue", 1, "2026-12-06"),
                         (revenue["state"], revenue["deltaTable"], revenue["deltaVersion"], revenue["deltaPartition"]))
        self.assertIn(f'"materializationId":"daily_revenue-2026-12-06-{run_id}"', revenue["executionLineageRef"])
        partition = self.client.get("/partitions", {"assetKey": "shop.daily_revenue"}).body["partitions"][0]
        self.assertEqual((DAY, "MATERIALIZED", run_id, "shop.daily_revenue"),
                         (partition["partitionKey"], partition["status"], partition["lastMaterializationRunId"], partition["deltaTable"]))

        code, status, _ = self.cli("status", run_id)
        self.assertEqual(0, code)
        self.assertIn("state:        SUCCEEDED", status)
        self.assertRegex(status, r"shop\.daily_revenue\s+SUCCEEDED\s+1\s+date=d:2026-12-06")
        code, logs, _ = self.cli("logs", run_id)
        self.assertEqual(0, code)
        self.assertIn("INFO loaded 120 customers", logs)
        self.assertIn("INFO loaded 106 orders of 2026-12-06", logs)
        self.assertIn(f"INFO reading shop.orders version 1 from run {run_id}", logs)
        self.assertIn("INFO revenue of 2026-12-06 computed for 3 segments", logs)

        pushed = self.client.post("/sensors/new_orders/evaluate", {
            "payload": {"file": "orders-2026-12-07.csv"}, "messageId": "orders-2026-12-07",
            "attributes": {"partitionKey": "date=d:2026-12-07"},
        }).body
        self.assertEqual("triggered", pushed["status"])
        runs = self.client.get("/runs").body["runs"]
        pushed_run = next(r for r in (self.run_of(x["runId"]) for x in runs) if r.get("runKey") == "sensor:new_orders:msg:orders-2026-12-07")
        pushed_run = self.wait_for_run(pushed_run["runId"])
        self.assertEqual("SUCCEEDED", pushed_run["state"])
        self.assertEqual(["shop.daily_revenue", "shop.orders"], [t["taskKey"] for t in pushed_run["tasks"]])
        self.assertIn("INFO reading the latest shop.customers (not built by this run)", self.logs(pushed_run["runId"], "shop.daily_revenue"))

        worker.send_signal(signal.SIGTERM)
        _, worker_err = worker.communicate(timeout=30)
        self.assertEqual(0, worker.returncode, worker_err)
        self.assertIn("task shop.daily_revenue attempt 1: SUCCEEDED", worker_err)
        self.assertIn("worker py-", worker_err)

    def test_every_fixture_manifest_deploys_without_a_warning_and_is_stored_as_sent(self) -> None:
        for target in (EXAMPLE, FIXTURES / "catalog.py", FIXTURES / "partition_kinds.py"):
            with self.subTest(target.name):
                self.workspace = f"{self.workspace}x"
                self.client = ArcoClient(Connection(url=self.server.url, workspace=self.workspace))
                project = load_project(str(target))
                answer = self.deploy(project)
                stored: dict[str, Any] = self.client.get(f"/manifests/{answer['manifestId']}").body
                sent = project.manifest(code_version="test")
                # The server adds its defaults (description "", owners [], ...) to what it stores.
                for section in ("assets", "schedules", "sensors"):
                    self.assertEqual(len(sent.get(section, [])), len(stored.get(section, [])), section)
                    for mine, theirs in zip(sent.get(section, []), stored.get(section, [])):
                        self.assertEqual(mine, {k: theirs.get(k) for k in mine})


if __name__ == "__main__":
    unittest.main()
