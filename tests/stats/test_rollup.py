"""The rollup: equal to an independent count, idempotent, resumable, safe when runs overlap."""

import logging
import re
from datetime import UTC, timedelta

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from cases.choices import IncidentCategory
from cases.models import Incident
from stats.choices import FillStatus, Frequency
from stats.metrics import stored_metrics
from stats.models import FillState, StatRow
from stats.rollup import run_rollup
from tests.stats.factories import local, make_incident
from tests.stats.independent import expected_day_rows, expected_month_rows, expected_station_month_rows, rollup_rows

pytestmark = pytest.mark.django_db


def assert_rollup_equals_raw():
    assert rollup_rows(Frequency.DAY) == expected_day_rows()
    assert rollup_rows(Frequency.MONTH) == expected_month_rows()
    assert rollup_rows(Frequency.STATION_MONTH) == expected_station_month_rows()


def test_rollup_rows_equal_an_independent_count_of_the_raw_records(edge_data):
    run_rollup()
    assert_rollup_equals_raw()


def test_days_are_shanghai_days_not_utc_days(edge_data, today):
    run_rollup()
    month_first = today.replace(day=1)
    eve = month_first - timedelta(days=1)
    at_midnight = edge_data["at_midnight"]
    assert at_midnight.reported_at.astimezone(UTC).date() == eve
    row = StatRow.objects.get(
        frequency=Frequency.DAY,
        day=month_first,
        metric="incidents_reported",
        subgroup="",
        station_id=at_midnight.station_id,
        community_id=at_midnight.community_id,
    )
    assert row.value == 1


def test_response_minutes_are_whole_minutes_with_a_one_day_cap(edge_data):
    run_rollup()
    buckets = set(
        StatRow.objects.filter(frequency=Frequency.DAY, metric="median_response_minutes").values_list(
            "subgroup", flat=True
        )
    )
    assert {"0", "10", "1440"} <= buckets
    assert not any(b.startswith("-") for b in buckets), "an arrival before the report is not a response time"


def test_rerunning_the_rollup_changes_nothing(edge_data):
    run_rollup()
    first = rollup_rows(Frequency.DAY), rollup_rows(Frequency.MONTH)
    run_rollup()
    run_rollup(full_window=True)
    assert (rollup_rows(Frequency.DAY), rollup_rows(Frequency.MONTH)) == first
    assert set(FillState.objects.values_list("status", flat=True)) == {FillStatus.DONE}


def test_corrected_and_deleted_records_are_refilled_on_the_next_run(edge_data, today):
    run_rollup()
    moved = edge_data["before_midnight"]
    moved.reported_at = local(today - timedelta(days=40), 9)
    moved.category = IncidentCategory.FRAUD
    moved.save()
    edge_data["fraud_b"].delete()
    report = run_rollup()
    assert_rollup_equals_raw()
    # Only the new day and the corrected days were refilled, not the whole window.
    assert report.days("incidents_reported") < 10


def test_scattered_corrections_in_one_month_are_refilled_in_one_chunk(station_a, community_a, today):
    """A day's late edits fall on many days of the window: one refill per month, not one per day."""
    month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)  # last month, in the window
    days = [month + timedelta(days=n) for n in (1, 5, 9, 13, 17)]
    incidents = [make_incident(station=station_a, community=community_a, reported_at=local(day, 10)) for day in days]
    run_rollup()
    for incident in incidents:
        incident.category = IncidentCategory.FRAUD
        incident.save()
    chunks = []
    report = run_rollup(on_chunk=lambda metric, start, end: chunks.append((metric.key, start, end)))
    assert_rollup_equals_raw()
    this_month = today.replace(day=1)
    in_month = [(start, end) for key, start, end in chunks if key == "incidents_reported" and start < this_month]
    assert in_month == [(days[0], days[-1])], "one chunk from the first corrected day to the last"
    assert report.days("incidents_reported") <= (days[-1] - days[0]).days + 1 + today.day


