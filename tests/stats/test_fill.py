"""The statements that write rollup rows (stats/fill.py): one row per key, months moved by the difference."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from stats.choices import Frequency
from stats.dialect import current_dialect, literal
from stats.fill import move_months_by_difference
from stats.models import KEY_CONSTRAINT, StatRow
from stats.rollup import run_rollup
from tests.stats.factories import local, make_incident

pytestmark = pytest.mark.django_db

MARCH = date(2026, 3, 1)
REFILLED = date(2026, 3, 2)
NOT_REFILLED = date(2026, 3, 20)


@pytest.mark.parametrize("with_community", [True, False], ids=["community", "no community"])
def test_a_second_row_with_the_same_key_is_refused(station_a, community_a, with_community):
    key = {
        "station": station_a,
        "community": community_a if with_community else None,
        "frequency": Frequency.DAY,
        "day": REFILLED,
        "metric": "incidents_reported",
        "subgroup": "",
    }
    StatRow.objects.create(**key, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatRow.objects.create(**key, value=1)


def test_rows_differing_in_community_subgroup_or_frequency_are_separate_keys(station_a, community_a):
    common = {"station": station_a, "day": MARCH, "metric": "incidents_reported", "value": 1}
    StatRow.objects.create(**common, frequency=Frequency.DAY, community=None)
    StatRow.objects.create(**common, frequency=Frequency.DAY, community=community_a)
    StatRow.objects.create(**common, frequency=Frequency.DAY, community=community_a, subgroup="category:fraud")
    StatRow.objects.create(**common, frequency=Frequency.MONTH, community=None)
    StatRow.objects.create(**common, frequency=Frequency.STATION_MONTH, community=None)
    assert StatRow.objects.count() == 5


def test_a_rebuild_puts_the_key_back_after_loading_without_it(station_a):
    make_incident(station=station_a, reported_at=local(date.today().replace(day=1), 10))
    run_rollup(rebuild=True)
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, StatRow._meta.db_table)
    assert constraints[KEY_CONSTRAINT]["unique"]


def _rows(frequency) -> dict[tuple, int]:
    return {
        (metric, community, subgroup): value
        for metric, community, subgroup, value in StatRow.objects.filter(frequency=frequency).values_list(
            "metric", "community_id", "subgroup", "value"
        )
    }


def test_month_rows_move_by_exactly_the_difference_of_the_refilled_days(station_a, community_a):
    """Old day rows on the 2nd and the 20th of March; the 2nd is refilled with new rows. The month
    rows of a key that changed move by its change, a key that fell to zero loses its month rows, a
    new key gets some, and keys that did not change (or belong to other metrics) are not touched."""
    ca = community_a.pk

    def row(frequency, day, metric, value, community=community_a, subgroup=""):
        return StatRow(
            station=station_a,
            community=community,
            frequency=frequency,
            day=day,
            metric=metric,
            subgroup=subgroup,
            value=value,
        )

    StatRow.objects.bulk_create(
        [
            row(Frequency.DAY, REFILLED, "m_a", 2),
            row(Frequency.DAY, NOT_REFILLED, "m_a", 3),
            row(Frequency.DAY, REFILLED, "m_a", 4, community=None),  # stays as it was
            row(Frequency.DAY, REFILLED, "m_b", 1),  # falls to zero
            row(Frequency.DAY, REFILLED, "m_other", 6),  # another metric, not refilled
            row(Frequency.MONTH, MARCH, "m_a", 5),
            row(Frequency.MONTH, MARCH, "m_a", 4, community=None),
            row(Frequency.MONTH, MARCH, "m_b", 1),
            row(Frequency.MONTH, MARCH, "m_other", 6),
            row(Frequency.STATION_MONTH, MARCH, "m_a", 9, community=None),
            row(Frequency.STATION_MONTH, MARCH, "m_b", 1, community=None),
            row(Frequency.STATION_MONTH, MARCH, "m_other", 6, community=None),
        ]
    )

    def write_new_days() -> int:
        new = [
            row(Frequency.DAY, REFILLED, "m_a", 7),  # +5
            row(Frequency.DAY, REFILLED, "m_a", 4, community=None),  # unchanged
            row(Frequency.DAY, REFILLED, "m_c", 5, subgroup="category:fraud"),  # a new key
        ]
        StatRow.objects.bulk_create(new)
        return len(new)

    with transaction.atomic():
        written = move_months_by_difference(
            ["m_a", "m_b", "m_c"], [station_a.pk], REFILLED, REFILLED, write_new_days, dialect=current_dialect()
        )

    days = StatRow.objects.filter(frequency=Frequency.DAY)
    assert set(days.values_list("day", "metric", "community_id", "subgroup", "value")) == {
        (REFILLED, "m_a", ca, "", 7),
        (NOT_REFILLED, "m_a", ca, "", 3),
        (REFILLED, "m_a", None, "", 4),
        (REFILLED, "m_c", ca, "category:fraud", 5),
        (REFILLED, "m_other", ca, "", 6),
    }
    assert days.count() == 5
    assert _rows(Frequency.MONTH) == {
        ("m_a", ca, ""): 10,
        ("m_a", None, ""): 4,
        ("m_c", ca, "category:fraud"): 5,
        ("m_other", ca, ""): 6,
    }
    assert _rows(Frequency.STATION_MONTH) == {
        ("m_a", None, ""): 14,
        ("m_c", None, "category:fraud"): 5,
        ("m_other", None, ""): 6,
    }
    assert not StatRow.objects.filter(frequency=Frequency.SCRATCH).exists()
    # Three new day rows; at each level two month rows moved (m_a, m_b) and one inserted (m_c).
    assert (written.day_rows, written.month_rows) == (3, 6)


def test_moving_months_refuses_days_of_two_months(station_a):
    with pytest.raises(ValueError), transaction.atomic():
        move_months_by_difference(
            ["m_a"], [station_a.pk], date(2026, 3, 31), date(2026, 4, 1), lambda: 0, dialect=current_dialect()
        )


def test_constants_spelled_into_sql_are_quoted_and_a_percent_sign_refused():
    assert literal("it's") == "'it''s'"
    with pytest.raises(ValueError):
        literal("100%")
