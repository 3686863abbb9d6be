"""What every metric is made of: `Metric`, its raw `Source`, its `RecordsLink`, and `grouped_sql`,
the `SELECT … GROUP BY` most stored metrics are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stats.choices import MetricKind
from stats.dialect import Dialect, quote_name, table_of

# The unit every figure is read in (pages, the xlsx, the API): what was counted, not how.
EVENTS = pgettext_lazy("unit", "events")  # 起: incidents, cases, disputes
ITEMS = pgettext_lazy("unit", "items")  # 件: visits, inspections, hazards, follow-ups, help
PERSON_TIMES = pgettext_lazy("unit", "person-times")  # 人次: a person counted once per time
PEOPLE = pgettext_lazy("unit", "people")  # 人
DAYS = pgettext_lazy("unit", "days")  # 天
MINUTES = pgettext_lazy("unit", "minutes")  # 分钟
PERCENT = "%"
PER_10K = pgettext_lazy("unit", "per 10,000 residents")  # 每万人
COUNT_UNIT = EVENTS


@dataclass(frozen=True)
class Source:
    """The raw table a stored metric reads: for the first day to fill and for corrected days."""

    model: str  # "cases.Incident"
    date_field: str  # the field whose Asia/Shanghai day buckets a record
    # The lookup to the station id (records owned through a parent: "dispute__station_id").
    station_field: str = "station_id"
    # A DateField (already a local day) rather than a stored UTC timestamp.
    is_date: bool = False


@lru_cache(maxsize=64)
def _list_url(url_name: str, urlconf) -> str | None:
    """reverse() once per list: a dashboard links a few hundred figures."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:  # the app that lists these records is not installed yet
        return None


@dataclass(frozen=True)
class RecordsLink:
    """The list page of the records a figure counted, and how its filters are spelled."""

    url_name: str
    params: dict[str, str | list[str]] = field(default_factory=dict)
    # None: the list has no filter on the day the figure counts by.
    date_from: str | None = "reported_after"
    date_to: str | None = "reported_before"
    # None: the list has no such filter (the figure then links to all the caller may see).
    station_param: str | None = "station"
    community_param: str | None = "community"
    # subgroup prefix -> filter parameter ("category:fraud" -> category=fraud)
    subgroup_params: dict[str, str] = field(default_factory=dict)

    def url(
        self,
        *,
        start: date,
        end: date,
        station_id: int | None = None,
        community_id: int | None = None,
        subgroup: str = "",
        bureau_id: int | None = None,
    ) -> str | None:
        base = _list_url(self.url_name, get_urlconf() or settings.ROOT_URLCONF)
        if base is None:
            return None
        query = dict(self.params)
        if self.date_from:
            query[self.date_from] = start.isoformat()
        if self.date_to:
            query[self.date_to] = end.isoformat()
        if station_id is not None and self.station_param:
            query[self.station_param] = str(station_id)
        elif bureau_id is not None and self.station_param:
            # Every list that filters by station filters by its sub-bureau too (kit.filters).
            query["bureau"] = str(bureau_id)
        if community_id is not None and self.community_param:
            query[self.community_param] = str(community_id)
        if subgroup and ":" in subgroup:
            prefix, value = subgroup.split(":", 1)
            if prefix in self.subgroup_params:
                query[self.subgroup_params[prefix]] = value
        return f"{base}?{urlencode(query, doseq=True)}"


def _metric(key: str) -> Metric:
    # The registry is built from the sub-domain modules, which import this one.
    from stats.metrics.registry import METRICS

    return METRICS[key]


