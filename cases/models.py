from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cases.choices import (
    OPEN_CASE_STATUSES,
    CaseKind,
    CaseStatus,
    CustodyKind,
    Disposition,
    IncidentCategory,
    IncidentChannel,
    IncidentStatus,
    OffenseType,
    PersonRole,
    PersonStatus,
    TimelineKind,
    TimelineMessage,
)
from kit.constraints import FieldConstraintsMixin
from kit.personal import mask_id_number, mask_phone
from kit.urgency import urgency
from kit.versioning import VersionedModel
from stations.scoping import StationOwnedModel, StationScopedQuerySet


class Incident(StationOwnedModel, VersionedModel):
    """An incident (警情) as reported to and handled by a station."""

    number = models.CharField(_("number"), max_length=30, unique=True)
    community = models.ForeignKey(
        "stations.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("community"),
    )
    category = models.CharField(_("category"), max_length=20, choices=IncidentCategory.choices)
    subtype = models.CharField(_("sub-type"), max_length=50, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=IncidentChannel.choices)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now, db_index=True)
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    # The register's address when it is in the register; `address` keeps free text for places not in it yet.
    standard_address = models.ForeignKey(
        "community.Address",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("standard address"),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    reporter_name = models.CharField(_("reporter"), max_length=100, blank=True)
    reporter_phone = models.CharField(_("reporter phone"), max_length=20, blank=True)
    reporter_resident = models.ForeignKey(
        "community.Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_incidents",
        verbose_name=_("reporter (resident)"),
    )
    summary = models.CharField(_("summary"), max_length=200)
    narrative = models.TextField(_("narrative"), blank=True)
    responding_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responded_incidents",
        verbose_name=_("responding officer"),
    )
    disposition = models.CharField(_("disposition"), max_length=20, choices=Disposition.choices, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=IncidentStatus.choices, default=IncidentStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logged_incidents",
        verbose_name=_("logged by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_incidents",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-reported_at", "-id"]
        permissions = [("review_incident", _("Can approve or return incident reports"))]
        indexes = [models.Index(fields=["station", "address", "reported_at"], name="incident_repeat_call_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.summary}"

    def get_absolute_url(self) -> str:
        return reverse("cases:incident-detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in (IncidentStatus.DRAFT, IncidentStatus.RETURNED)

    @property
    def response_minutes(self) -> int | None:
        if self.arrived_at is None:
            return None
        return int((self.arrived_at - self.reported_at).total_seconds() // 60)


class CaseSeries(StationOwnedModel):
    """A series (串并案): cases believed to share offenders, worked together."""

    name = models.CharField(_("name"), max_length=100)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case series")
        verbose_name_plural = _("case series")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Case(FieldConstraintsMixin, StationOwnedModel, VersionedModel):
    """A case (案件) registered (立案) by the station and worked to solved and closed."""

    number = models.CharField(_("number"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices, default=CaseKind.CRIMINAL)
    offense_type = models.CharField(_("offense type"), max_length=20, choices=OffenseType.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    community = models.ForeignKey(
        "stations.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("community"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED)
    status_reason = models.CharField(_("reason of the last status change"), max_length=200, blank=True)
    solved_at = models.DateTimeField(_("solved at"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_cases",
        verbose_name=_("lead officer"),
    )
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assigned_cases", verbose_name=_("assigned officers")
    )
    loss_amount = models.DecimalField(
        _("loss (yuan)"), max_digits=14, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    recovered_amount = models.DecimalField(
        _("recovered (yuan)"), max_digits=14, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    incidents = models.ManyToManyField(Incident, blank=True, related_name="cases", verbose_name=_("incidents"))
    series = models.ForeignKey(
        CaseSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases", verbose_name=_("series")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(loss_amount__gte=0),
                name="case_loss_not_negative",
                violation_error_message=_("The loss cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(recovered_amount__gte=0, recovered_amount__lte=models.F("loss_amount")),
                name="case_recovered_within_loss",
                violation_error_message=_("The amount recovered cannot be negative or exceed the loss."),
            ),
        ]

    constraint_fields = {"case_loss_not_negative": "loss_amount", "case_recovered_within_loss": "recovered_amount"}

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cases:case-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CASE_STATUSES

    @property
    def urgency(self) -> str:
        """Coloured by the due date while the case is open (kit.urgency)."""
        return urgency(self.due_date) if self.is_open else ""


class CasePerson(VersionedModel):
    """A person in a case: suspect, victim or witness, with where they stand."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="people", verbose_name=_("case"))
    role = models.CharField(_("role"), max_length=10, choices=PersonRole.choices)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    id_number = models.CharField(_("national ID number"), max_length=18, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    resident = models.ForeignKey(
        "community.Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_roles",
        verbose_name=_("resident"),
    )
    status = models.CharField(_("status"), max_length=10, choices=PersonStatus.choices, default=PersonStatus.NONE)
    note = models.CharField(_("note"), max_length=200, blank=True)
    added_at = models.DateTimeField(_("added at"), default=timezone.now)
    history = HistoricalRecords()

    objects = StationScopedQuerySet.as_manager()
    station_lookup = "case__station_id"

    class Meta:
        verbose_name = _("person in a case")
        verbose_name_plural = _("people in cases")
        ordering = ["role", "added_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"

    def get_absolute_url(self) -> str:
        return self.case.get_absolute_url()

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class TimelineEvent(FieldConstraintsMixin, StationOwnedModel):
    """One step in the life of an incident or a case: what happened, who, when."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, null=True, blank=True, related_name="events", verbose_name=_("incident")
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="events", verbose_name=_("case")
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TimelineKind.choices)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    text = models.CharField(_("text"), max_length=500, blank=True)
    # What the system wrote, as a key and values, worded when read (display_text); `text` keeps
    # what officers typed, and rows from before the key was stored.
    message = models.CharField(
        _("message"), max_length=20, blank=True
    )  # a TimelineMessage; no choices=, so rewording needs no migration
    params = models.JSONField(_("values"), default=dict, blank=True)

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(incident__isnull=False) | models.Q(case__isnull=False),
                name="timeline_event_has_subject",
                violation_error_message=_("A timeline event belongs to an incident or a case."),
            )
        ]

    constraint_fields = {"timeline_event_has_subject": "case"}

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.get_kind_display()}"

    @property
    def display_text(self) -> str:
        """The entry's words in the reader's language."""
        if not self.message:
            return self.text
        values = dict(self.params)
        if "role" in values:
            values["role"] = PersonRole(values["role"]).label
        if "status" in values:
            values["status"] = PersonStatus(values["status"]).label
        if "fields" in values:
            model = CasePerson if self.message == TimelineMessage.PERSON_EDITED else Case if self.case_id else Incident
            values["fields"] = ", ".join(str(model._meta.get_field(name).verbose_name) for name in values["fields"])
        return str(TimelineMessage(self.message).label) % values

    @property
    def to_status_label(self) -> str:
        for choices in (CaseStatus, IncidentStatus):
            if self.to_status in choices.values:
                return str(choices(self.to_status).label)
        return self.to_status


class CustodyRecord(StationOwnedModel, VersionedModel):
    """A person brought into the case-processing center (执法办案管理中心) for a case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="custody_records", verbose_name=_("case"))
    person = models.ForeignKey(
        CasePerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="custody_records",
        verbose_name=_("person in the case"),
    )
    person_name = models.CharField(_("person brought in"), max_length=50)
    time_in = models.DateTimeField(_("time in"), default=timezone.now)
    time_out = models.DateTimeField(_("time out"), null=True, blank=True)
    photo_taken = models.BooleanField(_("photo taken"), default=False)
    fingerprints_taken = models.BooleanField(_("fingerprints taken"), default=False)
    dna_taken = models.BooleanField(_("DNA sample taken"), default=False)
    belongings_kept = models.BooleanField(_("belongings kept"), default=False)
    belongings_notes = models.CharField(_("belongings notes"), max_length=300, blank=True)
    custody = models.CharField(_("custody"), max_length=20, choices=CustodyKind.choices, default=CustodyKind.NONE)
    escort_destination = models.CharField(_("escorted to"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case-processing center record")
        verbose_name_plural = _("case-processing center records")
        ordering = ["-time_in", "-id"]

    def __str__(self) -> str:
        return f"{self.person_name} {timezone.localtime(self.time_in):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("cases:custody-detail", kwargs={"pk": self.pk})
