"""Derived figures (one place: stats/derive.py) and periods (stats/periods.py)."""

from datetime import date

import pytest
from django.test import override_settings

from stats.derive import figure, is_significant, median_from_histogram, poisson_score, relative_change, value_of
from stats.metrics import METRICS, REGISTRY, Metric, RecordsLink
from stats.periods import Period, shift_year


@pytest.mark.parametrize(
    ("buckets", "median"),
    [({}, None), ({5: 1}, 5), ({1: 1, 3: 1}, 2), ({1: 2, 10: 1}, 1), ({0: 1, 2: 2, 7: 1}, 2), ({3: 0, 4: 2}, 4)],
)
def test_median_from_a_histogram(buckets, median):
    assert median_from_histogram(buckets) == median


def test_changes_are_empty_not_zero_or_infinite_when_the_base_is_zero():
    assert relative_change(5, 0) is None
    assert relative_change(0, 0) is None
    assert relative_change(None, 3) is None
    assert relative_change(3, 4) == -0.25


def test_a_change_is_significant_only_beyond_two_poisson_units():
    assert poisson_score(16, 9) == 2.0
    assert is_significant(16, 9) is False  # exactly 2 is not beyond
    assert is_significant(25, 9) is True
    assert is_significant(9, 25) is True
    assert is_significant(0, 0) is False


def test_rates_give_percentage_points_and_empty_changes_on_an_empty_base():
    solved = Metric(key="t_solved", label="s", definition="d", sql=lambda d, s: "")
    registered = Metric(key="t_registered", label="r", definition="d", sql=lambda d, s: "")
    rate = Metric(
        key="t_rate", label="rate", definition="d", kind="ratio", numerator="t_solved", denominator="t_registered"
    )
    METRICS.update({m.key: m for m in (solved, registered, rate)})
    try:
        now = {"t_solved": {"": 6}, "t_registered": {"": 8}}
        last_year = {"t_solved": {"": 3}, "t_registered": {"": 6}}
        before = {"t_solved": {"": 2}, "t_registered": {"": 0}}
        result = figure(rate, now, last_year, before)
        assert result.value == 75.0 and result.previous_year == 50.0
        assert result.yoy_pp == 25.0 and result.yoy_change == 0.5
        assert result.previous_period is None and result.pop_change is None and result.pop_pp is None
    finally:
        for key in ("t_solved", "t_registered", "t_rate"):
            METRICS.pop(key)


def test_rate_per_10k_is_scaled_to_a_year():
    counted = Metric(key="t_count", label="c", definition="d", sql=lambda d, s: "")
    per_10k = Metric(key="t_per10k", label="p", definition="d", kind="per_10k", numerator="t_count")
    METRICS.update({"t_count": counted, "t_per10k": per_10k})
    try:
        assert value_of(per_10k, {"t_count": {"": 5}}, population=20000, days=73) == pytest.approx(12.5)
        assert value_of(per_10k, {"t_count": {"": 5}}, population=None, days=73) is None
    finally:
        METRICS.pop("t_count")
        METRICS.pop("t_per10k")


def test_the_registry_has_one_entry_per_key_with_a_definition():
    keys = [m.key for m in REGISTRY]
    assert len(keys) == len(set(keys))
    assert all(str(m.definition) and str(m.label) for m in REGISTRY)
    assert all(m.available for m in REGISTRY), [m.key for m in REGISTRY if not m.available]
    derived = {m.key for m in REGISTRY if not m.stored}
    assert derived == {
        "clearance_rate",
        "incident_rate_per_10k",
        "street_crime_rate_per_10k",
        "dispute_resolution_rate",
        "patrol_police_daily",
        "patrol_volunteer_daily",
        "response_within_1_min_rate",
        "response_within_3_min_rate",
        "response_within_5_min_rate",
        "anti_fraud_app_coverage",
        "fraud_warnings_on_time_rate",
        "post_warning_victim_rate",
        "community_squad_share",
        "front_line_share",
        "awards_to_stations_share",
        "control_signed_on_time_rate",
        "control_done_on_time_rate",
    }


@override_settings(ROOT_URLCONF="stats.urls")
def test_a_records_link_to_a_list_that_does_not_exist_yet_is_empty():
    assert RecordsLink(url_name="cases:incident-list").url(start=date(2026, 1, 1), end=date(2026, 1, 31)) is None


@pytest.mark.parametrize(
    ("kind", "day", "period", "previous", "last_year"),
    [
        (
            "week",
            date(2026, 3, 4),
            ("2026-03-02", "2026-03-08"),
            ("2026-02-23", "2026-03-01"),
            ("2025-03-02", "2025-03-08"),
        ),
        (
            "month",
            date(2026, 3, 31),
            ("2026-03-01", "2026-03-31"),
            ("2026-02-01", "2026-02-28"),
            ("2025-03-01", "2025-03-31"),
        ),
        (
            "quarter",
            date(2026, 1, 15),
            ("2026-01-01", "2026-03-31"),
            ("2025-10-01", "2025-12-31"),
            ("2025-01-01", "2025-03-31"),
        ),
        (
            "year",
            date(2024, 2, 29),
            ("2024-01-01", "2024-12-31"),
            ("2023-01-01", "2023-12-31"),
            ("2023-01-01", "2023-12-31"),
        ),
    ],
)
def test_periods_and_what_they_are_compared_with(kind, day, period, previous, last_year):
    p = Period.containing(kind, day)
    as_text = lambda q: (q.start.isoformat(), q.end.isoformat())  # noqa: E731
    assert as_text(p) == period
    assert as_text(p.previous_period()) == previous
    assert as_text(p.previous_year()) == last_year


def test_a_range_is_compared_with_as_many_days_right_before_it():
    p = Period(date(2026, 2, 25), date(2026, 3, 6))
    assert (p.previous_period().start, p.previous_period().end) == (date(2026, 2, 15), date(2026, 2, 24))
    assert shift_year(date(2024, 2, 29)) == date(2023, 2, 28)


def test_a_period_reads_whole_months_from_month_rows_and_edges_from_day_rows():
    p = Period(date(2026, 1, 20), date(2026, 4, 3))
    assert p.full_months() == [date(2026, 2, 1), date(2026, 3, 1)]
    assert Period(date(2026, 1, 2), date(2026, 1, 30)).full_months() == []
