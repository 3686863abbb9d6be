"""The statistics API: /api/v1/stats/summary/ and /api/v1/stats/series/ (read-only, from rollups)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from stats.forms import PeriodForm, SeriesForm, parse_bureau_id, parse_scope, parse_station_id
from stats.selectors import dashboard, resolve_scope, series
from stats.serialize import place_payload, summary_payload

router = SimpleRouter()


class CanViewStatistics(permissions.BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.has_perm("stats.view_statrow"))


COMMON_PARAMETERS = [
    OpenApiParameter(
        "scope",
        str,
        enum=["city", "bureau", "station"],
        description="city: the sub-bureaus side by side (city level only); bureau: a sub-bureau's stations; "
        "station: a station's communities. Default: city for city-level users, bureau for bureau-level "
        "users, station for everyone else.",
    ),
    OpenApiParameter("bureau", int, description="Sub-bureau id (default: the caller's own sub-bureau)."),
    OpenApiParameter("station", int, description="Station id (default: the caller's own station)."),
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day (YYYY-MM-DD)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day (YYYY-MM-DD)."),
    OpenApiParameter("period", str, enum=["week", "month", "quarter", "year", "range"]),
    OpenApiParameter("date", OpenApiTypes.DATE, description="A day inside the week/month/quarter/year."),
]


def _scope_and_form(request, form_class):
    try:
        scope_kind = parse_scope(request.query_params.get("scope"))
        station_id = parse_station_id(request.query_params.get("station"))
        bureau_id = parse_bureau_id(request.query_params.get("bureau"))
    except ValidationError as exc:
        raise DRFValidationError(exc.message_dict) from None
    form = form_class(request.query_params)
    if not form.is_valid():
        raise DRFValidationError(form.api_errors())
    try:
        return resolve_scope(request.user, scope_kind, station_id, bureau_id), form
    except ValidationError as exc:  # scope=station without a station, for someone of no station
        raise DRFValidationError(exc.message_dict) from None


class SummaryView(APIView):
    """Every metric key of DESIGN.md for a scope and period, with 同比 and 环比."""

    permission_classes = [CanViewStatistics]

    @extend_schema(
        parameters=COMMON_PARAMETERS,
        responses={200: OpenApiTypes.OBJECT},
        examples=[
            OpenApiExample(
                "A station's month",
                value={
                    "scope": "station",
                    "station": {"id": 3, "name": "城东派出所"},
                    "from": "2026-10-01",
                    "to": "2026-10-31",
                    "metrics": {
                        "fraud_incidents": {
                            "available": True,
                            "value": 12,
                            "previous_year": 20,
                            "yoy_change": -0.4,
                            "previous_period": 11,
                            "pop_change": 0.0909,
                            "significant": {"yoy": False, "pop": False},
                        },
                        "criminal_cases_registered": {"available": False, "value": None},
                    },
                },
                response_only=True,
            )
        ],
    )
    def get(self, request):
        scope, form = _scope_and_form(request, PeriodForm)
        board = dashboard(user=request.user, scope=scope, period=form.period_obj)
        return Response(summary_payload(board))


class SeriesView(APIView):
    """One metric by day, week or month over a period, beside the same days a year earlier."""

    permission_classes = [CanViewStatistics]

    @extend_schema(
        parameters=[
            *COMMON_PARAMETERS,
            OpenApiParameter("metric", str, required=True, description="A metric key of DESIGN.md."),
            OpenApiParameter("interval", str, enum=["day", "week", "month"]),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        scope, form = _scope_and_form(request, SeriesForm)
        metric = form.cleaned_data["metric"]
        # As the summary: a period reaching past today runs to today (its days ahead would be zeros
        # against last year's figures).
        period = form.period_obj.until(timezone.localdate())
        body = {
            "scope": scope.kind,
            **place_payload(scope),
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "available": metric.available,
            "reason": None if metric.available else str(metric.reason),
        }
        body.update(
            series(
                user=request.user,
                scope=scope,
                metric=metric,
                interval=form.cleaned_data["interval"],
                start=period.start,
                end=period.end,
            )
        )
        return Response(body)


urlpatterns = [
    path("stats/summary/", SummaryView.as_view(), name="stats-summary"),
    path("stats/series/", SeriesView.as_view(), name="stats-series"),
]
