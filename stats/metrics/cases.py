"""Metrics of incidents (警情) and criminal cases (案件): counts, clearance, street crime, fraud, medians."""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from stats.choices import MetricKind
from stats.dialect import Dialect, literal, literals, table_of
from stats.metrics.base import DAYS, MINUTES, PER_10K, PERCENT, Metric, RecordsLink, Source, grouped_sql

# Medians of minutes are read from a histogram with one bucket per minute;
# everything from a day on shares the last bucket.
RESPONSE_MINUTES_CAP = 1440


# --- Incidents ---------------------------------------------------------------------


def incidents_reported_sql(d: Dialect, subgroup: str) -> str:
    day = d.local_day("i.reported_at")
    return f"""
        SELECT i.station_id, i.community_id, {day} AS day, {subgroup} AS subgroup, COUNT(*) AS value
        FROM {table_of("cases.Incident")} i
        WHERE i.station_id IN ({{stations}}) AND i.reported_at >= %(start)s AND i.reported_at < %(end)s
        GROUP BY 1, 2, 3, 4
    """


def fraud_incidents_sql(d: Dialect, subgroup: str) -> str:
    from cases.choices import IncidentCategory

    day = d.local_day("i.reported_at")
    return f"""
        SELECT i.station_id, i.community_id, {day} AS day, {subgroup} AS subgroup, COUNT(*) AS value
        FROM {table_of("cases.Incident")} i
        WHERE i.station_id IN ({{stations}}) AND i.reported_at >= %(start)s AND i.reported_at < %(end)s
          AND i.category = {literal(IncidentCategory.FRAUD.value)}
        GROUP BY 1, 2, 3, 4
    """


def response_minutes_sql(d: Dialect, subgroup: str) -> str:
    # subgroup is ignored: the histogram bucket is the subgroup.
    day = d.local_day("i.reported_at")
    bucket = d.as_text(d.least(d.whole_minutes("i.reported_at", "i.arrived_at"), str(RESPONSE_MINUTES_CAP)))
    return f"""
        SELECT i.station_id, i.community_id, {day} AS day, {bucket} AS subgroup, COUNT(*) AS value
        FROM {table_of("cases.Incident")} i
        WHERE i.station_id IN ({{stations}}) AND i.reported_at >= %(start)s AND i.reported_at < %(end)s
          AND i.arrived_at IS NOT NULL AND i.arrived_at >= i.reported_at
        GROUP BY 1, 2, 3, 4
    """


INCIDENTS = Source(model="cases.Incident", date_field="reported_at")
INCIDENT_LIST = RecordsLink(
    url_name="cases:incident-list",
    subgroup_params={"category": "category", "channel": "channel"},
)


def _category_labels():
    from cases.choices import IncidentCategory, IncidentChannel

    labels = {f"category:{value}": label for value, label in IncidentCategory.choices}
    labels.update({f"channel:{value}": label for value, label in IncidentChannel.choices})
    return labels


# --- Criminal cases ----------------------------------------------------------------


def _criminal() -> str:
    from cases.choices import CaseKind

    return f"AND t.kind = {literal(CaseKind.CRIMINAL.value)}"


def cases_registered_sql(d: Dialect, subgroup: str) -> str:
    return grouped_sql(d, subgroup, model="cases.Case", date_column="registered_at", where=_criminal())


def cases_solved_sql(d: Dialect, subgroup: str) -> str:
    return grouped_sql(d, subgroup, model="cases.Case", date_column="solved_at", where=_criminal())


def street_crime_sql(d: Dialect, subgroup: str) -> str:
    from cases.choices import STREET_CRIME_OFFENSES

    offenses = literals(o.value for o in sorted(STREET_CRIME_OFFENSES))
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


CASES_REGISTERED = Source(model="cases.Case", date_field="registered_at")
CASES_SOLVED = Source(model="cases.Case", date_field="solved_at")

CRIMINAL = {"kind": "criminal"}
CASES_BY_REGISTRATION = RecordsLink(
    url_name="cases:case-list", params=CRIMINAL, date_from="registered_after", date_to="registered_before"
)
CASES_BY_SOLVING = RecordsLink(
    url_name="cases:case-list", params=CRIMINAL, date_from="solved_after", date_to="solved_before"
)


