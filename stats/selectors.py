"""What the dashboards, the API and the exports read: rollup rows and populations only.

Every function here runs a fixed number of queries whatever the data size:
two for the rollup rows (summed by the database: the period per station or
community, the two periods it is compared with over all of them), one for
the stations or communities, one for the populations.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import EmptyResultSet, PermissionDenied, ValidationError
from django.db import connection
from django.db.models import BigIntegerField, Case, CharField, Count, F, Max, Q, Subquery, Sum, Value, When
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kit.dates import week_start
from stations.choices import Unit as StaffUnit
from stations.models import Bureau, City, Community, CommunityPopulation, StaffProfile, Station
from stations.scoping import is_bureau_level, is_city_level, user_bureau_id, user_station_id
from stats.choices import Frequency, Interval, MetricKind
from stats.derive import IN_PERIOD, REGISTERED_PREFIX, Figure, Sums, figure, value_of
from stats.metrics import REGISTRY, Metric
from stats.models import StatRow
from stats.periods import Period, shift_year

CITY = "city"
BUREAU = "bureau"
STATION = "station"
NO_COMMUNITY = None


@dataclass(frozen=True)
class Scope:
    """Whose figures: the city's sub-bureaus side by side (CITY), a bureau's stations (BUREAU) or a
    station's communities (STATION)."""

    kind: str  # CITY, BUREAU or STATION
    station: Station | None = None
    bureau: Bureau | None = None
    city: City | None = None  # CITY: the city bureau (None for a superuser: every city)

    @property
    def station_id(self) -> int | None:
        return self.station.pk if self.station else None

    @property
    def bureau_id(self) -> int | None:
        return self.bureau.pk if self.bureau else None

    @property
    def key(self) -> str:
        """A short stable name of the scope (cache keys, file names)."""
        if self.kind == STATION:
            return f"station:{self.station_id}"
        if self.kind == BUREAU:
            return f"bureau:{self.bureau_id}"
        return f"city:{self.city.pk if self.city else 'all'}"

    @property
    def name(self) -> str:
        """The station's, bureau's or city bureau's name, for titles and exports."""
        place = self.station or self.bureau or self.city
        return place.name if place is not None else _("City bureau")


def resolve_scope(user, kind: str | None, station_id: int | None, bureau_id: int | None = None) -> Scope:
    """Which figures `user` asked for and may see: 403 for a scope above their level, 404 for a
    station or bureau outside their scope, a field error when the bureau or station is not named."""
    if kind is None:
        if station_id is not None:
            kind = STATION
        elif bureau_id is not None:
            kind = BUREAU
        elif is_city_level(user):
            kind = CITY
        else:
            kind = BUREAU if is_bureau_level(user) else STATION
    if kind == CITY:
        if not is_city_level(user):
            raise PermissionDenied(_("Only the city bureau's people see the sub-bureaus side by side."))
        city = None if user.is_superuser else City.objects.visible_to(user).first()
        return Scope(CITY, city=city)
    if kind == BUREAU:
        if not is_bureau_level(user):
            raise PermissionDenied(_("Only bureau-level users see the bureau's figures."))
        bureaus = Bureau.objects.visible_to(user)
        if bureau_id is None:
            bureau_id = user_bureau_id(user)
        if bureau_id is None:
            only = list(bureaus[:2])
            if len(only) != 1:
                raise ValidationError({"bureau": [_("Choose a sub-bureau.")]})
            return Scope(BUREAU, bureau=only[0])
        bureau = bureaus.filter(pk=bureau_id).first()
        if bureau is None:
            raise Http404(_("No such sub-bureau."))
        return Scope(BUREAU, bureau=bureau)
    if station_id is None:
        station_id = user_station_id(user)
        if station_id is None:
            raise ValidationError({"station": [_("Choose a station.")]})
    station = Station.objects.visible_to(user).select_related("bureau").filter(pk=station_id).first()
    if station is None:
        raise Http404(_("No such station."))
    return Scope(STATION, station, bureau=station.bureau)


@dataclass
class Unit:
    """A column of the side-by-side view: a bureau (city scope), a station (bureau scope) or a
    community (station scope)."""

    id: int | None
    name: str
    station_id: int | None
    bureau_id: int | None = None
    figures: dict[str, Figure] = field(default_factory=dict)


