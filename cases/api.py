"""API of the cases app: /api/v1/incidents/, /api/v1/cases/, /api/v1/case-people/,
/api/v1/custody-records/, with transitions as POST actions and the timelines."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from cases import selectors, services
from cases.choices import CaseStatus
from cases.filters import CaseFilter, CasePersonFilter, CustodyRecordFilter, IncidentFilter
from cases.models import Case, CasePerson, CustodyRecord, Incident, TimelineEvent
from community.validators import clean_optional_id_number, mask_id_number, mask_phone
from stations.api.viewsets import ScopedModelSerializer, ScopedModelViewSet, VersionedSerializerMixin
from stations.models import Station, person_name
from stations.selectors import station_staff

User = get_user_model()


class StaffField(serializers.PrimaryKeyRelatedField):
    """An active user of a station the caller can see; anyone else is a 400 on the field."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", User.objects.all())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return station_staff(request.user) if request is not None else User.objects.none()


class TimelineEventSerializer(serializers.ModelSerializer):
    by_name = serializers.SerializerMethodField()
    text = serializers.CharField(source="display_text", read_only=True)  # in the caller's language

    class Meta:
        model = TimelineEvent
        fields = ["id", "at", "kind", "from_status", "to_status", "text", "by", "by_name", "incident", "case"]

    def get_by_name(self, obj) -> str:
        return person_name(obj.by) if obj.by else ""


INCIDENT_EXAMPLE = {
    "category": "dispute",
    "channel": "110",
    "occurred_at": "2026-11-30T09:40:00+08:00",
    "reported_at": "2026-11-30T09:45:00+08:00",
    "community": 1,
    "address": "武陵区朝阳路12号3栋",
    "reporter_name": "王女士",
    "summary": "楼上装修噪音扰民",
}


class IncidentSerializer(VersionedSerializerMixin, ScopedModelSerializer):
    responding_officer = StaffField(required=False, allow_null=True)
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = Incident
        fields = [
            "id",
            "number",
            "station",
            "version",
            "status",
            *sorted(services.INCIDENT_FIELDS),
            "created_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "review_note",
            "warnings",
        ]
        read_only_fields = [
            "number",
            "status",
            "created_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "review_note",
        ]

    def get_warnings(self, obj) -> list[str]:
        # Only on single-record answers: a list stays at a constant number of queries.
        if self.context.get("view") is not None and getattr(self.context["view"], "action", "") == "list":
            return []
        values = {name: getattr(obj, name) for name in services.INCIDENT_FIELDS}
        return services.incident_warnings(station_id=obj.station_id, values=values, exclude_pk=obj.pk)

    def create(self, validated_data):
        station_id = validated_data.pop("station_id", None)
        station = validated_data.pop("station", None) or Station.objects.get(pk=station_id)
        validated_data.pop("version", None)
        return services.incident_create(by=self.context["request"].user, station=station, **validated_data)

    def update(self, instance, validated_data):
        expected = validated_data.pop("version")
        validated_data.pop("station", None)
        return services.incident_update(
            incident=instance, by=self.context["request"].user, expected_version=expected, **validated_data
        )


class ReturnSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class CaseSerializer(VersionedSerializerMixin, ScopedModelSerializer):
    officers = StaffField(many=True, required=False)
    lead_officer = StaffField(required=False, allow_null=True)
    incidents = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=Incident.objects.all())

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "station",
            "version",
            "status",
            "status_reason",
            *sorted(services.CASE_FIELDS),
            "solved_at",
            "closed_at",
            "lead_officer",
            "officers",
            "incidents",
            "series",
        ]
        read_only_fields = ["number", "status", "status_reason", "solved_at", "closed_at", "series"]

    def create(self, validated_data):
        station_id = validated_data.pop("station_id", None)
        station = validated_data.pop("station", None) or Station.objects.get(pk=station_id)
        validated_data.pop("version", None)
        return services.case_register(by=self.context["request"].user, station=station, **validated_data)

    def update(self, instance, validated_data):
        expected = validated_data.pop("version")
        validated_data.pop("station", None)
        officers = validated_data.pop("officers", None)
        lead = validated_data.pop("lead_officer", instance.lead_officer)
        validated_data.pop("incidents", None)
        user = self.context["request"].user
        case = services.case_update(case=instance, by=user, expected_version=expected, **validated_data)
        if officers is not None:
            services.case_assign(case=case, by=user, officers=officers, lead_officer=lead, due_date=case.due_date)
        return case


class TransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=CaseStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200)
    at = serializers.DateTimeField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False, help_text="Refuse with 409 if the case changed since.")


class AssignSerializer(serializers.Serializer):
    officers = StaffField(many=True)
    lead_officer = StaffField(required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)


class SeriesLinkSerializer(serializers.Serializer):
    other = serializers.PrimaryKeyRelatedField(queryset=Case.objects.all())
    name = serializers.CharField(required=False, allow_blank=True, max_length=100)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["other"].queryset = Case.objects.visible_to(request.user)
        return fields


class CasePersonSerializer(ScopedModelSerializer):
    """`id_number` and `phone` are written in full and always answered masked, as for residents."""

    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.all())
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = CasePerson
        fields = ["id", "case", "version", "role", "name", "id_number", "phone", "resident", "status", "note"]

    def validate_id_number(self, value):
        # DRF turns Django's ValidationError raised here into this field's 400.
        return clean_optional_id_number(value)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["id_number"] = mask_id_number(instance.id_number)
        data["phone"] = mask_phone(instance.phone)
        return data

    def create(self, validated_data):
        case = validated_data.pop("case")
        return services.case_person_add(case=case, by=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        status_value = validated_data.get("status", instance.status)
        return services.case_person_set_status(
            person=instance, by=self.context["request"].user, status=status_value, note=validated_data.get("note", "")
        )


class CustodyRecordSerializer(VersionedSerializerMixin, ScopedModelSerializer):
    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.all())

    class Meta:
        model = CustodyRecord
        fields = ["id", "case", "station", "version", *sorted(services.CUSTODY_FIELDS), "recorded_by"]
        read_only_fields = ["station", "recorded_by"]

    def create(self, validated_data):
        validated_data.pop("station_id", None)
        validated_data.pop("version", None)
        case = validated_data.pop("case")
        return services.custody_record_create(case=case, by=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        expected = validated_data.pop("version")
        validated_data.pop("case", None)
        return services.custody_record_update(
            record=instance, by=self.context["request"].user, expected_version=expected, **validated_data
        )


@extend_schema_view(
    create=extend_schema(examples=[OpenApiExample("A noise complaint from 110", value=INCIDENT_EXAMPLE)]),
    update=extend_schema(description="Send `version`; a stale one answers 409 Conflict."),
    partial_update=extend_schema(
        description="Send `version`; a stale one answers 409 Conflict.",
        examples=[OpenApiExample("Arrival recorded", value={"version": 1, "arrived_at": "2026-11-30T09:58:00+08:00"})],
    ),
)
class IncidentViewSet(ScopedModelViewSet):
    """Incidents (警情) of the stations the caller may see; submit, approve and return as actions."""

    queryset = Incident.objects.select_related("station", "community", "responding_officer")
    serializer_class = IncidentSerializer
    filterset_class = IncidentFilter
    ordering_fields = ["reported_at", "occurred_at", "number", "status", "category"]
    action_permissions = {
        "submit": ["cases.change_incident"],
        "approve": ["cases.review_incident"],
        "return_": ["cases.review_incident"],
        "timeline": ["cases.view_incident"],
    }

    @extend_schema(request=None, responses={200: IncidentSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit the report for review (needs a disposition)."""
        incident = services.incident_submit(incident=self.get_object(), by=request.user)
        return Response(self.get_serializer(incident).data)

    @extend_schema(request=None, responses={200: IncidentSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Supervisor: approve a submitted report."""
        incident = services.incident_approve(incident=self.get_object(), by=request.user)
        return Response(self.get_serializer(incident).data)

    @extend_schema(
        request=ReturnSerializer,
        responses={200: IncidentSerializer},
        examples=[OpenApiExample("Return", value={"note": "补充到场时间"})],
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """Supervisor: return a submitted report with a note saying what to correct."""
        incident = self.get_object()
        data = ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.incident_return(incident=incident, by=request.user, note=data.validated_data["note"])
        return Response(self.get_serializer(incident).data)

    @extend_schema(request=None, responses={200: TimelineEventSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def timeline(self, request, pk=None):
        """Every step of the incident, oldest first."""
        events = selectors.incident_timeline(self.get_object())
        return Response(TimelineEventSerializer(events, many=True).data)


@extend_schema_view(
    create=extend_schema(
        examples=[
            OpenApiExample(
                "Register from an incident",
                value={
                    "kind": "criminal",
                    "offense_type": "burglary",
                    "title": "朝阳路12号入室盗窃",
                    "incidents": [1],
                    "officers": [3],
                    "due_date": "2026-12-30",
                    "loss_amount": "5000.00",
                },
            )
        ]
    ),
    update=extend_schema(description="Send `version`; a stale one answers 409 Conflict."),
    partial_update=extend_schema(description="Send `version`; a stale one answers 409 Conflict."),
)
class CaseViewSet(ScopedModelViewSet):
    """Cases (案件) of the stations the caller may see; state changes, assignment and series as actions."""

    queryset = Case.objects.select_related("station", "community", "lead_officer", "series").prefetch_related(
        "officers", "incidents"
    )
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    ordering_fields = ["registered_at", "number", "status", "due_date", "solved_at", "loss_amount"]
    action_permissions = {
        "transition": ["cases.change_case"],
        "assign": ["cases.change_case"],
        "link_series": ["cases.change_case"],
        "timeline": ["cases.view_case"],
    }

    def get_serializer_class(self):
        return {
            "transition": TransitionSerializer,
            "assign": AssignSerializer,
            "link_series": SeriesLinkSerializer,
        }.get(self.action, CaseSerializer)

    def _answer(self, case):
        case = self.get_queryset().get(pk=case.pk)
        return Response(CaseSerializer(case, context=self.get_serializer_context()).data)

    @extend_schema(
        request=TransitionSerializer,
        responses={200: CaseSerializer},
        examples=[
            OpenApiExample("Solve", value={"to_status": "solved", "at": "2026-11-30T15:00:00+08:00", "version": 3}),
            OpenApiExample("Suspend", value={"to_status": "suspended", "reason": "线索中断"}),
        ],
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the case to another status; impossible moves answer 400 with the reason."""
        case = self.get_object()
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        services.case_transition(
            case=case,
            by=request.user,
            to_status=v["to_status"],
            reason=v.get("reason", ""),
            at=v.get("at"),
            expected_version=v.get("version"),
        )
        return self._answer(case)

    @extend_schema(request=AssignSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Assign or reassign the officers, the lead and the due date."""
        case = self.get_object()
        data = AssignSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        v = data.validated_data
        services.case_assign(
            case=case,
            by=request.user,
            officers=v["officers"],
            lead_officer=v.get("lead_officer"),
            due_date=v.get("due_date"),
        )
        return self._answer(case)

    @extend_schema(request=SeriesLinkSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"], url_path="link-series")
    def link_series(self, request, pk=None):
        """Link this case and another into a series (串并案)."""
        case = self.get_object()
        data = SeriesLinkSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        services.case_link_series(
            case=case, other=data.validated_data["other"], by=request.user, name=data.validated_data.get("name", "")
        )
        return self._answer(case)

    @extend_schema(request=None, responses={200: TimelineEventSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def timeline(self, request, pk=None):
        """Every step of the case and of the incidents it came from, oldest first."""
        events = selectors.case_timeline(self.get_object())
        return Response(TimelineEventSerializer(events, many=True).data)


class CasePersonViewSet(ScopedModelViewSet):
    """People in cases (suspects, victims, witnesses); filter with `?case=<id>`. Updates change the status."""

    queryset = CasePerson.objects.select_related("case")
    serializer_class = CasePersonSerializer
    filterset_class = CasePersonFilter
    ordering_fields = ["added_at", "name", "role"]

    def perform_destroy(self, instance):
        services.case_person_remove(person=instance, by=self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.fields["case"].queryset = Case.objects.visible_to(request.user)
        serializer.is_valid(raise_exception=True)
        person = serializer.save()
        return Response(self.get_serializer(person).data, status=status.HTTP_201_CREATED)


class CustodyRecordViewSet(ScopedModelViewSet):
    """Case-processing center records (执法办案管理中心): who was brought in, collected, held, escorted where."""

    queryset = CustodyRecord.objects.select_related("case", "station")
    serializer_class = CustodyRecordSerializer
    filterset_class = CustodyRecordFilter
    ordering_fields = ["time_in", "time_out"]


router = SimpleRouter()
router.register("incidents", IncidentViewSet, basename="incident")
router.register("cases", CaseViewSet, basename="case")
router.register("case-people", CasePersonViewSet, basename="case-person")
router.register("custody-records", CustodyRecordViewSet, basename="custody-record")
urlpatterns = []
