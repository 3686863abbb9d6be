"""Pages that act on a dispute: parties, sessions, agreements, follow-up visits, referral, close, reopen.

Every action is a `kit.views.RecordActionView` whose `perform(form)` is one service call; the edits are
`kit.views.ScopedUpdateView`s naming their `update_service` (README: "How a write flows")."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kit.views import RecordActionView, ScopedDetailView, ScopedListView, ScopedUpdateView
from mediation import services
from mediation.choices import FollowUpResult, Venue
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
from mediation.tables import FollowUpTable
from mediation.views.disputes import parties_as_shown, station_column_for
from stations.models import person_name


class DisputeActionMixin:
    """An action or edit shown under its dispute: the dispute's breadcrumb, summary and status, and back to it."""

    template_name = "mediation/action_form.html"

    def dispute(self) -> Dispute:
        return self.object if isinstance(self.object, Dispute) else self.object.dispute

    def target(self):
        return self.dispute()

    def get_success_url(self):
        return self.dispute().get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("heading", getattr(self, "heading", ""))
        context.update(
            dispute=self.dispute(),
            back_url=self.dispute().get_absolute_url(),
            action_url=self.request.path,
        )
        return context


class DisputeRecordAction(DisputeActionMixin, RecordActionView):
    """An action on a dispute (`model = Dispute`) or on one of its sessions or visits."""

    model = Dispute
    submit_label = _("Save")

    def get_queryset(self):
        queryset = self.model.objects.visible_to(self.request.user)
        return queryset.select_related("station") if self.model is Dispute else queryset.select_related("dispute")


class PartyCreateView(DisputeRecordAction):
    permission_required = "mediation.add_party"
    form_class = PartyForm
    heading = _("Add a party")
    success_message = _("Party added.")

    def perform(self, form):
        services.party_add(dispute=self.object, by=self.request.user, **form.service_fields())


class SessionCreateView(DisputeRecordAction):
    permission_required = "mediation.add_mediationsession"
    form_class = SessionForm
    heading = _("Record a mediation session")
    success_message = _("Session recorded.")

    def perform(self, form):
        services.session_record(dispute=self.object, by=self.request.user, **form.service_fields())


class SessionUpdateView(DisputeActionMixin, ScopedUpdateView):
    model = MediationSession
    form_class = SessionForm
    update_service = staticmethod(services.session_update)
    record_arg = "session"
    heading = _("Edit the mediation session")
    success_message = _("Session saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("dispute", "agreement")


class AgreementCreateView(DisputeRecordAction):
    model = MediationSession
    permission_required = "mediation.add_agreement"
    form_class = AgreementForm
    heading = _("Record the agreement (调解协议)")
    success_message = _("Agreement recorded; follow-up visits scheduled.")

    def get_queryset(self):
        return super().get_queryset().select_related("agreement")

    def perform(self, form):
        services.agreement_record(session=self.object, by=self.request.user, **form.cleaned_data)


class AgreementPrintView(ScopedDetailView):
    """The agreement as the document the parties sign (人民调解协议书): their ID numbers in full (the reading
    is written to the audit log), the venue as typed, places for each party's signature and the seal."""

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
        session = agreement.session
        parties = parties_as_shown(self.request, agreement.dispute.parties.all(), record=agreement, in_full=True)
        mediators = [person_name(m) for m in session.mediators.all()]
        if session.other_mediators:
            mediators.append(session.other_mediators)
        # The place as the mediator typed it; "elsewhere" says nothing more than that.
        venue = session.get_venue_display()
        if session.location:
            venue = session.location if session.venue == Venue.OTHER else f"{venue}（{session.location}）"
        context.update(dispute=agreement.dispute, parties=parties, session=session, mediators=mediators, venue=venue)
        return context


class AgreementUpdateView(DisputeActionMixin, ScopedUpdateView):
    model = Agreement
    form_class = AgreementUpdateForm
    update_service = staticmethod(services.agreement_update)
    heading = _("Edit the agreement")
    success_message = _("Agreement saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("dispute")


class FollowUpScheduleView(DisputeRecordAction):
    permission_required = "mediation.add_followup"
    form_class = FollowUpScheduleForm
    heading = _("Schedule a follow-up visit")
    success_message = _("Follow-up visit scheduled.")

    def perform(self, form):
        services.follow_up_schedule(dispute=self.object, by=self.request.user, **form.cleaned_data)


class FollowUpRecordView(DisputeRecordAction):
    model = FollowUp
    form_class = FollowUpRecordForm
    heading = _("Record the follow-up visit (回访)")
    success_message = _("Follow-up visit recorded.")

    def get_queryset(self):
        return super().get_queryset().select_related("agreement")

    def perform(self, form):
        follow_up = services.follow_up_record(follow_up=self.object, by=self.request.user, **form.cleaned_data)
        if follow_up.result == FollowUpResult.RELAPSED:
            messages.warning(self.request, _("The dispute relapsed and is back in mediation."))


class FollowUpListView(ScopedListView):
    model = FollowUp
    table_class = FollowUpTable
    filterset_class = FollowUpFilter
    empty_text = _("No follow-up visits match.")

    def get_queryset(self):
        return super().get_queryset().select_related("dispute__mediator", "dispute__community", "dispute__station")

    def get_table_kwargs(self):
        return station_column_for(self.request.user)


class DisputeReferView(DisputeRecordAction):
    form_class = ReferForm
    heading = _("Refer the dispute elsewhere")
    success_message = _("Dispute referred.")

    def perform(self, form):
        services.dispute_refer(dispute=self.object, by=self.request.user, **form.cleaned_data)


class DisputeNotResolvedView(DisputeRecordAction):
    form_class = NoteForm
    heading = _("Mark the dispute not resolved")
    success_message = _("Dispute marked not resolved.")
    danger = True

    def perform(self, form):
        services.dispute_mark_not_resolved(dispute=self.object, by=self.request.user, **form.cleaned_data)


class DisputeCloseView(DisputeRecordAction):
    form_class = NoteForm
    heading = _("Close the dispute")
    success_message = _("Dispute closed.")
    submit_label = pgettext_lazy("dispute", "Close")

    def perform(self, form):
        services.dispute_close(dispute=self.object, by=self.request.user, **form.cleaned_data)


class DisputeReopenView(DisputeRecordAction):
    form_class = NoteForm
    heading = _("Reopen the dispute")
    success_message = _("Dispute reopened: it is back in mediation.")
    submit_label = pgettext_lazy("dispute", "Reopen")
    danger = True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "note_required": True}

    def perform(self, form):
        services.dispute_reopen(dispute=self.object, by=self.request.user, **form.cleaned_data)
