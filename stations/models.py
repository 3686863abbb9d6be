from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from kit.constraints import FieldConstraintsMixin
from stations.choices import AuditEventType, AuditOutcome, CommunityKind, Level, ReminderKind, StaffKind, Unit
from stations.scoping import BureauQuerySet, CityQuerySet, StationOwnedModel, StationScopedQuerySet


class City(models.Model):
    """A city public security bureau (市局), the top of the organisation: its sub-bureaus below it."""

    name = models.CharField(pgettext_lazy("organisation", "name"), max_length=100)
    code = models.CharField(_("code"), max_length=20, unique=True)
    history = HistoricalRecords()

    objects = CityQuerySet.as_manager()

    class Meta:
        verbose_name = _("city bureau")
        verbose_name_plural = _("city bureaus")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Bureau(models.Model):
    """A district public security sub-bureau (分局) of a city bureau: its stations below it."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="bureaus", verbose_name=_("city bureau"))
    name = models.CharField(pgettext_lazy("organisation", "name"), max_length=100)
    code = models.CharField(_("code"), max_length=20, unique=True)
    history = HistoricalRecords()

    objects = BureauQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("bureau")
        verbose_name_plural = _("bureaus")

    def __str__(self) -> str:
        return self.name


class Station(models.Model):
    """A police station (派出所) of the bureau; owns almost every record."""

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="stations", verbose_name=_("bureau"))
    name = models.CharField(pgettext_lazy("organisation", "name"), max_length=100)
    code = models.CharField(
        _("code"), max_length=10, unique=True, help_text=_("Short code used in record numbers, e.g. WL01.")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    history = HistoricalRecords()

    objects = StationScopedQuerySet.as_manager()
    station_lookup = "pk"

    class Meta:
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Community(models.Model):
    """A community or village (社区/村): one beat (责任区) of a station."""

    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="communities", verbose_name=_("station")
    )
    name = models.CharField(pgettext_lazy("organisation", "name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=CommunityKind.choices, default=CommunityKind.URBAN)
    history = HistoricalRecords()

    objects = StationScopedQuerySet.as_manager()
    station_lookup = "station_id"

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["station__code", "name"]
        constraints = [models.UniqueConstraint(fields=["station", "name"], name="community_unique_name_per_station")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community-detail", kwargs={"pk": self.pk})


class CommunityPopulation(models.Model):
    """Registered residents of a community in one year: the base of incident rates."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="populations", verbose_name=_("community")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population"))
    history = HistoricalRecords()

    objects = StationScopedQuerySet.as_manager()
    station_lookup = "community__station_id"

    class Meta:
        verbose_name = _("community population")
        verbose_name_plural = _("community populations")
        ordering = ["community", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["community", "year"], name="population_one_per_community_year"),
            models.CheckConstraint(condition=models.Q(year__gte=1949), name="population_year_plausible"),
        ]

    def __str__(self) -> str:
        return f"{self.community} {self.year}: {self.population}"


class StaffProfile(models.Model):
    """Who a user is in the organisation: where they sit (a station, a sub-bureau or the city
    bureau, exactly one of the three), unit, kind, badge."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile", verbose_name=_("user")
    )
    station = models.ForeignKey(
        Station,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("station"),
        help_text=_("For station staff, who see their station's records."),
    )
    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("bureau"),
        help_text=_("For sub-bureau staff, who see the stations of their sub-bureau."),
    )
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("city bureau"),
        help_text=_("For city bureau staff, who see every station of the city."),
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=StaffKind.choices, default=StaffKind.POLICE)
    badge_number = models.CharField(_("badge number"), max_length=20, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    communities = models.ManyToManyField(
        Community, blank=True, related_name="officers", verbose_name=_("communities served")
    )
    history = HistoricalRecords(m2m_fields=[communities])

    objects = StationScopedQuerySet.as_manager()
    station_lookup = "station_id"

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["badge_number"],
                condition=~models.Q(badge_number=""),
                name="staff_badge_number_unique",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(station__isnull=False, bureau__isnull=True, city__isnull=True)
                    | models.Q(station__isnull=True, bureau__isnull=False, city__isnull=True)
                    | models.Q(station__isnull=True, bureau__isnull=True, city__isnull=False)
                ),
                name="staff_at_one_level",
                violation_error_message=_("Choose exactly one of station, bureau and city bureau."),
            ),
        ]

    def __str__(self) -> str:
        return person_name(self.user)

    def clean(self) -> None:
        places = [name for name in ("station", "bureau", "city") if getattr(self, f"{name}_id") is not None]
        if len(places) > 1:
            message = _("A person sits at one level: a station, a sub-bureau or the city bureau, not several.")
            raise ValidationError(dict.fromkeys(places, message))
        if not places:
            raise ValidationError({"station": _("Choose a station, a sub-bureau or the city bureau.")})
        if self.unit == Unit.BUREAU and self.station_id is not None:
            raise ValidationError({"station": _("Bureau office staff belong to no station.")})
        if self.unit not in (Unit.BUREAU, Unit.CITY) and self.station_id is None:
            raise ValidationError({"station": _("Station staff need a station.")})

    @property
    def level(self) -> str:
        """Where the person sits: "station", "bureau" or "city"."""
        if self.station_id is not None:
            return Level.STATION
        return Level.BUREAU if self.bureau_id is not None else Level.CITY

    @property
    def is_police(self) -> bool:
        return self.kind in (StaffKind.POLICE, StaffKind.AUXILIARY)


def person_name(user) -> str:
    """A person's name as Chinese writes it: family name first, no space ("" for nobody)."""
    if user is None:
        return ""
    full = f"{user.last_name}{user.first_name}".strip()
    return full or user.get_username()


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only.")

    def delete(self):
        raise PermissionError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One entry of the append-only audit log: sign-ins, exports, reads of personal data."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    event_type = models.CharField(_("event"), max_length=30, choices=AuditEventType.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=AuditOutcome.choices)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.username} {self.get_event_type_display()}"

    def save(self, *args, **kwargs):
        # The log is evidence: rows are written once and never changed.
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")


class Reminder(StationOwnedModel):
    """An item in someone's work queue, created by a job, a service or the bureau.

    `key` makes creation idempotent: a daily job that runs twice finds the
    reminder it made the first time.
    """

    key = models.CharField(_("key"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("assignee"),
        help_text=_("Empty: for the station's supervisors."),
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.CharField(_("link"), max_length=300, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), default=50, help_text=_("Lower comes first."))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["priority", "due_date", "id"]
        indexes = [models.Index(fields=["station", "done_at"], name="reminder_station_open")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.url or reverse("home")


class NumberCounter(FieldConstraintsMixin, models.Model):
    """The last sequence number handed out per station, record kind and year.

    Numbers are drawn by locking this row (select_for_update), so two officers
    saving at the same moment never get the same number and a number is never
    reused, even after its record is deleted. Incidents, cases and disputes all
    draw from here (stations.numbering), so the counter is the organisation's.
    """

    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        # Kept under the name it had when the counter belonged to the cases app.
        db_table = "cases_numbercounter"
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")
        constraints = [
            models.UniqueConstraint(
                fields=["station", "kind", "year"],
                name="counter_one_per_station_year",
                violation_error_message=_("This station already counts numbers of this kind for this year."),
            )
        ]

    constraint_fields = {"counter_one_per_station_year": "year"}

    def __str__(self) -> str:
        return f"{self.station_id}/{self.kind}/{self.year}: {self.last}"
