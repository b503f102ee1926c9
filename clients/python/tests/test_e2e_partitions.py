"""Every kind of partition definition deploys, and its keys reach the function decoded."""

from __future__ import annotations

import unittest

from arco_flow import load_project

from tests.support.e2e import ServerTestCase
from tests.support.paths import FIXTURES

CASES = {
    "partition_kinds.hourly": ([("date", "2026-03-29T05:00:00Z")], "date=datetime.datetime(2026, 3, 29, 5, 0, tzinfo=datetime.timezone.utc)"),
    "partition_kinds.daily": ([("date", "20261206")], "date=datetime.date(2026, 12, 6)"),
    "partition_kinds.weekly": ([("week", "2026-12-07")], "week=datetime.date(2026, 12, 7)"),
    "partition_kinds.monthly": ([("month", "2026-12-01")], "month=datetime.date(2026, 12, 1)"),
    "partition_kinds.regional": ([("region", "apac")], "region='apac'"),
    "partition_kinds.per_customer": ([("customer_ids", "acme")], "customer_ids='acme'"),
    "partition_kinds.per_tenant": ([("tenant", "globex")], "tenant='globex'"),
    "partition_kinds.daily_by_region": ([("date", "2026-12-06"), ("region", "eu")], "date=datetime.date(2026, 12, 6);region='eu'"),
}


class PartitionKindsTest(ServerTestCase):
    def test_every_partition_kind_runs_with_its_key_decoded_for_the_function(self) -> None:
        project = load_project(str(FIXTURES / "partition_kinds.py"))
        self.deploy(project)
        self.client.post("/partition-sets/customer-ids/members", {"add": ["acme"], "remove": []})
        self.start_worker(project, concurrency=4)
        runs = {
            key: self.trigger(key, partitions=[{"key": k, "value": v} for k, v in values])
            for key, (values, _) in CASES.items()
        }
        for key, (_, seen) in CASES.items():
            with self.subTest(key):
                run = self.wait_for_run(runs[key])
                task = self.task(run, key)
                self.assertEqual(("SUCCEEDED", seen), (task["state"], task["deltaPartition"]))


if __name__ == "__main__":
    unittest.main()
