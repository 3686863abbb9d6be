"""Metrics of the control centre (基础管控中心): the assessment of each station (监督评价).

Orders received, signed for on time, done on time, returned at verification (each station's part of
an order; urging orders are not counted, they are the centre's own instrument), and the burden: task
items assigned per community officer per week.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from stats.choices import MetricKind
from stats.dialect import Dialect, literal, literals, table_of
from stats.metrics.base import ITEMS, PERCENT, Metric, RecordsLink, Source, grouped_sql


def _parts(date_column: str, where: str = ""):
    def sql(d: Dialect, subgroup: str) -> str:
        return grouped_sql(
            d,
            subgroup,
            model="control.StationTask",
            date_column=date_column,
            join=f"JOIN {table_of('control.Order')} o ON o.id = t.order_id",
            where=f"AND o.kind <> {literal('urging')} {where}",
            community="CAST(NULL AS INTEGER) AS community_id",
        )

    return sql


def returned_sql(d: Dialect, subgroup: str) -> str:
    return grouped_sql(
        d,
        subgroup,
        model="control.OrderEvent",
        date_column="at",
        join=f"JOIN {table_of('control.StationTask')} p ON p.id = t.part_id",
        where=f"AND t.action = {literal('verify_returned')}",
        station="p.station_id",
        community="CAST(NULL AS INTEGER) AS community_id",
    )


def items_per_officer_sql(d: Dialect, subgroup: str) -> str:
    """One row per community officer, community and day: the items assigned to them that day
    (subgroup "officer:<id>"). Only the community squad's police and auxiliaries count."""
    from stats.metrics.community import COMMUNITY_POST_KINDS

    day = d.local_day("t.assigned_at")
    return f"""
        SELECT t.station_id, t.community_id, {day} AS day, 'officer:' || {d.as_text("t.assignee_id")} AS subgroup,
               COUNT(*) AS value
        FROM {table_of("control.TaskItem")} t
        JOIN {table_of("stations.StaffProfile")} s ON s.user_id = t.assignee_id
        WHERE t.station_id IN ({{stations}}) AND t.assigned_at >= %(start)s AND t.assigned_at < %(end)s
          AND s.unit = {literal("community")} AND s.kind IN ({literals(k.value for k in COMMUNITY_POST_KINDS)})
        GROUP BY 1, 2, 3, 4
    """


RECEIVED = Source(model="control.StationTask", date_field="received_at")
SIGNED = Source(model="control.StationTask", date_field="signed_at")
VERIFIED = Source(model="control.StationTask", date_field="verified_at")
RETURNS = Source(model="control.OrderEvent", date_field="at", station_field="part__station_id")
ASSIGNED = Source(model="control.TaskItem", date_field="assigned_at")

COUNTED_KINDS = {"kind": ["dispatch", "warning", "cooperation"]}


def parts_link(day: str, **params) -> RecordsLink:
    return RecordsLink(
        url_name="control:part-list",
        params={**COUNTED_KINDS, **params},
        date_from=f"{day}_after",
        date_to=f"{day}_before",
        community_param=None,
    )


ITEMS_LINK = RecordsLink(url_name="control:item-list", date_from="assigned_after", date_to="assigned_before")

METRICS: list[Metric] = [
    Metric(
        key="control_orders_received",
        label=_("Orders received"),
        definition=_(
            "Orders of the control centre (dispatch, warning, cooperation) that reached the station, counted on the "
            "day they were dispatched to it; urging orders are not counted."
        ),
        unit=ITEMS,
        sql=_parts("received_at"),
        source=RECEIVED,
        records=parts_link("received"),
    ),
    Metric(
        key="control_orders_signed",
        label=_("Orders signed for"),
        definition=_("Orders the station's control post signed for (签收), counted on the day signed."),
        unit=ITEMS,
        sql=_parts("signed_at"),
        source=SIGNED,
        records=parts_link("signed"),
    ),
    Metric(
        key="control_orders_signed_on_time",
        label=_("Orders signed for on time"),
        definition=_("Orders signed for no later than their time to sign (WULING_CONTROL_SIGN_HOURS after dispatch)."),
        unit=ITEMS,
        sql=_parts("signed_at", "AND t.signed_at <= t.sign_due"),
        source=SIGNED,
        records=parts_link("signed", signed_on_time="true"),
    ),
    Metric(
        key="control_signed_on_time_rate",
        label=_("Share signed for on time"),
        definition=_("Orders signed for on time ÷ orders signed for, in the period, in per cent."),
        kind=MetricKind.RATIO,
        unit=PERCENT,
        numerator="control_orders_signed_on_time",
        denominator="control_orders_signed",
    ),
    Metric(
        key="control_orders_done",
        label=_("Orders done"),
        definition=_("Orders the centre verified as done at the station, counted on the day verified."),
        unit=ITEMS,
        sql=_parts("verified_at"),
        source=VERIFIED,
        records=parts_link("verified"),
    ),
    Metric(
        key="control_orders_done_on_time",
        label=_("Orders done on time"),
        definition=_("Orders verified as done whose last submission was no later than the order's deadline."),
        unit=ITEMS,
        sql=_parts("verified_at", "AND t.submitted_at <= o.deadline"),
        source=VERIFIED,
        records=parts_link("verified", done_on_time="true"),
    ),
    Metric(
        key="control_done_on_time_rate",
        label=_("Share done on time"),
        definition=_("Orders done on time ÷ orders done, in the period, in per cent."),
        kind=MetricKind.RATIO,
        unit=PERCENT,
        numerator="control_orders_done_on_time",
        denominator="control_orders_done",
    ),
    Metric(
        key="control_returned_at_verification",
        label=_("Returned at verification"),
        definition=_(
            "Times the centre returned items of a station's part to it at verification (核查退回), on the day "
            "returned; a part returned twice in the period counts twice (its list shows it once)."
        ),
        unit=ITEMS,
        sql=returned_sql,
        source=RETURNS,
        records=parts_link("returned"),
    ),
    Metric(
        key="control_items_per_officer_week",
        label=_("Task items per community officer per week"),
        definition=_(
            "The burden (减负): task items assigned to the community squad's police and auxiliaries (on the day "
            "assigned) ÷ their officer-weeks in service in the period up to today, as for days in the community."
        ),
        kind=MetricKind.MEAN,
        unit=ITEMS,
        sql=items_per_officer_sql,
        dimensions={"": ""},
        source=ASSIGNED,
        records=ITEMS_LINK,
    ),
]
