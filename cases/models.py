from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.choices import Disposition, IncidentCategory, IncidentChannel, IncidentStatus
from stations.scoping import StationOwnedModel
from stations.versioning import VersionedModel


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
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-reported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.summary}"
