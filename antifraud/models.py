"""Anti-fraud warnings (预警处置): who the anti-fraud centre warns about, the officer who must reach them
by a deadline, what came of it, and the fraud incident or case that followed if they were cheated."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from antifraud.choices import ImportStatus, WarningOutcome, WarningStatus
from kit.personal import mask_id_number, mask_phone
from kit.versioning import VersionedModel
from stations.scoping import StationOwnedModel


class FraudWarning(StationOwnedModel, VersionedModel):
    reference = models.CharField(
        _("warning number"), max_length=40, help_text=_("The anti-fraud centre's number of the warning.")
    )
    person_name = models.CharField(pgettext_lazy("person", "name"), max_length=50, blank=True)
    id_number = models.CharField(_("national ID number"), max_length=18, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    reason = models.CharField(_("why warned"), max_length=300)
    warned_at = models.DateTimeField(_("warned at"), help_text=_("When the anti-fraud centre issued the warning."))
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    deadline = models.DateTimeField(_("handle by"))
    community = models.ForeignKey(
        "stations.Community", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("community"),
    )  # fmt: skip
    resident = models.ForeignKey(
        "community.Resident", on_delete=models.SET_NULL, null=True, blank=True, related_name="fraud_warnings",
        verbose_name=_("resident"),
    )  # fmt: skip
    address = models.ForeignKey(
        "community.Address", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("address"),
    )  # fmt: skip
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="fraud_warnings",
        verbose_name=_("officer"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=20, choices=WarningStatus.choices, default=WarningStatus.OPEN, db_index=True
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=WarningOutcome.choices, blank=True)
    loss_amount = models.DecimalField(
        _("loss (yuan)"), max_digits=14, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    outcome_note = models.CharField(_("what was done"), max_length=300, blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("handled by"),
    )  # fmt: skip
    # Cheated after the warning: the outcome said so, or a later fraud incident or case names the person.
    cheated_after = models.BooleanField(_("cheated after the warning"), default=False)
    victim_incident = models.ForeignKey(
        "cases.Incident", on_delete=models.SET_NULL, null=True, blank=True, related_name="fraud_warnings",
        verbose_name=_("later fraud incident"),
    )  # fmt: skip
    victim_case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="fraud_warnings",
        verbose_name=_("later fraud case"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fraud warning")
        verbose_name_plural = _("fraud warnings")
        ordering = ["status", "deadline", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["station", "reference"], name="fraud_warning_unique_reference"),
        ]
        indexes = [
            models.Index(fields=["id_number"], name="fraud_warning_id_number"),
            models.Index(fields=["phone"], name="fraud_warning_phone"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.person_name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("antifraud:warning-detail", kwargs={"pk": self.pk})

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def on_time(self) -> bool | None:
        if self.handled_at is None:
            return None
        return self.handled_at <= self.deadline

    @property
    def overdue(self) -> bool:
        return self.status == WarningStatus.OPEN and self.deadline < timezone.now()


class WarningImport(StationOwnedModel):
    """One list of warnings from the anti-fraud centre (xlsx), imported by a background job."""

    file_name = models.CharField(_("file"), max_length=200)
    content = models.BinaryField(_("content"), editable=False)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    matched_count = models.PositiveIntegerField(_("matched to a resident"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("warning import")
        verbose_name_plural = _("warning imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("antifraud:import-detail", kwargs={"pk": self.pk})

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(100, int(100 * self.processed_rows / self.total_rows))

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)
