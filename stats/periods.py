"""Periods of the dashboards: this week, month, quarter, year, or any range; and their comparisons."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db.models import Q

from kit.dates import week_start
from stats.choices import Frequency, PeriodKind


def shift_year(day: date, years: int = -1) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _month_first(year: int, month: int) -> date:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, 1)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    kind: str = PeriodKind.RANGE
    # Set when a period reaching past today is counted to today (`end`): the end asked for.
    requested_end: date | None = None

    @classmethod
    def containing(cls, kind: str, day: date) -> Period:
        if kind == PeriodKind.WEEK:
            start = week_start(day)
            return cls(start, start + timedelta(days=6), kind)
        if kind == PeriodKind.MONTH:
            start = day.replace(day=1)
            return cls(start, _month_first(day.year, day.month + 1) - timedelta(days=1), kind)
        if kind == PeriodKind.QUARTER:
            first_month = 3 * ((day.month - 1) // 3) + 1
            start = date(day.year, first_month, 1)
            return cls(start, _month_first(day.year, first_month + 3) - timedelta(days=1), kind)
        if kind == PeriodKind.YEAR:
            return cls(date(day.year, 1, 1), date(day.year, 12, 31), kind)
        raise ValueError(kind)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def to_date(self) -> bool:
        """Counted to today, not to the end of the period: compared with the same elapsed days."""
        return self.requested_end is not None

    def until(self, today: date) -> Period:
        """The period as far as it has gone: a period that reaches past today is counted to today,
        so that 1–2 December is not compared with the whole of last December (like with like)."""
        if self.start <= today < self.end:
            return replace(self, end=today, requested_end=self.end)
        return self

    def previous_year(self) -> Period:
        """The same period a year earlier (同比); for a period counted to today, the same days a year earlier."""
        if self.to_date:
            return Period(shift_year(self.start), shift_year(self.end), self.kind)
        if self.kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR):
            return Period.containing(self.kind, shift_year(self.start))
        return Period(shift_year(self.start), shift_year(self.end), self.kind)

    def previous_period(self) -> Period:
        """The calendar period before (环比); for a range, as many days right before it. For a calendar
        period counted to today, as many days from the start of the period before (no further than its end)."""
        if self.kind in (PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR):
            before = Period.containing(self.kind, self.start - timedelta(days=1))
            if self.to_date:
                return Period(before.start, min(before.start + timedelta(days=self.days - 1), before.end), self.kind)
            return before
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1), self.kind)

    def full_months(self) -> list[date]:
        months, cursor = [], self.start.replace(day=1)
        if cursor < self.start:
            cursor = _month_first(cursor.year, cursor.month + 1)
        while True:
            following = _month_first(cursor.year, cursor.month + 1)
            if following - timedelta(days=1) > self.end:
                return months
            months.append(cursor)
            cursor = following

    def rows_q(self, month_frequency: str = Frequency.MONTH) -> Q:
        """The rollup rows that together cover exactly this period: whole months
        from the month rows (per community, or per station with
        STATION_MONTH), the days at either edge from the day rows."""
        months = self.full_months()
        if not months:
            return Q(frequency=Frequency.DAY, day__gte=self.start, day__lte=self.end)
        covered_end = _month_first(months[-1].year, months[-1].month + 1) - timedelta(days=1)
        q = Q(frequency=month_frequency, day__in=months)
        if self.start < months[0]:
            q |= Q(frequency=Frequency.DAY, day__gte=self.start, day__lt=months[0])
        if covered_end < self.end:
            q |= Q(frequency=Frequency.DAY, day__gt=covered_end, day__lte=self.end)
        return q

    def years(self) -> set[int]:
        return {self.start.year, self.end.year}
