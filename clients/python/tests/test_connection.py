"""Connection settings resolve like the Java CLI's: flag, then environment, then config file, then default."""

from __future__ import annotations

import json
import tempfile
import unittest
from pathlib import Path

from arco_flow import Connection
from arco_flow.connection import ConfigError


class ConnectionTest(unittest.TestCase):
    def setUp(self) -> None:
        self.home = Path(tempfile.mkdtemp())
        self.addCleanup(lambda: __import__("shutil").rmtree(self.home, ignore_errors=True))

    def write_config(self, value: object, path: Path | None = None) -> Path:
        file = path or self.home / ".config" / "arco" / "config.json"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps(value))
        return file

    def test_defaults_are_those_of_arco_serve(self) -> None:
        c = Connection.resolve(environ={}, home=self.home)
        self.assertEqual(Connection("http://127.0.0.1:8080", "default", "local", None), c)
        self.assertEqual({"X-Tenant-Id": "local", "X-Workspace-Id": "default", "X-User-Id": "arco-python"}, c.headers())

    def test_a_flag_beats_the_environment_which_beats_the_config_file(self) -> None:
        self.write_config({"url": "http://config:1", "workspace": "cfg", "tenant": "cfg-tenant", "token": "cfg-token"})
        env = {"ARCO_URL": "http://env:2/", "ARCO_WORKSPACE": "env", "ARCO_TENANT": ""}
        c = Connection.resolve(workspace="flag", environ=env, home=self.home)
        self.assertEqual(Connection("http://env:2", "flag", "cfg-tenant", "cfg-token"), c)

    def test_a_token_authenticates_with_a_bearer_header_only(self) -> None:
        c = Connection.resolve(environ={"ARCO_TOKEN": "eyJ.x.y", "ARCO_WORKSPACE": "analytics"}, home=self.home)
        self.assertEqual({"Authorization": "Bearer eyJ.x.y"}, c.headers())
        self.assertEqual("/api/v1/workspaces/analytics/runs", c.workspace_path("/runs"))

    def test_a_named_config_file_must_exist_and_any_config_must_be_an_object(self) -> None:
        with self.assertRaisesRegex(ConfigError, "does not exist"):
            Connection.resolve(config=str(self.home / "missing.json"), environ={}, home=self.home)
        named = self.write_config({"workspace": "named"}, self.home / "named.json")
        self.assertEqual("named", Connection.resolve(environ={"ARCO_CONFIG": str(named)}, home=self.home).workspace)
        self.write_config(["not", "an", "object"])
        with self.assertRaisesRegex(ConfigError, "is not a JSON object"):
            Connection.resolve(environ={}, home=self.home)


if __name__ == "__main__":
    unittest.main()
