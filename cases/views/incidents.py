"""Incident (警情) pages: list, log, edit, detail with review actions, checks while typing."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from cases import selectors, services
from cases.choices import IncidentChannel, IncidentStatus
from cases.filters import IncidentFilter
from cases.forms import INCIDENT_FORM_FIELDS, IncidentForm, IncidentReturnForm
from cases.models import Incident
from cases.tables import IncidentTable
from kit.fields import is_record_id
from kit.views import RecordActionView, ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView
from stations.models import Community, person_name


class IncidentListView(ScopedListView):
    model = Incident
    table_class = IncidentTable
    filterset_class = IncidentFilter
    create_url_name = "cases:incident-create"
    empty_text = gettext_lazy("No incidents match. Log one with “New”.")

    def get_queryset(self):
        return super().get_queryset().select_related("station", "community", "responding_officer")


class IncidentCreateView(ScopedCreateView):
    """Log an incident in under a minute: defaults for times and community,
    prefill from the query string (a patrol opens one with ?channel=patrol&community=…)."""

    model = Incident
    form_class = IncidentForm
    template_name = "cases/incident_form.html"
    PREFILL = ("channel", "category", "community", "address", "summary", "subtype", "reporter_name")
    create_service = staticmethod(services.incident_create)

    def get_initial(self):
        initial = super().get_initial()
        for name in self.PREFILL:
            value = self.request.GET.get(name)
            if value:
                initial[name] = value[:200]
        if initial.get("community"):
            visible = Community.objects.visible_to(self.request.user)
            if not is_record_id(initial["community"]) or not visible.filter(pk=initial["community"]).exists():
                initial.pop("community")
        if initial.get("channel") not in IncidentChannel.values:
            initial.pop("channel", None)
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["warnings"] = []
        return context


class IncidentUpdateView(ScopedUpdateView):
    model = Incident
    form_class = IncidentForm
    template_name = "cases/incident_form.html"
    update_service = staticmethod(services.incident_update)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields.pop("station", None)
        return form


def incident_panel_context(incident: Incident, user, **extra) -> dict:
    return {
        "incident": incident,
        "timeline": list(selectors.incident_timeline(incident)),
        "can_edit": incident.is_editable and user.has_perm("cases.change_incident"),
        "can_submit": incident.is_editable and user.has_perm("cases.change_incident"),
        "can_review": incident.status == IncidentStatus.SUBMITTED
        and user.has_perm("cases.review_incident")
        and not services.incident_is_own_report(incident, user),
        "return_form": IncidentReturnForm(user=user, record=incident),
        **extra,
    }


class IncidentDetailView(ScopedDetailView):
    model = Incident
    template_name = "cases/incident_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("station", "community", "responding_officer", "reporter_resident", "created_by")
            .prefetch_related("cases", "disputes", "footage__device", "fraud_warnings")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident = self.object
        user = self.request.user
        context.update(incident_panel_context(incident, user))
        context["repeat"] = selectors.repeat_calls_for(incident)
        context["dispute_url"] = selectors.dispute_create_url(incident.pk)
        context["linked_cases"] = list(incident.cases.all())
        context["can_register_case"] = user.has_perm("cases.add_case")
        context["detail_rows"] = [
            (_("station"), incident.station),
            (_("category"), " · ".join(filter(None, [incident.get_category_display(), incident.subtype]))),
            (_("channel"), incident.get_channel_display()),
            (_("occurred at"), incident.occurred_at),
            (_("reported at"), incident.reported_at),
            (_("arrived at"), incident.arrived_at),
            (_("closed at"), incident.closed_at),
            (_("community"), incident.community),
            (_("address"), incident.address),
            (_("reporter"), " ".join(filter(None, [incident.reporter_name, incident.reporter_phone]))),
            (_("responding officer"), incident.responding_officer and person_name(incident.responding_officer)),
            (_("disposition"), incident.get_disposition_display()),
            (_("narrative"), incident.narrative),
        ]
        return context


class IncidentActionView(RecordActionView):
    """A review step on the incident panel (htmx); refused, the panel shows why, the note kept."""

    model = Incident
    panel_template = "cases/_incident_panel.html"

    def panel_context(self, target, *, action_form=None, **extra):
        fresh = self.get_queryset().select_related("station").get(pk=target.pk)
        context = incident_panel_context(fresh, self.request.user, **extra)
        if action_form is not None:
            if isinstance(action_form, IncidentReturnForm):
                # The note comes back as typed, its error beside it; only the rest goes on top.
                context["return_form"] = action_form
                context["action_errors"] = list(action_form.non_field_errors())
            else:
                context["action_errors"] = [m for errors in action_form.errors.values() for m in errors]
        return context


class IncidentSubmitView(IncidentActionView):
    permission_required = "cases.change_incident"
    heading = gettext_lazy("Submit for review")
    success_message = gettext_lazy("Submitted for review.")

    def perform(self, form):
        services.incident_submit(incident=self.object, by=self.request.user)


class IncidentApproveView(IncidentActionView):
    permission_required = "cases.review_incident"
    heading = gettext_lazy("Approve")
    success_message = gettext_lazy("Approved.")

    def perform(self, form):
        services.incident_approve(incident=self.object, by=self.request.user)


class IncidentReturnView(IncidentActionView):
    form_class = IncidentReturnForm
    permission_required = "cases.review_incident"
    heading = gettext_lazy("Return for correction")
    success_message = gettext_lazy("Returned to the officer.")

    def perform(self, form):
        services.incident_return(incident=self.object, by=self.request.user, note=form.cleaned_data["note"])


class ResidentLookupView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """htmx: residents of the caller's station matching a name, phone or ID number, to pick as reporter."""

    permission_required = "cases.add_incident"

    def get(self, request):
        from community.models import Resident

        q = request.GET.get("resident_q", "").strip()[:50]
        residents = []
        if len(q) >= 2:
            residents = list(
                Resident.objects.visible_to(request.user)
                .filter(Q(name__contains=q) | Q(phone__contains=q) | Q(id_number=q.upper()))
                .order_by("name")[:8]
            )
        return render(request, "cases/_resident_results.html", {"residents": residents, "q": q})


class IncidentCheckView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """htmx: check the incident form while it is typed; blocking errors and warnings apart."""

    permission_required = "cases.add_incident"

    def post(self, request):
        instance = None
        pk = request.POST.get("incident_pk", "")
        if is_record_id(pk):
            instance = Incident.objects.visible_to(request.user).filter(pk=pk).first()
        form = IncidentForm(request.POST, user=request.user, instance=instance)
        form.is_valid()
        cleaned = getattr(form, "cleaned_data", {})
        errors = [
            (form.fields[name].label if name in form.fields else "", message)
            for name, messages in form.errors.items()
            if name in INCIDENT_FORM_FIELDS and name != "summary"
            for message in messages
        ]
        station_id = form.station_id() if "station" not in form.fields else getattr(cleaned.get("station"), "pk", None)
        values = {name: cleaned.get(name) for name in INCIDENT_FORM_FIELDS}
        warnings = services.incident_warnings(
            station_id=station_id, values=values, exclude_pk=instance.pk if instance else None
        )
        return render(request, "cases/_incident_checks.html", {"errors": errors, "warnings": warnings})
