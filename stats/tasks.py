"""Celery tasks of the statistics: small adapters around stats.rollup (STYLE.md convention 4)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError

from stats.rollup import all_station_ids, run_rollup

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,  # a rerun is harmless: the rollup is idempotent
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=30 * 60,
    time_limit=32 * 60,
)
def rollup_station(station_id: int, full_window: bool = False) -> dict:
    """Bring one station's rollup rows up to date; returns what was refilled."""
    from stations.models import Station

    if not Station.objects.filter(pk=station_id).exists():
        return {"station": station_id, "skipped": "gone"}
    report = run_rollup(station_ids=[station_id], full_window=full_window)
    return {
        "station": station_id,
        "days": {key: report.days(key) for key in report.refilled},
        "busy": sorted(report.skipped_busy),
    }


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def rollup_all(full_window: bool = False) -> int:
    """The beat entry: one task per station, so that every worker takes a share."""
    station_ids = all_station_ids()
    for station_id in station_ids:
        rollup_station.delay(station_id, full_window=full_window)
    logger.info("stats rollup queued for %d stations (full window: %s)", len(station_ids), full_window)
    return len(station_ids)
