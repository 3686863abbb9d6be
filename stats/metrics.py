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

from django.conf import settings
from django.urls import NoReverseMatch, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from community.choices import ActivityKind
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
        if community_id is not None and self.community_param:
            query[self.community_param] = str(community_id)
        if subgroup and ":" in subgroup:
            prefix, value = subgroup.split(":", 1)
            if prefix in self.subgroup_params:
                query[self.subgroup_params[prefix]] = value
        return f"{base}?{urlencode(query, doseq=True)}"


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
        if self.kind in (MetricKind.RATIO, MetricKind.PER_10K) and not self.stored:
            return all(METRICS[k].available for k in (self.numerator, self.denominator) if k is not None)
        return self.stored and all(METRICS[k].available for k in (self.numerator, self.denominator) if k)

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
        missing = [k for k in (self.numerator, self.denominator) if k and not METRICS[k].available]
        return METRICS[missing[0]].reason if missing else _("Not yet available.")

    @property
    def inputs(self) -> list[str]:
        """The stored metrics a dashboard must read to show this one."""
        own = [self.key] if self.stored else []
        return own + [k for k in (self.numerator, self.denominator) if k and METRICS[k].stored]

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

# --- Cases, disputes, the community work log and patrols ----------------------------


def _table(model: str) -> str:
    from django.apps import apps

    return apps.get_model(model)._meta.db_table


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
    column = f"t.{date_column}"
    if is_date:
        day_expr, bounds = column, f"{column} >= %(start_day)s AND {column} < %(end_day)s"
    else:
        day_expr, bounds = d.local_day(column), f"{column} >= %(start)s AND {column} < %(end)s"
    return f"""
        SELECT {station}, {community}, {day or day_expr} AS day, {subgroup} AS subgroup, {value} AS value
        FROM {_table(model)} t {join}
        WHERE {station} IN ({{stations}}) AND {bounds} {where}
        GROUP BY 1, 2, 3, 4{"" if value == "COUNT(*)" else f" HAVING {value} <> 0"}
    """


def _criminal() -> str:
    from cases.choices import CaseKind

    return f"AND t.kind = '{CaseKind.CRIMINAL.value}'"


def cases_registered_sql(d: Dialect, subgroup: str) -> str:
    return grouped_sql(d, subgroup, model="cases.Case", date_column="registered_at", where=_criminal())


def cases_solved_sql(d: Dialect, subgroup: str) -> str:
    return grouped_sql(d, subgroup, model="cases.Case", date_column="solved_at", where=_criminal())


def street_crime_sql(d: Dialect, subgroup: str) -> str:
    from cases.choices import STREET_CRIME_OFFENSES

    offenses = ", ".join(f"'{o.value}'" for o in sorted(STREET_CRIME_OFFENSES))
    return grouped_sql(
        d,
        subgroup,
        model="cases.Case",
        date_column="registered_at",
        where=f"{_criminal()} AND t.offense_type IN ({offenses})",
    )


def solved_by_registration_day_sql(d: Dialect, subgroup: str) -> str:
    """Criminal cases by the day they were solved, with the day they were registered as subgroup
    ("registered:2026-03-01"): a period counts those registered and solved within it."""
    registered = "'registered:' || " + d.as_text(d.local_day("t.registered_at"))
    return grouped_sql(
        d,
        registered,
        model="cases.Case",
        date_column="solved_at",
        where=f"{_criminal()} AND t.solved_at >= t.registered_at",
    )


def days_to_solve_sql(d: Dialect, subgroup: str) -> str:
    # subgroup is ignored: the histogram bucket (whole calendar days) is the subgroup.
    days = d.as_text(d.days_between(d.local_day("t.registered_at"), d.local_day("t.solved_at")))
    return grouped_sql(
        d,
        days,
        model="cases.Case",
        date_column="solved_at",
        where=f"{_criminal()} AND t.solved_at >= t.registered_at",
    )


