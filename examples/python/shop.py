"""A small partitioned pipeline for Arco's Python SDK (see README.md next to this file).

``shop.customers`` and ``shop.orders`` feed ``shop.daily_revenue``, a daily-partitioned fan-in.
The ``nightly`` schedule refreshes the customers; the ``new_orders`` push sensor turns each message
sent to ``POST /sensors/new_orders/evaluate`` into a run of one day's orders and revenue.

The functions compute small deterministic numbers instead of reading real data, so the example
runs anywhere; what they return is what a real pipeline reports: where the data went (table,
version, partition) and how much of it there is.
"""

from __future__ import annotations

from datetime import date

from arco_flow import (
    AssetContext,
    AssetInput,
    DailyPartitions,
    FreshnessPolicy,
    MaterializeResult,
    PushSensor,
    RetryPolicy,
    Schedule,
    asset,
)

DAILY = DailyPartitions(start="2026-01-01")


@asset(owners=["crm@shop.example"])
def customers(context: AssetContext) -> MaterializeResult:
    """Customer records from the CRM (unpartitioned)."""
    count = 120
    context.log.info("loaded %d customers", count)
    return MaterializeResult(row_count=count, delta_table="shop.customers", delta_version=1)


@asset(partitions=DAILY, retry=RetryPolicy(max_attempts=3, backoff_seconds=1, max_backoff_seconds=10))
def orders(context: AssetContext) -> MaterializeResult:
    """One day of orders from the order service."""
    day = _day(context)
    count = 100 + day.day
    context.log.info("loaded %d orders of %s", count, day.isoformat())
    return MaterializeResult(row_count=count, delta_table="shop.orders", delta_version=1, delta_partition=day.isoformat())


@asset(
    partitions=DAILY,
    retry=RetryPolicy(max_attempts=3, backoff_seconds=1, max_backoff_seconds=10),
    freshness=FreshnessPolicy(maximum_lag_minutes=1440),
    labels={"team": "finance"},
    owners=["finance@shop.example"],
)
def daily_revenue(context: AssetContext, orders: AssetInput, customers: AssetInput) -> MaterializeResult:
    """Revenue per day and customer segment: joins the day's orders with the customers."""
    day = _day(context)
    for source in (orders, customers):
        where = source.materialization
        if where is None:
            context.log.info("reading the latest %s (not built by this run)", source.key)
        else:
            context.log.info("reading %s version %s from run %s", where.delta_table, where.delta_version, where.run_id)
    for step, segment in enumerate(("retail", "wholesale", "online"), start=1):
        context.progress(100 * step / 3, f"segment {segment}")
    context.log.info("revenue of %s computed for 3 segments", day.isoformat())
    return MaterializeResult(
        materialization_id=f"daily_revenue-{day.isoformat()}-{context.run_id}",
        row_count=3,
        delta_table="shop.daily_revenue",
        delta_version=context.attempt,
        delta_partition=day.isoformat(),
    )


nightly = Schedule(cron="0 3 * * *", timezone="Europe/Paris", assets=[customers])

new_orders = PushSensor(assets=[orders, daily_revenue])


def _day(context: AssetContext) -> date:
    """The partition's day; today when the run names no partition (a run without one)."""
    value = context.dimensions.get("date")
    return value if isinstance(value, date) else date.today()
