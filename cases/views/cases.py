"""Case (案件) pages: list, register (立案), edit, detail with inline actions (htmx)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import selectors, services
from cases.choices import CaseKind, IncidentCategory, OffenseType
from cases.filters import CaseFilter
from cases.forms import (
    CaseAssignForm,
    CaseForm,
    CasePersonForm,
    CasePersonStatusForm,
    CaseTransitionForm,
    SeriesLinkForm,
)
from cases.models import Case, CasePerson, Incident
from cases.tables import CaseTable
from cases.views.base import ScopedActionView
from kit.fields import is_record_id
from kit.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView
from stations.models import Station
from stations.scoping import user_station_id


class CaseListView(ScopedListView):
    model = Case
    table_class = CaseTable
    filterset_class = CaseFilter
    create_url_name = "cases:case-create"
    empty_text = gettext_lazy("No cases match.")

    def get_queryset(self):
        return (
            super().get_queryset().select_related("station", "community", "lead_officer").prefetch_related("officers")
        )


CATEGORY_TO_CASE = {
    IncidentCategory.FRAUD: (CaseKind.CRIMINAL, OffenseType.TELECOM_FRAUD),
    IncidentCategory.CRIMINAL: (CaseKind.CRIMINAL, OffenseType.THEFT),
    IncidentCategory.PUBLIC_ORDER: (CaseKind.ADMINISTRATIVE, OffenseType.AFFRAY),
}


class CaseCreateView(ScopedCreateView):
    """Register a case, directly or from an incident (?incident=<pk>)."""

    model = Case
    form_class = CaseForm
    template_name = "cases/case_form.html"

    def get_initial(self):
        initial = super().get_initial()
        pk = self.request.GET.get("incident", "")
        incident = None
        if is_record_id(pk):
            incident = Incident.objects.visible_to(self.request.user).filter(pk=pk).first()
        if incident is not None:
            kind, offense = CATEGORY_TO_CASE.get(incident.category, (CaseKind.CRIMINAL, OffenseType.OTHER))
            initial.update(
                incident_numbers=incident.number,
                title=incident.summary,
                summary=incident.narrative,
                community=incident.community_id,
                address=incident.address,
                kind=kind,
                offense_type=offense,
            )
        return initial

    def perform_save(self, form):
        if "station" in form.fields:
            station = form.cleaned_data.get("station")
            if station is None:
                raise ValidationError({"station": _("Choose the station.")})
        else:
            station = Station.objects.get(pk=user_station_id(self.request.user))
        return services.case_register(
            by=self.request.user,
            station=station,
            incidents=form.cleaned_data["incident_numbers"],
            officers=form.cleaned_data.get("officers") or [],
            lead_officer=form.cleaned_data.get("lead_officer"),
            **form.service_fields(),
        )


class CaseUpdateView(ScopedUpdateView):
    model = Case
    form_class = CaseForm
    template_name = "cases/case_form.html"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields.pop("station", None)
        return form

    def perform_save(self, form):
        fresh = Case.objects.get(pk=self.object.pk)
        expected = form.cleaned_data.get("expected_version")
        if expected is None:
            raise ValidationError(_("The form lost its version: reload the page."))
        fields = form.service_fields()
        fields.pop("station", None)
        return services.case_update(case=fresh, by=self.request.user, expected_version=expected, **fields)


def case_panel_context(case: Case, user, **extra) -> dict:
    """Everything the case panel shows, prepared so that the template never queries."""
    people = list(case.people.all())
    officers = list(case.officers.all())
    allowed = services.allowed_transitions(case)
    can_change = user.has_perm("cases.change_case")
    return {
        "case": case,
        "people": people,
        "officers": officers,
        "timeline": list(selectors.case_timeline(case)),
        "series_cases": [c for c in case.series.cases.all() if c.pk != case.pk] if case.series_id else [],
        "custody_records": list(case.custody_records.all()),
        "can_change": can_change,
        "can_add_custody": user.has_perm("cases.add_custodyrecord"),
        "transition_form": CaseTransitionForm(allowed=allowed, initial={"expected_version": case.version})
        if allowed and can_change
        else None,
        "assign_form": CaseAssignForm(
            user=user,
            station_id=case.station_id,
            initial={"officers": officers, "lead_officer": case.lead_officer_id, "due_date": case.due_date},
        )
        if can_change
        else None,
        "person_form": CasePersonForm() if user.has_perm("cases.add_caseperson") else None,
        "person_status_form": CasePersonStatusForm(),
        "series_form": SeriesLinkForm(user=user) if can_change else None,
        "action_errors": [],
        **extra,
    }


def _case_queryset(user):
    return (
        Case.objects.visible_to(user)
        .select_related("station", "community", "lead_officer", "series", "created_by")
        .prefetch_related("officers", "people", "incidents", "series__cases", "custody_records")
    )


class CaseDetailView(ScopedDetailView):
    model = Case
    template_name = "cases/case_detail.html"

    def get_queryset(self):
        return _case_queryset(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        context.update(case_panel_context(case, self.request.user))
        context["incidents"] = list(case.incidents.all())
        context["detail_rows"] = [
            (_("station"), case.station),
            (_("kind"), case.get_kind_display()),
            (_("offense type"), case.get_offense_type_display()),
            (_("registered at"), case.registered_at),
            (_("community"), case.community),
            (_("address"), case.address),
            (_("loss (yuan)"), case.loss_amount),
            (_("recovered (yuan)"), case.recovered_amount),
            (_("summary"), case.summary),
        ]
        return context


class CaseActionView(ScopedActionView):
    model = Case
    permission_required = "cases.change_case"
    panel_template = "cases/_case_panel.html"

    def panel_context(self, obj, **extra):
        fresh = _case_queryset(self.request.user).get(pk=obj.pk)
        return case_panel_context(fresh, self.request.user, oob_timeline=True, **extra)


class CaseTransitionView(CaseActionView):
    success_message = gettext_lazy("Status changed.")

    def act(self, obj):
        form = CaseTransitionForm(self.request.POST, allowed=services.allowed_transitions(obj))
        if not form.is_valid():
            raise _form_errors(form)
        services.case_transition(
            case=obj,
            by=self.request.user,
            to_status=form.cleaned_data["to_status"],
            reason=form.cleaned_data["reason"],
            at=form.cleaned_data["at"],
            expected_version=form.cleaned_data["expected_version"],
        )


def _form_errors(form) -> ValidationError:
    return ValidationError({k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()})


class CaseAssignView(CaseActionView):
    success_message = gettext_lazy("Assignment saved.")

    def act(self, obj):
        form = CaseAssignForm(self.request.POST, user=self.request.user, station_id=obj.station_id)
        if not form.is_valid():
            raise _form_errors(form)
        services.case_assign(
            case=obj,
            by=self.request.user,
            officers=form.cleaned_data["officers"],
            lead_officer=form.cleaned_data["lead_officer"],
            due_date=form.cleaned_data["due_date"],
        )


class CasePersonAddView(CaseActionView):
    permission_required = "cases.add_caseperson"
    success_message = gettext_lazy("Person recorded.")

    def act(self, obj):
        form = CasePersonForm(self.request.POST)
        if not form.is_valid():
            raise _form_errors(form)
        services.case_person_add(case=obj, by=self.request.user, **form.cleaned_data)


class CaseSeriesLinkView(CaseActionView):
    success_message = gettext_lazy("Linked into the series.")

    def act(self, obj):
        form = SeriesLinkForm(self.request.POST, user=self.request.user)
        if not form.is_valid():
            raise _form_errors(form)
        services.case_link_series(
            case=obj, other=form.cleaned_data["other_number"], by=self.request.user, name=form.cleaned_data["name"]
        )


class CasePersonActionView(CaseActionView):
    model = CasePerson

    def get_queryset(self):
        return CasePerson.objects.visible_to(self.request.user).select_related("case")

    def target(self, obj):
        return obj.case


class CasePersonStatusView(CasePersonActionView):
    permission_required = "cases.change_caseperson"
    success_message = gettext_lazy("Status saved.")

    def act(self, obj):
        form = CasePersonStatusForm(self.request.POST)
        if not form.is_valid():
            raise _form_errors(form)
        services.case_person_set_status(person=obj, by=self.request.user, status=form.cleaned_data["status"])


class CasePersonRemoveView(CasePersonActionView):
    permission_required = "cases.delete_caseperson"
    success_message = gettext_lazy("Person removed.")

    def act(self, obj):
        services.case_person_remove(person=obj, by=self.request.user)
