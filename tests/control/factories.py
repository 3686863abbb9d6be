"""Helpers of the control-centre tests: people in its roles, orders in each state (through the services),
and its record makers for the generic scoping test."""

from datetime import timedelta

from django.utils import timezone

from control import services
from control.choices import Evidence, OrderKind, TargetRule
from control.models import Order, StationTask, TargetList, TaskItem
from stations.choices import Unit
from stations.models import Community
from stations.roles import Role
from tests.factories import BureauFactory, CommunityFactory, make_person
from tests.scoping import register_record_maker


def centre_person(username="centre"):
    return make_person(username, station=None, roles=[Role.CONTROL_CENTRE], unit=Unit.BUREAU)


def department_person(username="department"):
    return make_person(username, station=None, roles=[Role.DEPARTMENT_ISSUER], unit=Unit.BUREAU)


def post_person(station, username=None):
    return make_person(
        username or f"post_{station.code}", station=station, roles=[Role.CONTROL_POST, Role.STATION_OFFICER]
    )


def community_person(station, community, username=None):
    return make_person(
        username or f"cop_{station.code}_{community.pk}",
        station=station,
        roles=[Role.COMMUNITY_OFFICER, Role.STATION_OFFICER],
        unit=Unit.COMMUNITY_SQUAD,
        communities=[community],
    )


def draft(by, *, stations=(), communities=(), kind=OrderKind.DISPATCH, days=7, **fields):
    fields.setdefault("title", "走访辖区独居老人")
    fields.setdefault("standard", "逐户上门，核实身体与居住情况，留下联系电话")
    fields.setdefault("evidence", Evidence.VISIT)
    if kind == OrderKind.WARNING:
        fields.setdefault("deadline_hours", 6)
    else:
        fields.setdefault("deadline", timezone.now() + timedelta(days=days))
    if kind == OrderKind.COOPERATION:
        fields.setdefault("about", "警情 WL01-2026-J00042")
    return services.order_create(
        by=by, bureau=BureauFactory(), kind=kind, stations=list(stations), communities=list(communities), **fields
    )


def admitted(issuer, centre, **kwargs) -> Order:
    order = draft(issuer, **kwargs)
    services.order_submit(order=order, by=issuer)
    return services.order_admit(order=order, by=centre)


def _bureau_people():
    """The issuer and the centre of the record makers: made once per test, however many records
    (the fuzz test asks for several)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(staff_profile__isnull=False)
    issuer = users.filter(username="scoping_department").first() or department_person("scoping_department")
    centre = users.filter(username="scoping_centre").first() or centre_person("scoping_centre")
    return issuer, centre


def _order_at(station) -> Order:
    issuer, centre = _bureau_people()
    community = Community.objects.filter(station=station, name="目标社区").first() or CommunityFactory(
        station=station, name="目标社区"
    )
    return admitted(issuer, centre, communities=[community], title="独有任务标题")


@register_record_maker(Order, search=lambda order: order.number)
def _order_record(station):
    return _order_at(station)


@register_record_maker(StationTask, search=lambda part: part.order.number)
def _part_record(station):
    return _order_at(station).parts.get()


@register_record_maker(TaskItem, search=lambda item: item.label)
def _item_record(station):
    return TaskItem.objects.get(part__order=_order_at(station))


@register_record_maker(TargetList, search=lambda target_list: target_list.name)
def _target_list_record(station):
    return TargetList.objects.create(
        bureau=station.bureau, station=station, name="独有清单", rule=TargetRule.TAGGED_NOT_VISITED
    )
