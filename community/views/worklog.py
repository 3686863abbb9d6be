"""Pages of the community work log and hazards."""

from urllib.parse import urlencode

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic.edit import FormView

from community import services
from community.choices import ActivityKind
from community.filters import ActivityFilter, HazardFilter
from community.forms import ActivityForm, ActivityUpdateForm, HazardForm, HazardRectifyForm
from community.models import Activity, Hazard
from community.tables import ActivityTable, HazardTable
from kit.views import (
    DetailRowsMixin,
    RecordActionView,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedMixin,
    ScopedUpdateView,
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


class ActivityCreateView(ScopedCreateView):
    """Log the day's work; made to be quick on a phone. "Save and log another" keeps the kind and the
    community, so that a round of visits is typed without choosing them again."""

    model = Activity
    form_class = ActivityForm
    template_name = "community/activity_form.html"

    def get_initial(self):
        initial = super().get_initial()
        kind = self.request.GET.get("kind")
        if kind in ActivityKind.values:
            initial["kind"] = kind
        for name in ("place", "household", "community"):
            if self.request.GET.get(name, "").isdigit():
                initial[name] = int(self.request.GET[name])
        return initial

    def perform_save(self, form):
        activity = services.activity_create(
            by=self.request.user, **self.service_kwargs(form), hazards=form.hazards(), **form.service_fields()
        )
        messages.success(self.request, _("Logged: %(entry)s") % {"entry": activity})
        return activity

    def get_success_url(self):
        if "save_and_new" in self.request.POST:
            keep = {"kind": self.object.kind, "community": self.object.community_id}
            return f"{reverse('community:activity-create')}?{urlencode(keep)}"
        return self.object.get_absolute_url()


class ActivityPickersView(ScopedMixin, FormView):
    """GET (htmx, when the community changes): the work-log form's household and place choices of
    that community, swapped into the form so that nothing of another community is offered."""

    model = Activity
    permission_action = "add"
    form_class = ActivityForm
    template_name = "community/_activity_pickers.html"

    def get_form_kwargs(self):
        return {"user": self.request.user, "initial": {"community": self.request.GET.get("community")}}


class ActivityUpdateView(ScopedUpdateView):
    model = Activity
    form_class = ActivityUpdateForm
    template_name = "community/activity_form.html"
    update_service = staticmethod(services.activity_update)


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


class HazardCreateView(ScopedCreateView):
    model = Hazard
    form_class = HazardForm
    template_name = "community/form_with_address.html"
    create_service = staticmethod(services.hazard_create)


class HazardUpdateView(ScopedUpdateView):
    model = Hazard
    form_class = HazardForm
    template_name = "community/form_with_address.html"
    update_service = staticmethod(services.hazard_update)


class HazardRectifyView(RecordActionView):
    """The hazard is rectified (整改完成): the form on its page; refused, the form again with the input."""

    model = Hazard
    form_class = HazardRectifyForm
    heading = gettext_lazy("Rectification done")
    submit_label = gettext_lazy("Mark rectified")
    success_message = gettext_lazy("Hazard marked rectified.")

    def perform(self, form):
        return services.hazard_rectify(hazard=self.object, by=self.request.user, **form.cleaned_data)
