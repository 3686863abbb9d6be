"""Pages that act on a dispute: parties, sessions, agreements, follow-up visits, referral, close, reopen."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import FormView
from django_htmx.http import HttpResponseClientRedirect

from kit.views import (
    ScopedDetailView,
    ScopedListView,
    ScopedMixin,
    ScopedUpdateView,
    save_or_refuse,
)
from mediation import services
from mediation.filters import FollowUpFilter
from mediation.forms import (
    AgreementForm,
    AgreementUpdateForm,
    FollowUpRecordForm,
    FollowUpScheduleForm,
    NoteForm,
    PartyForm,
    ReferForm,
    SessionForm,
)
from mediation.models import Agreement, Dispute, FollowUp, MediationSession
from mediation.services import PartyData
from mediation.tables import FollowUpTable
from mediation.views.disputes import parties_as_shown
from stations.models import person_name


class RecordActionView(ScopedMixin, FormView):
    """A form about one scoped record (`model`, `pk`): validated input goes to `perform`, a service call."""

    template_name = "mediation/action_form.html"
    permission_action = "change"
    heading = ""
    success_message = ""
    submit_label = _("Save")
    danger = False

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(object=self.object, heading=self.heading, submit_label=self.submit_label, danger=self.danger)
        context["dispute"] = self.dispute()
        return context

    def dispute(self) -> Dispute:
        return self.object if isinstance(self.object, Dispute) else self.object.dispute

    def perform(self, form):
        raise NotImplementedError

    def get_success_url(self):
        return self.dispute().get_absolute_url()

    def get_template_names(self):
        # Asked by htmx from the dispute page: just the form, placed inline.
        if getattr(self.request, "htmx", False):
            return ["mediation/_inline_form.html"]
        return super().get_template_names()

    def form_valid(self, form):
        _done, refused = save_or_refuse(self, form, self.perform)
        if refused:
            return refused
        if getattr(self.request, "htmx", False):
            return HttpResponseClientRedirect(self.get_success_url())
        return HttpResponseRedirect(self.get_success_url())


class DisputeQuerysetMixin:
    def get_queryset(self):
        return Dispute.objects.visible_to(self.request.user).select_related("station")


class PartyCreateView(DisputeQuerysetMixin, RecordActionView):
    model = Dispute
    permission_required = "mediation.add_party"
    form_class = PartyForm
    heading = _("Add a party")
    success_message = _("Party added.")

    def perform(self, form):
        data = form.cleaned_data
        services.party_add(
            dispute=self.object,
            by=self.request.user,
            data=PartyData(
                side=data["side"],
                name=data["name"],
                phone=data["phone"],
                id_number=data["id_number"],
                address=data["address"],
                resident=form.resident_for(data["id_number"]),
            ),
        )


class SessionCreateView(DisputeQuerysetMixin, RecordActionView):
    model = Dispute
    permission_required = "mediation.add_mediationsession"
    form_class = SessionForm
    heading = _("Record a mediation session")
    success_message = _("Session recorded.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["station_id"] = self.object.station_id
        return kwargs

    def perform(self, form):
        data = form.cleaned_data
        self.session = services.session_record(
            dispute=self.object,
            by=self.request.user,
            held_at=data["held_at"],
            venue=data["venue"],
            outcome=data.get("outcome", ""),
            location=data.get("location", ""),
            mediators=data.get("mediators", []),
            other_mediators=data.get("other_mediators", ""),
            bodies=data.get("bodies", []),
            attendees=data.get("attendees", ""),
            notes=data.get("notes", ""),
        )


class SessionUpdateView(ScopedUpdateView):
    model = MediationSession
    form_class = SessionForm
    template_name = "mediation/action_form.html"
    success_message = _("Session saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("dispute")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(dispute=self.object.dispute, heading=_("Edit the mediation session"))
        return context

    def perform_save(self, form):
        data = form.cleaned_data
        return services.session_update(
            session=form.instance,
            by=self.request.user,
            expected_version=data.get("expected_version") or form.instance.version,
            mediators=data.get("mediators"),
        )

    def get_success_url(self):
        return self.object.dispute.get_absolute_url()


class AgreementCreateView(RecordActionView):
    model = MediationSession
    permission_required = "mediation.add_agreement"
    form_class = AgreementForm
    heading = _("Record the agreement (调解协议)")
    success_message = _("Agreement recorded; follow-up visits scheduled.")

    def get_queryset(self):
        return MediationSession.objects.visible_to(self.request.user).select_related("dispute", "agreement")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["session"] = self.object
        return kwargs

    def perform(self, form):
        data = form.cleaned_data
        services.agreement_record(
            session=self.object,
            by=self.request.user,
            terms=data["terms"],
            signed_at=data["signed_at"],
            follow_up_days=data["follow_up_days"],
        )


class AgreementPrintView(ScopedDetailView):
    """The agreement as a one-page document to print and sign (print stylesheet)."""

    model = Agreement
    template_name = "mediation/agreement_print.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("dispute__station", "dispute__community", "dispute__mediator", "session")
            .prefetch_related("dispute__parties", "session__mediators")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = self.object
        parties = parties_as_shown(self.request, agreement.dispute.parties.all(), record=agreement)
        context.update(dispute=agreement.dispute, parties=parties, session=agreement.session)
        context["mediators"] = [person_name(m) for m in agreement.session.mediators.all()]
        if agreement.session.other_mediators:
            context["mediators"].append(agreement.session.other_mediators)
        return context


class AgreementUpdateView(ScopedUpdateView):
    model = Agreement
    form_class = AgreementUpdateForm
    template_name = "mediation/action_form.html"
    success_message = _("Agreement saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("dispute")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(dispute=self.object.dispute, heading=_("Edit the agreement"))
        return context

    def perform_save(self, form):
        data = form.cleaned_data
        return services.agreement_update(
            agreement=form.instance,
            by=self.request.user,
            expected_version=data.get("expected_version") or form.instance.version,
        )

    def get_success_url(self):
        return self.object.dispute.get_absolute_url()


class FollowUpScheduleView(DisputeQuerysetMixin, RecordActionView):
    model = Dispute
    permission_required = "mediation.add_followup"
    form_class = FollowUpScheduleForm
    heading = _("Schedule a follow-up visit")
    success_message = _("Follow-up visit scheduled.")

    def perform(self, form):
        services.follow_up_schedule(dispute=self.object, by=self.request.user, due_date=form.cleaned_data["due_date"])


class FollowUpRecordView(RecordActionView):
    model = FollowUp
    form_class = FollowUpRecordForm
    heading = _("Record the follow-up visit (回访)")
    success_message = _("Follow-up visit recorded.")

    def get_queryset(self):
        return FollowUp.objects.visible_to(self.request.user).select_related("dispute", "agreement")

    def perform(self, form):
        data = form.cleaned_data
        follow_up = services.follow_up_record(
            follow_up=self.object,
            by=self.request.user,
            result=data["result"],
            satisfaction=data.get("satisfaction", ""),
            notes=data.get("notes", ""),
            done_at=data["done_at"],
        )
        if follow_up.dispute.reopen_count and follow_up.result == "relapsed":
            messages.warning(self.request, _("The dispute relapsed and is back in mediation."))


class FollowUpListView(ScopedListView):
    model = FollowUp
    table_class = FollowUpTable
    filterset_class = FollowUpFilter
    empty_text = _("No follow-up visits match.")

    def get_queryset(self):
        return super().get_queryset().select_related("dispute__mediator", "dispute__community")


class DisputeReferView(DisputeQuerysetMixin, RecordActionView):
    model = Dispute
    form_class = ReferForm
    heading = _("Refer the dispute elsewhere")
    success_message = _("Dispute referred.")

    def perform(self, form):
        services.dispute_refer(
            dispute=self.object,
            by=self.request.user,
            referred_to=form.cleaned_data["referred_to"],
            note=form.cleaned_data.get("note", ""),
        )


class DisputeNotResolvedView(DisputeQuerysetMixin, RecordActionView):
    model = Dispute
    form_class = NoteForm
    heading = _("Mark the dispute not resolved")
    success_message = _("Dispute marked not resolved.")
    danger = True

    def perform(self, form):
        services.dispute_mark_not_resolved(dispute=self.object, by=self.request.user, note=form.cleaned_data["note"])


class DisputeCloseView(DisputeQuerysetMixin, RecordActionView):
    model = Dispute
    form_class = NoteForm
    heading = _("Close the dispute")
    success_message = _("Dispute closed.")
    submit_label = pgettext_lazy("dispute", "Close")

    def perform(self, form):
        services.dispute_close(dispute=self.object, by=self.request.user, note=form.cleaned_data["note"])


class DisputeReopenView(DisputeQuerysetMixin, RecordActionView):
    model = Dispute
    form_class = NoteForm
    heading = _("Reopen the dispute")
    success_message = _("Dispute reopened: it is back in mediation.")
    submit_label = pgettext_lazy("dispute", "Reopen")
    danger = True

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["note_required"] = True
        return kwargs

    def perform(self, form):
        services.dispute_reopen(dispute=self.object, by=self.request.user, note=form.cleaned_data["note"])
