"""What functions return becomes the contract's output; mistakes fail loudly instead of vanishing."""

from __future__ import annotations

import unittest
from datetime import datetime, timezone

from arco_flow import MaterializeResult, RunRequest, SensorResult
from arco_flow.results import output_of
from arco_flow.sensor_runner import SensorRunner


class OutputTest(unittest.TestCase):
    def test_a_materialize_result_becomes_the_camel_case_output_with_its_lineage_fields(self) -> None:
        result = MaterializeResult(
            materialization_id="mat-1",
            row_count=12,
            delta_table="shop.orders",
            delta_version=17,
            delta_partition="2026-12-06",
            output_visibility_state="VISIBLE",
            published_at=datetime(2026, 12, 6, 8, 0, tzinfo=timezone.utc),
        )
        self.assertEqual(
            {
                "materializationId": "mat-1",
                "rowCount": 12,
                "deltaTable": "shop.orders",
                "deltaVersion": 17,
                "deltaPartition": "2026-12-06",
                "outputVisibilityState": "VISIBLE",
                "publishedAt": "2026-12-06T08:00:00Z",
            },
            output_of(result),
        )

    def test_a_dict_may_use_either_spelling_of_the_fields(self) -> None:
        self.assertEqual({"rowCount": 3, "deltaTable": "t"}, output_of({"row_count": 3, "deltaTable": "t"}))
        self.assertIsNone(output_of(None))

    def test_unknown_fields_and_other_values_are_errors(self) -> None:
        with self.assertRaisesRegex(ValueError, "unknown output field 'rows'"):
            output_of({"rows": 3})
        with self.assertRaisesRegex(TypeError, "not int"):
            output_of(42)
        with self.assertRaisesRegex(ValueError, "output_visibility_state"):
            output_of(MaterializeResult(output_visibility_state="DONE"))


class SensorOutputTest(unittest.TestCase):
    def test_a_result_pair_or_none_becomes_cursor_and_run_requests(self) -> None:
        out = SensorRunner._output  # the answer's encoding, apart from the HTTP call
        self.assertEqual(
            {"cursor": "7", "runRequests": [{"runKey": "f-7"}]},
            out(SensorResult(cursor="7", run_requests=[RunRequest(run_key="f-7")]), "6"),
        )
        self.assertEqual({"cursor": "6", "runRequests": [{"partitionKey": "k=s:eA"}]}, out((None, [RunRequest(partition={"k": "x"})]), "6"))
        self.assertEqual({"cursor": "6", "runRequests": []}, out(None, "6"))
        self.assertEqual({"runRequests": []}, out(None, None))

    def test_a_malformed_answer_is_an_error(self) -> None:
        with self.assertRaisesRegex(TypeError, "returns None, a SensorResult"):
            SensorRunner._output(["x"], None)
        with self.assertRaisesRegex(TypeError, "cursor must be a string"):
            SensorRunner._output(SensorResult(cursor=7), None)  # type: ignore[arg-type]
        with self.assertRaisesRegex(TypeError, "RunRequest"):
            SensorRunner._output(SensorResult(run_requests=["shop.orders"]), None)  # type: ignore[list-item]


if __name__ == "__main__":
    unittest.main()
