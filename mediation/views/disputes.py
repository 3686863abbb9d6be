"""Dispute pages: the list, the register form (pre-filled from an incident), the timeline page, editing."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from cases.models import Incident
from kit.fields import is_record_id
from kit.personal import mask_id_number, mask_phone, sees_personal_data
from kit.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView
from mediation import selectors, services
from mediation.choices import DisputeSource, DisputeStatus, FollowUpStatus, RiskGrade
from mediation.filters import DisputeFilter
from mediation.forms import DisputeCreateForm, DisputeUpdateForm
from mediation.models import Dispute
from mediation.tables import DisputeTable
from stations.choices import AuditEventType
from stations.scoping import is_bureau_level, staff_profile
from stations.services import audit_record


class DisputeListView(ScopedListView):
    model = Dispute
    table_class = DisputeTable
    filterset_class = DisputeFilter
    create_url_name = "mediation:dispute-create"
    template_name = "mediation/dispute_list.html"
    empty_text = _("No disputes match. Register one with “New”.")

    def get_queryset(self):
        return selectors.dispute_list(self.request.user)

    def get_table_kwargs(self):
        return station_column_for(self.request.user)


def station_column_for(user) -> dict:
    """The station column is for bureau-level users, who read every station's records."""
    return {} if is_bureau_level(user) else {"exclude": ("station",)}


class DisputeCreateView(ScopedCreateView):
    """Register a dispute; `?incident=<pk>` pre-fills it from an incident of the user's scope."""

    model = Dispute
    form_class = DisputeCreateForm
    template_name = "mediation/dispute_form.html"
    create_service = staticmethod(services.dispute_register)
    success_message = _("Dispute registered.")

    def get_incident(self):
        if not hasattr(self, "_incident"):
            pk = self.request.GET.get("incident") or self.request.POST.get("incident")
            self._incident = None
            if pk:
                if not is_record_id(pk):
                    raise Http404
                self._incident = get_object_or_404(Incident.objects.visible_to(self.request.user), pk=pk)
        return self._incident

    def get_initial(self):
        initial = super().get_initial()
        initial["source"] = DisputeSource.WALK_IN
        initial["risk"] = RiskGrade.YELLOW
        profile = staff_profile(self.request.user)
        if profile is not None and profile.station_id:
            initial["mediator"] = self.request.user.pk if not profile.is_police else None
        incident = self.get_incident()
        if incident is not None:
            resident = incident.reporter_resident
            initial.update(
                incident=incident.pk,
                source=DisputeSource.INCIDENT,
                community=incident.community_id,
                summary=incident.summary,
                address=incident.address,
                description=_("From incident %(number)s reported %(at)s.")
                % {"number": incident.number, "at": f"{incident.reported_at:%Y-%m-%d %H:%M}"},
                applicant_name=incident.reporter_name or (resident.name if resident else ""),
                applicant_phone=incident.reporter_phone or (resident.phone if resident else ""),
            )
            if resident is not None and sees_personal_data(self.request.user):
                initial["applicant_id_number"] = resident.id_number
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["incident"] = self.get_incident()
        return context

    def service_kwargs(self, form) -> dict:
        """The station (kit's rule) and the parties typed on the form."""
        return {**super().service_kwargs(form), "parties": form.parties()}


def parties_as_shown(request, parties, *, record, in_full: bool = False) -> list:
    """The parties with `shown_id_number` and `shown_phone`: masked, unless `in_full` (a police officer
    asked for them, or the document the parties sign), and then the reading of `record` is written to
    the audit log."""
    parties = list(parties)
    for party in parties:
        party.shown_id_number = party.id_number if in_full else mask_id_number(party.id_number)
        party.shown_phone = party.phone if in_full else mask_phone(party.phone)
    if in_full and any(p.id_number or p.phone for p in parties):
        audit_record(
            event_type=AuditEventType.SENSITIVE_READ,
            user=request.user,
            obj=record,
            request=request,
            detail={"fields": ["parties.id_number", "parties.phone"]},
        )
    return parties


class DisputeDetailView(ScopedDetailView):
    """Parties, sessions, agreements and follow-up visits of one dispute, as one timeline."""

    model = Dispute
    template_name = "mediation/dispute_detail.html"

    def get_queryset(self):
        return selectors.dispute_detail_queryset(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dispute = self.object
        user = self.request.user
        # Masked for everyone; a police officer asks for the full numbers (?reveal=1), which is audited.
        may_reveal = sees_personal_data(user)
        revealed = may_reveal and self.request.GET.get("reveal") == "1"
        parties = parties_as_shown(self.request, dispute.parties.all(), record=dispute, in_full=revealed)
        context["can_reveal_parties"] = may_reveal and not revealed and any(p.id_number or p.phone for p in parties)
        timeline = selectors.dispute_timeline(dispute)
        for item in timeline:
            item.label = selectors.timeline_label(item)
        status = dispute.status
        follow_ups = list(dispute.follow_ups.all())
        context.update(
            parties=parties,
            timeline=timeline,
            sessions=list(dispute.sessions.all()),
            agreements=list(dispute.agreements.all()),
            scheduled_follow_ups=[f for f in follow_ups if f.status == FollowUpStatus.SCHEDULED],
            can_change=user.has_perm("mediation.change_dispute"),
            can_add_session=user.has_perm("mediation.add_mediationsession") and dispute.is_open,
            can_add_agreement=user.has_perm("mediation.add_agreement") and status == DisputeStatus.IN_MEDIATION,
            can_schedule=user.has_perm("mediation.add_followup") and status == DisputeStatus.RESOLVED,
            can_record_follow_up=user.has_perm("mediation.change_followup"),
            can_refer=status in (DisputeStatus.REGISTERED, DisputeStatus.IN_MEDIATION, DisputeStatus.NOT_RESOLVED),
            can_mark_not_resolved=status == DisputeStatus.IN_MEDIATION,
            can_close=status in (DisputeStatus.RESOLVED, DisputeStatus.NOT_RESOLVED, DisputeStatus.REFERRED),
            can_reopen=status in (DisputeStatus.RESOLVED, DisputeStatus.NOT_RESOLVED, DisputeStatus.CLOSED),
            can_see_incident=user.has_perm("cases.view_incident"),
        )
        return context


class DisputeUpdateView(ScopedUpdateView):
    model = Dispute
    form_class = DisputeUpdateForm
    template_name = "community/form_with_address.html"
    update_service = staticmethod(services.dispute_update)
    success_message = _("Dispute saved.")
