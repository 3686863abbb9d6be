"""The anti-fraud API: /api/v1/fraud-warnings/ (the anti-fraud centre's warnings arrive here too)
with `handle` for the outcome. ID numbers and phones answered masked; `?reveal=` for one record."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from antifraud import services
from antifraud.choices import WarningOutcome
from antifraud.filters import FraudWarningFilter
from antifraud.models import FraudWarning
from kit.api.serializers import PersonalDataMixin, ServiceModelSerializer
from kit.api.viewsets import RevealMixin, ScopedModelViewSet
from kit.personal import sees_personal_data

READ_ONLY = ["community", "resident", "address", "status", "outcome", "loss_amount", "outcome_note", "handled_at",
             "handled_by", "cheated_after", "victim_incident", "victim_case", "received_at"]  # fmt: skip


class FraudWarningSerializer(PersonalDataMixin, ServiceModelSerializer):
    personal_fields = {"id_number": "id", "phone": "phone"}
    create_service = staticmethod(services.warning_create)
    update_service = staticmethod(services.warning_update)
    record_arg = "fraudwarning"
    deadline_hours = serializers.IntegerField(
        write_only=True, required=False, min_value=1, max_value=services.MAX_DEADLINE_HOURS,
        help_text="Hours from receipt to the deadline (default 24); or give `deadline`.",
    )  # fmt: skip

    class Meta:
        model = FraudWarning
        fields = ["id", "station", "reference", "person_name", "id_number", "phone", "reason", "warned_at",
                  "deadline", "deadline_hours", "officer", *READ_ONLY]  # fmt: skip
        read_only_fields = READ_ONLY
        extra_kwargs = {"deadline": {"required": False}, "officer": {"read_only": True}}

    def update(self, instance, validated_data):
        # Identity and origin are the centre's; an edit corrects the reason, deadline or routing.
        for name in ("reference", "id_number", "phone", "warned_at", "deadline_hours"):
            if name in validated_data:
                raise serializers.ValidationError({name: ["This field cannot be changed."]})
        return super().update(instance, validated_data)


class HandleSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=WarningOutcome.choices)
    loss_amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    handled_at = serializers.DateTimeField(required=False)


class FraudWarningViewSet(RevealMixin, ScopedModelViewSet):
    """Anti-fraud warnings (预警处置): matched to a resident, routed to the community's officer."""

    queryset = FraudWarning.objects.order_by("id")
    serializer_class = FraudWarningSerializer
    filterset_class = FraudWarningFilter
    ordering_fields = ["id", "deadline", "received_at"]

    def may_reveal(self, user) -> bool:
        return sees_personal_data(user)

    @extend_schema(request=HandleSerializer, responses=FraudWarningSerializer)
    @action(detail=True, methods=["post"])
    def handle(self, request, pk=None):
        warning = self.get_object()
        data = HandleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        warning = services.warning_handle(warning=warning, by=request.user, **data.validated_data)
        return Response(FraudWarningSerializer(warning, context=self.get_serializer_context()).data)


router = SimpleRouter()
router.register("fraud-warnings", FraudWarningViewSet, basename="fraud-warning")
