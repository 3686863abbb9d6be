"""The community API: registers, work log, hazards, patrol teams, patrols, police posts.

Writes go through the same services as the pages. ID numbers and phones are
masked in every response, except the fields of one record a caller with the reveal
permission asks for with `?reveal=id_number,phone` (written to the audit log).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from community import services
from community.filters import (
    ActivityFilter,
    AddressFilter,
    HazardFilter,
    HouseholdFilter,
    PatrolFilter,
    PatrolTeamFilter,
    PlaceFilter,
    PolicePostFilter,
    ResidentFilter,
)
from community.models import (
    Activity,
    Address,
    Hazard,
    Household,
    Patrol,
    PatrolTeam,
    Place,
    PolicePost,
    Resident,
    ResidentTag,
    TeamMember,
)
from community.selectors import teams_with_size
from kit.api.serializers import PersonalDataMixin, ServiceModelSerializer
from kit.api.viewsets import RevealMixin, ScopedModelViewSet


class AddressSerializer(ServiceModelSerializer):
    create_service = staticmethod(services.address_create)
    update_service = staticmethod(services.address_update)
    full_text = serializers.CharField(read_only=True)

    class Meta:
        model = Address
        fields = ["id", "station", "community", "district", "street", "number", "building", "unit", "floor", "room",
                  "full_text", "point"]  # fmt: skip
        read_only_fields = ["point"]  # set by a pin on the map (places), checked there


class HouseholdSerializer(PersonalDataMixin, ServiceModelSerializer):
    create_service = staticmethod(services.household_create)
    update_service = staticmethod(services.household_update)

    class Meta:
        model = Household
        fields = ["id", "station", "community", "address", "number", "kind", "head_name", "phone", "notes"]

    personal_fields = {"phone": "phone"}


class ResidentSerializer(PersonalDataMixin, ServiceModelSerializer):
    """`id_number` and `phone` are masked unless revealed (`?reveal=id_number,phone`, audited); the birth
    date, which is eight digits of the ID number, is null unless the ID number is revealed: `birth_year`
    and `sex` say what a masked record needs."""

    personal_fields = {"id_number": "id", "phone": "phone"}
    hidden_unless_revealed = ("birth_date",)

    create_service = staticmethod(services.resident_create)
    update_service = staticmethod(services.resident_update)

    tags = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=ResidentTag.objects.all(), required=False
    )
    revealed = serializers.SerializerMethodField(help_text="True when id_number and phone are given in full.")
    birth_year = serializers.SerializerMethodField(help_text="The year of birth, shown even when masked.")

    class Meta:
        model = Resident
        fields = ["id", "station", "community", "name", "id_number", "birth_date", "sex", "phone", "address",
                  "household", "tags", "anti_fraud_app", "notes", "revealed", "birth_year"]  # fmt: skip
        extra_kwargs = {"id_number": {"validators": []}, "birth_date": {"required": False, "allow_null": True}}

    def get_revealed(self, instance) -> bool:
        return "id_number" in (self.context.get("reveal") or ())

    def get_birth_year(self, instance) -> int | None:
        return instance.birth_date.year if instance.birth_date else None

    def validate_id_number(self, value):
        if self.instance is not None and value != self.instance.id_number:
            raise serializers.ValidationError(_("The ID number is stored once and cannot be changed."))
        return value


class PlaceSerializer(PersonalDataMixin, ServiceModelSerializer):
    create_service = staticmethod(services.place_create)
    update_service = staticmethod(services.place_update)

    class Meta:
        model = Place
        fields = ["id", "station", "community", "name", "kind", "address", "credit_code", "contact_name",
                  "contact_phone", "notes"]  # fmt: skip
        validators = []  # the service names the duplicate on `name`

    personal_fields = {"contact_phone": "phone"}


class ActivitySerializer(ServiceModelSerializer):
    create_service = staticmethod(services.activity_create)
    update_service = staticmethod(services.activity_update)
    officer = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "station", "community", "officer", "kind", "occurred_at", "summary", "household", "resident",
                  "place", "people_reached", "help_outcome", "installs"]  # fmt: skip


class HazardSerializer(ServiceModelSerializer):
    create_service = staticmethod(services.hazard_create)
    update_service = staticmethod(services.hazard_update)
    officer = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Hazard
        fields = ["id", "station", "community", "activity", "place", "standard_address", "officer", "category",
                  "description", "found_on", "due_on", "status", "rectified_on", "rectification_note"]  # fmt: skip
        read_only_fields = ["status", "rectified_on", "rectification_note"]
        validators = []  # the deadline check is the service's, on `due_on`


class HazardRectifySerializer(serializers.Serializer):
    rectified_on = serializers.DateField()
    rectification_note = serializers.CharField()


class TeamMemberSerializer(PersonalDataMixin, serializers.ModelSerializer):
    personal_fields = {"phone": "phone"}

    class Meta:
        model = TeamMember
        fields = ["id", "name", "affiliation", "phone", "active"]
        read_only_fields = ["active"]


class PatrolTeamSerializer(ServiceModelSerializer):
    create_service = staticmethod(services.patrol_team_create)
    update_service = staticmethod(services.patrol_team_update)
    record_arg = "team"
    members = TeamMemberSerializer(many=True, read_only=True)
    size_class = serializers.SerializerMethodField(help_text="Derived: under (<5), small (5–10), medium (>10).")

    class Meta:
        model = PatrolTeam
        fields = ["id", "station", "name", "kind", "communities", "notes", "members", "size_class"]

    def get_size_class(self, team) -> str:
        return str(team.size_class.value)


class PatrolSerializer(ServiceModelSerializer):
    create_service = staticmethod(services.patrol_create)
    update_service = staticmethod(services.patrol_update)

    class Meta:
        model = Patrol
        fields = ["id", "station", "team", "community", "started_at", "ended_at", "area", "police_count",
                  "volunteer_count", "findings"]  # fmt: skip
        validators = []


class PolicePostSerializer(ServiceModelSerializer):
    create_service = staticmethod(services.police_post_create)
    update_service = staticmethod(services.police_post_update)
    record_arg = "post"

    class Meta:
        model = PolicePost
        fields = ["id", "station", "kind", "name", "community", "location", "latitude", "longitude", "opening_hours",
                  "phone", "officers"]  # fmt: skip


class AddressViewSet(ScopedModelViewSet):
    """Standard addresses (标准地址)."""

    queryset = Address.objects.order_by("id")
    serializer_class = AddressSerializer
    filterset_class = AddressFilter
    ordering_fields = ["street", "number", "id"]


class HouseholdViewSet(RevealMixin, ScopedModelViewSet):
    """Households (户); phones masked."""

    revealable_fields = ("phone",)
    queryset = Household.objects.select_related("address").order_by("id")
    serializer_class = HouseholdSerializer
    filterset_class = HouseholdFilter
    ordering_fields = ["id", "head_name"]


@extend_schema_view(
    create=extend_schema(
        examples=[
            OpenApiExample(
                "New resident",
                value={
                    "community": 1,
                    "name": "张三",
                    "id_number": "430702199001012372",
                    "phone": "13812345678",
                    "tags": ["elderly_alone"],
                },
                request_only=True,
            )
        ]
    ),
)
class ResidentViewSet(RevealMixin, ScopedModelViewSet):
    """Residents (实有人口). ID numbers and phones are masked (430702********1234, 138****5678)."""

    queryset = Resident.objects.select_related("community").prefetch_related("tags").order_by("id")
    serializer_class = ResidentSerializer
    filterset_class = ResidentFilter
    ordering_fields = ["id", "name"]


class PlaceViewSet(RevealMixin, ScopedModelViewSet):
    """Places and organisations (场所/单位); contact phones masked."""

    revealable_fields = ("contact_phone",)
    queryset = Place.objects.order_by("id")
    serializer_class = PlaceSerializer
    filterset_class = PlaceFilter
    ordering_fields = ["id", "name", "kind"]


class ActivityViewSet(ScopedModelViewSet):
    """The community work log (社区工作日志): visits, inspections, publicity, consultations, help, app installs."""

    queryset = Activity.objects.order_by("-occurred_at", "-id")
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    ordering_fields = ["occurred_at", "id"]

    def get_queryset(self):
        return super().get_queryset().select_related("officer")


class HazardViewSet(ScopedModelViewSet):
    """Hazards (隐患): found → rectification due → rectified / overdue."""

    queryset = Hazard.objects.order_by("due_on", "id")
    serializer_class = HazardSerializer
    filterset_class = HazardFilter
    ordering_fields = ["due_on", "found_on", "id"]
    action_permissions = {"rectify": ["community.change_hazard"]}

    @extend_schema(request=HazardRectifySerializer, responses={200: HazardSerializer})
    @action(detail=True, methods=["post"])
    def rectify(self, request, pk=None):
        """Mark the hazard rectified (整改完成)."""
        hazard = self.get_object()
        payload = HazardRectifySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.hazard_rectify(hazard=hazard, by=request.user, **payload.validated_data)
        return Response(self.get_serializer(hazard).data)


class PatrolTeamViewSet(RevealMixin, ScopedModelViewSet):
    """Patrol teams and community policing teams, with their five-in-one members and derived size class."""

    revealable_fields = ("phone",)  # the members'

    queryset = PatrolTeam.objects.order_by("id")
    serializer_class = PatrolTeamSerializer
    filterset_class = PatrolTeamFilter
    ordering_fields = ["id", "name"]
    action_permissions = {"members": ["community.change_patrolteam"]}

    def get_queryset(self):
        return teams_with_size(super().get_queryset()).prefetch_related("communities", "members")

    @extend_schema(request=TeamMemberSerializer, responses={201: TeamMemberSerializer})
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        """Add a member to the team."""
        team = self.get_object()
        payload = TeamMemberSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        member = services.team_member_add(team=team, by=request.user, **payload.validated_data)
        return Response(TeamMemberSerializer(member).data, status=201)


class PatrolViewSet(ScopedModelViewSet):
    """Patrols (巡逻): team, times, area, police and volunteer head-counts, findings."""

    queryset = Patrol.objects.order_by("-started_at", "-id")
    serializer_class = PatrolSerializer
    filterset_class = PatrolFilter
    ordering_fields = ["started_at", "id"]


class PolicePostViewSet(ScopedModelViewSet):
    """Police rooms (警务室) and kiosks (岗亭)."""

    queryset = PolicePost.objects.prefetch_related("officers").order_by("id")
    serializer_class = PolicePostSerializer
    filterset_class = PolicePostFilter
    ordering_fields = ["id", "name"]


router = SimpleRouter()
router.register("addresses", AddressViewSet, basename="address")
router.register("households", HouseholdViewSet, basename="household")
router.register("residents", ResidentViewSet, basename="resident")
router.register("places", PlaceViewSet, basename="place")
router.register("community-activities", ActivityViewSet, basename="community-activity")
router.register("hazards", HazardViewSet, basename="hazard")
router.register("patrol-teams", PatrolTeamViewSet, basename="patrol-team")
router.register("patrols", PatrolViewSet, basename="patrol")
router.register("police-posts", PolicePostViewSet, basename="police-post")
