"""The one registry: every metric, in the order dashboards, the definitions page and exports show them."""

from __future__ import annotations

from stats.metrics import antifraud, cases, community, control, mediation, staffing
from stats.metrics.base import Metric

REGISTRY: list[Metric] = [
    *cases.COUNTS_AND_RATES,
    *mediation.METRICS,
    *community.METRICS,
    *antifraud.METRICS,
    *staffing.METRICS,
    *control.METRICS,
    *cases.MEDIANS,
]

METRICS: dict[str, Metric] = {metric.key: metric for metric in REGISTRY}


def stored_metrics() -> list[Metric]:
    """The metrics the rollup fills, in registry order."""
    return [m for m in REGISTRY if m.stored and m.unavailable_reason is None]
