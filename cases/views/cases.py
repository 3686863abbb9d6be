"""Case (案件) pages: list, register (立案), edit, detail with inline actions (htmx)."""

from __future__ import annotations

from django import forms
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
from kit.fields import is_record_id
from kit.views import RecordActionView, ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView


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
    """Register a case, directly or from an incident (?incident=<pk>). An incident a case was already
    registered from is shown with that case, and a second one needs "Register a new case anyway"."""

    model = Case
    form_class = CaseForm
    template_name = "cases/case_form.html"
    create_service = staticmethod(services.case_register)

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
        try:
            return super().perform_save(form)
        except ValidationError as exc:
            # The service names `incidents`; the page's field for them is the typed numbers.
            if hasattr(exc, "error_dict") and "incidents" in exc.error_dict:
                exc.error_dict["incident_numbers"] = exc.error_dict.pop("incidents")
            raise

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["existing_cases"] = form.existing_cases()
        if not context["existing_cases"] and "allow_second_case" in form.fields:
            # Nothing to confirm: the choice is offered only beside the warning.
            form.fields["allow_second_case"].widget = forms.HiddenInput()
        return context


class CaseUpdateView(ScopedUpdateView):
    model = Case
    form_class = CaseForm
    template_name = "cases/case_form.html"
    update_service = staticmethod(services.case_update)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields.pop("station", None)
        return form


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
        "transition_form": CaseTransitionForm(user=user, record=case) if allowed and can_change else None,
        "assign_form": CaseAssignForm(
            user=user,
            record=case,
            initial={"officers": officers, "lead_officer": case.lead_officer_id, "due_date": case.due_date},
        )
        if can_change
        else None,
        "person_form": CasePersonForm(user=user, record=case) if user.has_perm("cases.add_caseperson") else None,
        "person_status_form": CasePersonStatusForm(),
        "series_form": SeriesLinkForm(user=user, record=case) if can_change else None,
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


class CaseActionView(RecordActionView):
    """An action on the case panel (htmx): done, the panel is re-rendered; refused, the panel comes
    back with the action's form as typed and its errors beside the fields (`panel_form` names the
    form's place in the panel; an action without one shows its errors at the top of the panel)."""

    model = Case
    permission_required = "cases.change_case"
    panel_template = "cases/_case_panel.html"
    panel_form: str | None = None

    def panel_context(self, target, *, action_form=None, **extra):
        fresh = _case_queryset(self.request.user).get(pk=target.pk)
        context = case_panel_context(fresh, self.request.user, oob_timeline=True, **extra)
        if action_form is not None:
            if self.panel_form:
                context[self.panel_form] = action_form
                context["action_errors"] = list(action_form.non_field_errors())
            else:
                context["action_errors"] = [m for errors in action_form.errors.values() for m in errors]
        return context


class CaseTransitionView(CaseActionView):
    form_class = CaseTransitionForm
    panel_form = "transition_form"
    heading = gettext_lazy("Change status")
    success_message = gettext_lazy("Status changed.")

    def perform(self, form):
        services.case_transition(
            case=self.object,
            by=self.request.user,
            expected_version=form.cleaned_data["expected_version"],
            to_status=form.cleaned_data["to_status"],
            reason=form.cleaned_data["reason"],
            at=form.cleaned_data["at"],
        )


class CaseAssignView(CaseActionView):
    form_class = CaseAssignForm
    panel_form = "assign_form"
    heading = gettext_lazy("Assignment")
    success_message = gettext_lazy("Assignment saved.")

    def perform(self, form):
        services.case_assign(
            case=self.object,
            by=self.request.user,
            officers=form.cleaned_data["officers"],
            lead_officer=form.cleaned_data["lead_officer"],
            due_date=form.cleaned_data["due_date"],
        )


class CasePersonAddView(CaseActionView):
    form_class = CasePersonForm
    panel_form = "person_form"
    permission_required = "cases.add_caseperson"
    heading = gettext_lazy("Add person")
    success_message = gettext_lazy("Person recorded.")

    def perform(self, form):
        services.case_person_add(case=self.object, by=self.request.user, **form.cleaned_data)


class CaseSeriesLinkView(CaseActionView):
    form_class = SeriesLinkForm
    panel_form = "series_form"
    heading = gettext_lazy("Link into a series")
    success_message = gettext_lazy("Linked into the series.")

    def perform(self, form):
        services.case_link_series(
            case=self.object,
            other=form.cleaned_data["other_number"],
            by=self.request.user,
            name=form.cleaned_data["name"],
        )


class CasePersonActionView(CaseActionView):
    """An action on one person of a case; it answers with the case's panel."""

    model = CasePerson

    def get_queryset(self):
        return CasePerson.objects.visible_to(self.request.user).select_related("case")

    def target(self):
        return self.object.case


class CasePersonStatusView(CasePersonActionView):
    form_class = CasePersonStatusForm
    permission_required = "cases.change_caseperson"
    heading = gettext_lazy("Status")
    success_message = gettext_lazy("Status saved.")

    def perform(self, form):
        services.case_person_set_status(person=self.object, by=self.request.user, status=form.cleaned_data["status"])

    def panel_context(self, target, *, action_form=None, **extra):
        context = super().panel_context(target, action_form=action_form, **extra)
        if action_form is not None and action_form.is_bound:
            # Refused: the status chosen stays chosen in that person's row.
            context.update(status_person=self.object.pk, status_chosen=action_form.data.get("status"))
        return context


class CasePersonRemoveView(CasePersonActionView):
    permission_required = "cases.delete_caseperson"
    heading = gettext_lazy("Remove this person from the case?")
    submit_label = gettext_lazy("Remove")
    danger = True
    success_message = gettext_lazy("Person removed.")

    def perform(self, form):
        services.case_person_remove(person=self.object, by=self.request.user)