def _street_crime_offenses():
    from cases.choices import STREET_CRIME_OFFENSES, OffenseType

    return [offense for offense in OffenseType if offense in STREET_CRIME_OFFENSES]


def _street_crime_values() -> list[str]:
    return [offense.value for offense in _street_crime_offenses()]


def _street_crime_labels() -> str:
    """The offense types as the case form names them: the definition and the form cannot disagree."""
    separator = "、" if (get_language() or "").startswith("zh") else ", "
    return separator.join(str(offense.label) for offense in _street_crime_offenses())


# --- The metrics, in the dashboard's order -----------------------------------------------

COUNTS_AND_RATES: list[Metric] = [
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
        unit=PERCENT,
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
        unit=PERCENT,
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
        unit=PER_10K,
        numerator="criminal_cases_registered",
    ),
    Metric(
        key="street_crime_cases",
        label=_("Street crime"),
        definition=format_lazy(
            _("Criminal cases registered whose offense type is marked as street crime (街面犯罪): {offenses}."),
            offenses=lazy(_street_crime_labels, str)(),
        ),
        sql=street_crime_sql,
        source=CASES_REGISTERED,
        records=RecordsLink(
            url_name="cases:case-list",
            params={"kind": "criminal", "offense_type": _street_crime_values()},
            date_from="registered_after",
            date_to="registered_before",
        ),
    ),
    Metric(
        key="street_crime_rate_per_10k",
        label=_("Street crime per 10,000 residents"),
        definition=_(
            "Street crime cases registered per 10,000 residents of the station's communities, scaled to a full "
            "year (× 365 ÷ days in the period); the population of a period across a year end is the years' "
            "populations weighted by their days in the period."
        ),
        kind=MetricKind.PER_10K,
        unit=PER_10K,
        numerator="street_crime_cases",
    ),
    Metric(
        key="fraud_incidents",
        label=_("Fraud incidents"),
        definition=_("Incidents of category fraud (诈骗), counted on the day they were reported."),
        sql=fraud_incidents_sql,
        source=INCIDENTS,
        records=RecordsLink(url_name="cases:incident-list", params={"category": "fraud"}),
    ),
]

MEDIANS: list[Metric] = [
    Metric(
        key="median_response_minutes",
        label=_("Median response time"),
        definition=_(
            "Median of whole minutes from report to arrival, over incidents reported in the period that have an "
            "arrival time (the mean of the two middle values when their number is even; a day or more counts "
            "as 1440)."
        ),
        kind=MetricKind.MEDIAN,
        unit=MINUTES,
        sql=response_minutes_sql,
        dimensions={"": ""},
        source=INCIDENTS,
        records=INCIDENT_LIST,
    ),
    *[
        Metric(
            key=f"response_within_{minutes}_min_rate",
            label=label,
            definition=format_lazy(
                _(
                    "Incidents reported in the period reached in under {minutes} minutes (1.3.5 快反: arrival "
                    "less than {minutes} whole minutes after the report) ÷ incidents reported in the period with "
                    "an arrival time, in per cent."
                ),
                minutes=minutes,
            ),
            kind=MetricKind.RATIO,
            unit=PERCENT,
            numerator="median_response_minutes",
            within_minutes=minutes,
        )
        for minutes, label in (
            (1, _("Reached within 1 minute")),
            (3, _("Reached within 3 minutes")),
            (5, _("Reached within 5 minutes")),
        )
    ],
    Metric(
        key="median_days_to_solve",
        label=_("Median days to solve"),
        definition=_(
            "Median of calendar days (Asia/Shanghai) from registration (立案) to solving (破案), over criminal "
            "cases solved in the period."
        ),
        kind=MetricKind.MEDIAN,
        unit=DAYS,
        sql=days_to_solve_sql,
        dimensions={"": ""},
        source=CASES_SOLVED,
        records=CASES_BY_SOLVING,
    ),
]