@dataclass
class Dashboard:
    scope: Scope
    period: Period
    previous_year: Period
    previous_period: Period
    totals: list[Figure]
    units: list[Unit]

    @property
    def figures_by_key(self) -> dict[str, Figure]:
        return {f.metric.key: f for f in self.totals}

    @property
    def comparison_note(self) -> str:
        """What the figures are compared with, in one sentence (pages, the report, the xlsx and the API)."""
        spans = {
            "last_year": _span(self.previous_year),
            "before": _span(self.previous_period),
        }
        if self.period.to_date:
            return _(
                "To %(day)s, compared with the same days a year earlier (%(last_year)s) "
                "and of the previous period (%(before)s)."
            ) % {"day": date_format(self.period.end, "MONTH_DAY_FORMAT"), **spans}
        return (
            _("Compared with the same period last year (%(last_year)s) and the previous period (%(before)s).") % spans
        )


def _span(period: Period) -> str:
    return f"{period.start.isoformat()} – {period.end.isoformat()}"


def _inputs(metrics: list[Metric]) -> list[str]:
    return sorted({key for metric in metrics if metric.available for key in metric.inputs})


def _scoped_rows(user, scope: Scope):
    rows = StatRow.objects.visible_to(user)
    if scope.kind == STATION:
        rows = rows.filter(station_id=scope.station_id)
    elif scope.kind == BUREAU:
        rows = rows.for_bureau(scope.bureau_id)
    return rows


#: What the side-by-side view groups the rollup rows by, per scope.
UNIT_FIELD = {CITY: "station__bureau_id", BUREAU: "station_id", STATION: "community_id"}


