"""Metrics of anti-fraud warnings (预警处置): warnings received, handled by their deadline, and the
warned people cheated after the warning (预后被骗率). Each warning counts on the day it was received,
so the rates are over the same warnings."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from stats.choices import MetricKind
from stats.dialect import Dialect
from stats.metrics.base import PEOPLE, PERCENT, Metric, RecordsLink, Source, grouped_sql


def _warnings_sql(where: str = ""):
    def sql(d: Dialect, subgroup: str) -> str:
        return grouped_sql(d, subgroup, model="antifraud.FraudWarning", date_column="received_at", where=where)

    return sql


WARNINGS = Source(model="antifraud.FraudWarning", date_field="received_at")


def _link(**params: str) -> RecordsLink:
    return RecordsLink(
        url_name="antifraud:warning-list", params=params, date_from="received_after", date_to="received_before"
    )


METRICS: list[Metric] = [
    Metric(
        key="fraud_warnings",
        label=_("Fraud warnings"),
        definition=_(
            "Warnings from the anti-fraud centre (预警) received on a day of the period: each warns one person."
        ),
        unit=PEOPLE,
        sql=_warnings_sql(),
        source=WARNINGS,
        records=_link(),
    ),
    Metric(
        key="fraud_warnings_handled_on_time",
        label=_("Fraud warnings handled on time"),
        definition=_(
            "Of the warnings received in the period, those whose outcome was recorded by their deadline "
            "(counted on the day the warning was received)."
        ),
        unit=PEOPLE,
        sql=_warnings_sql("AND t.handled_at IS NOT NULL AND t.handled_at <= t.deadline"),
        source=WARNINGS,
        records=_link(on_time="true"),
    ),
    Metric(
        key="fraud_warned_victims",
        label=_("Warned people cheated after the warning"),
        definition=_(
            "Of the warnings received in the period, those whose person was cheated after it: the officer found "
            "them already cheated, or a later fraud incident or case names them as the victim (counted on the day "
            "the warning was received)."
        ),
        unit=PEOPLE,
        sql=_warnings_sql("AND t.cheated_after"),
        source=WARNINGS,
        records=_link(cheated_after="true"),
    ),
    Metric(
        key="fraud_warnings_on_time_rate",
        label=_("Fraud warnings handled on time (rate)"),
        definition=_("Warnings handled by their deadline ÷ warnings received, in per cent, over the same warnings."),
        kind=MetricKind.RATIO,
        unit=PERCENT,
        numerator="fraud_warnings_handled_on_time",
        denominator="fraud_warnings",
    ),
    Metric(
        key="post_warning_victim_rate",
        label=_("Post-warning victimisation rate"),
        definition=_(
            "Warned people cheated after the warning ÷ warned people (预后被骗率), in per cent, over the warnings "
            "received in the period."
        ),
        kind=MetricKind.RATIO,
        unit=PERCENT,
        numerator="fraud_warned_victims",
        denominator="fraud_warnings",
    ),
]
