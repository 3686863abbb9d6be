"""The map and history API: GeoJSON for the map's layers, one history per resident and per address,
and the merge of duplicate residents. Everything is read through `visible_to(user)`: a station sees its
area, the bureau all of it; another station's resident or address answers 404."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from community.models import Address, Resident
from kit.fields import id_out_of_range
from places import selectors, services
from places.forms import MapForm
from stats.forms import parse_station_id

router = SimpleRouter()


def _needs(*perms):
    class HasPerms(permissions.BasePermission):
        def has_permission(self, request, view):
            user = request.user
            return bool(user and user.is_authenticated and user.has_perms(perms))

    return HasPerms


def _station(request) -> int | None:
    try:
        return parse_station_id(request.query_params.get("station"))
    except ValidationError as exc:
        raise DRFValidationError(exc.message_dict) from None


def _map_form(request) -> MapForm:
    form = MapForm(request.query_params)
    if not form.is_valid():
        raise DRFValidationError(form.api_errors())
    return form


def _record(model, user, pk):
    if id_out_of_range(pk):
        from django.http import Http404

        raise Http404
    return get_object_or_404(model.objects.visible_to(user), pk=pk)


FEATURE_COLLECTION = OpenApiTypes.OBJECT
STATION_PARAM = OpenApiParameter("station", int, description="One station's area (bureau level; default: all).")
PERIOD_PARAMS = [
    OpenApiParameter("metric", str, description="A dashboard metric key: each feature's `value` is its figure."),
    OpenApiParameter("period", str, enum=["week", "month", "quarter", "year", "range"]),
    OpenApiParameter("date", OpenApiTypes.DATE, description="A day inside the week/month/quarter/year."),
    OpenApiParameter("from", OpenApiTypes.DATE),
    OpenApiParameter("to", OpenApiTypes.DATE),
]


class MapCommunitiesView(APIView):
    """The communities' boundaries as a GeoJSON FeatureCollection (longitude/latitude in `crs_name`), with
    the choropleth's `value` of a dashboard metric for the period when `metric` is given (from the rollups,
    as the dashboards read them; a station per community, the bureau per station)."""

    permission_classes = [_needs("places.view_communityarea")]

    @extend_schema(
        parameters=[STATION_PARAM, *PERIOD_PARAMS],
        responses={200: FEATURE_COLLECTION},
        examples=[
            OpenApiExample(
                "A station's communities coloured by incidents",
                response_only=True,
                value={
                    "type": "FeatureCollection",
                    "crs_name": "CGCS2000 / WGS 84",
                    "metric": {"key": "incidents_total", "label": "警情总数", "unit": "起"},
                    "features": [
                        {
                            "type": "Feature",
                            "id": 3,
                            "properties": {"key": "c3", "id": 3, "name": "朝阳社区", "value": 42, "url": "/cases/…"},
                            "geometry": {
                                "type": "Polygon",
                                "coordinates": [[[111.6, 29.0], [111.61, 29.0], [111.61, 29.01], [111.6, 29.0]]],
                            },
                        }
                    ],
                },
            )
        ],
    )
    def get(self, request):
        station_id = _station(request)
        form = _map_form(request)
        metric = form.cleaned_data.get("metric")
        values, extra = None, {}
        if metric is not None:
            if not request.user.has_perm("stats.view_statrow"):
                raise PermissionDenied(_t("Your role does not see statistics."))
            if not metric.available:
                raise DRFValidationError({"metric": [str(metric.reason)]})
            try:
                shade = selectors.choropleth(
                    user=request.user, metric=metric, period=form.period_obj, station_id=station_id
                )
            except ValidationError as exc:
                raise DRFValidationError(exc.message_dict) from None
            values = shade.values
            extra = {
                "metric": {"key": metric.key, "label": str(metric.label), "unit": str(metric.unit)},
                "unit": shade.unit,
                "from": shade.period.start.isoformat(),
                "to": shade.period.end.isoformat(),
            }
        body = selectors.community_features(request.user, station_id=station_id, values=values)
        body.update(extra)
        return Response(body)


def _t(text):
    from django.utils.translation import gettext

    return gettext(text)


class MapPointsView(APIView):
    """One layer of the map as a GeoJSON FeatureCollection: `incidents` (of the last `days` days, of a
    `category`), `repeat_calls` (standard addresses with repeat calls in the window), `disputes` (open,
    by risk), `hazards` (open), `posts` (police rooms and kiosks), `patrols` (each team's area). Each
    feature's `url` opens its record."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("layer", str, required=True, enum=list(selectors.LAYERS)),
            STATION_PARAM,
            OpenApiParameter("days", int, description="incidents: of the last this many days (default 30)."),
            OpenApiParameter("category", str, description="incidents: of one category."),
        ],
        responses={200: FEATURE_COLLECTION},
    )
    def get(self, request):
        key = request.query_params.get("layer", "")
        if key not in selectors.LAYERS:
            raise DRFValidationError(
                {"layer": [_t("Choose a layer: %(layers)s.") % {"layers": ", ".join(selectors.LAYERS)}]}
            )
        if not request.user.has_perm(selectors.LAYERS[key][1]):
            raise PermissionDenied(_t("Your role does not see this layer."))
        station_id = _station(request)
        form = _map_form(request)
        return Response(
            selectors.layer(
                request.user,
                key,
                station_id=station_id,
                days=form.cleaned_data["days"],
                category=form.cleaned_data["category"],
            )
        )


