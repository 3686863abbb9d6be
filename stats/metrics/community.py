"""Metrics of community work (社区警务): the work log, hazards, patrols and officers' days in the community."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from community.choices import ActivityKind, HelpOutcome
from stats.choices import MetricKind
from stats.dialect import Dialect, literal, quote_name, table_of
from stats.metrics.base import DAYS, ITEMS, PEOPLE, PERCENT, PERSON_TIMES, Metric, RecordsLink, Source, grouped_sql


def activity_sql(kind: str, value: str = "COUNT(*)", where: str = ""):
    def sql(d: Dialect, subgroup: str) -> str:
        return grouped_sql(
            d,
            subgroup,
            model="community.Activity",
            date_column="occurred_at",
            where=f"AND t.kind = {literal(ActivityKind(kind).value)} {where}",
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
        return grouped_sql(
            d, subgroup, model="community.Patrol", date_column="started_at", value=f"SUM({quote_name('t', column)})"
        )

    return sql


def officer_days_sql(d: Dialect, subgroup: str) -> str:
    """One row per community officer and local day with at least one log entry (subgroup
    "officer:<id>", value 1), on the community of their first entry's id: summed over a
    station, an officer's day counts once however many communities they worked in. Only the
    community squad's police and auxiliaries count (not mediators, not the case squad)."""
    from stations.choices import Unit

    day = d.local_day("t.occurred_at")
    kinds = ", ".join(literal(k.value) for k in COMMUNITY_POST_KINDS)
    return f"""
        SELECT x.station_id, x.community_id, x.day, 'officer:' || {d.as_text("x.officer_id")} AS subgroup,
               COUNT(*) AS value
        FROM (
            SELECT t.station_id, t.officer_id, {day} AS day, MIN(t.community_id) AS community_id
            FROM {table_of("community.Activity")} t
            JOIN {table_of("stations.StaffProfile")} p ON p.user_id = t.officer_id
            WHERE t.station_id IN ({{stations}}) AND t.occurred_at >= %(start)s AND t.occurred_at < %(end)s
              AND p.unit = {literal(Unit.COMMUNITY_SQUAD.value)} AND p.kind IN ({kinds})
            GROUP BY t.station_id, t.officer_id, {day}
        ) x
        GROUP BY 1, 2, 3, 4
    """


def _community_post_kinds():
    from stations.choices import StaffKind

    return (StaffKind.POLICE, StaffKind.AUXILIARY)


COMMUNITY_POST_KINDS = _community_post_kinds()
# The inputs of anti_fraud_app_coverage, counted from the register by stats.selectors.
RESIDENTS_WITH_APP = "residents:with_app"
RESIDENTS_REGISTERED = "residents:registered"
ACTIVITIES = Source(model="community.Activity", date_field="occurred_at")
HAZARDS_FOUND = Source(model="community.Hazard", date_field="found_on", is_date=True)
HAZARDS_RECTIFIED = Source(model="community.Hazard", date_field="rectified_on", is_date=True)
PATROLS = Source(model="community.Patrol", date_field="started_at")


def activity_link(kind: str, **params: str) -> RecordsLink:
    return RecordsLink(
        url_name="community:activity-list",
        params={"kind": ActivityKind(kind).value, **params},
        date_from="occurred_at_after",
        date_to="occurred_at_before",
    )


HAZARD_LIST = RecordsLink(url_name="community:hazard-list", date_from="found_after", date_to="found_before")
RECTIFIED_HAZARDS = RecordsLink(
    url_name="community:hazard-list", date_from="rectified_after", date_to="rectified_before"
)
PATROL_LIST = RecordsLink(url_name="community:patrol-list", date_from="started_at_after", date_to="started_at_before")
ACTIVITY_LIST = RecordsLink(
    url_name="community:activity-list", date_from="occurred_at_after", date_to="occurred_at_before"
)

