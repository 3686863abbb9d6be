"""API of the control centre: orders (`/api/v1/tasks/`), their items (`/api/v1/task-items/`) and the
target lists (`/api/v1/target-lists/`).

Drafting and editing are POST and PATCH on `tasks`; every transition is a POST action on the order,
one service call each (`control.services`). The station's actions (`sign`, `split`, `assign`, `submit`)
and the centre's `verify` act on one station's part: the caller's own station, or the one named in
`station`. A change out of order answers 409; bad input 400 naming the field.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from cases.models import Incident
from community.models import Activity, Hazard
from control import services
from control.choices import Department, Evidence, ItemResult, ItemStatus, OrderKind, Priority
from control.filters import ItemFilter, OrderFilter, TargetListFilter
from control.models import Order, StationTask, TargetList, TaskItem
from kit.api.serializers import ScopedModelSerializer, ServiceModelSerializer
from kit.api.viewsets import ScopedModelViewSet, ScopedReadOnlyModelViewSet
from kit.fields import MAX_ID, BoundedPrimaryKeyRelatedField
from stations.models import Station
from stations.scoping import is_bureau_level, user_station_id
from stations.selectors import station_staff

User = get_user_model()


class PartSerializer(serializers.ModelSerializer):
    items = serializers.IntegerField(source="item_count", read_only=True)
    items_done = serializers.IntegerField(source="done_count", read_only=True)

    class Meta:
        model = StationTask
        fields = [
            "id",
            "station",
            "status",
            "received_at",
            "sign_due",
            "signed_at",
            "submitted_at",
            "answer",
            "verified_at",
            "verify_note",
            "times_returned",
            "items",
            "items_done",
        ]
        read_only_fields = fields


class OrderSerializer(ServiceModelSerializer):
    create_service = staticmethod(services.order_create)
    update_service = staticmethod(services.order_update)

    deadline_hours = serializers.IntegerField(
        write_only=True,
        required=False,
        min_value=1,
        max_value=168,
        help_text="Warning orders (预警单): the deadline in hours from now, instead of `deadline`.",
    )
    parts = PartSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "number",
            "kind",
            "title",
            "standard",
            "evidence",
            "priority",
            "deadline",
            "deadline_hours",
            "department",
            "status",
            "stations",
            "communities",
            "target_list",
            "about",
            "parent",
            "merged_into",
            "issued_by",
            "created_at",
            "submitted_at",
            "admitted_at",
            "return_reason",
            "closed_at",
            "version",
            "parts",
        ]
        read_only_fields = [
            "number",
            "status",
            "parent",
            "merged_into",
            "issued_by",
            "created_at",
            "submitted_at",
            "admitted_at",
            "return_reason",
            "closed_at",
            "version",
        ]
        extra_kwargs = {"deadline": {"required": False}, "department": {"required": False}}

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["kind"].read_only = True
            fields["target_list"].read_only = True
        return fields

    def owner_kwargs(self, validated_data) -> dict:
        return {"bureau": services.user_bureau(self.context["request"].user)}


class OrderNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class OrderReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text="Why the centre returns the order to its issuer.")


class OrderAdmitSerializer(serializers.Serializer):
    stations = BoundedPrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Station.objects.all(),
        help_text="Cut the scope to these of the stations addressed; omitted: all of them.",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class OrderMergeSerializer(serializers.Serializer):
    into = BoundedPrimaryKeyRelatedField(queryset=Order.objects.all(), help_text="The open order to merge into.")

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["into"].queryset = Order.objects.visible_to(request.user)
        return fields


class OrderUrgeSerializer(serializers.Serializer):
    stations = BoundedPrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Station.objects.all(),
        help_text="Urge these of the overdue stations; omitted: every station where the order is overdue.",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class StationChoiceSerializer(serializers.Serializer):
    station = BoundedPrimaryKeyRelatedField(
        required=False,
        queryset=Station.objects.all(),
        help_text="The station's part acted on; omitted: the caller's own station (or the only one).",
    )


class SplitItemSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=200)
    community = BoundedPrimaryKeyRelatedField(required=False, allow_null=True, queryset=Station.objects.none())

    def get_fields(self):
        from stations.models import Community

        fields = super().get_fields()
        fields["community"].queryset = Community.objects.all()
        return fields


class PartSplitSerializer(StationChoiceSerializer):
    by_community = serializers.BooleanField(required=False, default=False, help_text="One item per community.")
    items = SplitItemSerializer(many=True, required=False, max_length=100)


class ItemAssignmentSerializer(serializers.Serializer):
    item = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    officer = BoundedPrimaryKeyRelatedField(queryset=User.objects.none())

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        fields["officer"].queryset = station_staff(request.user) if request else User.objects.none()
        return fields


class PartAssignSerializer(StationChoiceSerializer):
    assignments = ItemAssignmentSerializer(
        many=True,
        required=False,
        max_length=100,
        help_text="Items assigned by hand; the rest go to the officer of the item's community.",
    )


class PartSubmitSerializer(StationChoiceSerializer):
    answer = serializers.CharField(required=False, allow_blank=True, help_text="Required for urging and cooperation.")


class PartVerifySerializer(StationChoiceSerializer):
    returned_items = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=100,
        help_text="Items returned to the station; empty: the part is accepted.",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


DRAFT_EXAMPLE = OpenApiExample(
    "Draft a dispatch order to two communities",
    value={
        "kind": "dispatch",
        "title": "走访辖区独居老人",
        "standard": "逐户上门，核实身体与居住情况，留下联系电话，录入走访记录",
        "evidence": "visit",
        "priority": "normal",
        "deadline": "2026-12-10T18:00:00+08:00",
        "department": "public_order",
        "communities": [1, 2],
    },
    request_only=True,
)
WARNING_EXAMPLE = OpenApiExample(
    "A warning order due in 4 hours",
    value={
        "kind": "warning",
        "title": "紧急劝阻：疑似电诈受害人",
        "standard": "立即联系并当面劝阻转账",
        "evidence": "visit",
        "deadline_hours": 4,
        "department": "anti_fraud",
        "stations": [1],
    },
    request_only=True,
)


def _with_parts(user):
    parts = (
        StationTask.objects.visible_to(user)
        .annotate(item_count=Count("items"), done_count=Count("items", filter=Q(items__status=ItemStatus.DONE)))
        .order_by("station_id")
    )
    return Prefetch("parts", queryset=parts)


@extend_schema_view(
    list=extend_schema(
        description="Orders the caller may see: the centre every order of its bureau, an issuer "
        "what they issued, a station what is addressed to it."
    ),
    create=extend_schema(
        examples=[DRAFT_EXAMPLE, WARNING_EXAMPLE], description="Draft an order (a draft until `send`)."
    ),
    partial_update=extend_schema(description="Revise a draft or a returned order (issuer only); send `version`."),
)
class TaskViewSet(ScopedModelViewSet):
    """Orders (任务单): 派发单 dispatch, 预警单 warning, 督办单 urging, 协作单 cooperation."""

    queryset = (
        Order.objects.select_related("bureau")
        .prefetch_related("stations", "communities")
        .order_by("-created_at", "-id")
    )
    serializer_class = OrderSerializer
    filterset_class = OrderFilter
    ordering_fields = ["created_at", "deadline", "number"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    action_permissions = {
        "send": ["control.add_order"],
        "admit": ["control.admit_order"],
        "return_order": ["control.admit_order"],
        "merge": ["control.admit_order"],
        "sign": ["control.sign_stationtask"],
        "split": ["control.sign_stationtask"],
        "assign": ["control.sign_stationtask"],
        "submit": ["control.sign_stationtask"],
        "verify": ["control.view_stationtask"],
        "urge": ["control.urge_order"],
    }

    def get_queryset(self):
        return super().get_queryset().prefetch_related(_with_parts(self.request.user))

    def _respond(self, order, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=order.pk)).data, status=code)

    def _payload(self, serializer_class):
        payload = serializer_class(data=self.request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        return payload.validated_data

    def _part(self, order, station=None) -> StationTask:
        parts = StationTask.objects.visible_to(self.request.user).filter(order=order).select_related("order", "station")
        if station is None:
            own = user_station_id(self.request.user)
            if own is not None:
                station_id = own
            elif parts.count() == 1:
                return parts.get()
            else:
                raise serializers.ValidationError({"station": [_("Name the station whose part this is.")]})
        else:
            station_id = station.pk
        part = parts.filter(station_id=station_id).first()
        if part is None:
            raise serializers.ValidationError({"station": [_("The order is not addressed to this station.")]})
        return part

    @extend_schema(
        request=None, responses={200: OrderSerializer}, description="The issuer sends the order for admission."
    )
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        return self._respond(services.order_submit(order=self.get_object(), by=request.user))

    @extend_schema(
        request=OrderAdmitSerializer,
        responses={200: OrderSerializer},
        description="The centre admits the order and dispatches it; `stations` cuts the scope.",
        examples=[
            OpenApiExample(
                "Admit, cutting one station",
                value={"stations": [1, 2], "note": "城北所本月任务过重，暂缓"},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def admit(self, request, pk=None):
        data = self._payload(OrderAdmitSerializer)
        order = services.order_admit(
            order=self.get_object(), by=request.user, stations=data.get("stations"), note=data.get("note", "")
        )
        return self._respond(order)

    @extend_schema(
        request=OrderReturnSerializer,
        responses={200: OrderSerializer},
        description="The centre returns it with a reason.",
        examples=[
            OpenApiExample("Overlapping", value={"reason": "与治安大队11月任务重复，请合并后再报"}, request_only=True)
        ],
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_order(self, request, pk=None):
        data = self._payload(OrderReturnSerializer)
        return self._respond(services.order_return(order=self.get_object(), by=request.user, reason=data["reason"]))

    @extend_schema(
        request=OrderMergeSerializer, responses={200: OrderSerializer}, description="Merge into an open order."
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        data = self._payload(OrderMergeSerializer)
        return self._respond(services.order_merge(order=self.get_object(), by=request.user, into=data["into"]))

    @extend_schema(
        request=StationChoiceSerializer,
        responses={200: OrderSerializer},
        description="The station's control post signs for its part (签收).",
    )
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        data = self._payload(StationChoiceSerializer)
        order = self.get_object()
        services.part_sign(part=self._part(order, data.get("station")), by=request.user)
        return self._respond(order)

    @extend_schema(
        request=PartSplitSerializer,
        responses={200: OrderSerializer},
        description="Split the station's part into items.",
        examples=[OpenApiExample("By community", value={"by_community": True}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def split(self, request, pk=None):
        data = self._payload(PartSplitSerializer)
        order = self.get_object()
        services.part_split(
            part=self._part(order, data.get("station")),
            by=request.user,
            items=data.get("items", []),
            by_community=data.get("by_community", False),
        )
        return self._respond(order)

    @extend_schema(
        request=PartAssignSerializer,
        responses={200: OrderSerializer},
        description="Assign the open items; those not named go to the officer of their community.",
        examples=[
            OpenApiExample(
                "One by hand, the rest by community",
                value={"assignments": [{"item": 7, "officer": 12}]},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        data = self._payload(PartAssignSerializer)
        order = self.get_object()
        assignments = {row["item"]: row["officer"] for row in data.get("assignments", [])}
        services.part_assign(part=self._part(order, data.get("station")), by=request.user, assignments=assignments)
        return self._respond(order)

    @extend_schema(
        request=PartSubmitSerializer,
        responses={200: OrderSerializer},
        description="The post submits the station's part for verification once every item is done.",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        data = self._payload(PartSubmitSerializer)
        order = self.get_object()
        services.part_submit(
            part=self._part(order, data.get("station")), by=request.user, answer=data.get("answer", "")
        )
        return self._respond(order)

    @extend_schema(
        request=PartVerifySerializer,
        responses={200: OrderSerializer},
        description="The centre verifies a station's part: accepts it, or returns items with a note.",
        examples=[
            OpenApiExample("Accept", value={"station": 1}, request_only=True),
            OpenApiExample(
                "Return two items",
                value={"station": 1, "returned_items": [31, 35], "note": "走访记录缺照片"},
                request_only=True,
            ),
        ],
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        data = self._payload(PartVerifySerializer)
        order = self.get_object()
        part = self._part(order, data.get("station"))
        wanted = data.get("returned_items", [])
        items = list(TaskItem.objects.filter(pk__in=wanted))
        if len(items) != len(set(wanted)):
            raise serializers.ValidationError({"returned_items": [_("Not an item of this order.")]})
        services.part_verify(part=part, by=request.user, returned_items=items, note=data.get("note", ""))
        return self._respond(order)

    @extend_schema(
        request=OrderUrgeSerializer,
        responses={201: OrderSerializer},
        description="Raise an urging order (督办单) on an overdue order, into the station supervisors' queue.",
        examples=[OpenApiExample("Urge", value={"note": "请于今日内说明原因"}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def urge(self, request, pk=None):
        data = self._payload(OrderUrgeSerializer)
        urging = services.order_urge(
            order=self.get_object(), by=request.user, stations=data.get("stations") or None, note=data.get("note", "")
        )
        return self._respond(urging, status.HTTP_201_CREATED)


class TaskItemSerializer(ScopedModelSerializer):
    order = serializers.IntegerField(source="part.order_id", read_only=True)

    class Meta:
        model = TaskItem
        fields = [
            "id",
            "order",
            "part",
            "station",
            "label",
            "community",
            "resident",
            "household",
            "address",
            "place",
            "hazard",
            "assignee",
            "assigned_at",
            "status",
            "result",
            "note",
            "evidence_activity",
            "evidence_hazard",
            "evidence_incident",
            "completed_at",
            "completed_by",
            "auto_closed",
            "sampled",
            "verify_note",
            "version",
        ]
        read_only_fields = fields


class ItemCompleteSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=ItemResult.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)
    evidence_activity = BoundedPrimaryKeyRelatedField(
        required=False,
        allow_null=True,
        queryset=Activity.objects.none(),
        help_text="A work-log entry of the officer's station (a household visit, a place inspection).",
    )
    evidence_hazard = BoundedPrimaryKeyRelatedField(required=False, allow_null=True, queryset=Hazard.objects.none())
    evidence_incident = BoundedPrimaryKeyRelatedField(required=False, allow_null=True, queryset=Incident.objects.none())

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            # Anything the caller may see: another station's record is refused by the service, by name.
            fields["evidence_activity"].queryset = Activity.objects.visible_to(request.user)
            fields["evidence_hazard"].queryset = Hazard.objects.visible_to(request.user)
            fields["evidence_incident"].queryset = Incident.objects.visible_to(request.user)
        return fields


@extend_schema_view(
    list=extend_schema(description="Task items: a station's own; `mine=true` those assigned to the caller.")
)
class TaskItemViewSet(ScopedReadOnlyModelViewSet):
    """Items of a station's part of an order; the officer assigned completes one with evidence."""

    queryset = TaskItem.objects.select_related("part").order_by("part__order__deadline", "id")
    serializer_class = TaskItemSerializer
    filterset_class = ItemFilter
    ordering_fields = ["assigned_at", "completed_at", "label"]
    action_permissions = {"complete": ["control.complete_taskitem"]}

    @extend_schema(
        request=ItemCompleteSerializer,
        responses={200: TaskItemSerializer},
        examples=[
            OpenApiExample(
                "Done with a visit",
                value={"result": "done", "note": "老人身体良好", "evidence_activity": 42},
                request_only=True,
            ),
            OpenApiExample(
                "Not reachable", value={"result": "unreachable", "note": "已搬离，房屋空置"}, request_only=True
            ),
        ],
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        payload = ItemCompleteSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        item = services.item_complete(item=self.get_object(), by=request.user, **payload.validated_data)
        return Response(self.get_serializer(item).data)


class TargetListSerializer(ServiceModelSerializer):
    create_service = staticmethod(services.target_list_create)
    update_service = staticmethod(services.target_list_update)
    record_arg = "target_list"

    class Meta:
        model = TargetList
        fields = ["id", "name", "rule", "days", "tag", "min_incidents", "station", "created_at", "version"]
        read_only_fields = ["created_at", "version"]
        extra_kwargs = {"station": {"required": False}}

    def validate(self, attrs):
        request = self.context.get("request")
        if self.instance is None and request is not None and is_bureau_level(request.user):
            attrs.setdefault("station", None)  # bureau staff keep lists over every station
        return super().validate(attrs)

    def owner_kwargs(self, validated_data) -> dict:
        station_id = validated_data.pop("station_id", None)
        if station_id is not None:
            validated_data["station"] = Station.objects.get(pk=station_id)
        return {"bureau": services.user_bureau(self.context["request"].user)}


class TargetListIssueSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    standard = serializers.CharField()
    kind = serializers.ChoiceField(choices=[OrderKind.DISPATCH, OrderKind.WARNING], required=False)
    deadline = serializers.DateTimeField(required=False)
    deadline_hours = serializers.IntegerField(required=False, min_value=1, max_value=168)
    evidence = serializers.ChoiceField(choices=Evidence.choices, required=False)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    department = serializers.ChoiceField(choices=Department.choices, required=False)


@extend_schema_view(list=extend_schema(description="Saved target lists: the bureau's, or a station's own."))
class TargetListViewSet(ScopedModelViewSet):
    """Target lists (目标清单): saved filters over the registers; `issue` turns one into an order."""

    queryset = TargetList.objects.select_related("station").order_by("name", "id")
    serializer_class = TargetListSerializer
    filterset_class = TargetListFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    action_permissions = {"issue": ["control.add_order"]}

    @extend_schema(
        request=TargetListIssueSerializer,
        responses={201: OrderSerializer},
        description="Issue the list as an order for exactly the stations that own its targets, sent for admission.",
        examples=[
            OpenApiExample(
                "Issue",
                value={
                    "title": "走访未走访的独居老人",
                    "standard": "上门看望并录入走访记录",
                    "deadline": "2026-12-15T18:00:00+08:00",
                },
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        payload = TargetListIssueSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        order = services.target_list_issue(target_list=self.get_object(), by=request.user, **payload.validated_data)
        order = Order.objects.prefetch_related(_with_parts(request.user)).get(pk=order.pk)
        return Response(OrderSerializer(order, context={"request": request}).data, status=status.HTTP_201_CREATED)


router = SimpleRouter()
router.register("tasks", TaskViewSet, basename="task")
router.register("task-items", TaskItemViewSet, basename="task-item")
router.register("target-lists", TargetListViewSet, basename="target-list")
