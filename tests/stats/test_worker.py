"""A real Celery worker runs the beat entry: one task per station, rows equal to the raw records."""

import time

import pytest

from stats.choices import Frequency
from stats.metrics import stored_metrics
from stats.models import FillState
from stats.tasks import rollup_all
from tests.stats.independent import expected_day_rows, rollup_rows


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_fills_the_rollup_station_by_station(edge_data, celery_worker):
    queued = rollup_all.delay().get(timeout=60)
    assert queued == 2

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if FillState.objects.filter(filled_until__isnull=False, claimed_by="").count() == 2 * len(stored_metrics()):
            break
        time.sleep(0.5)
    else:
        pytest.fail(f"the worker did not fill the rollup:\n{celery_worker.log()[-3000:]}")
    assert rollup_rows(Frequency.DAY) == expected_day_rows()


def test_beat_runs_the_rollup_every_fifteen_minutes_and_the_window_nightly(settings):
    from datetime import timedelta

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["stats-rollup"]["task"] == "stats.tasks.rollup_all"
    assert schedule["stats-rollup"]["schedule"] == timedelta(minutes=15)
    assert schedule["stats-rollup-window"]["kwargs"] == {"full_window": True}
    assert settings.WULING["STATS_TRAILING_DAYS"] == 90
