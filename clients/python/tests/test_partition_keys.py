"""Canonical partition keys: what a worker decodes for the function, and what a sensor encodes."""

from __future__ import annotations

import unittest
from datetime import date, datetime, timedelta, timezone

from arco_flow import RunRequest, decode_partition_key, partition_key


class PartitionKeyTest(unittest.TestCase):
    def test_the_contracts_example_decodes_to_python_values_and_back(self) -> None:
        key = "date=d:2025-01-15,region=s:dXMtZWFzdA"
        values = decode_partition_key(key)
        self.assertEqual({"date": date(2025, 1, 15), "region": "us-east"}, values)
        self.assertEqual(key, partition_key(values))

    def test_every_tag_round_trips(self) -> None:
        values = {
            "a_string": "été/ß",
            "b_int": -42,
            "c_bool": True,
            "d_date": date(1970, 1, 1),
            "e_instant": datetime(2026, 3, 29, 1, 0, tzinfo=timezone.utc),
            "f_null": None,
        }
        key = partition_key(values)
        self.assertEqual(
            "a_string=s:w6l0w6kvw58,b_int=i:-42,c_bool=b:true,d_date=d:1970-01-01,"
            "e_instant=t:2026-03-29T01:00:00.000000Z,f_null=n:null",
            key,
        )
        self.assertEqual(values, decode_partition_key(key))

    def test_dimensions_are_sorted_by_name_and_instants_are_written_in_utc(self) -> None:
        paris = timezone(timedelta(hours=1))
        self.assertEqual(
            "date=t:2026-11-26T07:00:00.000000Z,region=s:ZXU",
            partition_key({"region": "eu", "date": datetime(2026, 11, 26, 8, 0, tzinfo=paris)}),
        )

    def test_bad_keys_and_values_are_refused(self) -> None:
        for key in ("date", "date=x", "date=d:2026-02-30", "date=q:1", "Date=s:ZXU", "a=s:eA,a=s:eQ", "b=b:yes"):
            with self.subTest(key), self.assertRaisesRegex(ValueError, "invalid partitionKey"):
                decode_partition_key(key)
        with self.assertRaisesRegex(ValueError, "timezone-aware"):
            partition_key({"hour": datetime(2026, 1, 1)})
        with self.assertRaisesRegex(ValueError, "must match"):
            partition_key({"Region": "eu"})
        with self.assertRaisesRegex(ValueError, "at least one dimension"):
            partition_key({})

    def test_a_run_request_encodes_its_partition_or_keeps_a_canonical_key(self) -> None:
        self.assertEqual(
            {"assets": ["shop.orders"], "partitionKey": "date=d:2026-12-06", "runKey": "r1"},
            RunRequest(assets=["shop/orders"], partition={"date": date(2026, 12, 6)}, run_key="r1").to_json(),
        )
        self.assertEqual({"partitionKey": "date=d:2026-12-06"}, RunRequest(partition_key="date=d:2026-12-06").to_json())
        self.assertEqual({}, RunRequest().to_json())
        with self.assertRaisesRegex(ValueError, "not both"):
            RunRequest(partition_key="date=d:2026-12-06", partition={"date": date(2026, 12, 6)}).to_json()


if __name__ == "__main__":
    unittest.main()
