from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stations.scoping import StationScopedQuerySet
from stats.choices import FillStatus, Frequency

KEY_CONSTRAINT = "statrow_one_row_per_key"


class StatRow(models.Model):
    """One rolled-up figure: a metric's value for a station (and community) on a day or month.

    Rows are derived data, rebuilt from the raw records at will. The foreign
    keys carry no database constraint: on bulk refills the per-row referential
    triggers would cost more than they protect, and the records the rows come
    from already protect stations and communities from deletion.
    """

    station = models.ForeignKey(
        "stations.Station",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        verbose_name=_("station"),
    )
    # Empty: records of the station that name no community.
    community = models.ForeignKey(
        "stations.Community",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("community"),
    )
    frequency = models.CharField(_("frequency"), max_length=1, choices=Frequency.choices)
    day = models.DateField(_("day"), help_text=_("The day, or the first day of the month, in Asia/Shanghai."))
    metric = models.CharField(_("metric"), max_length=48)
    subgroup = models.CharField(_("subgroup"), max_length=48, blank=True, default="")
    value = models.BigIntegerField(_("value"))

    objects = StationScopedQuerySet.as_manager()
    station_lookup = "station_id"

    class Meta:
        verbose_name = _("rollup row")
        verbose_name_plural = _("rollup rows")
        # One row per key, so that a refill that writes a key twice fails instead of doubling a
        # figure. A missing community counts as community 0: NULLs would be distinct (SQLite has
        # no NULLS NOT DISTINCT), and the month moves match keys by the same COALESCE. Its index
        # is the table's only one: led by (frequency, day, metric, station), it serves the
        # dashboards (a few days or months, every metric and station), the refills (one metric's
        # days or month, some stations) and the series.
        constraints = [
            models.UniqueConstraint(
                "frequency",
                "day",
                "metric",
                "station",
                Coalesce("community", 0),
                "subgroup",
                name=KEY_CONSTRAINT,
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric}[{self.subgroup}] {self.station_id}/{self.community_id} {self.day}: {self.value}"

    @classmethod
    def key_constraint(cls) -> models.UniqueConstraint:
        return next(c for c in cls._meta.constraints if c.name == KEY_CONSTRAINT)


class FillState(models.Model):
    """How far one statistic is filled for one station, and whether a refill is half done."""

    statistic = models.CharField(_("statistic"), max_length=48)
    station = models.ForeignKey(
        "stations.Station", on_delete=models.CASCADE, related_name="+", verbose_name=_("station")
    )
    status = models.CharField(_("status"), max_length=10, choices=FillStatus.choices, default=FillStatus.DONE)
    filled_until = models.DateField(_("filled until"), null=True, blank=True)
    # While STARTED: the days being refilled; a rerun after a crash refills them.
    started_from = models.DateField(_("refill from"), null=True, blank=True)
    started_until = models.DateField(_("refill until"), null=True, blank=True)
    # History rows newer than this have been looked at for corrected days.
    history_seen_at = models.DateTimeField(_("changes seen until"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=64, blank=True)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = StationScopedQuerySet.as_manager()
    station_lookup = "station_id"

    class Meta:
        verbose_name = _("fill state")
        verbose_name_plural = _("fill states")
        constraints = [
            models.UniqueConstraint(fields=["statistic", "station"], name="fillstate_one_per_statistic_station")
        ]

    def __str__(self) -> str:
        return f"{self.statistic} {self.station_id}: {self.status} {self.filled_until}"