def dashboard(
    *, user, scope: Scope, period: Period, metrics: list[Metric] | None = None, today: date | None = None
) -> Dashboard:
    """The figures of `period` with 同比 and 环比. A period that reaches past today is counted to today
    and compared with the same elapsed days a year earlier and of the period before."""
    metrics = metrics or REGISTRY
    period = period.until(today or timezone.localdate())
    last_year, before = period.previous_year(), period.previous_period()
    periods = (period, last_year, before)
    unit_field = UNIT_FIELD[scope.kind]
    months = _month_frequency(scope)
    q_now, q_last_year, q_before = (p.rows_q(months) for p in periods)
    # The current-case numerators are summed by the database, each over its own
    # period's registration days, instead of returning every registration day.
    cohorts = [m.key for m in metrics if m.available and m.stored and m.kind == MetricKind.RATIO]
    subgroup = Case(When(metric__in=cohorts, then=Value(IN_PERIOD)), default=F("subgroup"), output_field=CharField())

    def in_cohort(p: Period) -> Q:
        within = Q(subgroup__gte=f"{REGISTERED_PREFIX}{p.start.isoformat()}") & Q(
            subgroup__lte=f"{REGISTERED_PREFIX}{p.end.isoformat()}"
        )
        return ~Q(metric__in=cohorts) | within if cohorts else Q()

    scoped = _scoped_rows(user, scope).filter(metric__in=_inputs(metrics))
    total_sums: list[Sums] = [{}, {}, {}]
    # The period itself per unit (the side-by-side view compares units, not periods);
    # its totals are their sums.
    unit_rows = (
        scoped.filter(q_now & in_cohort(period))
        .values_list(unit_field, "metric", subgroup)
        .annotate(now=_total(Q()))
        .order_by()
    )
    unit_sums: dict[int | None, Sums] = defaultdict(dict)
    for unit_id, metric_key, subgroup_key, value in _fetch(unit_rows):
        unit_sums[unit_id].setdefault(metric_key, {})[subgroup_key] = value
        total = total_sums[0].setdefault(metric_key, {})
        total[subgroup_key] = total.get(subgroup_key, 0) + value
    # The two comparison periods, summed over the units by the database.
    compared_rows = (
        scoped.filter(q_last_year | q_before)
        .values_list("metric", subgroup)
        .annotate(
            last_year=_total(q_last_year & in_cohort(last_year)),
            before=_total(q_before & in_cohort(before)),
        )
        .order_by()
    )
    for metric_key, subgroup_key, *values in _fetch(compared_rows):
        for index, value in enumerate(values, start=1):
            total_sums[index].setdefault(metric_key, {})[subgroup_key] = value

    if any(m.snapshot for m in metrics):
        _add_residents(user, scope, periods, unit_sums, total_sums)

    units = _units(user, scope, has_unassigned=NO_COMMUNITY in unit_sums)
    populations = _populations(user, scope, {year for p in periods for year in range(p.start.year, p.end.year + 1)})

    service = _service_starts(user, scope)
    today_ = today or timezone.localdate()

    def weeks_in(p: Period, officers) -> dict[str, float]:
        return officer_weeks(officers, p, today_)

    days = tuple(p.days for p in periods)
    spans = tuple((p.start, p.end) for p in periods)
    available = [m for m in metrics if m.available]

    def link(metric, station_id, community_id, subgroup="", bureau_id=None):
        return metric.records_url(
            start=period.start,
            end=period.end,
            station_id=station_id,
            community_id=community_id,
            subgroup=subgroup,
            bureau_id=bureau_id,
        )

    def lazy_link(metric, station_id, community_id, bureau_id=None):
        return lambda: link(metric, station_id, community_id, bureau_id=bureau_id)

    # The totals: value, 同比 and 环比 of every metric, with their parts.
    pops = tuple(weighted_population({y: sum(units.values()) for y, units in populations.items()}, p) for p in periods)
    totals = {}
    for metric in metrics:
        weeks = tuple(weeks_in(p, service) for p in periods) if metric.kind == MetricKind.MEAN else (None,) * 3
        fig = figure(metric, *total_sums, populations=pops, days=days, spans=spans, officer_weeks=weeks)
        if metric.available:
            fig.link = lazy_link(metric, scope.station_id, None, scope.bureau_id)
            if metric.show_parts:
                parts = total_sums[0].get(metric.key, {})
                fig.parts = [
                    (
                        sub,
                        str(metric.subgroup_labels.get(sub, sub)),
                        value,
                        link(metric, scope.station_id, None, sub, scope.bureau_id),
                    )
                    for sub, value in sorted(parts.items(), key=lambda item: -item[1])
                    if sub and value
                ]
        totals[metric.key] = fig

    # Side by side: each station's (or community's) value for the period.
    for unit in units:
        now = unit_sums.get(unit.id, {})
        population = weighted_population({y: units.get(unit.id) for y, units in populations.items()}, period)
        community_id = unit.id if scope.kind == STATION else None
        unit.figures = {metric.key: Figure(metric=metric) for metric in metrics}
        for metric in available:
            fig = unit.figures[metric.key]
            weeks = None
            if metric.kind == MetricKind.MEAN:
                serving = [(o, start, units) for o, start, units in service if unit.id in units]
                weeks = weeks_in(period, serving)
            fig.value = value_of(
                metric,
                now,
                population=population,
                days=period.days,
                start=period.start,
                end=period.end,
                officer_weeks=weeks,
            )
            fig.link = lazy_link(metric, unit.station_id, community_id, unit.bureau_id)
    return Dashboard(scope, period, last_year, before, [totals[m.key] for m in metrics], units)


def _total(rows_q: Q):
    """SUM(value) over the rows of one period, 0 rather than NULL, as an integer (not numeric)."""
    return Coalesce(Cast(Sum("value", filter=rows_q or None), BigIntegerField()), 0)


def _fetch(queryset) -> list[tuple]:
    """The rows of an aggregate query as plain tuples: the dashboards read a few
    thousand of them, and Django's per-row converters would cost more than the query."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. no stored input: a metric not available yet
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _month_frequency(scope: Scope) -> str:
    """The bureau compares stations and the city bureaus: they read the stations' month rows, not
    their communities'."""
    return Frequency.MONTH if scope.kind == STATION else Frequency.STATION_MONTH


