"""The one registry of metrics: key, label, definition, SQL, and the records behind a figure.

A *stored* metric has `sql`: a function of the database dialect and a
subgroup expression returning one `SELECT … GROUP BY` over the raw table
that yields (station_id, community_id, day, subgroup, value). The rollup
(stats/rollup.py) wraps it in `INSERT INTO stats_statrow … SELECT`, once
per entry of `dimensions` (subgroup "" is the total; "category:fraud" a
part). Every stored value is additive, so months are sums of days, and a
median is read from a histogram (subgroup = the bucket).

*Derived* metrics (rates, per 10,000 residents, medians) are computed from
stored ones in `stats/derive.py`, in one place. A metric whose records do
not exist yet carries `unavailable_reason`; adding it later is filling in
its `sql` (and `source`) here and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache
from urllib.parse import urlencode

from django.urls import NoReverseMatch, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from stats.choices import MetricKind
from stats.dialect import Dialect

# Medians of minutes are read from a histogram with one bucket per minute;
# everything from a day on shares the last bucket.
RESPONSE_MINUTES_CAP = 1440
COUNT_UNIT = _("count")


@dataclass(frozen=True)
class Source:
    """The raw table a stored metric reads: for the first day to fill and for corrected days."""

    model: str  # "cases.Incident"
    date_field: str  # the field whose Asia/Shanghai day buckets a record


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
    params: dict[str, str] = field(default_factory=dict)
    date_from: str = "reported_after"
    date_to: str = "reported_before"
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
    ) -> str | None:
        base = _list_url(self.url_name, get_urlconf())
        if base is None:
            return None
        query = dict(self.params)
        query[self.date_from] = start.isoformat()
        query[self.date_to] = end.isoformat()
        if station_id is not None:
            query["station"] = str(station_id)
        if community_id is not None:
            query["community"] = str(community_id)
        if subgroup and ":" in subgroup:
            prefix, value = subgroup.split(":", 1)
            if prefix in self.subgroup_params:
                query[self.subgroup_params[prefix]] = value
        return f"{base}?{urlencode(query)}"


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

    @property
    def stored(self) -> bool:
        return self.sql is not None

    @cached_property
    def available(self) -> bool:
        if self.unavailable_reason is not None:
            return False
        if self.kind in (MetricKind.RATIO, MetricKind.PER_10K):
            return all(METRICS[k].available for k in (self.numerator, self.denominator) if k is not None)
        return self.stored

    @property
    def reason(self) -> Promise | None:
        if self.available:
            return None
        if self.unavailable_reason is not None:
            return self.unavailable_reason
        missing = [k for k in (self.numerator, self.denominator) if k and not METRICS[k].available]
        return METRICS[missing[0]].reason if missing else _("Not yet available.")

    @property
    def inputs(self) -> list[str]:
        """The stored metrics a dashboard must read to show this one."""
        if self.stored:
            return [self.key]
        return [k for k in (self.numerator, self.denominator) if k and METRICS[k].stored]

    def records_url(self, **kwargs) -> str | None:
        link = self.records or (METRICS[self.numerator].records if self.numerator else None)
        return link.url(**kwargs) if link is not None else None


# --- SQL of the stored metrics ---------------------------------------------------
# Grouped by position (GROUP BY 1, 2, 3, 4): PostgreSQL refuses a constant subgroup by name.
# Placeholders: %(start)s/%(end)s the UTC bounds of the
# days refilled, {stations} the station ids (integers, formatted in by the engine).


def _incident_table() -> str:
    from cases.models import Incident

    return Incident._meta.db_table


def incidents_reported_sql(d: Dialect, subgroup: str) -> str:
    day = d.local_day("i.reported_at")
    return f"""
        SELECT i.station_id, i.community_id, {day} AS day, {subgroup} AS subgroup, COUNT(*) AS value
        FROM {_incident_table()} i
        WHERE i.station_id IN ({{stations}}) AND i.reported_at >= %(start)s AND i.reported_at < %(end)s
        GROUP BY 1, 2, 3, 4
    """


def fraud_incidents_sql(d: Dialect, subgroup: str) -> str:
    from cases.choices import IncidentCategory

    day = d.local_day("i.reported_at")
    return f"""
        SELECT i.station_id, i.community_id, {day} AS day, {subgroup} AS subgroup, COUNT(*) AS value
        FROM {_incident_table()} i
        WHERE i.station_id IN ({{stations}}) AND i.reported_at >= %(start)s AND i.reported_at < %(end)s
          AND i.category = '{IncidentCategory.FRAUD.value}'
        GROUP BY 1, 2, 3, 4
    """


def response_minutes_sql(d: Dialect, subgroup: str) -> str:
    # subgroup is ignored: the histogram bucket is the subgroup.
    day = d.local_day("i.reported_at")
    bucket = d.as_text(d.least(d.whole_minutes("i.reported_at", "i.arrived_at"), str(RESPONSE_MINUTES_CAP)))
    return f"""
        SELECT i.station_id, i.community_id, {day} AS day, {bucket} AS subgroup, COUNT(*) AS value
        FROM {_incident_table()} i
        WHERE i.station_id IN ({{stations}}) AND i.reported_at >= %(start)s AND i.reported_at < %(end)s
          AND i.arrived_at IS NOT NULL AND i.arrived_at >= i.reported_at
        GROUP BY 1, 2, 3, 4
    """


INCIDENTS = Source(model="cases.Incident", date_field="reported_at")
INCIDENT_LIST = RecordsLink(
    url_name="cases:incident-list",
    subgroup_params={"category": "category", "channel": "channel"},
)

NEEDS_CASES = _("Needs the case records (案件), which this installation does not have yet.")
NEEDS_MEDIATION = _("Needs the dispute records (矛盾纠纷), which this installation does not have yet.")
NEEDS_COMMUNITY_LOG = _("Needs the community work log (社区工作日志), which this installation does not have yet.")
NEEDS_PATROLS = _("Needs the patrol records (巡逻), which this installation does not have yet.")


def _category_labels():
    from cases.choices import IncidentCategory, IncidentChannel

    labels = {f"category:{value}": label for value, label in IncidentCategory.choices}
    labels.update({f"channel:{value}": label for value, label in IncidentChannel.choices})
    return labels


REGISTRY: list[Metric] = [
    Metric(
        key="incidents_reported",
        label=_("Incidents reported"),
        definition=_(
            "Incidents (警情) recorded by the station, counted on the day they were reported "
            "(Asia/Shanghai), whatever their status; split by category and by channel."
        ),
        sql=incidents_reported_sql,
        dimensions={
            "": "''",
            "category": "'category:' || i.category",
            "channel": "'channel:' || i.channel",
        },
        source=INCIDENTS,
        records=INCIDENT_LIST,
        subgroup_labels=_category_labels(),
    ),
    Metric(
        key="criminal_cases_registered",
        label=_("Criminal cases registered"),
        definition=_("Criminal cases registered (立案) on a day of the period."),
        unavailable_reason=NEEDS_CASES,
    ),
    Metric(
        key="criminal_cases_solved",
        label=_("Criminal cases solved"),
        definition=_("Criminal cases solved (破案) on a day of the period, whenever they were registered."),
        unavailable_reason=NEEDS_CASES,
    ),
    Metric(
        key="clearance_rate",
        label=_("Clearance rate (综合)"),
        definition=_(
            "Criminal cases solved in the period (whenever registered) ÷ criminal cases registered in the "
            "period, in per cent. Old cases solved late can push it above 100%."
        ),
        kind=MetricKind.RATIO,
        unit=_("%"),
        numerator="criminal_cases_solved",
        denominator="criminal_cases_registered",
    ),
    Metric(
        key="current_clearance_rate",
        label=_("Current-case clearance rate (现案)"),
        definition=_(
            "Criminal cases registered in the period and solved within it ÷ criminal cases registered in the "
            "period, in per cent."
        ),
        kind=MetricKind.RATIO,
        unit=_("%"),
        # Stored as registrations by day with the solve day as subgroup, so any
        # period can count "solved by its last day"; comes with the cases.
        unavailable_reason=NEEDS_CASES,
    ),
    Metric(
        key="incident_rate_per_10k",
        label=_("Incident rate per 10,000 residents"),
        definition=_(
            "Criminal cases registered per 10,000 residents of the station's communities in the period's year, "
            "scaled to a full year (× 365 ÷ days in the period)."
        ),
        kind=MetricKind.PER_10K,
        unit=_("per 10,000 a year"),
        numerator="criminal_cases_registered",
    ),
    Metric(
        key="street_crime_cases",
        label=_("Street crime"),
        definition=_("Criminal cases registered whose offense type is marked as street crime (街面犯罪)."),
        unavailable_reason=NEEDS_CASES,
    ),
    Metric(
        key="fraud_incidents",
        label=_("Fraud incidents"),
        definition=_("Incidents of category fraud (诈骗), counted on the day they were reported."),
        sql=fraud_incidents_sql,
        source=INCIDENTS,
        records=RecordsLink(url_name="cases:incident-list", params={"category": "fraud"}),
    ),
    Metric(
        key="disputes_registered",
        label=_("Disputes registered"),
        definition=_("Disputes (矛盾纠纷) registered on a day of the period."),
        unavailable_reason=NEEDS_MEDIATION,
    ),
    Metric(
        key="disputes_resolved",
        label=_("Disputes resolved"),
        definition=_("Disputes resolved by mediation on a day of the period."),
        unavailable_reason=NEEDS_MEDIATION,
    ),
    Metric(
        key="dispute_resolution_rate",
        label=_("Dispute resolution rate"),
        definition=_("Disputes resolved ÷ disputes registered in the period, in per cent."),
        kind=MetricKind.RATIO,
        unit=_("%"),
        numerator="disputes_resolved",
        denominator="disputes_registered",
    ),
    Metric(
        key="follow_ups_done_on_time",
        label=_("Follow-ups done on time"),
        definition=_("Follow-up visits (回访) done by their due date, counted on the day they were done."),
        unavailable_reason=NEEDS_MEDIATION,
    ),
    Metric(
        key="community_days_per_officer_week",
        label=_("Days in the community per officer-week"),
        definition=_(
            "Mean number of days a community officer logged work in the community per week (target: at least 4)."
        ),
        kind=MetricKind.MEAN,
        unit=_("days"),
        unavailable_reason=NEEDS_COMMUNITY_LOG,
    ),
    *[
        Metric(key=key, label=label, definition=definition, unavailable_reason=NEEDS_COMMUNITY_LOG)
        for key, label, definition in [
            ("household_visits", _("Household visits"), _("Household visits (入户走访) logged.")),
            ("place_inspections", _("Place inspections"), _("Place inspections (场所检查) logged.")),
            ("hazards_found", _("Hazards found"), _("Hazards (隐患) found in inspections.")),
            ("hazards_rectified", _("Hazards rectified"), _("Hazards rectified (整改), counted on the day fixed.")),
            ("publicity_reach", _("Publicity reach"), _("People reached by publicity events (宣传防范).")),
            ("legal_consultations", _("Legal consultations"), _("Legal consultations given.")),
            ("help_given", _("Help given"), _("Livelihood help requests answered (民生求助).")),
            ("anti_fraud_installs", _("Anti-fraud app installs"), _("Anti-fraud app installations helped.")),
        ]
    ],
    Metric(
        key="patrol_police_person_times",
        label=_("Patrol police person-times"),
        definition=_("Police head-counts of patrols, summed (人次)."),
        unavailable_reason=NEEDS_PATROLS,
    ),
    Metric(
        key="patrol_volunteer_person_times",
        label=_("Patrol volunteer person-times"),
        definition=_("Volunteer head-counts of patrols, summed (人次)."),
        unavailable_reason=NEEDS_PATROLS,
    ),
    Metric(
        key="median_response_minutes",
        label=_("Median response time"),
        definition=_(
            "Median of whole minutes from report to arrival, over incidents reported in the period that have an "
            "arrival time (the mean of the two middle values when their number is even; a day or more counts "
            "as 1440)."
        ),
        kind=MetricKind.MEDIAN,
        unit=_("minutes"),
        sql=response_minutes_sql,
        dimensions={"": ""},
        source=INCIDENTS,
        records=INCIDENT_LIST,
    ),
    Metric(
        key="median_days_to_solve",
        label=_("Median days to solve"),
        definition=_("Median of days from registration (立案) to solving (破案), over cases solved in the period."),
        kind=MetricKind.MEDIAN,
        unit=_("days"),
        unavailable_reason=NEEDS_CASES,
    ),
]

METRICS: dict[str, Metric] = {metric.key: metric for metric in REGISTRY}


def stored_metrics() -> list[Metric]:
    """The metrics the rollup fills, in registry order."""
    return [m for m in REGISTRY if m.stored and m.unavailable_reason is None]


def get_metric(key: str) -> Metric | None:
    return METRICS.get(key)


def days_inclusive(start: date, end: date) -> int:
    return (end - start).days + 1


def each_day(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)