HISTORY = inline_serializer(
    "History",
    fields={
        "id": serializers.IntegerField(),
        "title": serializers.CharField(),
        "entries": inline_serializer(
            "HistoryEntry",
            fields={
                "at": serializers.CharField(),
                "kind": serializers.CharField(),
                "kind_label": serializers.CharField(),
                "title": serializers.CharField(),
                "url": serializers.CharField(),
                "detail": serializers.CharField(),
            },
            many=True,
        ),
    },
)


class ResidentHistoryView(APIView):
    """One resident's history, newest first: incidents reported, cases and disputes they are in, visits,
    merges. Names and masked numbers only."""

    permission_classes = [_needs("community.view_resident")]

    @extend_schema(responses={200: HISTORY})
    def get(self, request, pk: int):
        resident = _record(Resident, request.user, pk)
        entries = selectors.resident_history(request.user, resident)
        return Response(
            {
                "id": resident.pk,
                "title": resident.name,
                "id_number": resident.id_number_masked,
                "entries": [e.as_dict() for e in entries],
            }
        )


class AddressHistoryView(APIView):
    """Everything at one standard address, newest first: households, residents, places, incidents, the
    cases registered from them, disputes, hazards, visits."""

    permission_classes = [_needs("community.view_address")]

    @extend_schema(responses={200: HISTORY})
    def get(self, request, pk: int):
        address = _record(Address, request.user, pk)
        entries = selectors.address_history(request.user, address)
        return Response(
            {
                "id": address.pk,
                "title": address.full_text,
                "point": address.point,
                "entries": [e.as_dict() for e in entries],
            }
        )


class MergeSerializer(serializers.Serializer):
    merged = serializers.IntegerField(help_text="The id of the duplicate resident merged into this one (deleted).")


class ResidentMergeView(APIView):
    """Merge the duplicate `merged` into this resident: every link moves to it, the merge is recorded, the
    duplicate is deleted. 400 for residents of different stations or ID numbers of different people."""

    permission_classes = [_needs("places.add_residentmerge", "community.view_resident")]

    @extend_schema(
        request=MergeSerializer,
        responses={
            200: inline_serializer(
                "MergeResult",
                fields={
                    "kept": serializers.IntegerField(),
                    "merged": serializers.IntegerField(),
                    "moved": serializers.DictField(child=serializers.IntegerField()),
                },
            )
        },
    )
    def post(self, request, pk: int):
        kept = _record(Resident, request.user, pk)
        body = MergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        merged_id = body.validated_data["merged"]
        if id_out_of_range(merged_id):
            raise DRFValidationError({"merged": [_t("No such resident.")]})
        merged = Resident.objects.visible_to(request.user).filter(pk=merged_id).first()
        if merged is None:
            raise DRFValidationError({"merged": [_t("No such resident.")]})
        try:
            record = services.resident_merge(kept=kept, merged=merged, by=request.user)
        except ValidationError as exc:
            raise DRFValidationError(exc.message_dict) from None
        return Response({"kept": kept.pk, "merged": record.merged_id, "moved": record.moved})


urlpatterns = [
    path("map/communities/", MapCommunitiesView.as_view(), name="map-communities"),
    path("map/points/", MapPointsView.as_view(), name="map-points"),
    path("residents/<int:pk>/history/", ResidentHistoryView.as_view(), name="resident-history"),
    path("residents/<int:pk>/merge/", ResidentMergeView.as_view(), name="resident-merge"),
    path("addresses/<int:pk>/history/", AddressHistoryView.as_view(), name="address-history"),
]
