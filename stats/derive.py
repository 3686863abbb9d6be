"""Every derived figure, in one place: values of metrics from summed rollup rows, and their changes.

`Sums` maps a metric key to {subgroup: the summed value} over some rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.utils import timezone

from stats.choices import MetricKind
from stats.metrics import REGISTRY, Metric

Sums = dict[str, dict[str, int]]

DISTINCT = {metric.key for metric in REGISTRY if metric.distinct}

REGISTERED_PREFIX = "registered:"
# The subgroup of a current-case numerator the dashboard query already summed over its period.
IN_PERIOD = "registered:in-period"

# Poisson score beyond which a change of counts is not noise (DESIGN.md).
SIGNIFICANCE_THRESHOLD = 2.0


def median_from_histogram(buckets: dict[int, int]) -> float | None:
    """Median of the values a histogram {value: count} describes; the mean of the two middle ones if even."""
    total = sum(buckets.values())
    if total == 0:
        return None
    lower_rank, upper_rank = (total - 1) // 2, total // 2
    lower = upper = None
    seen = 0
    for value in sorted(buckets):
        seen += buckets[value]
        if lower is None and seen > lower_rank:
            lower = value
        if seen > upper_rank:
            upper = value
            break
    return (lower + upper) / 2


def count_of(metric_key: str, sums: Sums) -> int:
    if metric_key in DISTINCT:
        return len(records_of(metric_key, sums))
    return sums.get(metric_key, {}).get("", 0)


def records_of(metric_key: str, sums: Sums) -> set[str]:
    """The records (subgroups such as "dispute:12") a distinct count counted in the summed rows."""
    return {sub for sub, value in sums.get(metric_key, {}).items() if sub and value}


def registered_within(sums: Sums, metric_key: str, start: date, end: date) -> int:
    """Of solved cases stored with their registration day as subgroup ("registered:YYYY-MM-DD"),
    those registered within [start, end]."""
    by_subgroup = sums.get(metric_key, {})
    if IN_PERIOD in by_subgroup:  # already summed over the period's registration days by the database
        return by_subgroup[IN_PERIOD]
    first, last = start.isoformat(), end.isoformat()
    return sum(
        value
        for subgroup, value in sums.get(metric_key, {}).items()
        if subgroup.startswith(REGISTERED_PREFIX) and first <= subgroup[len(REGISTERED_PREFIX) :] <= last
    )


def mean_days_per_officer_week(
    sums: Sums, metric_key: str, start: date, end: date, officer_weeks: dict[str, float] | None = None
) -> float | None:
    """Officer-days (subgroup "officer:<id>", one per officer and day) ÷ officer-weeks in service.

    `officer_weeks` ({"officer:<id>": weeks in service in the period}) are the officers in a
    community-policing post: one who served 12 weeks is measured over 12, and one in service who
    logged nothing counts with 0 days. Without it (the trend charts), each officer who logged
    is taken to have served the period's weeks up to today."""
    officer_days = {sub: value for sub, value in sums.get(metric_key, {}).items() if value}
    if officer_weeks is not None:
        weeks = sum(officer_weeks.values())
        if weeks <= 0:
            return None
        return sum(value for sub, value in officer_days.items() if sub in officer_weeks) / weeks
    elapsed = (min(end, timezone.localdate()) - start).days + 1
    if not officer_days or elapsed <= 0:
        return None
    return sum(officer_days.values()) / len(officer_days) / (elapsed / 7)


def value_of(
    metric: Metric,
    sums: Sums,
    *,
    population: int | None = None,
    days: int = 1,
    start: date | None = None,
    end: date | None = None,
    officer_weeks: dict[str, float] | None = None,
) -> float | int | None:
    """The metric's value over the rows summed in `sums` (None: not available, or an empty base).
    `start`/`end`: the period the sums cover (needed by the current-case rate and the mean)."""
    if not metric.available:
        return None
    if metric.kind == MetricKind.RATIO:
        parts = ratio_parts(metric, sums, start=start, end=end)
        if parts is None:
            return None
        return 100.0 * parts[0] / parts[1]
    if metric.kind == MetricKind.MEAN:
        if start is None or end is None:
            return None
        return mean_days_per_officer_week(sums, metric.key, start, end, officer_weeks)
    if metric.kind == MetricKind.COUNT:
        return count_of(metric.key, sums)
    if metric.kind == MetricKind.MEDIAN:
        buckets = {int(sub): value for sub, value in sums.get(metric.key, {}).items() if value}
        return median_from_histogram(buckets)
    if metric.kind == MetricKind.PER_DAY:
        return count_of(metric.numerator, sums) / days if days else None
    if metric.kind == MetricKind.PER_10K:
        if not population:
            return None
        return count_of(metric.numerator, sums) * 10000.0 / population * 365.0 / days
    return None


