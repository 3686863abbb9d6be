"""Demo statistics: roll up whatever the other seeders recorded, so the dashboards have figures at once."""

from __future__ import annotations

from stats.models import FillState
from stats.rollup import run_rollup


def seed(ctx) -> None:
    if FillState.objects.exists():
        ctx.say("statistics: already rolled up, skipped (the periodic job keeps them current)")
        return
    report = run_rollup(rebuild=True)
    days = max((report.days(key) for key in report.refilled), default=0)
    ctx.say(f"statistics: rolled up {days} days of records")