def _units(user, scope: Scope, *, has_unassigned: bool) -> list[Unit]:
    if scope.kind == CITY:
        return [Unit(b.pk, b.name, None, b.pk) for b in Bureau.objects.visible_to(user).order_by("code")]
    if scope.kind == BUREAU:
        stations = Station.objects.visible_to(user).filter(bureau_id=scope.bureau_id).order_by("code")
        return [Unit(s.pk, s.name, s.pk) for s in stations]
    units = [
        Unit(c.pk, c.name, scope.station_id)
        for c in Community.objects.filter(station_id=scope.station_id).order_by("name")
    ]
    if has_unassigned:
        units.append(Unit(NO_COMMUNITY, _("No community"), scope.station_id))
    return units


def _add_residents(user, scope: Scope, periods, unit_sums, total_sums) -> None:
    """The register as it stood at the end of each period: residents registered and those with the
    anti-fraud app, from each resident's last historical version by then (one query a period)."""
    from community.models import Resident
    from stats.metrics.community import RESIDENTS_REGISTERED, RESIDENTS_WITH_APP

    historical = Resident.history.model
    stations = _stations_of(user, scope)
    unit = UNIT_FIELD[scope.kind]
    for index, p in enumerate(periods):
        cut = timezone.make_aware(datetime.combine(p.end + timedelta(days=1), time.min))
        last_versions = (
            historical.objects.filter(history_date__lt=cut, station__in=stations)
            .values("id")
            .annotate(last=Max("history_id"))
            .values("last")
        )
        rows = (
            historical.objects.filter(history_id__in=Subquery(last_versions))
            .exclude(history_type="-")
            .values_list(unit)
            .annotate(registered=Count("history_id"), with_app=Count("history_id", filter=Q(anti_fraud_app=True)))
            .order_by()
        )
        totals = total_sums[index]
        for unit_id, registered, with_app in rows:
            for key, value in ((RESIDENTS_REGISTERED, registered), (RESIDENTS_WITH_APP, with_app)):
                total = totals.setdefault(key, {})
                total[""] = total.get("", 0) + value
                if index == 0:
                    unit_sums[unit_id].setdefault(key, {})[""] = value


def _service_starts(user, scope: Scope) -> list[tuple[str, date, set]]:
    """The officers in a community-policing post (the community squad's police and auxiliaries, active)
    of the scope: ("officer:<id>", first day of service, the units they count in: their station, or the
    communities they serve). One query. Service runs from the day their account was opened, by their
    staff profile, until the assignments of the staffing records can say better."""
    from stats.metrics.community import COMMUNITY_POST_KINDS

    profiles = StaffProfile.objects.filter(
        unit=StaffUnit.COMMUNITY_SQUAD, kind__in=COMMUNITY_POST_KINDS, user__is_active=True
    ).filter(station__in=_stations_of(user, scope))
    unit = "communities" if scope.kind == STATION else UNIT_FIELD[scope.kind]
    rows = profiles.values_list("user_id", "user__date_joined", unit)
    found: dict[int, tuple[str, date, set]] = {}
    for user_id, joined, unit_id in rows:
        *_key, units = found.setdefault(user_id, (f"officer:{user_id}", timezone.localdate(joined), set()))
        units.add(unit_id)
    return list(found.values())


def _stations_of(user, scope: Scope):
    """The stations whose figures the scope adds up (a queryset, for subqueries)."""
    stations = Station.objects.visible_to(user)
    if scope.kind == STATION:
        return stations.filter(pk=scope.station_id)
    if scope.kind == BUREAU:
        return stations.filter(bureau_id=scope.bureau_id)
    return stations


def officer_weeks(officers, period: Period, today: date) -> dict[str, float]:
    """{"officer:<id>": weeks in service within the period, up to today}."""
    last = min(period.end, today)
    weeks = {}
    for key, start, _units in officers:
        days = (last - max(period.start, start)).days + 1
        if days > 0:
            weeks[key] = days / 7
    return weeks


def weighted_population(by_year: dict[int, int | None], period: Period) -> float | None:
    """The residents of a period: each year's population weighted by the period's days in that year
    (a range across a year end is not the start year's alone). Years without a figure are left out."""
    weighted = days = 0
    for year in range(period.start.year, period.end.year + 1):
        population = by_year.get(year)
        if not population:
            continue
        first, last = max(period.start, date(year, 1, 1)), min(period.end, date(year, 12, 31))
        span = (last - first).days + 1
        weighted += population * span
        days += span
    return weighted / days if days else None


