"""Where the force is: assignments with history, committee seats (两进), awards and promotions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from kit.constraints import FieldConstraintsMixin
from kit.versioning import VersionedModel
from staffing.choices import AssignmentKind, AwardKind, SeatLevel
from stations.choices import Unit
from stations.scoping import StationScopedQuerySet, is_bureau_level


class ForceQuerySet(StationScopedQuerySet):
    """A record of a station, or of the bureau's own offices (no station): station staff see their
    station's; bureau-level users the records of their stations and of those stations' bureaus."""

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        if is_bureau_level(user):
            from stations.models import Bureau, Station

            return self.filter(
                Q(station__in=Station.objects.visible_to(user))
                | Q(station__isnull=True, bureau__in=Bureau.objects.visible_to(user))
            )
        return super().visible_to(user)


class ForceRecord(VersionedModel):
    bureau = models.ForeignKey("stations.Bureau", on_delete=models.PROTECT, related_name="+", verbose_name=_("bureau"))
    station = models.ForeignKey(
        "stations.Station",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("station"),
        help_text=_("Empty for the bureau's own offices."),
    )

    objects = ForceQuerySet.as_manager()
    station_lookup = "station_id"

    class Meta:
        abstract = True


class Assignment(FieldConstraintsMixin, ForceRecord):
    """One person's post for a span of days: unit, station (none for the bureau's offices), communities."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("person")
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    communities = models.ManyToManyField(
        "stations.Community", blank=True, related_name="assignments", verbose_name=_("communities served")
    )
    kind = models.CharField(
        _("kind of posting"), max_length=20, choices=AssignmentKind.choices, default=AssignmentKind.REGULAR
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True, help_text=_("Empty while the post lasts."))
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[communities])

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["person", "start"], name="assignment_person_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="assignment_ends_after_start",
                violation_error_message=_("An assignment cannot end before it starts."),
            )
        ]

    constraint_fields = {"assignment_ends_after_start": "end"}

    def __str__(self) -> str:
        from stations.models import person_name

        return f"{person_name(self.person)} · {self.get_unit_display()}"

    def get_absolute_url(self) -> str:
        return reverse("staffing:assignment-detail", kwargs={"pk": self.pk})

    def active_on(self, day) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


class CommitteeSeat(ForceRecord):
    """A seat on a township/street or community/village committee (两进): who, which committee, since when."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="committee_seats", verbose_name=_("person")
    )
    level = models.CharField(_("committee level"), max_length=20, choices=SeatLevel.choices)
    community = models.ForeignKey(
        "stations.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_seats",
        verbose_name=_("community"),
        help_text=_("The community or village whose committee it is (community level)."),
    )
    committee = models.CharField(_("committee"), max_length=100)
    position = models.CharField(_("position held"), max_length=50, blank=True)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        ordering = ["-since", "-id"]

    def __str__(self) -> str:
        from stations.models import person_name

        return f"{person_name(self.person)} · {self.committee}"

    def get_absolute_url(self) -> str:
        return reverse("staffing:committeeseat-detail", kwargs={"pk": self.pk})

    def active_on(self, day) -> bool:
        return self.since <= day and (self.until is None or self.until >= day)


class Award(ForceRecord):
    """An award or a promotion given to a person of a unit (at a station or in the bureau's offices)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="awards", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AwardKind.choices, default=AwardKind.AWARD)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    title = models.CharField(pgettext_lazy("award", "title"), max_length=100)
    awarded_on = models.DateField(_("awarded on"), default=timezone.localdate)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award or promotion")
        verbose_name_plural = _("awards and promotions")
        ordering = ["-awarded_on", "-id"]

    def __str__(self) -> str:
        from stations.models import person_name

        return f"{person_name(self.person)} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("staffing:award-detail", kwargs={"pk": self.pk})