def disputes_registered_sql(d: Dialect, subgroup: str) -> str:
    return grouped_sql(d, subgroup, model="mediation.Dispute", date_column="registered_at")


_THROUGH_DISPUTE = {
    "join": "JOIN mediation_dispute p ON p.id = t.dispute_id",
    "station": "p.station_id",
    "community": "p.community_id",
}


def agreements_signed_sql(d: Dialect, subgroup: str) -> str:
    return grouped_sql(d, subgroup, model="mediation.Agreement", date_column="signed_at", **_THROUGH_DISPUTE)


def follow_ups_on_time_sql(d: Dialect, subgroup: str) -> str:
    from mediation.choices import FollowUpStatus

    return grouped_sql(
        d,
        subgroup,
        model="mediation.FollowUp",
        date_column="done_at",
        where=f"AND t.status = '{FollowUpStatus.DONE.value}' AND {d.local_day('t.done_at')} <= t.due_date",
        **_THROUGH_DISPUTE,
    )


def activity_sql(kind: str, value: str = "COUNT(*)"):
    def sql(d: Dialect, subgroup: str) -> str:
        return grouped_sql(
            d,
            subgroup,
            model="community.Activity",
            date_column="occurred_at",
            where=f"AND t.kind = '{ActivityKind(kind).value}'",
            value=value,
        )

    return sql


def hazards_found_sql(d: Dialect, subgroup: str) -> str:
    return grouped_sql(d, subgroup, model="community.Hazard", date_column="found_on", is_date=True)


def hazards_rectified_sql(d: Dialect, subgroup: str) -> str:
    return grouped_sql(
        d,
        subgroup,
        model="community.Hazard",
        date_column="rectified_on",
        is_date=True,
    )


def patrol_sql(column: str):
    def sql(d: Dialect, subgroup: str) -> str:
        return grouped_sql(d, subgroup, model="community.Patrol", date_column="started_at", value=f"SUM(t.{column})")

    return sql


def officer_days_sql(d: Dialect, subgroup: str) -> str:
    """One row per community officer and local day with at least one log entry (subgroup
    "officer:<id>", value 1), on the community of their first entry's id: summed over a
    station, an officer's day counts once however many communities they worked in."""
    table = _table("community.Activity")
    day = d.local_day("t.occurred_at")
    return f"""
        SELECT x.station_id, x.community_id, x.day, 'officer:' || {d.as_text("x.officer_id")} AS subgroup,
               COUNT(*) AS value
        FROM (
            SELECT t.station_id, t.officer_id, {day} AS day, MIN(t.community_id) AS community_id
            FROM {table} t
            WHERE t.station_id IN ({{stations}}) AND t.occurred_at >= %(start)s AND t.occurred_at < %(end)s
            GROUP BY t.station_id, t.officer_id, {day}
        ) x
        GROUP BY 1, 2, 3, 4
    """


CASES_REGISTERED = Source(model="cases.Case", date_field="registered_at")
CASES_SOLVED = Source(model="cases.Case", date_field="solved_at")
DISPUTES = Source(model="mediation.Dispute", date_field="registered_at")
AGREEMENTS = Source(model="mediation.Agreement", date_field="signed_at", station_field="dispute__station_id")
FOLLOW_UPS = Source(model="mediation.FollowUp", date_field="done_at", station_field="dispute__station_id")
ACTIVITIES = Source(model="community.Activity", date_field="occurred_at")
HAZARDS_FOUND = Source(model="community.Hazard", date_field="found_on", is_date=True)
HAZARDS_RECTIFIED = Source(model="community.Hazard", date_field="rectified_on", is_date=True)
PATROLS = Source(model="community.Patrol", date_field="started_at")