METRICS: list[Metric] = [
    Metric(
        key="community_days_per_officer_week",
        label=_("Days in the community per officer-week"),
        definition=_(
            "Mean number of days a community officer logged work in the community per week in service (target: at "
            "least 4): days with at least one log entry (Asia/Shanghai) of the community squad's police and "
            "auxiliaries ÷ their officer-weeks in service in the period up to today (from the day their account "
            "was opened, per their staff profile; per community, the officers serving it)."
        ),
        kind=MetricKind.MEAN,
        unit=DAYS,
        sql=officer_days_sql,
        dimensions={"": ""},
        source=ACTIVITIES,
        records=ACTIVITY_LIST,
    ),
    *[
        Metric(key=key, label=label, definition=definition, unit=unit, sql=sql, source=source, records=records)
        for key, label, definition, unit, sql, source, records in [
            (
                "household_visits",
                _("Household visits"),
                _("Household visits (入户走访) logged."),
                ITEMS,
                activity_sql(ActivityKind.HOUSEHOLD_VISIT),
                ACTIVITIES,
                activity_link(ActivityKind.HOUSEHOLD_VISIT),
            ),
            (
                "place_inspections",
                _("Place inspections"),
                _("Place inspections (场所检查) logged."),
                ITEMS,
                activity_sql(ActivityKind.PLACE_INSPECTION),
                ACTIVITIES,
                activity_link(ActivityKind.PLACE_INSPECTION),
            ),
            (
                "hazards_found",
                _("Hazards found"),
                _("Hazards (隐患) found, counted on the day found."),
                ITEMS,
                hazards_found_sql,
                HAZARDS_FOUND,
                HAZARD_LIST,
            ),
            (
                "hazards_rectified",
                _("Hazards rectified"),
                _("Hazards rectified (整改), counted on the day fixed."),
                ITEMS,
                hazards_rectified_sql,
                HAZARDS_RECTIFIED,
                RECTIFIED_HAZARDS,
            ),
            (
                "publicity_reach",
                _("Publicity reach"),
                _("People reached by publicity events (宣传防范), summed."),
                PERSON_TIMES,
                activity_sql(ActivityKind.PUBLICITY, "SUM(COALESCE(t.people_reached, 0))"),
                ACTIVITIES,
                activity_link(ActivityKind.PUBLICITY),
            ),
            (
                "legal_consultations",
                _("Legal consultations"),
                _("Legal consultations given."),
                ITEMS,
                activity_sql(ActivityKind.LEGAL_CONSULTATION),
                ACTIVITIES,
                activity_link(ActivityKind.LEGAL_CONSULTATION),
            ),
            (
                "help_given",
                _("Help given"),
                _("Livelihood help requests (民生求助) handled and logged, whatever their outcome."),
                ITEMS,
                activity_sql(ActivityKind.HELP),
                ACTIVITIES,
                activity_link(ActivityKind.HELP),
            ),
            (
                "help_solved",
                _("Help solved"),
                _("Livelihood help requests (民生求助) logged with the outcome solved."),
                ITEMS,
                activity_sql(ActivityKind.HELP, where=f"AND t.help_outcome = {literal(HelpOutcome.SOLVED.value)}"),
                ACTIVITIES,
                activity_link(ActivityKind.HELP, help_outcome=HelpOutcome.SOLVED.value),
            ),
            (
                "anti_fraud_installs",
                _("Anti-fraud app installs"),
                _("Anti-fraud app installations helped, summed over the log entries."),
                PEOPLE,
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
        unit=PERSON_TIMES,
        sql=patrol_sql("police_count"),
        source=PATROLS,
        records=PATROL_LIST,
    ),
    Metric(
        key="patrol_volunteer_person_times",
        label=_("Patrol volunteer person-times"),
        definition=_("Volunteer head-counts of patrols, summed (人次), on the day the patrol started."),
        unit=PERSON_TIMES,
        sql=patrol_sql("volunteer_count"),
        source=PATROLS,
        records=PATROL_LIST,
    ),
    *[
        Metric(
            key=key,
            label=label,
            definition=definition,
            kind=MetricKind.PER_DAY,
            unit=PERSON_TIMES,
            numerator=numerator,
        )
        for key, label, definition, numerator in [
            (
                "patrol_police_daily",
                _("Patrol police a day"),
                _("Police patrol person-times ÷ days in the period (the report's “350 police a day”)."),
                "patrol_police_person_times",
            ),
            (
                "patrol_volunteer_daily",
                _("Patrol volunteers a day"),
                _("Volunteer patrol person-times ÷ days in the period (the report's “2,000 volunteers a day”)."),
                "patrol_volunteer_person_times",
            ),
        ]
    ],
    Metric(
        key="anti_fraud_app_coverage",
        label=_("Anti-fraud app coverage"),
        definition=_(
            "Residents with the anti-fraud app (反诈APP) ÷ residents registered, in per cent, as the register "
            "stood at the end of the period (each resident's last version by then, from the register's history)."
        ),
        kind=MetricKind.RATIO,
        unit=PERCENT,
        numerator=RESIDENTS_WITH_APP,
        denominator=RESIDENTS_REGISTERED,
        snapshot=True,
        records=RecordsLink(
            url_name="community:resident-list", params={"anti_fraud_app": "true"}, date_from=None, date_to=None
        ),
    ),
]