def test_the_nightly_window_run_catches_changes_made_around_the_history(edge_data):
    run_rollup()
    Incident.objects.filter(pk=edge_data["under_a_minute"].pk).update(category=IncidentCategory.HAZARD)
    run_rollup(full_window=True)
    assert_rollup_equals_raw()


def test_a_new_record_today_is_counted_on_the_next_run(edge_data, station_a, today):
    run_rollup()
    make_incident(station=station_a, reported_at=timezone.now() - timedelta(seconds=1))
    run_rollup()
    assert_rollup_equals_raw()


def test_a_run_refills_only_metrics_whose_records_or_rows_are_on_the_days(edge_data, station_a, today):
    run_rollup()
    make_incident(station=station_a, reported_at=timezone.now() - timedelta(seconds=1))
    report = run_rollup()
    assert report.refilled["incidents_reported"][-1] == (today, today)
    # No dispute, patrol or work-log entry today, and no rows of them to remove: left alone.
    assert report.refilled["disputes_registered"] == []
    assert report.refilled["patrol_police_person_times"] == []
    assert set(FillState.objects.values_list("filled_until", flat=True)) == {today}
    assert_rollup_equals_raw()


def test_a_key_that_falls_to_zero_loses_its_month_row(edge_data, station_b, today):
    run_rollup()
    fraud = edge_data["fraud_b"]
    month = timezone.localdate(fraud.reported_at).replace(day=1)
    month_rows = StatRow.objects.filter(
        metric="fraud_incidents", station=station_b, day=month, frequency__in=[Frequency.MONTH, Frequency.STATION_MONTH]
    )
    assert sorted(month_rows.values_list("value", flat=True)) == [1, 1]
    fraud.delete()
    run_rollup()
    assert not month_rows.exists()
    assert_rollup_equals_raw()


def test_a_run_with_nothing_new_costs_a_handful_of_statements_whatever_the_metrics(
    edge_data, django_assert_max_num_queries
):
    run_rollup()
    # Time passes: the records' history falls behind the look-back margin.
    for model in apps.get_models():
        if model.__name__.startswith("Historical") and hasattr(model, "history_date"):
            model.objects.update(history_date=F("history_date") - timedelta(hours=1))
    # Claim (3), plan (one history question per source table), ask which metrics have rows today
    # (1) and whether each source has records (one per source table), mark started and done (2),
    # release (1). Bookkeeping metric by metric would be several hundred.
    metrics = stored_metrics()
    sources = {metric.source for metric in metrics}
    assert 2 * len(sources) + 7 < 2 * len(metrics)  # the bound stays below two statements a metric
    with django_assert_max_num_queries(2 * len(sources) + 7):
        report = run_rollup()
    assert report.refilled["disputes_registered"] == []


def test_a_run_interrupted_after_started_is_completed_by_the_next(edge_data, station_a, today):
    class Crash(Exception):
        pass

    def crash_after_first_chunk(metric, start, end):
        raise Crash

    with pytest.raises(Crash):
        run_rollup(on_chunk=crash_after_first_chunk)
    state = FillState.objects.get(statistic="incidents_reported", station=station_a)
    assert state.status == FillStatus.STARTED
    assert state.started_from is not None
    # A half-written bucket left by a crash that was not atomic.
    StatRow.objects.create(
        station=station_a, frequency=Frequency.DAY, day=state.started_from, metric="incidents_reported", value=999
    )

    run_rollup()

    assert_rollup_equals_raw()
    state.refresh_from_db()
    assert state.status == FillStatus.DONE
    assert state.claimed_by == ""


def test_a_station_claimed_by_another_run_is_skipped_until_its_claim_lapses(edge_data, station_a, station_b):
    FillState.objects.create(
        statistic="incidents_reported",
        station=station_a,
        claimed_by="another-run",
        claimed_until=timezone.now() + timedelta(minutes=5),
    )
    report = run_rollup()
    assert report.skipped_busy["incidents_reported"] == [station_a.pk]
    assert not StatRow.objects.filter(metric="incidents_reported", station=station_a).exists()
    assert StatRow.objects.filter(metric="incidents_reported", station=station_b).exists()

    FillState.objects.filter(station=station_a).update(claimed_until=timezone.now() - timedelta(seconds=1))
    run_rollup()
    assert_rollup_equals_raw()


