"""The equipment API: /api/v1/equipment/ (items, with issue, return, status and maintain) and
/api/v1/footage/ (body-camera footage references, matched to incidents)."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from equipment import services
from equipment.choices import ItemStatus, ReturnCondition
from equipment.filters import EquipmentItemFilter, FootageFilter
from equipment.models import EquipmentItem, Footage, Issue
from kit.api.serializers import ServiceModelSerializer
from kit.api.viewsets import ScopedModelViewSet
from kit.fields import BoundedPrimaryKeyRelatedField
from stations.selectors import station_staff


class IssueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Issue
        fields = ["id", "holder", "signature", "issued_at", "issued_by", "returned_at", "returned_to", "condition"]
        read_only_fields = fields


class EquipmentItemSerializer(ServiceModelSerializer):
    create_service = staticmethod(services.item_create)
    update_service = staticmethod(services.item_update)
    record_arg = "equipmentitem"
    maintenance_due_on = serializers.DateField(read_only=True, allow_null=True)
    battery_due_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = EquipmentItem
        fields = ["id", "station", "type", "serial", "status", "holder", "received_on", "last_maintained_on",
                  "battery_replaced_on", "maintenance_due_on", "battery_due_on", "notes"]  # fmt: skip
        read_only_fields = ["status", "holder"]


class IssueRequestSerializer(serializers.Serializer):
    holder = BoundedPrimaryKeyRelatedField(queryset=get_user_model().objects.none())
    signature = serializers.CharField(max_length=50)
    issued_at = serializers.DateTimeField(required=False)

    def __init__(self, *args, item=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if item is not None:
            self.fields["holder"].queryset = station_staff(user, station_id=item.station_id)


class ReturnRequestSerializer(serializers.Serializer):
    returned_at = serializers.DateTimeField(required=False)
    condition = serializers.ChoiceField(choices=ReturnCondition.choices, default=ReturnCondition.GOOD)


class StatusRequestSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[c for c in ItemStatus.choices if c[0] != ItemStatus.ISSUED])
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class MaintainRequestSerializer(serializers.Serializer):
    on = serializers.DateField()
    battery = serializers.BooleanField(default=False)


class EquipmentItemViewSet(ScopedModelViewSet):
    """Equipment items by serial number; issue to and take back from an officer, report lost or damaged."""

    queryset = EquipmentItem.objects.select_related("type").order_by("id")
    serializer_class = EquipmentItemSerializer
    filterset_class = EquipmentItemFilter
    ordering_fields = ["id", "serial"]

    def _answer(self, item):
        item.refresh_from_db()
        return Response(EquipmentItemSerializer(item, context=self.get_serializer_context()).data)

    @extend_schema(request=IssueRequestSerializer, responses=EquipmentItemSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        item = self.get_object()
        data = IssueRequestSerializer(data=request.data, item=item, user=request.user)
        data.is_valid(raise_exception=True)
        services.item_issue(item=item, by=request.user, **data.validated_data)
        return self._answer(item)

    @extend_schema(request=ReturnRequestSerializer, responses=EquipmentItemSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_item(self, request, pk=None):
        item = self.get_object()
        data = ReturnRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.item_return(item=item, by=request.user, **data.validated_data)
        return self._answer(item)

    @extend_schema(request=StatusRequestSerializer, responses=EquipmentItemSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        item = self.get_object()
        data = StatusRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.item_set_status(item=item, by=request.user, **data.validated_data)
        return self._answer(item)

    @extend_schema(request=MaintainRequestSerializer, responses=EquipmentItemSerializer)
    @action(detail=True, methods=["post"])
    def maintain(self, request, pk=None):
        item = self.get_object()
        data = MaintainRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.item_maintain(item=item, by=request.user, **data.validated_data)
        return self._answer(item)

    @extend_schema(responses=IssueSerializer(many=True))
    @action(detail=True, methods=["get"])
    def issues(self, request, pk=None):
        item = self.get_object()
        return Response(IssueSerializer(item.issues.all()[:200], many=True).data)


class FootageSerializer(ServiceModelSerializer):
    create_service = staticmethod(services.footage_register)

    class Meta:
        model = Footage
        fields = ["id", "station", "device", "file_id", "started_at", "ended_at", "holder", "incidents"]
        read_only_fields = ["holder", "incidents"]


class FootageViewSet(ScopedModelViewSet):
    """Body-camera footage references (no video stored), matched to incidents by wearer and time."""

    queryset = Footage.objects.prefetch_related("incidents").order_by("id")
    serializer_class = FootageSerializer
    filterset_class = FootageFilter
    ordering_fields = ["id", "started_at"]
    http_method_names = ["get", "post", "head", "options"]


router = SimpleRouter()
router.register("equipment", EquipmentItemViewSet, basename="equipment")
router.register("footage", FootageViewSet, basename="footage")
