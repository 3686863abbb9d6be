"""API of the cases app: /api/v1/incidents/, /api/v1/cases/, /api/v1/case-people/,
/api/v1/custody-records/, with transitions as POST actions and the timelines."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from cases import selectors, services
from cases.choices import CaseStatus
from cases.filters import CaseFilter, CasePersonFilter, CustodyRecordFilter, IncidentFilter
from cases.models import Case, CasePerson, CustodyRecord, Incident, TimelineEvent
from cases.selectors import case_officers
from kit.api.serializers import PersonalDataMixin, ServiceModelSerializer
from kit.api.viewsets import RevealMixin, ScopedModelViewSet
from kit.personal import clean_optional_id_number, sees_personal_data
from stations.models import person_name
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


class CaseOfficerField(StaffField):
    """A police officer or auxiliary of a station the caller can see: civilian mediators do not work cases."""

    def get_queryset(self):
        request = self.context.get("request")
        return case_officers(request.user) if request is not None else User.objects.none()


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


class IncidentSerializer(PersonalDataMixin, ServiceModelSerializer):
    personal_fields = {"reporter_phone": "phone"}
    create_service = staticmethod(services.incident_create)
    update_service = staticmethod(services.incident_update)
    responding_officer = StaffField(required=False, allow_null=True)
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = Incident
        fields = [
            "id",
            "number",
            "station",
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


class ReturnSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class CaseSerializer(ServiceModelSerializer):
    """On registration, `incidents` name the incidents the case comes from: an incident a case was
    already registered from is refused (400 naming `incidents`, with that case's number) unless
    `allow_second_case` is true. An edit changes the particulars; officers and the lead are changed
    with the `assign` action, and a 400 says so if an edit sends them."""

    create_service = staticmethod(services.case_register)
    update_service = staticmethod(services.case_update)
    officers = CaseOfficerField(many=True, required=False)
    lead_officer = CaseOfficerField(required=False, allow_null=True)
    incidents = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=Incident.objects.all())
    allow_second_case = serializers.BooleanField(
        write_only=True,
        required=False,
        help_text=gettext_lazy(
            "Registration only: true to register a case from an incident that already has one "
            "(a separate offence, not a duplicate)."
        ),
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "station",
            "status",
            "status_reason",
            *sorted(services.CASE_FIELDS),
            "solved_at",
            "closed_at",
            "lead_officer",
            "officers",
            "incidents",
            "allow_second_case",
            "series",
        ]
        read_only_fields = ["number", "status", "status_reason", "solved_at", "closed_at", "series"]


class TransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=CaseStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200)
    at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "When it happened. Without it, solving, closing and withdrawing are recorded at the current time, "
            "and the case's timeline says so."
        ),
    )
    version = serializers.IntegerField(help_text=gettext_lazy("The case's version you read; 409 if it changed since."))


class AssignSerializer(serializers.Serializer):
    officers = CaseOfficerField(many=True)
    lead_officer = CaseOfficerField(required=False, allow_null=True)
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


class CasePersonSerializer(PersonalDataMixin, ServiceModelSerializer):
    """`id_number` and `phone` are written in full and always answered masked, as for residents.
    An edit (with `version`) saves every field sent, the ID number included; a person stays in their case."""

    create_service = staticmethod(services.case_person_add)
    update_service = staticmethod(services.case_person_update)
    record_arg = "person"
    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.all())

    class Meta:
        model = CasePerson
        fields = ["id", "case", "role", "name", "id_number", "phone", "resident", "status", "note"]

    personal_fields = {"id_number": "id", "phone": "phone"}

    def validate_id_number(self, value):
        # DRF turns Django's ValidationError raised here into this field's 400.
        return clean_optional_id_number(value)

    def owner_kwargs(self, validated_data) -> dict:
        return {"case": validated_data.pop("case")}

    def update(self, instance, validated_data):
        case = validated_data.pop("case", instance.case)
        if case != instance.case:
            raise serializers.ValidationError(
                {"case": [_("A person cannot move to another case: add them to that case instead.")]}
            )
        return super().update(instance, validated_data)


class CustodyRecordSerializer(ServiceModelSerializer):
    create_service = staticmethod(services.custody_record_create)
    update_service = staticmethod(services.custody_record_update)
    record_arg = "record"
    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.all())

    class Meta:
        model = CustodyRecord
        fields = ["id", "case", "station", *sorted(services.CUSTODY_FIELDS), "recorded_by"]
        read_only_fields = ["station", "recorded_by"]

    def owner_kwargs(self, validated_data) -> dict:
        # The record belongs to its case's station.
        validated_data.pop("station_id", None)
        return {"case": validated_data.pop("case")}

    def update(self, instance, validated_data):
        case = validated_data.pop("case", instance.case)
        if case != instance.case:
            raise serializers.ValidationError({"case": [_("A record stays with the case it was made for.")]})
        return super().update(instance, validated_data)


@extend_schema_view(
    create=extend_schema(examples=[OpenApiExample("A noise complaint from 110", value=INCIDENT_EXAMPLE)]),
    update=extend_schema(description="Send `version`; a stale one answers 409 Conflict."),
    partial_update=extend_schema(
        description="Send `version`; a stale one answers 409 Conflict.",
        examples=[OpenApiExample("Arrival recorded", value={"version": 1, "arrived_at": "2026-11-30T09:58:00+08:00"})],
    ),
)
class IncidentViewSet(RevealMixin, ScopedModelViewSet):
    """Incidents (警情) of the stations the caller may see; submit, approve and return as actions.
    The reporter's phone is masked unless a police officer asks for it with `?reveal=reporter_phone`."""

    revealable_fields = ("reporter_phone",)

    def may_reveal(self, user) -> bool:
        return sees_personal_data(user)

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
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
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
            OpenApiExample("Suspend", value={"to_status": "suspended", "reason": "线索中断", "version": 4}),
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
            expected_version=v["version"],
            to_status=v["to_status"],
            reason=v.get("reason", ""),
            at=v.get("at"),
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
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def timeline(self, request, pk=None):
        """Every step of the case and of the incidents it came from, oldest first."""
        events = selectors.case_timeline(self.get_object())
        return Response(TimelineEventSerializer(events, many=True).data)


class CasePersonViewSet(RevealMixin, ScopedModelViewSet):
    """People in cases (suspects, victims, witnesses); filter with `?case=<id>`. DELETE takes a person
    recorded in error out of the case, and the case's timeline says who."""

    def may_reveal(self, user) -> bool:
        return sees_personal_data(user)

    queryset = CasePerson.objects.select_related("case")
    serializer_class = CasePersonSerializer
    filterset_class = CasePersonFilter
    ordering_fields = ["added_at", "name", "role"]
    destroy_service = staticmethod(services.case_person_remove)
    record_arg = "person"


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
