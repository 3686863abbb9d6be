"""The staffing API: /api/v1/assignments/, /api/v1/committee-seats/, /api/v1/awards/ and the figures
of the staffing page at /api/v1/staffing/summary/."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.permissions import DjangoModelPermissions, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from kit.api.serializers import ServiceModelSerializer
from kit.api.viewsets import ScopedModelViewSet
from kit.fields import BoundedPrimaryKeyRelatedField
from staffing import selectors, services
from staffing.filters import AssignmentFilter, AwardFilter, CommitteeSeatFilter
from staffing.models import Assignment, Award, CommitteeSeat
from stations.models import Station
from stations.scoping import is_bureau_level, user_station_id


class _ForceSerializer(ServiceModelSerializer):
    person = BoundedPrimaryKeyRelatedField(queryset=get_user_model().objects.none())

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "person" in fields:
            fields["person"].queryset = selectors.people_for(request.user)
        return fields

    def owner_kwargs(self, validated_data) -> dict:
        station = validated_data.pop("station", None)
        station_id = validated_data.pop("station_id", None)
        if station is None and station_id is not None:
            station = Station.objects.get(pk=station_id)
        return {"station": station}


class AssignmentSerializer(_ForceSerializer):
    create_service = staticmethod(services.assignment_create)
    update_service = staticmethod(services.assignment_update)

    class Meta:
        model = Assignment
        fields = ["id", "person", "station", "unit", "communities", "kind", "start", "end", "notes"]


class AssignmentEndSerializer(serializers.Serializer):
    end = serializers.DateField()


class CommitteeSeatSerializer(_ForceSerializer):
    create_service = staticmethod(services.seat_create)
    update_service = staticmethod(services.seat_update)
    record_arg = "seat"

    class Meta:
        model = CommitteeSeat
        fields = ["id", "person", "station", "level", "community", "committee", "position", "since", "until"]


class AwardSerializer(_ForceSerializer):
    create_service = staticmethod(services.award_create)
    update_service = staticmethod(services.award_update)

    class Meta:
        model = Award
        fields = ["id", "person", "station", "unit", "kind", "title", "awarded_on"]


class AssignmentViewSet(ScopedModelViewSet):
    """Posts with history (两队一室 and the bureau's offices); secondments and new recruits' first posts."""

    queryset = Assignment.objects.select_related("station").prefetch_related("communities").order_by("id")
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter
    ordering_fields = ["id", "start"]

    @extend_schema(request=AssignmentEndSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        assignment = self.get_object()
        data = AssignmentEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = services.assignment_end(assignment=assignment, by=request.user, end=data.validated_data["end"])
        return Response(AssignmentSerializer(assignment, context=self.get_serializer_context()).data)


class CommitteeSeatViewSet(ScopedModelViewSet):
    """Seats on township/street and community/village committees (两进)."""

    queryset = CommitteeSeat.objects.order_by("id")
    serializer_class = CommitteeSeatSerializer
    filterset_class = CommitteeSeatFilter
    ordering_fields = ["id", "since"]


class AwardViewSet(ScopedModelViewSet):
    """Awards and promotions, by unit."""

    queryset = Award.objects.order_by("id")
    serializer_class = AwardSerializer
    filterset_class = AwardFilter
    ordering_fields = ["id", "awarded_on"]


SHARE = inline_serializer(
    "StaffingShare",
    {
        "part": serializers.IntegerField(),
        "whole": serializers.IntegerField(),
        "percent": serializers.FloatField(allow_null=True),
        "target": serializers.IntegerField(),
        "missed": serializers.BooleanField(),
    },
)


def _share(share) -> dict:
    percent = share.percent
    return {
        "part": share.part,
        "whole": share.whole,
        "percent": round(percent, 2) if percent is not None else None,
        "target": share.target,
        "missed": share.missed,
    }


class ViewAssignmentPermission(DjangoModelPermissions):
    perms_map = {**DjangoModelPermissions.perms_map, "GET": ["%(app_label)s.view_%(model_name)s"]}


class StaffingSummaryView(APIView):
    """The figures of the staffing page: each share against its target, today and by month."""

    permission_classes = [IsAuthenticated, ViewAssignmentPermission]
    queryset = Assignment.objects.none()

    @extend_schema(
        responses=inline_serializer(
            "StaffingSummary",
            {
                "on": serializers.DateField(),
                "stations": serializers.ListField(
                    child=inline_serializer(
                        "StaffingStation",
                        {
                            "station": serializers.IntegerField(),
                            "name": serializers.CharField(),
                            "police": serializers.IntegerField(),
                            "community_squad": SHARE,
                            "township_seat": serializers.BooleanField(),
                            "communities_without_seat": serializers.IntegerField(),
                        },
                    )
                ),
                "front_line": SHARE,
                "awards_to_stations": SHARE,
                "secondments": serializers.DictField(child=serializers.IntegerField()),
                "new_recruits_at_stations": serializers.IntegerField(),
                "teams": serializers.DictField(child=serializers.IntegerField()),
                "seats": serializers.DictField(child=serializers.IntegerField()),
                "history": serializers.ListField(child=serializers.DictField()),
            },
        )
    )
    def get(self, request):
        user = request.user
        station_id = None if is_bureau_level(user) else (user_station_id(user) or 0)
        data = selectors.overview(user, station_id=station_id)
        return Response(
            {
                "on": data.on,
                "stations": [
                    {
                        "station": row.station.pk,
                        "name": row.station.name,
                        "police": row.police,
                        "community_squad": _share(row.community_share),
                        "township_seat": row.has_township_seat,
                        "communities_without_seat": len(row.communities_without_seat),
                    }
                    for row in data.stations
                ],
                "front_line": _share(data.front_line),
                "awards_to_stations": _share(data.awards),
                "secondments": {str(k): v for k, v in data.secondments.items()},
                "new_recruits_at_stations": data.new_recruits_at_stations,
                "teams": {str(k): v for k, v in data.teams.items()},
                "seats": data.seats,
                "history": [
                    {
                        "month": h["month"].isoformat()[:7],
                        "front_line": _share(h["front_line"]),
                        "awards_to_stations": _share(h["awards"]),
                        "stations_missing_community_target": h["stations_missed"],
                    }
                    for h in data.history
                ],
            }
        )


router = SimpleRouter()
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("committee-seats", CommitteeSeatViewSet, basename="committee-seat")
router.register("awards", AwardViewSet, basename="award")

from django.urls import path  # noqa: E402

urlpatterns = [path("staffing/summary/", StaffingSummaryView.as_view(), name="staffing-summary")]
