"""API of the mediation app: disputes, sessions, agreements, follow-up visits.

Creation and every state change go through `mediation.services`; transitions
are POST actions on the record (`/api/v1/disputes/{id}/refer/` …).
"""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from community.models import Resident
from kit.api.serializers import PersonalDataMixin, ServiceModelSerializer
from kit.api.viewsets import RevealMixin, ScopedModelViewSet
from kit.personal import clean_optional_id_number, sees_personal_data
from mediation import selectors, services
from mediation.choices import (
    FollowUpResult,
    MediatingBody,
    PartySide,
    ReferralTarget,
    Satisfaction,
)
from mediation.filters import AgreementFilter, DisputeFilter, FollowUpFilter, MediationSessionFilter
from mediation.models import Agreement, Dispute, FollowUp, MediationSession, Party
from stations.selectors import station_staff

User = get_user_model()


class StaffField(serializers.PrimaryKeyRelatedField):
    """A user at the caller's station (all station staff for the bureau)."""

    def get_queryset(self):
        request = self.context.get("request")
        return station_staff(request.user) if request else User.objects.none()


class PartySerializer(PersonalDataMixin, serializers.ModelSerializer):
    """Parties' ID numbers and phones are answered masked; police ask for one dispute's in full with
    `?reveal=id_number,phone` (audited); civilian mediators never see them in full."""

    personal_fields = {"id_number": "id", "phone": "phone"}
    resident = serializers.PrimaryKeyRelatedField(queryset=Resident.objects.all(), required=False, allow_null=True)
    name = serializers.CharField(max_length=50, allow_blank=True, required=False)

    class Meta:
        model = Party
        fields = ["id", "side", "name", "phone", "id_number", "address", "resident"]
        read_only_fields = ["id"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["resident"].queryset = Resident.objects.visible_to(request.user)
        return fields

    def validate_id_number(self, value):
        # DRF turns Django's ValidationError raised here into this field's 400.
        return clean_optional_id_number(value)


class DisputeSerializer(ServiceModelSerializer):
    create_service = staticmethod(services.dispute_register)
    update_service = staticmethod(services.dispute_update)

    parties = PartySerializer(many=True)
    mediator = StaffField(required=False, allow_null=True)
    has_overdue_follow_up = serializers.BooleanField(read_only=True)

    class Meta:
        model = Dispute
        fields = [
            "id",
            "number",
            "station",
            "community",
            "incident",
            "source",
            "category",
            "risk",
            "summary",
            "description",
            "address",
            "standard_address",
            "status",
            "mediator",
            "registered_at",
            "resolved_at",
            "referred_to",
            "referral_note",
            "referred_at",
            "closed_at",
            "relapse_count",
            "turned_criminal_at",
            "parties",
            "has_overdue_follow_up",
        ]
        read_only_fields = [
            "turned_criminal_at",
            "number",
            "status",
            "registered_at",
            "resolved_at",
            "referred_to",
            "referral_note",
            "referred_at",
            "closed_at",
            "relapse_count",
        ]

    def get_fields(self):
        fields = super().get_fields()
        if _one_record(self):
            # Parties are added one by one after registration; the incident it came from stays.
            fields["parties"].read_only = True
            fields["incident"].read_only = True
        return fields

    def owner_kwargs(self, validated_data) -> dict:
        return {**super().owner_kwargs(validated_data), "parties": validated_data.pop("parties", [])}


def _one_record(serializer) -> bool:
    """The serializer reads or writes one stored record (an update), not a list or a new one."""
    return serializer.instance is not None and not isinstance(serializer.instance, list | tuple)


class MediationSessionSerializer(ServiceModelSerializer):
    create_service = staticmethod(services.session_record)
    update_service = staticmethod(services.session_update)
    record_arg = "session"

    mediators = StaffField(many=True, required=False)
    bodies = serializers.ListField(child=serializers.ChoiceField(choices=MediatingBody.choices), required=False)
    has_agreement = serializers.SerializerMethodField()

    class Meta:
        model = MediationSession
        fields = [
            "id",
            "dispute",
            "held_at",
            "venue",
            "location",
            "mediators",
            "other_mediators",
            "bodies",
            "attendees",
            "notes",
            "outcome",
            "has_agreement",
        ]

    def get_has_agreement(self, obj) -> bool:
        return hasattr(obj, "agreement")

    def get_fields(self):
        fields = super().get_fields()
        if _one_record(self):
            fields["dispute"].read_only = True
        return fields

    def owner_kwargs(self, validated_data) -> dict:
        return {"dispute": validated_data.pop("dispute")}


class AgreementSerializer(ServiceModelSerializer):
    create_service = staticmethod(services.agreement_record)
    update_service = staticmethod(services.agreement_update)

    follow_up_days = serializers.ListField(
        child=serializers.IntegerField(),
        write_only=True,
        required=False,
        help_text="Days after signing for the follow-up visits; default from settings (7 and 30).",
    )

    class Meta:
        model = Agreement
        fields = ["id", "number", "dispute", "session", "terms", "signed_at", "fulfilment", "follow_up_days"]
        read_only_fields = ["number", "dispute"]

    def get_fields(self):
        fields = super().get_fields()
        if _one_record(self):
            fields["session"].read_only = True
        return fields

    def owner_kwargs(self, validated_data) -> dict:
        return {"session": validated_data.pop("session")}


class FollowUpSerializer(ServiceModelSerializer):
    """Scheduling (POST) and moving (PATCH `due_date`) a visit; recording it is the `record` action."""

    create_service = staticmethod(services.follow_up_schedule)
    update_service = staticmethod(services.follow_up_update)
    record_arg = "follow_up"

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "dispute",
            "agreement",
            "due_date",
            "status",
            "done_at",
            "done_by",
            "result",
            "satisfaction",
            "notes",
        ]
        read_only_fields = [
            "agreement",
            "status",
            "done_at",
            "done_by",
            "result",
            "satisfaction",
            "notes",
        ]

    def get_fields(self):
        fields = super().get_fields()
        if _one_record(self):
            fields["dispute"].read_only = True
        return fields

    def owner_kwargs(self, validated_data) -> dict:
        return {"dispute": validated_data.pop("dispute")}


class FollowUpRecordSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=FollowUpResult.choices)
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    done_at = serializers.DateTimeField(required=False)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ReferSerializer(serializers.Serializer):
    referred_to = serializers.ChoiceField(choices=ReferralTarget.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


REGISTER_EXAMPLE = OpenApiExample(
    "Register a noise dispute",
    value={
        "source": "walk_in",
        "category": "noise",
        "risk": "orange",
        "summary": "楼上装修噪音扰民",
        "community": 1,
        "parties": [
            {"side": PartySide.APPLICANT, "name": "王桂兰", "phone": "13800000000"},
            {"side": PartySide.RESPONDENT, "name": "李建国"},
        ],
    },
    request_only=True,
)


@extend_schema_view(
    create=extend_schema(examples=[REGISTER_EXAMPLE], description="Register a dispute with its parties."),
    list=extend_schema(description="Disputes of the caller's station (every station for the bureau)."),
)
class DisputeViewSet(RevealMixin, ScopedModelViewSet):
    """Disputes (矛盾纠纷). State changes are POST actions: refer, not_resolved, close, reopen."""

    def may_reveal(self, user) -> bool:
        return sees_personal_data(user)

    queryset = (
        Dispute.objects.select_related("station", "community", "mediator")
        .prefetch_related("parties")
        .order_by("-registered_at", "-id")
    )
    serializer_class = DisputeSerializer
    filterset_class = DisputeFilter
    ordering_fields = ["registered_at", "number", "risk", "status"]
    action_permissions = {
        "refer": ["mediation.change_dispute"],
        "not_resolved": ["mediation.change_dispute"],
        "close": ["mediation.change_dispute"],
        "reopen": ["mediation.change_dispute"],
    }

    def get_queryset(self):
        return super().get_queryset().annotate(has_overdue_follow_up=selectors.overdue_follow_up_exists())

    def _respond(self, dispute):
        dispute = self.get_queryset().get(pk=dispute.pk)
        return Response(self.get_serializer(dispute).data)

    @extend_schema(request=ReferSerializer, responses={200: DisputeSerializer}, description="Refer elsewhere.")
    @action(detail=True, methods=["post"])
    def refer(self, request, pk=None):
        payload = ReferSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        dispute = services.dispute_refer(dispute=self.get_object(), by=request.user, **payload.validated_data)
        return self._respond(dispute)

    @extend_schema(request=NoteSerializer, responses={200: DisputeSerializer}, description="Mediation failed.")
    @action(detail=True, methods=["post"], url_path="not-resolved")
    def not_resolved(self, request, pk=None):
        payload = NoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        dispute = services.dispute_mark_not_resolved(
            dispute=self.get_object(), by=request.user, **payload.validated_data
        )
        return self._respond(dispute)

    @extend_schema(
        request=NoteSerializer,
        responses={200: DisputeSerializer},
        description="Close: a resolved dispute only once its follow-up visits are done.",
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        payload = NoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        dispute = services.dispute_close(dispute=self.get_object(), by=request.user, **payload.validated_data)
        return self._respond(dispute)

    @extend_schema(
        request=NoteSerializer,
        responses={200: DisputeSerializer},
        description="Reopen (back to mediation); `note` says why.",
        examples=[OpenApiExample("Relapse", value={"note": "双方再次因噪音发生争吵"}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        payload = NoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        dispute = services.dispute_reopen(
            dispute=self.get_object(), by=request.user, note=payload.validated_data.get("note", "")
        )
        return self._respond(dispute)


class MediationSessionViewSet(ScopedModelViewSet):
    """Mediation sessions; recording the first one puts the dispute in mediation."""

    queryset = (
        MediationSession.objects.select_related("dispute", "agreement")
        .prefetch_related("mediators")
        .order_by("-held_at", "-id")
    )
    serializer_class = MediationSessionSerializer
    filterset_class = MediationSessionFilter
    ordering_fields = ["held_at"]


class AgreementViewSet(ScopedModelViewSet):
    """Mediation agreements (调解协议); recording one resolves the dispute and schedules follow-ups."""

    queryset = Agreement.objects.select_related("dispute", "session").order_by("-signed_at", "-id")
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter
    ordering_fields = ["signed_at", "number"]


class FollowUpViewSet(ScopedModelViewSet):
    """Follow-up visits (回访). POST `record` with the result; a relapse reopens the dispute."""

    queryset = FollowUp.objects.select_related("dispute", "agreement", "done_by").order_by("due_date", "id")
    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilter
    ordering_fields = ["due_date", "done_at"]
    action_permissions = {"record": ["mediation.change_followup"]}

    @extend_schema(
        request=FollowUpRecordSerializer,
        responses={200: FollowUpSerializer},
        examples=[
            OpenApiExample("Stable", value={"result": "stable", "satisfaction": "satisfied"}, request_only=True),
            OpenApiExample("Relapsed", value={"result": "relapsed", "notes": "又吵起来了"}, request_only=True),
        ],
    )
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        payload = FollowUpRecordSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        follow_up = services.follow_up_record(follow_up=self.get_object(), by=request.user, **payload.validated_data)
        return Response(self.get_serializer(follow_up).data, status=status.HTTP_200_OK)


router = SimpleRouter()
router.register("disputes", DisputeViewSet, basename="dispute")
router.register("mediation-sessions", MediationSessionViewSet, basename="mediation-session")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("follow-ups", FollowUpViewSet, basename="follow-up")
