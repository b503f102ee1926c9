"""A module of decorated functions becomes exactly the manifest JSON of the HTTP contract."""

from __future__ import annotations

import json
import unittest

from arco_flow import load_project
from arco_flow.discovery import load_definitions

from tests.support.paths import EXAMPLE, EXPECTED, FIXTURES


def manifest_text(target: str, version: str) -> str:
    manifest = load_project(target).manifest(code_version="test-1", manifest_version=version)
    return json.dumps(manifest, indent=2) + "\n"


class ManifestTest(unittest.TestCase):
    maxDiff = None

    def assert_matches_expected(self, target: str, version: str, expected: str) -> None:
        # The expected files are what `python3 -m arco_flow manifest MODULE --code-version test-1
        # --manifest-version VERSION` printed when they were last reviewed.
        self.assertEqual((EXPECTED / expected).read_text(), manifest_text(target, version))

    def test_every_authoring_option_becomes_exactly_the_expected_manifest(self) -> None:
        self.assert_matches_expected(str(FIXTURES / "catalog.py"), "catalog-1", "catalog.json")

    def test_every_partition_kind_becomes_exactly_the_expected_manifest(self) -> None:
        self.assert_matches_expected(str(FIXTURES / "partition_kinds.py"), "partition-kinds-1", "partition_kinds.json")

    def test_the_python_example_becomes_exactly_the_expected_manifest(self) -> None:
        self.assert_matches_expected(str(EXAMPLE), "shop-1", "shop.json")

    def test_default_versions_are_hashes_of_the_sources_and_of_the_manifest(self) -> None:
        project = load_project(str(FIXTURES / "catalog.py"))
        first, again = project.manifest(), project.manifest()
        self.assertEqual(first, again)
        self.assertEqual("py-" + project.source_digest[:12], first["codeVersionId"])
        self.assertRegex(first["manifestVersion"], r"^m-[0-9a-f]{12}$")
        other = project.manifest(code_version="another")
        self.assertNotEqual(first["manifestVersion"], other["manifestVersion"])

    def test_a_package_is_loaded_with_its_submodules_and_each_definition_counts_once(self) -> None:
        defs = load_definitions(str(FIXTURES / "pipelines"))
        self.assertEqual(("pipelines", "pipelines.marts", "pipelines.raw"), defs.modules)
        manifest = load_project(str(FIXTURES / "pipelines")).manifest(code_version="c")
        keys = [f"{a['key']['namespace']}.{a['key']['name']}" for a in manifest["assets"]]
        self.assertEqual(["raw.events", "marts.sessions"], keys)
        self.assertEqual(
            [{"upstreamKey": {"namespace": "raw", "name": "events"}, "parameterName": "events"}],
            manifest["assets"][1]["dependencies"],
        )
        self.assertEqual([{"id": "landed", "kind": "push", "assets": ["raw.events", "marts.sessions"]}], manifest["sensors"])


if __name__ == "__main__":
    unittest.main()
