"""Record numbers: "WL01-2026-J00042", drawn from a locked per-station-year counter.

One counter for every kind of record a station numbers (incidents J, cases A, disputes JF…), so
every app draws its numbers here rather than from another domain app.
"""

from __future__ import annotations

from django.db import transaction

from stations.models import NumberCounter


def next_number(*, station, kind: str, year: int) -> str:
    """The next number of `kind` at `station` in `year`, e.g. "WL01-2026-J00042".

    The station-year counter row is locked until the caller's transaction
    ends, so concurrent creations queue up behind it and never share a
    number; a number handed out is never handed out again.
    """
    with transaction.atomic():
        counter, _created = NumberCounter.objects.select_for_update().get_or_create(
            station_id=station.pk, kind=kind, year=year
        )
        counter.last += 1
        counter.save(update_fields=["last"])
    return format_number(station_code=station.code, kind=kind, year=year, sequence=counter.last)


def format_number(*, station_code: str, kind: str, year: int, sequence: int) -> str:
    return f"{station_code}-{year}-{kind}{sequence:05d}"
