"""The map's geometry and the record of resident merges.

A community's boundary is a GeoJSON geometry (Polygon or MultiPolygon, longitude/latitude in the
coordinate system named by settings.WULING["MAP_CRS"]) kept in a JSON field: no PostGIS. The
standard addresses' points live on `community.Address.point`.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stations.scoping import StationOwnedModel, StationScopedQuerySet


class CommunityArea(models.Model):
    """The boundary of one community (社区/村) on the map, from the bureau's GIS or the demo."""

    community = models.OneToOneField(
        "stations.Community", on_delete=models.CASCADE, related_name="area", verbose_name=_("community")
    )
    boundary = models.JSONField(_("boundary"), help_text=_("A GeoJSON Polygon or MultiPolygon."))
    source = models.CharField(_("source"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    history = HistoricalRecords()

    objects = StationScopedQuerySet.as_manager()
    station_lookup = "community__station_id"

    class Meta:
        verbose_name = _("community boundary")
        verbose_name_plural = _("community boundaries")
        ordering = ["community__station__code", "community__name"]
        permissions = [("import_boundaries", _("Can import community boundaries from a GeoJSON file"))]

    def __str__(self) -> str:
        return str(self.community)


class ResidentMerge(StationOwnedModel):
    """One merge of a duplicate resident into the kept record: who, when, and every link moved.

    The merged record's own fields are kept here (its ID number masked) since the record is gone."""

    kept = models.ForeignKey(
        "community.Resident", on_delete=models.PROTECT, related_name="merges", verbose_name=_("kept resident")
    )
    merged_id = models.PositiveBigIntegerField(_("merged record id"))
    merged_name = models.CharField(_("merged record name"), max_length=50)
    merged_id_number_masked = models.CharField(_("merged record ID number (masked)"), max_length=18)
    moved = models.JSONField(_("links moved"), default=dict)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("resident merge")
        verbose_name_plural = _("resident merges")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.merged_name} → {self.kept_id}"

    def get_absolute_url(self) -> str:
        return reverse("places:resident-history", kwargs={"pk": self.kept_id})