def test_a_rebuild_removes_rows_of_records_deleted_long_ago(edge_data, station_a):
    old = make_incident(station=station_a, reported_at=local(timezone.localdate() - timedelta(days=500), 10))
    run_rollup()
    Incident.objects.filter(pk=old.pk).delete()
    run_rollup(rebuild=True)
    assert_rollup_equals_raw()


def test_rollup_with_no_records_writes_nothing_and_marks_the_day(station_a):
    run_rollup()
    assert not StatRow.objects.exists()
    assert FillState.objects.filter(station=station_a, filled_until=timezone.localdate()).count() == len(
        stored_metrics()
    )


def test_the_command_backfills_a_range_and_rebuilds(edge_data, today, capsys):
    call_command("rollup_stats", "--since", str(today - timedelta(days=60)), "--until", str(today))
    call_command("rollup_stats", "--rebuild")
    assert "incidents_reported" in capsys.readouterr().out
    assert_rollup_equals_raw()


@pytest.mark.parametrize(
    "args",
    [["--since", "2026-02-30"], ["--since", "2026-03-02", "--until", "2026-03-01"]],
    ids=["impossible date", "since after until"],
)
def test_the_command_refuses_bad_dates(args):
    with pytest.raises(CommandError):
        call_command("rollup_stats", *args)


def _rollup_log(caplog, word: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "stats.rollup" and r.getMessage().startswith(word)]


DONE_LINE = re.compile(r"DONE (?P<what>.+): (?P<rows>\d+) rows \((?P<day>\d+) day, (?P<month>\d+) month\) in \d+ms")


def test_every_chunk_logs_start_and_done_with_its_rows_and_milliseconds(edge_data, station_a, caplog):
    caplog.set_level(logging.INFO, logger="stats.rollup")
    run_rollup(rebuild=True)
    starts, dones = _rollup_log(caplog, "START "), _rollup_log(caplog, "DONE ")
    assert starts and len(dones) == len(starts)
    done = [DONE_LINE.fullmatch(line) for line in dones]
    assert all(done), dones
    assert [m["what"] for m in done] == [line.removeprefix("START ") for line in starts]
    # A rebuild writes every row once: its DONE lines account for the whole table.
    assert sum(int(m["rows"]) for m in done) == StatRow.objects.count()
    assert any(m["what"].startswith("incidents_reported ") and int(m["day"]) > 0 for m in done)

    caplog.clear()
    make_incident(station=station_a, reported_at=timezone.now() - timedelta(seconds=1))
    run_rollup()
    moved = [DONE_LINE.fullmatch(line) for line in _rollup_log(caplog, "DONE ") if "(move months)" in line]
    assert any("incidents_reported" in m["what"] and int(m["day"]) > 0 and int(m["month"]) > 0 for m in moved)


def test_a_dead_runs_claim_lapses_within_two_minutes_by_default():
    from stats.conf import stats_setting

    assert stats_setting("STATS_CLAIM_SECONDS") <= 120


@pytest.mark.django_db(transaction=True)
def test_a_long_run_renews_its_claim_so_no_other_run_takes_its_stations_meanwhile(edge_data, station_a, settings):
    """A lease of two seconds, a run that works for three: its claim must outlive the lease."""
    settings.WULING = {**settings.WULING, "STATS_CLAIM_SECONDS": 2}
    seen = []

    def slow_chunk(metric, start, end):
        if seen:
            return
        first = FillState.objects.filter(station=station_a).exclude(claimed_by="").first()
        seen.append(first.claimed_until)
        import time

        time.sleep(3)
        renewed = FillState.objects.get(pk=first.pk)
        seen.append(renewed.claimed_until)
        assert renewed.claimed_until > timezone.now(), "the claim lapsed while its run still worked"

    run_rollup(on_chunk=slow_chunk)

    assert seen[1] > seen[0] + timedelta(seconds=1)
    assert not FillState.objects.exclude(claimed_by="").exists()
