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


def agreements_signed_sql(d: Dialect, subgroup: str) -> str:
    return grouped_sql(d, subgroup, model="mediation.Agreement", date_column="signed_at", **_through_dispute())


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


DISPUTES = Source(model="mediation.Dispute", date_field="registered_at")
AGREEMENTS = Source(model="mediation.Agreement", date_field="signed_at", station_field="dispute__station_id")
FOLLOW_UPS = Source(model="mediation.FollowUp", date_field="done_at", station_field="dispute__station_id")

DISPUTE_LIST = RecordsLink(
    url_name="mediation:dispute-list", date_from="registered_after", date_to="registered_before", station_param=None
)
# Neither agreements nor follow-ups have a list by the day they count by: their
# figures link to the disputes (resolved ones) and to the done follow-ups.
RESOLVED_DISPUTES = RecordsLink(url_name="mediation:dispute-list", date_from=None, date_to=None, station_param=None)
DONE_FOLLOW_UPS = RecordsLink(
    url_name="mediation:follow-up-list", params={"status": "done"}, date_from=None, date_to=None, station_param=None
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
        unit=PERCENT,
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
        unit=ITEMS,
        sql=follow_ups_on_time_sql,
        source=FOLLOW_UPS,
        records=DONE_FOLLOW_UPS,
    ),
]
