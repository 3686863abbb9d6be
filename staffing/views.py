"""Pages of the staffing app: the overview against the targets, and the three registers."""

from __future__ import annotations

import io

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import HttpResponse
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from openpyxl import Workbook

from kit.exports import safe_row
from kit.views import (
    DetailRowsMixin,
    RecordActionView,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from staffing import selectors, services
from staffing.filters import AssignmentFilter, AwardFilter, CommitteeSeatFilter
from staffing.forms import AssignmentEndForm, AssignmentForm, AwardForm, CommitteeSeatForm
from staffing.models import Assignment, Award, CommitteeSeat
from staffing.tables import AssignmentTable, AwardTable, CommitteeSeatTable
from stations.choices import AuditEventType
from stations.models import Station
from stations.scoping import is_bureau_level, user_station_id
from stations.services import audit_record

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _ForceCreateView(ScopedCreateView):
    def service_kwargs(self, form) -> dict:
        # A bureau-level user may leave the station empty (the bureau's own offices): the service decides.
        return {"station": form.owner_station()}


class AssignmentListView(ScopedListView):
    model = Assignment
    table_class = AssignmentTable
    filterset_class = AssignmentFilter
    create_url_name = "staffing:assignment-create"

    def get_queryset(self):
        return super().get_queryset().select_related("person", "station")


class AssignmentDetailView(DetailRowsMixin, ScopedDetailView):
    model = Assignment
    template_name = "staffing/assignment_detail.html"
    detail_fields = ("person", "station", "unit", "kind", "start", "end", "notes")

    def get_queryset(self):
        return super().get_queryset().select_related("person", "station").prefetch_related("communities")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["detail_rows"].append(
            (_("communities served"), "、".join(c.name for c in self.object.communities.all()))
        )
        context["earlier"] = (
            Assignment.objects.visible_to(self.request.user)
            .filter(person_id=self.object.person_id)
            .select_related("station")
            .order_by("-start")
        )
        return context


class AssignmentCreateView(_ForceCreateView):
    model = Assignment
    form_class = AssignmentForm
    create_service = staticmethod(services.assignment_create)
    success_message = _("Assignment recorded.")


class AssignmentUpdateView(ScopedUpdateView):
    model = Assignment
    form_class = AssignmentForm
    update_service = staticmethod(services.assignment_update)


class AssignmentEndView(RecordActionView):
    model = Assignment
    form_class = AssignmentEndForm
    heading = _("End this assignment")
    submit_label = _("End the assignment")
    success_message = _("Assignment ended.")

    def perform(self, form):
        return services.assignment_end(assignment=self.object, by=self.request.user, end=form.cleaned_data["end"])


class CommitteeSeatListView(ScopedListView):
    model = CommitteeSeat
    table_class = CommitteeSeatTable
    filterset_class = CommitteeSeatFilter
    create_url_name = "staffing:committeeseat-create"

    def get_queryset(self):
        return super().get_queryset().select_related("person", "station", "community")


class CommitteeSeatDetailView(DetailRowsMixin, ScopedDetailView):
    model = CommitteeSeat
    detail_fields = ("person", "station", "level", "community", "committee", "position", "since", "until")
    template_name = "staffing/record_detail.html"


class CommitteeSeatCreateView(_ForceCreateView):
    model = CommitteeSeat
    form_class = CommitteeSeatForm
    create_service = staticmethod(services.seat_create)


class CommitteeSeatUpdateView(ScopedUpdateView):
    model = CommitteeSeat
    form_class = CommitteeSeatForm
    update_service = staticmethod(services.seat_update)
    record_arg = "seat"


class AwardListView(ScopedListView):
    model = Award
    table_class = AwardTable
    filterset_class = AwardFilter
    create_url_name = "staffing:award-create"

    def get_queryset(self):
        return super().get_queryset().select_related("person", "station")


class AwardDetailView(DetailRowsMixin, ScopedDetailView):
    model = Award
    detail_fields = ("person", "station", "unit", "kind", "title", "awarded_on")
    template_name = "staffing/record_detail.html"


class AwardCreateView(_ForceCreateView):
    model = Award
    form_class = AwardForm
    create_service = staticmethod(services.award_create)


class AwardUpdateView(ScopedUpdateView):
    model = Award
    form_class = AwardForm
    update_service = staticmethod(services.award_update)


class OverviewView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Every share of the force against its target, red where missed; history by month; seats; teams."""

    permission_required = "staffing.view_assignment"
    template_name = "staffing/overview.html"

    def overview(self):
        user = self.request.user
        station_id = None if is_bureau_level(user) else (user_station_id(user) or 0)
        return selectors.overview(user, station_id=station_id)

    def get(self, request, *args, **kwargs):
        if request.GET.get("_export") == "xlsx":
            return self.export(self.overview())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.overview()
        context.update(
            data=data,
            bureau=is_bureau_level(self.request.user),
            targets={
                "community": selectors.COMMUNITY_SQUAD_TARGET,
                "front_line": selectors.FRONT_LINE_TARGET,
                "awards": selectors.AWARDS_TO_STATIONS_TARGET,
            },
        )
        return context

    def export(self, data) -> HttpResponse:
        wb = Workbook()
        ws = wb.active
        ws.title = _gettext("Staffing")
        ws.append(
            safe_row(
                [
                    _gettext("Station"),
                    _gettext("Police"),
                    _gettext("Community policing squad"),
                    _gettext("Share (%)"),
                    _gettext("Target (%)"),
                    _gettext("Missed"),
                    _gettext("Communities without a committee seat"),
                ]
            )
        )
        for row in data.stations:
            share = row.community_share
            ws.append(
                safe_row(
                    [
                        row.station.name,
                        row.police,
                        row.community_squad,
                        round(share.percent, 1) if share.percent is not None else None,
                        share.target,
                        _gettext("yes") if share.missed else _gettext("no"),
                        len(row.communities_without_seat),
                    ]
                )
            )
        ws.append([])
        for label, share in ((_gettext("Front line"), data.front_line), (_gettext("Awards to stations"), data.awards)):
            ws.append(
                safe_row(
                    [
                        label,
                        share.whole,
                        share.part,
                        round(share.percent, 1) if share.percent is not None else None,
                        share.target,
                        _gettext("yes") if share.missed else _gettext("no"),
                    ]
                )
            )
        buffer = io.BytesIO()
        wb.save(buffer)
        audit_record(
            event_type=AuditEventType.EXPORT,
            user=self.request.user,
            request=self.request,
            detail={"model": "staffing.overview", "format": "xlsx", "rows": len(data.stations)},
        )
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="staffing.xlsx"'
        return response


def visible_stations(user):
    return Station.objects.visible_to(user)