def _populations(user, scope: Scope, years: set[int]) -> dict[int, dict[int, int]]:
    """{year: {unit id: residents}}: per bureau (city scope), station (bureau scope) or community
    (station scope)."""
    rows = CommunityPopulation.objects.visible_to(user).filter(year__in=years)
    if scope.kind != CITY:
        rows = rows.filter(community__station__in=_stations_of(user, scope))
    unit = "community_id" if scope.kind == STATION else f"community__{UNIT_FIELD[scope.kind]}"
    result: dict[int, dict[int, int]] = defaultdict(dict)
    for unit_id, year, population in rows.values_list(unit, "year").annotate(total=Sum("population")).order_by():
        result[year][unit_id] = population
    return result


# --- Series for the trend charts ----------------------------------------------------


def buckets(interval: str, start: date, end: date) -> list[tuple[date, date]]:
    result = []
    cursor = start
    while cursor <= end:
        if interval == Interval.DAY:
            bucket_end = cursor
        elif interval == Interval.WEEK:
            bucket_end = week_start(cursor) + timedelta(days=6)
        else:
            bucket_end = Period.containing("month", cursor).end
        bucket_end = min(bucket_end, end)
        result.append((cursor, bucket_end))
        cursor = bucket_end + timedelta(days=1)
    return result


def series(*, user, scope: Scope, metric: Metric, interval: str, start: date, end: date) -> dict:
    """The metric by day, week or month over [start, end], beside the same days a year earlier."""
    spans = buckets(interval, start, end)
    last_year = Period(shift_year(start), shift_year(end))
    this_year = Period(start, end)
    if interval == Interval.MONTH:
        months = _month_frequency(scope)
        this_q, last_q = this_year.rows_q(months), last_year.rows_q(months)
    else:
        this_q = Q(frequency=Frequency.DAY, day__gte=start, day__lte=end)
        last_q = Q(frequency=Frequency.DAY, day__gte=last_year.start, day__lte=last_year.end)
    rows = (
        _scoped_rows(user, scope)
        .filter(metric__in=metric.inputs)
        .filter(this_q | last_q)
        .values_list("day", "metric", "subgroup")
        .annotate(now=_total(this_q), last_year=_total(last_q))
        .order_by()
    )
    starts = [b[0] for b in spans]
    current: list[Sums] = [{} for _b in spans]
    previous: list[Sums] = [{} for _b in spans]

    def index_of(day: date) -> int:
        # the last bucket starting on or before the day
        low, high = 0, len(starts) - 1
        while low < high:
            mid = (low + high + 1) // 2
            if starts[mid] <= day:
                low = mid
            else:
                high = mid - 1
        return low

    for day, metric_key, subgroup, now, last in _fetch(rows):
        if isinstance(day, str):  # SQLite hands dates back as text to a plain cursor
            day = date.fromisoformat(day)
        if now:
            bucket = current[index_of(max(day, start))].setdefault(metric_key, {})
            bucket[subgroup] = bucket.get(subgroup, 0) + now
        if last:
            bucket = previous[index_of(max(shift_year(day, 1), start))].setdefault(metric_key, {})
            bucket[subgroup] = bucket.get(subgroup, 0) + last

    years = {b[0].year for b in spans} | {shift_year(b[0]).year for b in spans}
    populations = _populations(user, scope, years)

    def population(year):
        return sum(populations.get(year, {}).values()) or None

    points = []
    for (bucket_start, bucket_end), now, before in zip(spans, current, previous, strict=True):
        days = (bucket_end - bucket_start).days + 1
        points.append(
            {
                "start": bucket_start.isoformat(),
                "end": bucket_end.isoformat(),
                "value": _plain(
                    value_of(
                        metric,
                        now,
                        population=population(bucket_start.year),
                        days=days,
                        start=bucket_start,
                        end=bucket_end,
                    )
                ),
                "previous_year": _plain(
                    value_of(
                        metric,
                        before,
                        population=population(bucket_start.year - 1),
                        days=days,
                        start=shift_year(bucket_start),
                        end=shift_year(bucket_end),
                    )
                ),
            }
        )
    return {"metric": metric.key, "interval": interval, "points": points}


def _plain(value):
    if isinstance(value, float):
        return round(value, 4)
    return value
