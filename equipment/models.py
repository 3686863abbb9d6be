"""Equipment: types, each station's allocation, items by serial number, issues to officers, and
references to body-camera footage (no video stored) matched to incidents."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from equipment.choices import EquipmentCategory, ItemStatus, ReturnCondition
from kit.constraints import FieldConstraintsMixin
from kit.versioning import VersionedModel
from stations.scoping import StationOwnedModel, StationScopedQuerySet


class EquipmentType(models.Model):
    """A kind of equipment (执法记录仪 DSJ-V8, 防刺服…), with its maintenance and battery intervals."""

    name = models.CharField(pgettext_lazy("organisation", "name"), max_length=100, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=EquipmentCategory.choices)
    maintenance_days = models.PositiveSmallIntegerField(
        _("maintenance every (days)"), null=True, blank=True, help_text=_("Empty: no scheduled maintenance.")
    )
    battery_days = models.PositiveSmallIntegerField(
        _("battery replaced every (days)"), null=True, blank=True, help_text=_("Empty: no battery to replace.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("equipment type")
        verbose_name_plural = _("equipment types")
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name


class Allocation(StationOwnedModel):
    """How many items of a type a station is allocated (配发标准): its inventory is read against it."""

    type = models.ForeignKey(
        EquipmentType, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("type")
    )
    quantity = models.PositiveIntegerField(_("allocated"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [models.UniqueConstraint(fields=["station", "type"], name="allocation_one_per_station_type")]

    def __str__(self) -> str:
        return f"{self.station} · {self.type}: {self.quantity}"


class EquipmentItem(FieldConstraintsMixin, StationOwnedModel, VersionedModel):
    """One piece of equipment, known by its serial number."""

    type = models.ForeignKey(EquipmentType, on_delete=models.PROTECT, related_name="items", verbose_name=_("type"))
    serial = models.CharField(
        _("serial number"), max_length=50, unique=True, error_messages={"unique": _("This serial number is taken.")}
    )
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.IN_STORE)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    last_maintained_on = models.DateField(_("last maintained on"), null=True, blank=True)
    battery_replaced_on = models.DateField(_("battery last replaced on"), null=True, blank=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="equipment_held",
        verbose_name=_("held by"),
    )
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("equipment item")
        verbose_name_plural = _("equipment items")
        ordering = ["type__name", "serial"]

    def __str__(self) -> str:
        return f"{self.type} {self.serial}"

    def get_absolute_url(self) -> str:
        return reverse("equipment:item-detail", kwargs={"pk": self.pk})

    def _due(self, last, days):
        if not days:
            return None
        return (last or self.received_on) + timedelta(days=days)

    @property
    def maintenance_due_on(self):
        return self._due(self.last_maintained_on, self.type.maintenance_days)

    @property
    def battery_due_on(self):
        return self._due(self.battery_replaced_on, self.type.battery_days)


class Issue(FieldConstraintsMixin, VersionedModel):
    """An item handed to an officer (who, when, signed) and, later, handed back."""

    item = models.ForeignKey(EquipmentItem, on_delete=models.PROTECT, related_name="issues", verbose_name=_("item"))
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="equipment_issues", verbose_name=_("issued to")
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("issued by"),
    )  # fmt: skip
    signature = models.CharField(
        _("signed by"), max_length=50, help_text=_("The officer's name as signed on receiving the item.")
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("returned to"),
    )  # fmt: skip
    condition = models.CharField(_("condition on return"), max_length=20, choices=ReturnCondition.choices, blank=True)
    history = HistoricalRecords()

    objects = StationScopedQuerySet.as_manager()
    station_lookup = "item__station_id"

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=models.Q(returned_at__isnull=True),
                name="issue_one_open_per_item",
                violation_error_message=_("This item is already issued: take it back first."),
            ),
            models.CheckConstraint(
                condition=models.Q(returned_at__isnull=True) | models.Q(returned_at__gte=models.F("issued_at")),
                name="issue_returned_after_issued",
                violation_error_message=_("An item cannot be returned before it was issued."),
            ),
        ]

    constraint_fields = {"issue_one_open_per_item": "item", "issue_returned_after_issued": "returned_at"}

    def __str__(self) -> str:
        return f"{self.item} → {self.signature}"

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()


class Footage(FieldConstraintsMixin, StationOwnedModel):
    """A reference to a body-camera recording (a device, a file id, a time window; no video stored),
    matched to the incidents its holder handled in the window."""

    device = models.ForeignKey(
        EquipmentItem, on_delete=models.PROTECT, related_name="footage", verbose_name=_("device")
    )
    file_id = models.CharField(_("file id"), max_length=100)
    started_at = models.DateTimeField(_("recording started"))
    ended_at = models.DateTimeField(_("recording ended"))
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("worn by"),
    )  # fmt: skip
    incidents = models.ManyToManyField(
        "cases.Incident", blank=True, related_name="footage", verbose_name=_("incidents")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("body-camera footage")
        verbose_name_plural = _("body-camera footage")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["device", "file_id"],
                name="footage_unique_file_per_device",
                violation_error_message=_("This file of this device is already registered."),
            ),
            models.CheckConstraint(
                condition=models.Q(ended_at__gt=models.F("started_at")),
                name="footage_ends_after_start",
                violation_error_message=_("A recording ends after it starts."),
            ),
        ]

    constraint_fields = {"footage_unique_file_per_device": "file_id", "footage_ends_after_start": "ended_at"}

    def __str__(self) -> str:
        return f"{self.device.serial} · {self.file_id}"

    def get_absolute_url(self) -> str:
        return reverse("equipment:footage-detail", kwargs={"pk": self.pk})
