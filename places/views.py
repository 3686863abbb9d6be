"""Pages of the places app: the map, the histories of a resident and an address, pins, duplicates,
merges and the boundary import."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from cases.choices import IncidentCategory
from community.models import Address, Resident
from kit.views import RecordActionView, ScopedDetailView
from places import selectors, services
from places.forms import AddressPinForm, BoundaryImportForm, MapForm, ResidentMergeForm
from stations.models import Station
from stations.scoping import is_bureau_level
from stats.choices import PeriodKind


def metric_choices(user) -> list[tuple[str, str]]:
    """The dashboard metrics a choropleth can show (those available), for users who see statistics."""
    from stats.metrics import REGISTRY

    if not user.has_perm("stats.view_statrow"):
        return []
    return [(m.key, str(m.label)) for m in REGISTRY if m.available]


class MapView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The district on one map (一图显示): communities, a choropleth, layers. The page is a frame; the
    data come from the map API (/api/v1/map/…), so the page and any client draw the same."""

    permission_required = "places.view_communityarea"
    template_name = "places/map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = MapForm(self.request.GET)
        form.is_valid()
        stations = list(Station.objects.visible_to(user).order_by("code")) if is_bureau_level(user) else []
        layers = selectors.layers_for(user)
        labels = selectors.layer_labels()
        context.update(
            form=form,
            stations=stations,
            station_param=self.request.GET.get("station", ""),
            metrics=metric_choices(user),
            metric_param=self.request.GET.get("metric", ""),
            period_param=self.request.GET.get("period", "month"),
            layers=[(key, labels[key]) for key in layers],
            layer_params=self.request.GET.getlist("layer"),
            categories=IncidentCategory.choices,
            days=form.cleaned_data.get("days")
            if hasattr(form, "cleaned_data")
            else settings.WULING["MAP_INCIDENT_DAYS"],
            crs=settings.WULING["MAP_CRS"],
            period_choices=[(v, label) for v, label in PeriodKind.choices if v != PeriodKind.RANGE],
            layer_labels_json=json.dumps({key: str(label) for key, label in labels.items()}, ensure_ascii=False),
        )
        return context


class ResidentHistoryView(ScopedDetailView):
    """One history per person: incidents reported, cases and disputes they are in, visits; masked."""

    model = Resident
    template_name = "places/resident_history.html"

    def get_queryset(self):
        return super().get_queryset().select_related("community", "address", "household").prefetch_related("tags")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = selectors.resident_history(self.request.user, self.object)
        context["can_merge"] = self.request.user.has_perm("places.add_residentmerge")
        return context


class AddressHistoryView(ScopedDetailView):
    """One history per place: everything at the address in one timeline, and its pin on the map."""

    model = Address
    template_name = "places/address_history.html"

    def get_queryset(self):
        return super().get_queryset().select_related("community", "station")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = selectors.address_history(self.request.user, self.object)
        context["can_pin"] = self.request.user.has_perm("community.change_address")
        context["pin_form"] = AddressPinForm(user=self.request.user, record=self.object)
        context["crs"] = settings.WULING["MAP_CRS"]
        return context


class AddressPinView(RecordActionView):
    """Drop the address's pin on the map (or type its coordinates); a pin outside the community warns."""

    model = Address
    form_class = AddressPinForm
    heading = gettext_lazy("Place on the map")
    submit_label = gettext_lazy("Save the pin")

    def get_success_url(self):
        from django.urls import reverse

        return reverse("places:address-history", kwargs={"pk": self.object.pk})

    def perform(self, form):
        warnings = services.address_set_point(
            address=self.object,
            by=self.request.user,
            expected_version=form.cleaned_data["expected_version"],
            point={"type": "Point", "coordinates": [form.cleaned_data["longitude"], form.cleaned_data["latitude"]]},
        )
        for warning in warnings:
            messages.warning(self.request, warning)
        messages.success(self.request, _("Pin saved."))


class ResidentMergeView(RecordActionView):
    """Merge a duplicate into this resident (kept): every link moves; audited; refused with the reason."""

    model = Resident
    form_class = ResidentMergeForm
    permission_required = "places.add_residentmerge"
    heading = gettext_lazy("Merge a duplicate into this resident")
    submit_label = gettext_lazy("Merge")
    danger = True

    def get_success_url(self):
        from django.urls import reverse

        return reverse("places:resident-history", kwargs={"pk": self.object.pk})

    def perform(self, form):
        # A refusal names `merged`, the form's field: shown beside it.
        services.resident_merge(kept=self.object, merged=form.cleaned_data["merged"], by=self.request.user)
        messages.success(self.request, _("Merged: every record now points at this resident."))


class DuplicatesView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Residents that look like one person (same name and birth date, or same name and phone)."""

    permission_required = "places.add_residentmerge"
    template_name = "places/duplicates.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = selectors.possible_duplicates(self.request.user)
        return context


class BoundaryImportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Import community boundaries from the bureau's GIS (GeoJSON); says which communities matched."""

    permission_required = "places.import_boundaries"
    template_name = "places/boundary_import.html"

    def get(self, request):
        return render(request, self.template_name, {"form": BoundaryImportForm()})

    def post(self, request):
        form = BoundaryImportForm(request.POST, request.FILES)
        report = None
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = services.boundaries_import(by=request.user, raw=upload.read(), source=upload.name)
            except ValidationError as exc:
                form.add_error("file", exc.messages)
        status = 200 if report is not None else 400
        return render(request, self.template_name, {"form": form, "report": report}, status=status)
