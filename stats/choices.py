from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    """The bucket a rollup row covers: one day, or one calendar month (summed from the days)."""

    DAY = "d", _("Day")
    MONTH = "m", _("Month")
    # The whole station's month (community empty): what the bureau's side-by-side view reads.
    STATION_MONTH = "s", _("Month, whole station")
    # Old day rows, sign turned, while a refill moves the month rows by the difference
    # (stats.fill.move_months_by_difference), inside its transaction only.
    SCRATCH = "x", _("Being recomputed")
    SCRATCH_STATION = "y", _("Being recomputed, whole station")


class FillStatus(models.TextChoices):
    """Zulip's two states: STARTED marks buckets that may be half-written."""

    STARTED = "started", _("Started")
    DONE = "done", _("Done")


class MetricKind(models.TextChoices):
    COUNT = "count", _("Count")
    RATIO = "ratio", _("Rate")
    PER_10K = "per_10k", _("Per 10,000 residents")
    MEDIAN = "median", _("Median")
    MEAN = "mean", _("Mean")
    PER_DAY = "per_day", _("Per day")


class PeriodKind(models.TextChoices):
    WEEK = "week", _("This week")
    MONTH = "month", _("This month")
    QUARTER = "quarter", _("This quarter")
    YEAR = "year", _("This year")
    RANGE = "range", _("Range")


class Interval(models.TextChoices):
    DAY = "day", _("By day")
    WEEK = "week", _("By week")
    MONTH = "month", _("By month")
