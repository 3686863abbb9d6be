"""Pages of the community work log and hazards."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from community import services
from community.choices import ActivityKind
from community.filters import ActivityFilter, HazardFilter
from community.forms import ActivityForm, ActivityUpdateForm, HazardForm, HazardRectifyForm
from community.models import Activity, Hazard
from community.tables import ActivityTable, HazardTable
from community.views.base import ServiceSaveMixin
from kit.views import (
    DetailRowsMixin,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedMixin,
    ScopedUpdateView,
    add_validation_error,
)


class ActivityListView(ScopedListView):
    model = Activity
    table_class = ActivityTable
    filterset_class = ActivityFilter
    create_url_name = "community:activity-create"

    def get_queryset(self):
        return super().get_queryset().select_related("community", "officer", "place")


class ActivityDetailView(DetailRowsMixin, ScopedDetailView):
    model = Activity
    template_name = "community/activity_detail.html"
    detail_fields = ("station", "kind", "occurred_at", "community", "officer", "summary", "household", "place",
                     "people_reached", "help_outcome", "installs")  # fmt: skip

    def get_queryset(self):
        return super().get_queryset().select_related("community", "officer", "place", "household__address", "station")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["hazards"] = self.object.hazards.all()
        return context


class ActivityCreateView(ServiceSaveMixin, ScopedCreateView):
    """Log the day's work; made to be quick on a phone."""

    model = Activity
    form_class = ActivityForm
    template_name = "community/activity_form.html"

    def get_initial(self):
        initial = super().get_initial()
        kind = self.request.GET.get("kind")
        if kind in ActivityKind.values:
            initial["kind"] = kind
        for name in ("place", "household"):
            if self.request.GET.get(name, "").isdigit():
                initial[name] = int(self.request.GET[name])
        return initial

    def save_with_service(self, form, instance, expected):
        instance.officer = self.request.user
        activity = services.activity_save(activity=instance, by=self.request.user, hazards=form.hazards())
        messages.success(self.request, _("Logged: %(entry)s") % {"entry": activity})
        return activity

    def get_success_url(self):
        if "save_and_new" in self.request.POST:
            from django.urls import reverse

            return reverse("community:activity-create")
        return self.object.get_absolute_url()


class ActivityUpdateView(ServiceSaveMixin, ScopedUpdateView):
    model = Activity
    form_class = ActivityUpdateForm
    template_name = "community/activity_form.html"

    def save_with_service(self, form, instance, expected):
        return services.activity_save(activity=instance, by=self.request.user, expected_version=expected)


class HazardListView(ScopedListView):
    model = Hazard
    table_class = HazardTable
    filterset_class = HazardFilter
    create_url_name = "community:hazard-create"

    def get_queryset(self):
        return super().get_queryset().select_related("community", "place", "officer")


class HazardDetailView(DetailRowsMixin, ScopedDetailView):
    model = Hazard
    template_name = "community/hazard_detail.html"
    detail_fields = ("station", "status", "category", "description", "community", "place", "officer", "found_on",
                     "due_on", "rectified_on", "rectification_note", "activity")  # fmt: skip

    def get_queryset(self):
        return super().get_queryset().select_related("community", "place", "officer", "activity", "station")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("rectify_form", HazardRectifyForm())
        return context


class HazardCreateView(ServiceSaveMixin, ScopedCreateView):
    model = Hazard
    form_class = HazardForm

    def save_with_service(self, form, instance, expected):
        if instance.officer_id is None:
            instance.officer = self.request.user
        return services.hazard_create(hazard=instance, by=self.request.user)


class HazardUpdateView(ServiceSaveMixin, ScopedUpdateView):
    model = Hazard
    form_class = HazardForm

    def save_with_service(self, form, instance, expected):
        if instance.officer_id is None:
            instance.officer = self.request.user
        return services.hazard_update(hazard=instance, by=self.request.user, expected_version=expected)


class HazardRectifyView(ScopedMixin, SingleObjectMixin, View):
    """POST: the hazard is rectified (整改完成)."""

    model = Hazard
    permission_required = "community.change_hazard"

    def get_queryset(self):
        return super().get_queryset().select_related("community", "place", "officer")

    def post(self, request, *args, **kwargs):
        self.object = hazard = self.get_object()
        form = HazardRectifyForm(request.POST)
        if form.is_valid():
            try:
                services.hazard_rectify(
                    hazard=hazard,
                    by=request.user,
                    rectified_on=form.cleaned_data["rectified_on"],
                    note=form.cleaned_data["rectification_note"],
                )
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, _("Hazard marked rectified."))
                return HttpResponseRedirect(hazard.get_absolute_url())
        view = HazardDetailView(request=request, kwargs=self.kwargs, object=hazard)
        context = view.get_context_data(object=hazard, rectify_form=form)
        return render(request, HazardDetailView.template_name, context, status=400)
