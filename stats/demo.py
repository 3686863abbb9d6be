"""Demo statistics: roll up whatever the other seeders recorded, so the dashboards have figures at once."""

from __future__ import annotations

from stats.metrics import stored_metrics
from stats.models import FillState
from stats.rollup import run_rollup


def seed(ctx) -> None:
    filled = set(FillState.objects.values_list("statistic", flat=True).distinct())
    missing = [metric for metric in stored_metrics() if metric.key not in filled]
    if not missing:
        ctx.say("statistics: already rolled up, skipped (the periodic job keeps them current)")
        return
    # A first run rebuilds everything; after an upgrade that adds metrics, only those.
    report = run_rollup(rebuild=True, metrics=None if not filled else missing)
    days = max((report.days(key) for key in report.refilled), default=0)
    ctx.say(f"statistics: rolled up {days} days of records for {len(report.refilled)} metrics")
