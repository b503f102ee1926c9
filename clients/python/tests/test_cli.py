"""``python3 -m arco_flow`` without a server: checking, printing, usage errors and exit codes."""

from __future__ import annotations

import http.server
import io
import json
import socket
import threading
import unittest

from arco_flow import load_project
from arco_flow.cli import main

from tests.support.paths import EXAMPLE, FIXTURES


def run(*argv: str, environ: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), environ=environ or {}, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


class RecordingServer:
    """An HTTP server that records every request it gets and answers 500."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        requests = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                requests.append(self.path)
                self.send_error(500)

            do_GET = do_POST  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CliTest(unittest.TestCase):
    def test_validate_reports_what_the_module_defines(self) -> None:
        code, out, err = run("validate", str(EXAMPLE))
        self.assertEqual((0, ""), (code, err))
        self.assertEqual(f"{EXAMPLE}: OK (3 assets, 1 schedule, 1 push sensor, 0 poll sensors)\n", out)

    def test_manifest_prints_the_manifest_with_the_code_version_of_the_flag_or_the_environment(self) -> None:
        code, out, _ = run("manifest", str(EXAMPLE), "--manifest-version", "v1", environ={"ARCO_CODE_VERSION": "git-3f2a9c1"})
        self.assertEqual(0, code)
        expected = load_project(str(EXAMPLE)).manifest(code_version="git-3f2a9c1", manifest_version="v1")
        self.assertEqual(expected, json.loads(out))
        _, out, _ = run("manifest", str(EXAMPLE), "--code-version", "flag", environ={"ARCO_CODE_VERSION": "env"})
        self.assertEqual("flag", json.loads(out)["codeVersionId"])

    def test_invalid_definitions_are_refused_before_anything_is_sent(self) -> None:
        server = RecordingServer()
        self.addCleanup(server.close)
        code, out, err = run("deploy", str(FIXTURES / "invalid_defs.py"), "--url", server.url)
        self.assertEqual(1, code)
        self.assertEqual("", out)
        self.assertEqual([], server.requests)
        self.assertIn("error: invalid definitions (3 problems):", err)
        self.assertIn("asset 'invalid_defs.orders' (function invalid_defs.orders): partitions.values: cannot be empty", err)
        self.assertIn("asset 'invalid_defs.refunds' (function invalid_defs.refunds): parameter 'payments': no asset of the project is named 'payments'", err)
        self.assertIn("heartbeat_timeout_seconds: must be an integer between 30 and 86070, got 5", err)

    def test_an_unreachable_server_is_named_and_exits_one(self) -> None:
        url = f"http://127.0.0.1:{closed_port()}"
        code, _, err = run("deploy", str(EXAMPLE), "--url", url)
        self.assertEqual((1, f"error: cannot connect to {url}: connection refused\n"), (code, err))
        code, _, err = run("status", "01M9", environ={"ARCO_URL": url})
        self.assertEqual((1, f"error: cannot connect to {url}: connection refused\n"), (code, err))

    def test_an_api_error_shows_the_status_and_the_contracts_code(self) -> None:
        server = RecordingServer()
        self.addCleanup(server.close)
        code, _, err = run("logs", "run-1", "--url", server.url, "--workspace", "analytics")
        self.assertEqual((1, "error: HTTP 500\n"), (code, err))
        self.assertEqual(["/api/v1/workspaces/analytics/runs/run-1/logs"], server.requests)

    def test_a_module_that_cannot_be_imported_is_a_local_error(self) -> None:
        code, _, err = run("validate", str(FIXTURES / "fails_on_import.py"))
        self.assertEqual(1, code)
        self.assertIn("error: importing", err)
        self.assertIn("ZeroDivisionError: division by zero", err)
        code, _, err = run("validate", str(FIXTURES / "missing.py"))
        self.assertEqual(1, code)
        self.assertIn("no such file or directory", err)

    def test_usage_errors_exit_two(self) -> None:
        for argv in (("deploy",), ("frobnicate",), ("run", "shop.orders", "--partition", "k=s:eA", "--partition-value", "k=x"),
                     ("run", "shop.orders", "--label", "no-equals-sign"), ("worker", str(EXAMPLE), "--concurrency", "0")):
            with self.subTest(argv):
                code, _, err = run(*argv)
                self.assertEqual(2, code, err)
                self.assertTrue(err.startswith("error: "), err)

    def test_help_and_version_exit_zero(self) -> None:
        self.assertEqual((0, "arco_flow 0.1.0\n"), run("--version")[:2])
        code, out, _ = run("run", "--help")
        self.assertEqual(0, code)
        self.assertIn("--partition-value DIM=VALUE", out)


if __name__ == "__main__":
    unittest.main()
