from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from kit.versioning import VersionedModel
from mediation.choices import (
    DisputeAction,
    DisputeCategory,
    DisputeEventMessage,
    DisputeSource,
    DisputeStatus,
    FollowUpResult,
    FollowUpStatus,
    Fulfilment,
    PartySide,
    ReferralTarget,
    RiskGrade,
    Satisfaction,
    SessionOutcome,
    Venue,
)
from stations.scoping import StationOwnedModel, StationScopedQuerySet


class Dispute(StationOwnedModel, VersionedModel):
    """A dispute (矛盾纠纷) registered at a station and carried to an agreement or a referral."""

    number = models.CharField(
        _("number"), max_length=30, unique=True, error_messages={"unique": _("This dispute number is taken.")}
    )
    community = models.ForeignKey(
        "stations.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disputes",
        verbose_name=_("community"),
    )
    incident = models.ForeignKey(
        "cases.Incident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="disputes",
        verbose_name=_("incident"),
    )
    source = models.CharField(_("source"), max_length=20, choices=DisputeSource.choices)
    category = models.CharField(_("category"), max_length=20, choices=DisputeCategory.choices)
    risk = models.CharField(_("escalation risk"), max_length=10, choices=RiskGrade.choices, default=RiskGrade.YELLOW)
    summary = models.CharField(_("what it is about"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    standard_address = models.ForeignKey(
        "community.Address",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="disputes",
        verbose_name=_("standard address"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DisputeStatus.choices, default=DisputeStatus.REGISTERED, db_index=True
    )
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mediated_disputes",
        verbose_name=_("mediator"),
    )
    registered_at = models.DateTimeField(pgettext_lazy("dispute", "registered at"), default=timezone.now, db_index=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    referred_to = models.CharField(_("referred to"), max_length=30, choices=ReferralTarget.choices, blank=True)
    referral_note = models.CharField(_("referral note"), max_length=200, blank=True)
    referred_at = models.DateTimeField(_("referred at"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("dispute", "closed at"), null=True, blank=True)
    # Relapses found at follow-up visits only: a dispute reopened by hand is not a relapse (its reopening
    # is on the timeline).
    relapse_count = models.PositiveSmallIntegerField(_("times relapsed"), default=0)
    # 民转刑: a party or the address of the dispute came back in an incident of fighting or injury.
    turned_criminal_at = models.DateTimeField(_("turned criminal at"), null=True, blank=True, db_index=True)
    turned_criminal_incident = models.ForeignKey(
        "cases.Incident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("incident it turned criminal in"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-registered_at", "-id"]
        indexes = [models.Index(fields=["station", "status", "risk"], name="dispute_station_status_risk")]

    def __str__(self) -> str:
        return f"{self.number} {self.summary}"

    def get_absolute_url(self) -> str:
        return reverse("mediation:dispute-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in (DisputeStatus.REGISTERED, DisputeStatus.IN_MEDIATION)

    def session_due_date(self):
        """The day by which a red or orange dispute must have had a session (None for yellow)."""
        days = settings.WULING["MEDIATION_SESSION_DUE_DAYS"].get(self.risk)
        if days is None:
            return None
        return timezone.localdate(self.registered_at) + timedelta(days=days)


class Party(VersionedModel):
    """A party (当事人) to a dispute: a registered resident or a person named in free text."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="parties", verbose_name=_("dispute"))
    side = models.CharField(_("side"), max_length=20, choices=PartySide.choices, default=PartySide.APPLICANT)
    resident = models.ForeignKey(
        "community.Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dispute_parties",
        verbose_name=_("resident"),
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    id_number = models.CharField(_("national ID number"), max_length=18, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = StationScopedQuerySet.as_manager()
    station_lookup = "dispute__station_id"

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["dispute", "id"]

    def __str__(self) -> str:
        return self.name


class MediationSession(VersionedModel):
    """One mediation session (调解) of a dispute: when, where, who, and the outcome."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("dispute"))
    held_at = models.DateTimeField(_("held at"))
    venue = models.CharField(_("where"), max_length=20, choices=Venue.choices, default=Venue.MEDIATION_ROOM)
    location = models.CharField(_("place"), max_length=200, blank=True)
    mediators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mediation_sessions", verbose_name=_("mediated by")
    )
    other_mediators = models.CharField(_("other mediators"), max_length=200, blank=True)
    bodies = models.JSONField(_("participating bodies"), default=list, blank=True)
    attendees = models.TextField(_("who attended"), blank=True)
    notes = models.TextField(_("what happened"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=SessionOutcome.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[mediators])

    objects = StationScopedQuerySet.as_manager()
    station_lookup = "dispute__station_id"

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["-held_at", "-id"]

    def __str__(self) -> str:
        return f"{self.dispute.number} · {timezone.localtime(self.held_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return self.dispute.get_absolute_url() + f"#session-{self.pk}"

    @property
    def allows_agreement(self) -> bool:
        from mediation.choices import AGREEMENT_OUTCOMES

        return self.outcome in AGREEMENT_OUTCOMES

    def body_labels(self) -> list[str]:
        from mediation.choices import MediatingBody

        labels = dict(MediatingBody.choices)
        return [str(labels.get(b, b)) for b in self.bodies]


class Agreement(VersionedModel):
    """A mediation agreement (调解协议) signed at a session: its terms and their fulfilment."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("dispute"))
    session = models.OneToOneField(
        MediationSession,
        on_delete=models.CASCADE,
        related_name="agreement",
        verbose_name=_("session"),
        error_messages={"unique": _("This session already has an agreement.")},
    )
    number = models.CharField(
        _("number"), max_length=40, unique=True, error_messages={"unique": _("This agreement number is taken.")}
    )
    terms = models.TextField(_("terms"))
    signed_at = models.DateTimeField(_("signed at"), db_index=True)
    fulfilment = models.CharField(
        _("fulfilment"), max_length=20, choices=Fulfilment.choices, default=Fulfilment.PENDING
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = StationScopedQuerySet.as_manager()
    station_lookup = "dispute__station_id"

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_at", "-id"]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("mediation:agreement-print", kwargs={"pk": self.pk})


class FollowUp(VersionedModel):
    """A follow-up visit (回访) after an agreement: due, done, by whom, stable or relapsed."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("dispute"))
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("agreement")
    )
    due_date = models.DateField(_("due"), db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.SCHEDULED
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True, db_index=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    result = models.CharField(_("result"), max_length=20, choices=FollowUpResult.choices, blank=True)
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = StationScopedQuerySet.as_manager()
    station_lookup = "dispute__station_id"

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return f"{self.dispute.number} · {self.due_date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return self.dispute.get_absolute_url() + f"#follow-up-{self.pk}"

    @property
    def is_overdue(self) -> bool:
        return self.status == FollowUpStatus.SCHEDULED and self.due_date < timezone.localdate()

    @property
    def reminder_key(self) -> str:
        return f"mediation:follow-up:{self.pk}"


class DisputeEvent(models.Model):
    """A state change of a dispute (registered, referred, closed, reopened…), for its timeline."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="events", verbose_name=_("dispute"))
    at = models.DateTimeField(_("time"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(_("action"), max_length=20, choices=DisputeAction.choices)
    from_status = models.CharField(max_length=20, choices=DisputeStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=DisputeStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # What the system wrote, as a key and values, worded when read (display_note); `note` keeps
    # what the mediator typed, and rows from before the key was stored.
    message = models.CharField(
        _("message"), max_length=30, blank=True
    )  # a DisputeEventMessage; no choices=, so rewording needs no migration
    params = models.JSONField(_("values"), default=dict, blank=True)

    objects = StationScopedQuerySet.as_manager()
    station_lookup = "dispute__station_id"

    class Meta:
        verbose_name = _("dispute event")
        verbose_name_plural = _("dispute events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.action}"

    @property
    def display_note(self) -> str:
        """The note in the reader's language when the system wrote it."""
        return str(DisputeEventMessage(self.message).label) % self.params if self.message else self.note