CRIMINAL = {"kind": "criminal"}
CASES_BY_REGISTRATION = RecordsLink(
    url_name="cases:case-list", params=CRIMINAL, date_from="registered_after", date_to="registered_before"
)
CASES_BY_SOLVING = RecordsLink(
    url_name="cases:case-list", params=CRIMINAL, date_from="solved_after", date_to="solved_before"
)
DISPUTE_LIST = RecordsLink(
    url_name="mediation:dispute-list", date_from="registered_after", date_to="registered_before", station_param=None
)
# Neither agreements nor follow-ups have a list by the day they count by: their
# figures link to the disputes (resolved ones) and to the done follow-ups.
RESOLVED_DISPUTES = RecordsLink(url_name="mediation:dispute-list", date_from=None, date_to=None, station_param=None)
DONE_FOLLOW_UPS = RecordsLink(
    url_name="mediation:follow-up-list", params={"status": "done"}, date_from=None, date_to=None, station_param=None
)


def activity_link(kind: str) -> RecordsLink:
    return RecordsLink(
        url_name="community:activity-list",
        params={"kind": ActivityKind(kind).value},
        date_from="occurred_at_after",
        date_to="occurred_at_before",
        station_param="station",
    )


HAZARD_LIST = RecordsLink(url_name="community:hazard-list", date_from=None, date_to=None, station_param=None)
RECTIFIED_HAZARDS = RecordsLink(
    url_name="community:hazard-list", params={"status": "rectified"}, date_from=None, date_to=None, station_param=None
)
PATROL_LIST = RecordsLink(
    url_name="community:patrol-list", date_from="started_at_after", date_to="started_at_before", station_param="station"
)
ACTIVITY_LIST = RecordsLink(
    url_name="community:activity-list",
    date_from="occurred_at_after",
    date_to="occurred_at_before",
    station_param="station",
)


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
        definition=_("Criminal cases registered (立案) on a day of the period, whatever became of them."),
        sql=cases_registered_sql,
        source=CASES_REGISTERED,
        records=CASES_BY_REGISTRATION,
    ),
    Metric(
        key="criminal_cases_solved",
        label=_("Criminal cases solved"),
        definition=_("Criminal cases solved (破案) on a day of the period, whenever they were registered."),
        sql=cases_solved_sql,
        source=CASES_SOLVED,
        records=CASES_BY_SOLVING,
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
        # Stored as solved cases by solve day with the registration day as
        # subgroup: a period counts those whose registration day falls in it.
        sql=solved_by_registration_day_sql,
        dimensions={"": ""},
        source=CASES_SOLVED,
        denominator="criminal_cases_registered",
        records=CASES_BY_REGISTRATION,
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
        definition=_(
            "Criminal cases registered whose offense type is marked as street crime (街面犯罪): robbery, "
            "snatching, pickpocketing, vehicle theft."
        ),
        sql=street_crime_sql,
        source=CASES_REGISTERED,
        records=RecordsLink(
            url_name="cases:case-list",
            params={"kind": "criminal", "offense_type": ["pickpocketing", "robbery", "snatching", "vehicle_theft"]},
            date_from="registered_after",
            date_to="registered_before",
        ),
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
        sql=disputes_registered_sql,
        source=DISPUTES,
        records=DISPUTE_LIST,
    ),
    Metric(
        key="disputes_resolved",
        label=_("Disputes resolved"),
        definition=_(
            "Mediation agreements (调解协议) signed on a day of the period: a dispute resolved again after a "
            "relapse counts again."
        ),
        sql=agreements_signed_sql,
        source=AGREEMENTS,
        records=RESOLVED_DISPUTES,
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
        definition=_(
            "Follow-up visits (回访) done on or before their due date (the day done in Asia/Shanghai), counted on "
            "the day they were done."
        ),
        sql=follow_ups_on_time_sql,
        source=FOLLOW_UPS,
        records=DONE_FOLLOW_UPS,
    ),
    Metric(
        key="community_days_per_officer_week",
        label=_("Days in the community per officer-week"),
        definition=_(
            "Mean number of days a community officer logged work in the community per week (target: at least 4): "
            "days with at least one log entry (Asia/Shanghai), summed over the officers who logged in the period, "
            "÷ those officers ÷ the weeks of the period up to today."
        ),
        kind=MetricKind.MEAN,
        unit=_("days"),
        sql=officer_days_sql,
        dimensions={"": ""},
        source=ACTIVITIES,
        records=ACTIVITY_LIST,
    ),
    *[
        Metric(key=key, label=label, definition=definition, sql=sql, source=source, records=records)
        for key, label, definition, sql, source, records in [
            (
                "household_visits",
                _("Household visits"),
                _("Household visits (入户走访) logged."),
                activity_sql(ActivityKind.HOUSEHOLD_VISIT),
                ACTIVITIES,
                activity_link(ActivityKind.HOUSEHOLD_VISIT),
            ),
            (
                "place_inspections",
                _("Place inspections"),
                _("Place inspections (场所检查) logged."),
                activity_sql(ActivityKind.PLACE_INSPECTION),
                ACTIVITIES,
                activity_link(ActivityKind.PLACE_INSPECTION),
            ),
            (
                "hazards_found",
                _("Hazards found"),
                _("Hazards (隐患) found, counted on the day found."),
                hazards_found_sql,
                HAZARDS_FOUND,
                HAZARD_LIST,
            ),
            (
                "hazards_rectified",
                _("Hazards rectified"),
                _("Hazards rectified (整改), counted on the day fixed."),
                hazards_rectified_sql,
                HAZARDS_RECTIFIED,
                RECTIFIED_HAZARDS,
            ),
            (
                "publicity_reach",
                _("Publicity reach"),
                _("People reached by publicity events (宣传防范), summed."),
                activity_sql(ActivityKind.PUBLICITY, "SUM(COALESCE(t.people_reached, 0))"),
                ACTIVITIES,
                activity_link(ActivityKind.PUBLICITY),
            ),
            (
                "legal_consultations",
                _("Legal consultations"),
                _("Legal consultations given."),
                activity_sql(ActivityKind.LEGAL_CONSULTATION),
                ACTIVITIES,
                activity_link(ActivityKind.LEGAL_CONSULTATION),
            ),
            (
                "help_given",
                _("Help given"),
                _("Livelihood help requests answered (民生求助)."),
                activity_sql(ActivityKind.HELP),
                ACTIVITIES,
                activity_link(ActivityKind.HELP),
            ),
            (
                "anti_fraud_installs",
                _("Anti-fraud app installs"),
                _("Anti-fraud app installations helped, summed over the log entries."),
                activity_sql(ActivityKind.ANTI_FRAUD_INSTALL, "SUM(COALESCE(t.installs, 0))"),
                ACTIVITIES,
                activity_link(ActivityKind.ANTI_FRAUD_INSTALL),
            ),
        ]
    ],
    Metric(
        key="patrol_police_person_times",
        label=_("Patrol police person-times"),
        definition=_("Police head-counts of patrols, summed (人次), on the day the patrol started."),
        sql=patrol_sql("police_count"),
        source=PATROLS,
        records=PATROL_LIST,
    ),
    Metric(
        key="patrol_volunteer_person_times",
        label=_("Patrol volunteer person-times"),
        definition=_("Volunteer head-counts of patrols, summed (人次), on the day the patrol started."),
        sql=patrol_sql("volunteer_count"),
        source=PATROLS,
        records=PATROL_LIST,
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
        definition=_(
            "Median of calendar days (Asia/Shanghai) from registration (立案) to solving (破案), over criminal "
            "cases solved in the period."
        ),
        kind=MetricKind.MEDIAN,
        unit=_("days"),
        sql=days_to_solve_sql,
        dimensions={"": ""},
        source=CASES_SOLVED,
        records=CASES_BY_SOLVING,
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