def ratio_parts(metric: Metric, sums: Sums, *, start: date | None, end: date | None) -> tuple[int, int] | None:
    """(numerator, denominator) of a rate in per cent; None when the base is empty."""
    if metric.within_minutes is not None:
        buckets = {int(sub): value for sub, value in sums.get(metric.numerator, {}).items() if value}
        total = sum(buckets.values())
        within = sum(v for minutes, v in buckets.items() if minutes < metric.within_minutes)
        return (within, total) if total else None
    denominator = count_of(metric.denominator, sums)
    if denominator == 0:
        return None
    if metric.stored:  # the current-case rate: solved cases stored by their registration day
        if start is None or end is None:
            return None
        return registered_within(sums, metric.key, start, end), denominator
    if metric.numerator in DISTINCT and metric.denominator in DISTINCT:
        # Over the same records: of those in the denominator, those also in the numerator.
        both = records_of(metric.numerator, sums) & records_of(metric.denominator, sums)
        return len(both), denominator
    return count_of(metric.numerator, sums), denominator


def relative_change(now, before) -> float | None:
    """(now − before) ÷ before; empty (None), not zero or infinity, when the base is 0 or missing."""
    if now is None or before is None or before == 0:
        return None
    return (now - before) / before


def poisson_score(now: int, before: int) -> float:
    return 2.0 * (math.sqrt(now) - math.sqrt(before))


def is_significant(now: int | None, before: int | None) -> bool | None:
    if now is None or before is None:
        return None
    return abs(poisson_score(now, before)) > SIGNIFICANCE_THRESHOLD


def proportion_score(now: tuple[int, int], before: tuple[int, int]) -> float | None:
    """The two-proportion z score (pooled): (p₁ − p₂) ÷ √(p(1 − p)(1/n₁ + 1/n₂)); None when it does
    not apply (a numerator above its base, as old cases solved late can make the clearance rate)."""
    (x1, n1), (x2, n2) = now, before
    if x1 > n1 or x2 > n2:
        return None
    pooled = (x1 + x2) / (n1 + n2)
    spread = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if spread == 0:
        return 0.0
    return (x1 / n1 - x2 / n2) / math.sqrt(spread)


def proportions_differ(now, before) -> bool | None:
    if now is None or before is None:
        return None
    score = proportion_score(now, before)
    return None if score is None else abs(score) > SIGNIFICANCE_THRESHOLD


@dataclass
class Figure:
    """One metric for one place and period, with its two comparisons."""

    metric: Metric
    value: float | int | None = None
    previous_year: float | int | None = None
    previous_period: float | int | None = None
    yoy_change: float | None = None
    pop_change: float | None = None
    yoy_pp: float | None = None  # percentage points, for rates in per cent
    pop_pp: float | None = None
    yoy_difference: float | None = None  # rates: now − before, in the metric's unit
    pop_difference: float | None = None
    significant_yoy: bool | None = None
    significant_pop: bool | None = None
    # The address of the records counted, made when first asked for: a bureau
    # dashboard has hundreds of figures, and the API shows the address of few.
    link: Callable[[], str | None] | None = field(default=None, repr=False, compare=False)
    parts: list[tuple[str, str, int, str | None]] = field(default_factory=list)  # (subgroup, label, value, url)

    @property
    def available(self) -> bool:
        return self.metric.available

    @cached_property
    def records_url(self) -> str | None:
        return self.link() if self.link is not None else None


def figure(
    metric: Metric,
    now: Sums,
    last_year: Sums,
    before: Sums,
    *,
    populations: tuple[int | None, int | None, int | None] = (None, None, None),
    days: tuple[int, int, int] = (1, 1, 1),
    spans: tuple = ((None, None), (None, None), (None, None)),
    officer_weeks: tuple = (None, None, None),
) -> Figure:
    """Value, 同比 and 环比 of `metric` from the sums of the three periods ((start, end) of each in `spans`)."""
    result = Figure(metric=metric)
    if not metric.available:
        return result
    values = [
        value_of(metric, sums, population=pop, days=n, start=span[0], end=span[1], officer_weeks=weeks)
        for sums, pop, n, span, weeks in zip(
            (now, last_year, before), populations, days, spans, officer_weeks, strict=True
        )
    ]
    result.value, result.previous_year, result.previous_period = values
    result.yoy_change = relative_change(values[0], values[1])
    result.pop_change = relative_change(values[0], values[2])
    if metric.kind in (MetricKind.RATIO, MetricKind.PER_10K):
        # A rate changes by a difference in its own unit: percentage points, or per 10,000 residents.
        result.yoy_difference = None if None in (values[0], values[1]) else values[0] - values[1]
        result.pop_difference = None if None in (values[0], values[2]) else values[0] - values[2]
    if metric.kind == MetricKind.RATIO:
        result.yoy_pp, result.pop_pp = result.yoy_difference, result.pop_difference
    # Significance as fits the figure: Poisson for counts of events (and their rates per 10,000), a
    # test for proportions for rates in per cent, none for means, medians and sums of people.
    if metric.counts_events:
        counted = metric.key if metric.kind == MetricKind.COUNT else metric.numerator
        a, b, c = (count_of(counted, s) for s in (now, last_year, before))
        result.significant_yoy = is_significant(a, b)
        result.significant_pop = is_significant(a, c)
    elif metric.kind == MetricKind.RATIO:
        a, b, c = (
            ratio_parts(metric, sums, start=span[0], end=span[1])
            for sums, span in zip((now, last_year, before), spans, strict=True)
        )
        result.significant_yoy = proportions_differ(a, b)
        result.significant_pop = proportions_differ(a, c)
    return result
