"""Dashboards (city: sub-bureaus side by side; bureau: its stations; station: its communities),
definitions, the xlsx export and the printable monthly report. All read stats.selectors only."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from stations.choices import AuditEventType
from stations.models import Bureau, Station
from stations.scoping import is_bureau_level, is_city_level
from stations.services import audit_record
from stats.choices import Interval, PeriodKind
from stats.exports import dashboard_workbook, xlsx_response
from stats.forms import PeriodForm, parse_bureau_id, parse_station_id
from stats.metrics import REGISTRY
from stats.periods import Period
from stats.selectors import BUREAU, CITY, STATION, dashboard, resolve_scope

CHART_METRICS = ["incidents_reported", "fraud_incidents", "median_response_minutes", "criminal_cases_registered"]


@login_required
@permission_required("stats.view_statrow", raise_exception=True)
def home(request):
    """The city's people start at the city's view, a bureau's at the bureau's, everyone else at their
    station's."""
    if is_city_level(request.user):
        return redirect("stats:city")
    return redirect("stats:bureau" if is_bureau_level(request.user) else "stats:station")


class StatsView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Signed-out visitors go to the sign-in page; signed-in people without the right get 403."""

    permission_required = "stats.view_statrow"


class DashboardView(StatsView):
    template_name = "stats/dashboard.html"
    scope_kind = BUREAU
    title = gettext_lazy("Bureau statistics")

    def get(self, request, *args, **kwargs):
        station_id = bureau_id = None
        errors = {}
        try:
            station_id = parse_station_id(request.GET.get("station"))
            bureau_id = parse_bureau_id(request.GET.get("bureau"))
        except ValidationError as exc:
            errors.update(exc.message_dict)
        try:
            scope = resolve_scope(
                request.user,
                self.scope_kind,
                station_id if self.scope_kind == STATION else None,
                bureau_id if self.scope_kind == BUREAU else None,
            )
        except ValidationError as exc:  # a bureau user on the station view without ?station=
            return _choose_station(request, exc)
        form = PeriodForm(request.GET)
        if form.is_valid():
            period = form.period_obj
        else:
            errors.update({k: [str(m) for m in v] for k, v in form.errors.items()})
            period = Period.containing(PeriodKind.MONTH, timezone.localdate())
        board = dashboard(user=request.user, scope=scope, period=period)
        period = board.period  # counted to today when it reaches past it
        if request.GET.get("_export") == "xlsx" and not errors:
            audit_record(
                event_type=AuditEventType.EXPORT,
                user=request.user,
                request=request,
                detail={
                    "model": "stats.StatRow",
                    "format": "xlsx",
                    "scope": scope.kind,
                    "station": scope.station_id,
                    "bureau": scope.bureau_id,
                    "from": period.start.isoformat(),
                    "to": period.end.isoformat(),
                },
            )
            workbook = dashboard_workbook(board)
            return xlsx_response(workbook, _filename(board, "xlsx"))
        context = self.get_context_data(
            board=board,
            form=form,
            errors=errors,
            period=period,
            title=scope.name,
            chart_metrics=[m for m in REGISTRY if m.key in CHART_METRICS],
            intervals=Interval.choices,
            period_kinds=PeriodKind.choices,
            series_url=reverse("api:stats-series"),
            chart_from=_chart_from(period),
            chart_to=_chart_to(period),
            export_query=_query_with(request, _export="xlsx"),
            report_url=_report_url(board),
            quick_periods=_quick_periods(request, period),
        )
        return self.render_to_response(context, status=400 if errors else 200)


class StationDashboardView(DashboardView):
    scope_kind = STATION


class CityDashboardView(DashboardView):
    """The sub-bureaus of the city side by side (the city's people only)."""

    scope_kind = CITY


class MonthlyReportView(StatsView):
    """One or two printed pages: the month's figures, the stations or communities, two charts."""

    template_name = "stats/report.html"

    def get(self, request, *args, **kwargs):
        try:
            station_id = parse_station_id(request.GET.get("station"))
            bureau_id = parse_bureau_id(request.GET.get("bureau"))
            month = _parse_month(request.GET.get("month"))
        except ValidationError as exc:
            return render(request, "stats/bad_request.html", {"errors": exc.message_dict}, status=400)
        kind = None if request.GET.get("scope") != CITY else CITY
        try:
            scope = resolve_scope(request.user, kind, station_id, bureau_id)
        except ValidationError as exc:  # someone of no station and no bureau rights
            return _choose_station(request, exc)
        board = dashboard(user=request.user, scope=scope, period=Period.containing(PeriodKind.MONTH, month))
        period = board.period
        audit_record(
            event_type=AuditEventType.EXPORT,
            user=request.user,
            request=request,
            detail={
                "model": "stats.StatRow",
                "format": "monthly_report",
                "scope": scope.kind,
                "station": scope.station_id,
                "bureau": scope.bureau_id,
                "month": period.start.strftime("%Y-%m"),
            },
        )
        return self.render_to_response(
            self.get_context_data(
                board=board,
                period=period,
                title=scope.name,
                series_url=reverse("api:stats-series"),
                chart_from=_chart_from(period),
                chart_to=_chart_to(period),
                chart_metrics=[m for m in REGISTRY if m.key in ("incidents_reported", "median_response_minutes")],
            )
        )


class DefinitionsView(StatsView):
    template_name = "stats/definitions.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(metrics=REGISTRY, **kwargs)


def _choose_station(request, exc: ValidationError):
    """400 with the reason and the stations (or sub-bureaus) the person may open, not a server error."""
    if "bureau" in exc.message_dict:
        places, param = Bureau.objects.visible_to(request.user).order_by("code"), "bureau"
    else:
        places, param = Station.objects.visible_to(request.user).order_by("code"), "station"
    stations = [(place.name, f"{request.path}?{_query_with(request, **{param: place.pk})}") for place in places]
    return render(request, "stats/bad_request.html", {"errors": exc.message_dict, "stations": stations}, status=400)


def _chart_from(period: Period) -> date:
    """Charts run from New Year's day to the end of the period (or over the whole period if longer)."""
    return min(period.start, period.end.replace(month=1, day=1))


def _chart_to(period: Period) -> date:
    """Charts stop at today: the months still ahead would draw as zeros."""
    return max(min(period.end, timezone.localdate()), _chart_from(period))


def _parse_month(raw) -> date:
    if not raw:
        return timezone.localdate().replace(day=1)
    try:
        year, month = (int(part) for part in raw.split("-"))
        return date(year, month, 1)
    except (TypeError, ValueError):
        raise ValidationError({"month": [_("Month is YYYY-MM.")]}) from None


def _query_with(request, **params) -> str:
    query = request.GET.copy()
    for key, value in params.items():
        query[key] = value
    return query.urlencode()


def _quick_periods(request, current: Period) -> list[tuple[str, str, bool]]:
    links = []
    for kind, label in PeriodKind.choices:
        if kind == PeriodKind.RANGE:
            continue
        query = request.GET.copy()
        for key in ("from", "to", "date", "_export"):
            query.pop(key, None)
        query["period"] = kind
        links.append((label, query.urlencode(), current.kind == kind))
    return links


def _report_url(board) -> str:
    query = f"?month={board.period.start:%Y-%m}"
    if board.scope.kind == STATION:
        query += f"&station={board.scope.station_id}"
    elif board.scope.kind == BUREAU:
        query += f"&bureau={board.scope.bureau_id}"
    else:
        query += "&scope=city"
    return reverse("stats:report") + query


def _filename(board, extension: str) -> str:
    scope = board.scope
    where = {STATION: scope.station and scope.station.code, BUREAU: scope.bureau and scope.bureau.code}.get(
        scope.kind, "city"
    )
    return f"wuling-stats-{where}-{board.period.start}-{board.period.end}.{extension}"
