"""The worker against a real server: retries, failures, cancellation, poll sensors, JWT mode."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import unittest

from arco_flow import ArcoClient, Connection, load_project

from tests.support.arco_server import ArcoServer
from tests.support.e2e import ServerTestCase
from tests.support.paths import EXAMPLE, FIXTURES

JOBS = str(FIXTURES / "jobs.py")


class WorkerTest(ServerTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.project = load_project(JOBS)
        self.deploy(self.project)

    def test_a_failed_attempt_is_retried_and_the_retry_succeeds(self) -> None:
        outcomes = self.start_worker(self.project)
        run_id = self.trigger("jobs.flaky")
        run = self.wait_for_run(run_id)
        self.assertEqual("SUCCEEDED", run["state"])
        task = self.task(run, "jobs.flaky")
        self.assertEqual((2, 1), (task["attempt"], task["retryAttribution"]["retries"]))
        self.assertEqual(("jobs.flaky", 2), (task["deltaTable"], task["deltaVersion"]))
        self.assertEqual([("FAILED", 200), ("SUCCEEDED", 200)], self.outcomes_once(outcomes, 2))
        logs = self.logs(run_id, "jobs.flaky")
        first, second = logs.split("attempt-2.log")
        self.assertIn("connecting to the warehouse", first)
        self.assertIn("ConnectionError: the warehouse hung up", first)
        self.assertIn("INFO attempt 2: second time lucky", second)

    def test_an_exception_fails_the_task_and_retries_stop_after_the_last_attempt(self) -> None:
        self.start_worker(self.project)
        run = self.wait_for_run(self.trigger("jobs.always_fails"))
        self.assertEqual("FAILED", run["state"])
        task = self.task(run, "jobs.always_fails")
        self.assertEqual(("FAILED", 2), (task["state"], task["attempt"]))
        self.assertEqual("RuntimeError: attempt 2 failed", task["errorMessage"])

    def test_a_non_retryable_error_fails_at_once_and_its_downstream_is_skipped(self) -> None:
        self.start_worker(self.project)
        run = self.wait_for_run(self.trigger("jobs.after_corrupt_input", includeUpstream=True))
        self.assertEqual("FAILED", run["state"])
        failed = self.task(run, "jobs.corrupt_input")
        self.assertEqual(("FAILED", 1, "NonRetryableError: the input file is corrupt"), (failed["state"], failed["attempt"], failed["errorMessage"]))
        skipped = self.task(run, "jobs.after_corrupt_input")
        self.assertEqual("SKIPPED", skipped["state"])
        self.assertEqual({"upstreamTaskKey": "jobs.corrupt_input", "upstreamResolution": "FAILED"}, skipped["skipAttribution"])
        stderr = self.logs(run["runId"], "jobs.corrupt_input").split("=== stderr ===")[1]
        self.assertIn("the input file is truncated", stderr)
        self.assertIn('raise NonRetryableError("the input file is corrupt")', stderr)

    def test_exception_types_listed_as_non_retryable_and_data_quality_errors_are_not_retried(self) -> None:
        self.start_worker(self.project)
        for key, message, category in (
            ("jobs.missing_column", "KeyError: 'amount'", "USER_CODE"),
            ("jobs.bad_amounts", "DataQualityError: 12 rows have a negative amount", "DATA_QUALITY"),
        ):
            with self.subTest(key):
                task = self.task(self.wait_for_run(self.trigger(key)), key)
                self.assertEqual(("FAILED", 1, message), (task["state"], task["attempt"], task["errorMessage"]))
                if "errorCategory" in task:
                    self.assertEqual(category, task["errorCategory"])

    def test_a_function_that_watches_should_cancel_stops_and_the_run_ends_cancelled(self) -> None:
        outcomes = self.start_worker(self.project)
        runs = {}
        for key in ("jobs.long_running", "jobs.stops_by_raising"):
            with self.subTest(key):
                run_id = runs[key] = self.trigger(key)
                self.wait_for(f"{key} to run", lambda: self.task(self.run_of(run_id), key)["state"], lambda s: s == "RUNNING")
                self.client.post(f"/runs/{run_id}/cancel", {})
                run = self.wait_for_run(run_id)
                self.assertEqual(("CANCELLED", "CANCELLED"), (run["state"], self.task(run, key)["state"]))
        self.assertEqual([("CANCELLED", 200), ("CANCELLED", 200)], self.outcomes_once(outcomes, 2))
        self.assertIn("INFO stopping: the run is being cancelled", self.logs(runs["jobs.long_running"]))
        self.assertIn("cancelled: user_requested", self.logs(runs["jobs.stops_by_raising"]))


class PollSensorTest(ServerTestCase):
    def test_a_poll_sensor_evaluated_by_the_worker_requests_runs_and_keeps_its_cursor(self) -> None:
        project = load_project(str(FIXTURES / "watchers.py"))
        self.assertEqual(["default-queue", "sensors"], project.queues())
        self.deploy(project)
        self.start_worker(project)

        def runs_by_key() -> dict[str, dict]:
            return {r.get("runKey"): r for r in (self.run_of(x["runId"]) for x in self.client.get("/runs").body["runs"])}

        runs = self.wait_for("the sensor's runs to succeed", runs_by_key,
                             lambda rs: {"file-a.csv", "file-b.csv"} <= set(rs) and all(r["state"] == "SUCCEEDED" for r in rs.values()))
        self.assertEqual({"file-a.csv", "file-b.csv"}, set(runs))
        self.assertEqual(["watchers.landed"], [t["taskKey"] for t in runs["file-a.csv"]["tasks"]])
        sensor = self.client.get("/sensors/new_files").body
        self.assertEqual(("2", "ACTIVE"), (sensor["cursor"], sensor["status"]))
        evals = self.client.get("/sensors/new_files/evals").body["evals"]
        self.assertIn("triggered", [e["status"]["status"] for e in evals])


def hs256_token(secret: str, claims: dict) -> str:
    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    signing_input = part({"alg": "HS256", "typ": "JWT"}) + "." + part(claims)
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + base64.urlsafe_b64encode(signature).decode().rstrip("=")


class JwtModeTest(ServerTestCase):
    SECRET = "python-sdk-test-secret-of-at-least-32-bytes"

    @classmethod
    def setUpClass(cls) -> None:
        cls.server = ArcoServer("--jwt-hs256-secret", cls.SECRET)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.stop()

    def test_in_jwt_mode_the_sdk_polls_with_the_user_token_and_reports_with_task_tokens(self) -> None:
        token = hs256_token(self.SECRET, {"tenant": "acme", "workspace": "analytics", "sub": "alice", "exp": int(time.time()) + 600})
        anonymous = ArcoClient(Connection(url=self.server.url, workspace="analytics"))
        self.assertEqual(401, anonymous.send("POST", anonymous.workspace("/workers/poll"), {"workerId": "w"}).status)
        self.connection = Connection(url=self.server.url, workspace="analytics", token=token)
        self.client = ArcoClient(self.connection)
        project = load_project(str(EXAMPLE))
        self.deploy(project)
        outcomes = self.start_worker(project)
        run = self.wait_for_run(self.trigger("shop.orders", partitionKey="date=d:2026-12-06"))
        self.assertEqual("SUCCEEDED", run["state"])
        self.assertEqual([("SUCCEEDED", 200)], self.outcomes_once(outcomes, 1))
        self.assertIn("loaded 106 orders of 2026-12-06", self.logs(run["runId"]))


if __name__ == "__main__":
    unittest.main()
