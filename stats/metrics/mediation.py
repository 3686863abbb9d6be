"""Metrics of mediation (矛盾纠纷调解): disputes registered and resolved, follow-ups done on time."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from stats.choices import MetricKind
from stats.dialect import Dialect, literal, table_of
from stats.metrics.base import ITEMS, PERCENT, Metric, RecordsLink, Source, grouped_sql


def disputes_registered_sql(d: Dialect, subgroup: str) -> str:
    return grouped_sql(d, subgroup, model="mediation.Dispute", date_column="registered_at")


def _through_dispute() -> dict[str, str]:
    """Agreements and follow-ups belong to a station and community through their dispute."""
    return {
        "join": f"JOIN {table_of('mediation.Dispute')} p ON p.id = t.dispute_id",
        "station": "p.station_id",
        "community": "p.community_id",
    }


def _per_dispute(d: Dialect) -> str:
    """The subgroup of a figure that counts each dispute once: "dispute:<id>" (see Metric.distinct)."""
    return "'dispute:' || " + d.as_text("t.dispute_id")


def agreements_signed_sql(d: Dialect, subgroup: str) -> str:
    # subgroup is ignored: the dispute is the subgroup, so a period counts each dispute once.
    return grouped_sql(d, _per_dispute(d), model="mediation.Agreement", date_column="signed_at", **_through_dispute())


def sessions_held_sql(d: Dialect, subgroup: str) -> str:
    # subgroup is ignored: the dispute is the subgroup, so a period counts each dispute once.
    return grouped_sql(
        d, _per_dispute(d), model="mediation.MediationSession", date_column="held_at", **_through_dispute()
    )


def follow_ups_on_time_sql(d: Dialect, subgroup: str) -> str:
    from mediation.choices import FollowUpStatus

    return grouped_sql(
        d,
        subgroup,
        model="mediation.FollowUp",
        date_column="done_at",
        where=f"AND t.status = {literal(FollowUpStatus.DONE.value)} AND {d.local_day('t.done_at')} <= t.due_date",
        **_through_dispute(),
    )


def disputes_turned_criminal_sql(d: Dialect, subgroup: str) -> str:
    return grouped_sql(d, subgroup, model="mediation.Dispute", date_column="turned_criminal_at")


DISPUTES = Source(model="mediation.Dispute", date_field="registered_at")
TURNED_CRIMINAL = Source(model="mediation.Dispute", date_field="turned_criminal_at")
AGREEMENTS = Source(model="mediation.Agreement", date_field="signed_at", station_field="dispute__station_id")
SESSIONS = Source(model="mediation.MediationSession", date_field="held_at", station_field="dispute__station_id")
FOLLOW_UPS = Source(model="mediation.FollowUp", date_field="done_at", station_field="dispute__station_id")

DISPUTE_LIST = RecordsLink(url_name="mediation:dispute-list", date_from="registered_after", date_to="registered_before")
TURNED_CRIMINAL_DISPUTES = RecordsLink(
    url_name="mediation:dispute-list", date_from="turned_criminal_after", date_to="turned_criminal_before"
)
# A dispute once, with an agreement signed (a session held) within the period.
RESOLVED_DISPUTES = RecordsLink(
    url_name="mediation:dispute-list", date_from="resolved_after", date_to="resolved_before"
)
MEDIATED_DISPUTES = RecordsLink(
    url_name="mediation:dispute-list", date_from="mediated_after", date_to="mediated_before"
)
ON_TIME_FOLLOW_UPS = RecordsLink(
    url_name="mediation:follow-up-list", params={"on_time": "true"}, date_from="done_after", date_to="done_before"
)

METRICS: list[Metric] = [
    Metric(
        key="disputes_registered",
        label=_("Disputes registered"),
        definition=_("Disputes (矛盾纠纷) registered on a day of the period."),
        sql=disputes_registered_sql,
        source=DISPUTES,
        records=DISPUTE_LIST,
    ),
    Metric(
        key="disputes_turned_criminal",
        label=_("Disputes turned criminal"),
        definition=_(
            "Disputes (民转刑) whose party or address came back, within the window after registration "
            "(180 days by default), in an incident of fighting or injury: counted on the day it came back."
        ),
        sql=disputes_turned_criminal_sql,
        source=TURNED_CRIMINAL,
        records=TURNED_CRIMINAL_DISPUTES,
    ),
    Metric(
        key="disputes_mediated",
        label=_("Disputes mediated"),
        definition=_(
            "Disputes with a mediation session (调处) held on a day of the period, each dispute once however many "
            "sessions it had."
        ),
        sql=sessions_held_sql,
        dimensions={"": ""},
        distinct=True,
        source=SESSIONS,
        records=MEDIATED_DISPUTES,
    ),
    Metric(
        key="disputes_resolved",
        label=_("Disputes resolved"),
        definition=_(
            "Disputes with a mediation agreement (调解协议) signed on a day of the period, each dispute once "
            "(settled again after a relapse within the period, still once)."
        ),
        sql=agreements_signed_sql,
        dimensions={"": ""},
        distinct=True,
        source=AGREEMENTS,
        records=RESOLVED_DISPUTES,
    ),
    Metric(
        key="dispute_resolution_rate",
        label=_("Dispute resolution rate"),
        definition=_(
            "Of the disputes mediated in the period, those also resolved in it ÷ the disputes mediated, in per "
            "cent: over the same disputes, so never above 100%."
        ),
        kind=MetricKind.RATIO,
        unit=PERCENT,
        numerator="disputes_resolved",
        denominator="disputes_mediated",
    ),
    Metric(
        key="follow_ups_done_on_time",
        label=_("Follow-ups done on time"),
        definition=_(
            "Follow-up visits (回访) done on or before their due date (the day done in Asia/Shanghai), counted on "
            "the day they were done."
        ),
        unit=ITEMS,
        sql=follow_ups_on_time_sql,
        source=FOLLOW_UPS,
        records=ON_TIME_FOLLOW_UPS,
    ),
]
