"""Days as officers count them: Asia/Shanghai midnights, weeks from Monday."""

from datetime import UTC, date, datetime

from kit.dates import local_midnight, week_start


def test_a_local_midnight_is_the_evening_before_in_utc():
    assert local_midnight(date(2026, 3, 1)).astimezone(UTC) == datetime(2026, 2, 28, 16, 0, tzinfo=UTC)


def test_a_week_starts_on_monday():
    assert week_start(date(2026, 11, 30)) == date(2026, 11, 30)  # a Monday
    assert week_start(date(2026, 12, 6)) == date(2026, 11, 30)  # the Sunday after
