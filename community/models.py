from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from community.choices import Sex
from stations.scoping import StationOwnedModel
from stations.versioning import VersionedModel


class Address(StationOwnedModel, VersionedModel):
    """A standard address (标准地址): the backbone residents, households and places hang on."""

    community = models.ForeignKey(
        "stations.Community", on_delete=models.PROTECT, related_name="addresses", verbose_name=_("community")
    )
    district = models.CharField(_("district"), max_length=50, default="武陵区")
    street = models.CharField(_("street / road"), max_length=100)
    number = models.CharField(_("number"), max_length=20)
    building = models.CharField(_("building"), max_length=20, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    floor = models.CharField(_("floor"), max_length=10, blank=True)
    room = models.CharField(_("room"), max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standard address")
        verbose_name_plural = _("standard addresses")
        ordering = ["street", "number", "building", "unit", "room"]

    def __str__(self) -> str:
        return self.full_text

    @property
    def full_text(self) -> str:
        parts = [self.district, self.street, f"{self.number}号"]
        if self.building:
            parts.append(f"{self.building}栋")
        if self.unit:
            parts.append(f"{self.unit}单元")
        if self.room:
            parts.append(f"{self.room}室")
        return "".join(parts)


class Resident(StationOwnedModel, VersionedModel):
    """A registered resident (实有人口); the national ID number is stored once."""

    community = models.ForeignKey(
        "stations.Community", on_delete=models.PROTECT, related_name="residents", verbose_name=_("community")
    )
    address = models.ForeignKey(
        Address, on_delete=models.SET_NULL, null=True, blank=True, related_name="residents", verbose_name=_("address")
    )
    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(_("national ID number"), max_length=18, unique=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
