"""Forms of the places app: the map's choices, a boundary file, a pin, a merge."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kit.forms import ActionForm
from stats.forms import PeriodForm

MAX_BOUNDARY_BYTES = 20 * 1024 * 1024


class MapForm(PeriodForm):
    """The map's query string: station (bureau level), metric and period of the choropleth, layers' days."""

    metric = forms.CharField(label=_("Colour by"), required=False)
    days = forms.IntegerField(label=_("Incidents of the last … days"), min_value=1, max_value=366, required=False)
    category = forms.CharField(label=_("Category"), required=False, max_length=20)

    def clean_metric(self):
        from stats.metrics import METRICS

        key = (self.cleaned_data.get("metric") or "").strip()
        if not key:
            return None
        if key not in METRICS:
            raise forms.ValidationError(_("Unknown metric %(key)s.") % {"key": key[:60]})
        return METRICS[key]

    def clean_days(self):
        return self.cleaned_data.get("days") or settings.WULING["MAP_INCIDENT_DAYS"]

    def clean_category(self):
        from cases.choices import IncidentCategory

        value = self.cleaned_data.get("category") or ""
        if value and value not in IncidentCategory.values:
            raise forms.ValidationError(_("Unknown incident category."))
        return value


class BoundaryImportForm(forms.Form):
    file = forms.FileField(label=_("GeoJSON file"), help_text=_("A FeatureCollection of community boundaries."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BOUNDARY_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class AddressPinForm(ActionForm):
    longitude = forms.FloatField(label=_("longitude"), min_value=-180, max_value=180)
    latitude = forms.FloatField(label=_("latitude"), min_value=-90, max_value=90)
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.record is not None:
            self.initial.setdefault("expected_version", self.record.version)
            point = self.record.point or {}
            if point.get("coordinates"):
                self.initial.setdefault("longitude", point["coordinates"][0])
                self.initial.setdefault("latitude", point["coordinates"][1])


class ResidentMergeForm(ActionForm):
    """Merge a duplicate (`merged`) into the resident of the page (`record`, kept)."""

    merged = forms.ModelChoiceField(queryset=None, label=_("duplicate record to merge into this one"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from community.models import Resident

        queryset = Resident.objects.visible_to(self.user).select_related("community")
        if self.record is not None:
            queryset = queryset.exclude(pk=self.record.pk)
            if not self.is_bound:  # offered: the same name at the same station; posted: any visible one
                queryset = queryset.filter(name=self.record.name)
        self.fields["merged"].queryset = queryset.order_by("name", "pk")
        self.fields["merged"].label_from_instance = lambda r: f"{r.name} · {r.id_number_masked} · {r.community}"