@dataclass(frozen=True)
class Metric:
    key: str
    label: Promise
    definition: Promise
    kind: MetricKind = MetricKind.COUNT
    unit: Promise = COUNT_UNIT
    # Stored metrics: (dialect, subgroup SQL expression) -> SELECT … GROUP BY.
    sql: Callable[[Dialect, str], str] | None = None
    dimensions: dict[str, str] = field(default_factory=lambda: {"": "''"})
    source: Source | None = None
    # Derived metrics: the stored metrics they are computed from.
    numerator: str | None = None
    denominator: str | None = None
    records: RecordsLink | None = None
    unavailable_reason: Promise | None = None
    # For the trend charts and the xlsx: how a subgroup is labelled.
    subgroup_labels: dict[str, Promise] = field(default_factory=dict)
    # A count of records each counted once in a period ("dispute:<id>" subgroups, one row per record
    # and day): the figure is the number of records with a row in the period, not the sum of rows.
    distinct: bool = False
    # A share of a histogram (the response minutes): the part of it below this many minutes.
    within_minutes: int | None = None
    # Read at the period's end from the register itself (not a rollup): numerator and
    # denominator are counted by stats.selectors and handed in with the sums.
    snapshot: bool = False

    @property
    def stored(self) -> bool:
        return self.sql is not None

    @property
    def counts_events(self) -> bool:
        """A count of events or records (and a rate of them per 10,000 residents), whose noise is
        Poisson; not a sum of people reached or a head-count of patrols."""
        if self.kind == MetricKind.PER_10K:
            return True
        return self.kind == MetricKind.COUNT and self.unit is not PERSON_TIMES and self.unit is not PEOPLE

    @cached_property
    def available(self) -> bool:
        if self.unavailable_reason is not None:
            return False
        if self.snapshot:
            return True
        if self.kind in (MetricKind.RATIO, MetricKind.PER_10K, MetricKind.PER_DAY) and not self.stored:
            return all(_metric(k).available for k in (self.numerator, self.denominator) if k is not None)
        return self.stored and all(_metric(k).available for k in (self.numerator, self.denominator) if k)

    @property
    def show_parts(self) -> bool:
        """Whether the subgroups are parts of the total worth listing (categories, not histogram buckets)."""
        return self.stored and self.kind == MetricKind.COUNT and len(self.dimensions) > 1

    @property
    def reason(self) -> Promise | None:
        if self.available:
            return None
        if self.unavailable_reason is not None:
            return self.unavailable_reason
        missing = [
            k for k in (self.numerator, self.denominator) if k and not self.snapshot and not _metric(k).available
        ]
        return _metric(missing[0]).reason if missing else _("Not yet available.")

    @property
    def inputs(self) -> list[str]:
        """The stored metrics a dashboard must read to show this one."""
        if self.snapshot:
            return []
        own = [self.key] if self.stored else []
        return own + [k for k in (self.numerator, self.denominator) if k and _metric(k).stored]

    def records_url(self, **kwargs) -> str | None:
        link = self.records or (_metric(self.numerator).records if self.numerator else None)
        return link.url(**kwargs) if link is not None else None


# --- SQL of the stored metrics ---------------------------------------------------
# Grouped by position (GROUP BY 1, 2, 3, 4): PostgreSQL refuses a constant subgroup by name.
# Placeholders: %(start)s/%(end)s the UTC bounds of the days refilled (%(start_day)s/%(end_day)s
# as days), {stations} the station ids (integers, formatted in by the rollup). Tables, columns and
# constants go through stats.dialect (quote_name, table_of, literal).


def grouped_sql(
    d: Dialect,
    subgroup: str,
    *,
    model: str,
    date_column: str,
    where: str = "",
    value: str = "COUNT(*)",
    join: str = "",
    station: str = "t.station_id",
    community: str = "t.community_id",
    is_date: bool = False,
    day: str | None = None,
) -> str:
    """One `SELECT … GROUP BY` counting (or summing `value` over) the rows of `model` per local day
    of `date_column`. A DateField is already a local day: it is bounded by the days themselves."""
    column = quote_name("t", date_column)
    if is_date:
        day_expr, bounds = column, f"{column} >= %(start_day)s AND {column} < %(end_day)s"
    else:
        day_expr, bounds = d.local_day(column), f"{column} >= %(start)s AND {column} < %(end)s"
    return f"""
        SELECT {station}, {community}, {day or day_expr} AS day, {subgroup} AS subgroup, {value} AS value
        FROM {table_of(model)} t {join}
        WHERE {station} IN ({{stations}}) AND {bounds} {where}
        GROUP BY 1, 2, 3, 4{"" if value == "COUNT(*)" else f" HAVING {value} <> 0"}
    """
