"""Definitions that would not deploy are refused before anything is sent, and every problem names
its function (or module attribute) and field."""

from __future__ import annotations

import types
import unittest
from datetime import date, datetime
from typing import Any

from arco_flow import (
    DailyPartitions,
    DefinitionError,
    DynamicPartitions,
    FreshnessPolicy,
    HourlyPartitions,
    MultiPartitions,
    PushSensor,
    RetryPolicy,
    Schedule,
    StaticPartitions,
    asset,
    build_project,
    poll_sensor,
)
from arco_flow.discovery import collect
from arco_flow.partitions import _known_zones

HERE = __name__


def problems(**attributes: Any) -> list[str]:
    """The problems of a module ``shop`` holding ``attributes``; fails if it builds."""
    module = types.ModuleType("shop")
    for name, value in attributes.items():
        setattr(module, name, value)
    try:
        build_project(collect([module]))
    except DefinitionError as e:
        return [str(p) for p in e.problems]
    raise AssertionError("the definitions built without a problem")


def ok_asset() -> Any:
    @asset(namespace="shop")
    def orders() -> None:
        pass

    return orders


class ValidationTest(unittest.TestCase):
    def assert_problem(self, found: list[str], *fragments: str) -> None:
        if not any(all(f in p for f in fragments) for p in found):
            self.fail(f"no problem contains {fragments}; problems: {found}")

    def test_a_problem_names_the_asset_the_function_and_the_field(self) -> None:
        @asset(namespace="shop", partitions=StaticPartitions([]))
        def orders() -> None:
            pass

        found = problems(orders=orders)
        self.assertEqual(
            [f"asset 'shop.orders' (function {HERE}.ValidationTest.test_a_problem_names_the_asset_the_function_and_the_field.<locals>.orders): partitions.values: cannot be empty"],
            found,
        )

    def test_every_problem_is_reported_at_once(self) -> None:
        @asset(namespace="shop", queue="", heartbeat_timeout_seconds=10)
        def orders(customers) -> None:
            pass

        found = problems(orders=orders, nightly=Schedule(cron="0 3 * *", assets=[orders]))
        self.assertEqual(4, len(found), found)
        self.assert_problem(found, "asset 'shop.orders'", "queue: must be a non-empty string")
        self.assert_problem(found, "heartbeat_timeout_seconds: must be an integer between 30 and 86070, got 10")
        self.assert_problem(found, "parameter 'customers': no asset of the project is named 'customers'")
        self.assert_problem(found, "schedule 'nightly' (shop.nightly): cron: must have 5 fields (min..dow) or 6 fields (sec..dow)")

    def test_keys_follow_the_servers_grammar(self) -> None:
        @asset(namespace="shop", name="Orders")
        def a() -> None:
            pass

        @asset(key="Shop.b")
        def b() -> None:
            pass

        @asset(key="shop.c", namespace="shop")
        def c() -> None:
            pass

        found = problems(a=a, b=b, c=c)
        self.assert_problem(found, ".a):", "name: name 'Orders' must be segments matching [a-z][a-z0-9_]*")
        self.assert_problem(found, ".b):", "key: invalid asset key 'Shop.b': invalid namespace 'Shop'")
        self.assert_problem(found, ".c):", "key: give key= or namespace=/name=, not both")

    def test_a_namespace_taken_from_an_unsuitable_module_name_says_how_to_fix_it(self) -> None:
        def orders() -> None:
            pass

        orders.__module__ = "pipelines.Shop"
        found = problems(orders=asset(orders))
        self.assert_problem(found, "namespace: namespace 'Shop' must match", "derived from module 'pipelines.Shop'; pass namespace= or key=")

    def test_two_functions_cannot_define_the_same_key(self) -> None:
        @asset(key="shop.orders")
        def first() -> None:
            pass

        @asset(key="shop/orders")
        def second() -> None:
            pass

        self.assert_problem(problems(first=first, second=second), "asset 'shop.orders'", ".second):", "key: duplicate asset key (also defined by")

    def test_inputs_and_dependencies_must_name_assets_of_the_project(self) -> None:
        @asset(namespace="raw")
        def orders() -> None:
            pass

        @asset(namespace="clean", name="orders")
        def clean_orders() -> None:
            pass

        @asset(namespace="marts", ins={"unknown": orders}, deps=["raw.nothing", "Bad Key"])
        def revenue(orders) -> None:
            pass

        @asset(namespace="other")
        def elsewhere() -> None:
            pass

        @asset(namespace="marts", deps=[elsewhere])
        def margin(context, *args) -> None:
            pass

        found = problems(orders=orders, clean_orders=clean_orders, revenue=revenue, margin=margin)
        self.assert_problem(found, "parameter 'orders': several assets are named 'orders' (clean.orders, raw.orders); choose one with ins=")
        self.assert_problem(found, "ins['unknown']: names no input parameter of the function")
        self.assert_problem(found, "deps[0]: unknown asset 'raw.nothing'")
        self.assert_problem(found, "deps[1]: asset key cannot contain whitespace")
        self.assert_problem(found, "asset 'marts.margin'", "deps[0]: asset 'other.elsewhere'", "is not part of the project")
        self.assert_problem(found, "parameter 'args': *args and **kwargs cannot name upstream assets")

    def test_an_input_found_by_name_prefers_the_assets_own_namespace(self) -> None:
        @asset(namespace="raw")
        def orders() -> None:
            pass

        @asset(namespace="clean", name="orders")
        def clean_orders(orders) -> None:  # raw.orders: the only other asset named orders
            pass

        @asset(namespace="clean")
        def revenue(orders) -> None:  # clean.orders, its own namespace
            pass

        module = types.ModuleType("shop")
        module.orders, module.clean_orders, module.revenue = orders, clean_orders, revenue
        project = build_project(collect([module]))
        self.assertEqual("raw.orders", str(project.asset("clean.orders").inputs()["orders"]))  # type: ignore[union-attr]
        self.assertEqual("clean.orders", str(project.asset("clean.revenue").inputs()["orders"]))  # type: ignore[union-attr]

    def test_a_dependency_cycle_is_refused_starting_from_its_smallest_key(self) -> None:
        @asset(namespace="shop")
        def b(a) -> None:
            pass

        @asset(namespace="shop")
        def a(b) -> None:
            pass

        @asset(namespace="shop", deps=["shop.itself"])
        def itself() -> None:
            pass

        self.assert_problem(problems(a=a, b=b), "dependencies: dependency cycle: shop.a -> shop.b -> shop.a")
        self.assert_problem(problems(itself=itself), "dependencies: dependency cycle: shop.itself -> shop.itself")

    def test_partition_definitions_are_checked_as_a_deploy_checks_them(self) -> None:
        cases = {
            "partitions.values[1]: duplicate value 'eu'": StaticPartitions(["eu", "eu"]),
            "partitions.name: dimension name 'Region' must match [a-z][a-z0-9_]*": StaticPartitions(["eu"], name="Region"),
            "partitions.set: invalid set name 'Customers'": DynamicPartitions("Customers"),
            "partitions: a multi-dimensional definition needs at least two dimensions": MultiPartitions({"date": DailyPartitions()}),
            "partitions['bad name'].name: dimension name 'bad name' must match": MultiPartitions({"bad name": DailyPartitions(), "b": StaticPartitions(["x"])}),
            "partitions.start: start '2026-12-01' is after end '2026-01-01'": DailyPartitions(start="2026-12-01", end="2026-01-01"),
            "partitions.start: '2026-13-01' is not a valid date": DailyPartitions(start="2026-13-01"),
            "partitions.end: '26/12/2026' is not YYYY-MM-DD": DailyPartitions(end="26/12/2026"),
            "partitions.start: expected a date for day windows, got a datetime": DailyPartitions(start=datetime(2026, 1, 1)),
            "partitions.start: a datetime bound must be timezone-aware": HourlyPartitions(start=datetime(2026, 1, 1)),
        }
        for fragment, definition in cases.items():
            with self.subTest(fragment):
                found = problems(orders=asset(namespace="shop", name="orders", partitions=definition)(lambda: None))
                self.assert_problem(found, fragment)
        good = asset(namespace="shop", name="good", partitions=HourlyPartitions(start=date(2026, 1, 1), end="2026-02-01T00:00:00Z"))(lambda: None)
        module = types.ModuleType("shop")
        module.good = good
        build_project(collect([module]))

    def test_an_unknown_time_zone_is_refused_when_this_machine_knows_the_zones(self) -> None:
        if not _known_zones():
            self.skipTest("this machine has no time zone database; the server checks zones")
        found = problems(
            orders=asset(namespace="shop", name="orders", partitions=DailyPartitions(timezone="UTC+2"))(lambda: None),
            nightly=Schedule(cron="0 3 * * *", assets=["shop.orders"], timezone="+02:00"),
        )
        self.assert_problem(found, "partitions.timezone: unknown time zone 'UTC+2'")
        self.assert_problem(found, "schedule 'nightly'", "timezone: unknown time zone '+02:00'")

    def test_execution_and_freshness_settings_are_range_checked(self) -> None:
        @asset(
            namespace="shop",
            retry=RetryPolicy(max_attempts=0, non_retryable=("KeyError",)),  # type: ignore[arg-type]
            freshness=FreshnessPolicy(maximum_lag_minutes=0),
            code_version=" ",
            owners=["", "ops@acme.example"],
            labels={"team": 7},  # type: ignore[dict-item]
        )
        def orders() -> None:
            pass

        @asset(namespace="shop", retry=RetryPolicy(backoff_seconds=1000))
        def payments() -> None:
            pass

        found = problems(orders=orders, payments=payments)
        self.assert_problem(found, "retry.max_attempts: must be an integer between 1 and 100, got 0")
        self.assert_problem(found, "retry.non_retryable[0]: expected an exception type, got 'KeyError'")
        self.assert_problem(found, "freshness.maximum_lag_minutes: must be an integer between 1 and 2147483647, got 0")
        self.assert_problem(found, "code_version: must be a non-empty string")
        self.assert_problem(found, "owners: expected a list of non-empty strings")
        self.assert_problem(found, "labels: expected a mapping of strings to strings")
        self.assert_problem(found, "asset 'shop.payments'", "retry.max_backoff_seconds: must be >= backoff_seconds (900 < 1000)")

    def test_schedules_are_checked_field_by_field(self) -> None:
        orders = ok_asset()
        found = problems(
            orders=orders,
            a=Schedule(cron="61 * * * *", assets=[orders], overlap_policy="NEVER", max_catchup_ticks=0),
            b=Schedule(cron="0 0 ? * *", assets=["shop.unknown"], catchup_window_minutes=-1),
            c=Schedule(id="a", cron="0 0 * * MON-SUN", assets=[]),
        )
        self.assert_problem(found, "schedule 'a' (shop.a): cron: invalid minute field '61': '61' is not between 0 and 59")
        self.assert_problem(found, "schedule 'a'", "overlap_policy: must be one of ALLOW, SKIP, got 'NEVER'")
        self.assert_problem(found, "schedule 'a'", "max_catchup_ticks: must be an integer >= 1")
        self.assert_problem(found, "schedule 'b'", "cron: invalid day-of-month field '?': '?', 'L', 'W' and '#' are not supported")
        self.assert_problem(found, "schedule 'b'", "assets[0]: unknown asset 'shop.unknown'")
        self.assert_problem(found, "schedule 'b'", "catchup_window_minutes: must be an integer >= 0")
        self.assert_problem(found, "schedule 'a' (shop.c): id: duplicate schedule id")
        self.assert_problem(found, "schedule 'a' (shop.c): cron: invalid day-of-week field 'MON-SUN': range 'MON-SUN' runs backwards")
        self.assert_problem(found, "schedule 'a' (shop.c): assets: must include at least one asset")

    def test_sensors_are_checked_field_by_field(self) -> None:
        orders = ok_asset()

        @poll_sensor(assets=[orders], min_interval_seconds=0)
        def inbox(context, extra) -> None:
            pass

        found = problems(orders=orders, inbox=PushSensor(assets=[orders]), poller=inbox, empty=PushSensor(assets=[]))
        self.assert_problem(found, "poll sensor 'inbox' (function", "id: duplicate sensor id")
        self.assert_problem(found, "poll sensor 'inbox'", "min_interval_seconds: must be an integer between 1 and 86400, got 0")
        self.assert_problem(found, "poll sensor 'inbox'", "parameters: a poll sensor takes at most one parameter, the SensorContext")
        self.assert_problem(found, "push sensor 'empty' (shop.empty): assets: must include at least one asset")

    def test_a_module_without_assets_is_refused(self) -> None:
        self.assertEqual(["module shop: assets: defines no @asset function"], problems())

    def test_decorating_something_else_than_a_function_fails_at_once(self) -> None:
        with self.assertRaises(TypeError):
            asset(42)  # type: ignore[call-overload]
        with self.assertRaisesRegex(TypeError, "unexpected option"):
            asset(partition=DailyPartitions())  # type: ignore[call-overload]


if __name__ == "__main__":
    unittest.main()
