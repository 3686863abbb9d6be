"""Every state change of an order, a station's part and an item: allowed, and refused out of order."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community.choices import ActivityKind
from community.models import ResidentTag
from community.services import activity_create
from control import services
from control.choices import Evidence, ItemResult, ItemStatus, OrderKind, OrderStatus, PartStatus, TargetRule
from control.models import Order, StationTask, TargetList
from control.services import OutOfOrder
from stations.models import Reminder
from tests.community.factories import ResidentFactory
from tests.control.factories import (
    admitted,
    centre_person,
    community_person,
    department_person,
    draft,
    post_person,
)
from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def department():
    return department_person()


@pytest.fixture
def centre():
    return centre_person()


@pytest.fixture
def centre2():
    return centre_person("centre2")


@pytest.fixture
def post_a(station_a):
    return post_person(station_a)


@pytest.fixture
def cop_a(station_a, community_a):
    return community_person(station_a, community_a, "cop_a")


def _errors(exc) -> dict:
    return exc.value.message_dict


# --- Drafting --------------------------------------------------------------------------------------


def test_a_draft_needs_a_standard_a_future_deadline_and_a_scope(department, station_a):
    with pytest.raises(ValidationError) as exc:
        draft(department, stations=[station_a], standard="  ")
    assert "standard" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        draft(department, stations=[station_a], deadline=timezone.now() - timedelta(hours=1))
    assert "deadline" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        draft(department)
    assert "stations" in _errors(exc)
    assert not Order.objects.exists()  # nothing half-saved


def test_urging_orders_are_not_drafted_and_warning_orders_count_hours(department, station_a):
    with pytest.raises(ValidationError) as exc:
        draft(department, stations=[station_a], kind=OrderKind.URGING)
    assert "kind" in _errors(exc)
    order = draft(department, stations=[station_a], kind=OrderKind.WARNING, deadline_hours=4)
    assert timedelta(hours=3, minutes=59) < order.deadline - timezone.now() <= timedelta(hours=4)
    assert order.number.endswith(f"YJ{order.pk:05d}")
    with pytest.raises(ValidationError) as exc:
        draft(department, stations=[station_a], deadline_hours=4)  # a dispatch order has a date
    assert "deadline_hours" in _errors(exc)


def test_a_cooperation_order_asks_one_station_about_a_record(post_a, station_a, station_b):
    with pytest.raises(ValidationError) as exc:
        draft(post_a, stations=[station_a, station_b], kind=OrderKind.COOPERATION)
    assert "stations" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        draft(post_a, stations=[station_b], kind=OrderKind.COOPERATION, about="")
    assert "about" in _errors(exc)


def test_only_the_issuer_edits_and_sends_and_only_drafts_or_returned_orders(department, centre, station_a):
    order = draft(department, stations=[station_a])
    with pytest.raises(PermissionDenied):
        services.order_submit(order=order, by=centre)
    services.order_update(order=order, by=department, expected_version=order.version, title="新标题")
    services.order_submit(order=order, by=department)
    assert order.status == OrderStatus.PENDING
    with pytest.raises(OutOfOrder):
        services.order_submit(order=order, by=department)
    with pytest.raises(OutOfOrder):
        services.order_update(order=order, by=department, expected_version=order.version, title="再改")


# --- Admission ---------------------------------------------------------------------------------------


def test_admission_dispatches_a_part_per_station_and_an_item_per_community(department, centre, station_a, station_b):
    c1, c2 = CommunityFactory(station=station_a), CommunityFactory(station=station_a)
    c3 = CommunityFactory(station=station_b)
    order = draft(department, communities=[c1, c2, c3])
    with pytest.raises(OutOfOrder):
        services.order_admit(order=order, by=centre)  # a draft is not admitted
    services.order_submit(order=order, by=department)
    services.order_admit(order=order, by=centre)
    assert order.status == OrderStatus.ADMITTED
    parts = {p.station_id: p for p in order.parts.all()}
    assert set(parts) == {station_a.pk, station_b.pk}
    assert {i.community_id for i in parts[station_a.pk].items.all()} == {c1.pk, c2.pk}
    assert parts[station_a.pk].status == PartStatus.TO_SIGN
    assert parts[station_a.pk].sign_due <= timezone.now() + timedelta(hours=24)
    with pytest.raises(OutOfOrder):
        services.order_admit(order=order, by=centre)


def test_admission_can_cut_the_scope_and_says_what_was_cut(department, centre, station_a, station_b):
    order = draft(department, stations=[station_a, station_b])
    services.order_submit(order=order, by=department)
    with pytest.raises(ValidationError):
        services.order_admit(order=order, by=centre, stations=[])
    services.order_admit(order=order, by=centre, stations=[station_a])
    assert list(order.parts.values_list("station_id", flat=True)) == [station_a.pk]
    assert order.events.filter(action="cut", note=station_b.name).exists()


def test_return_needs_a_reason_and_the_issuer_can_send_again(department, centre, station_a):
    order = draft(department, stations=[station_a])
    services.order_submit(order=order, by=department)
    with pytest.raises(ValidationError) as exc:
        services.order_return(order=order, by=centre, reason=" ")
    assert "reason" in _errors(exc)
    services.order_return(order=order, by=centre, reason="与治安大队上周任务重复")
    assert order.status == OrderStatus.RETURNED and order.return_reason
    with pytest.raises(OutOfOrder):
        services.order_return(order=order, by=centre, reason="again")
    services.order_update(order=order, by=department, expected_version=order.version, title="合并后的任务")
    services.order_submit(order=order, by=department)
    assert order.status == OrderStatus.PENDING and order.return_reason == ""


def test_merge_joins_the_scope_of_an_order_in_progress(department, centre, station_a, station_b):
    first = admitted(department, centre, stations=[station_a])
    second = draft(department, stations=[station_b])
    with pytest.raises(OutOfOrder):
        services.order_merge(order=second, by=centre, into=first)  # not sent yet
    services.order_submit(order=second, by=department)
    with pytest.raises(ValidationError):
        services.order_merge(order=second, by=centre, into=second)
    services.order_merge(order=second, by=centre, into=first)
    assert second.status == OrderStatus.MERGED and second.merged_into == first
    assert set(first.parts.values_list("station_id", flat=True)) == {station_a.pk, station_b.pk}


# --- The station ----------------------------------------------------------------------------------------


def test_sign_split_assign_by_community_and_refusals(
    department, centre, station_a, station_b, post_a, cop_a, community_a
):
    order = admitted(department, centre, stations=[station_a])
    part = order.parts.get()
    with pytest.raises(OutOfOrder):
        services.part_assign(part=part, by=post_a)  # not signed yet
    with pytest.raises(PermissionDenied):
        services.part_sign(part=part, by=post_person(station_b))
    services.part_sign(part=part, by=post_a)
    assert part.status == PartStatus.SIGNED and part.signed_by == post_a
    with pytest.raises(OutOfOrder):
        services.part_sign(part=part, by=post_a)
    with pytest.raises(ValidationError):
        services.part_assign(part=part, by=post_a)  # no items yet
    other = CommunityFactory(station=station_a, name="无人社区")
    services.part_split(part=part, by=post_a, by_community=True)
    assert set(part.items.values_list("community_id", flat=True)) == {community_a.pk, other.pk}
    with pytest.raises(ValidationError) as exc:
        services.part_assign(part=part, by=post_a)
    assert "无人社区" in str(exc.value)
    assert not part.items.exclude(assignee=None).exists()  # nothing half-saved
    lonely = part.items.get(community=other)
    services.part_assign(part=part, by=post_a, assignments={lonely.pk: cop_a})
    assert part.status == PartStatus.ASSIGNED
    assert set(part.items.values_list("assignee_id", flat=True)) == {cop_a.pk}


def _working_part(department, centre, post, community, **kwargs):
    order = admitted(department, centre, communities=[community], **kwargs)
    part = order.parts.get()
    services.part_sign(part=part, by=post)
    services.part_assign(part=part, by=post)
    return part


def _visit(officer, station, community, resident=None):
    return activity_create(
        by=officer,
        station=station,
        community=community,
        kind=ActivityKind.HOUSEHOLD_VISIT,
        summary="入户走访",
        resident=resident,
    )


def test_completing_an_item_needs_its_officer_and_evidence_of_their_own_station(
    department, centre, station_a, station_b, community_a, post_a, cop_a, officer_a
):
    part = _working_part(department, centre, post_a, community_a)
    item = part.items.get()
    visit = _visit(cop_a, station_a, community_a)
    with pytest.raises(ValidationError) as exc:
        services.item_complete(item=item, by=officer_a, result=ItemResult.DONE, evidence_activity=visit)
    assert "__all__" in _errors(exc)
    community_b = CommunityFactory(station=station_b)
    cop_b = community_person(station_b, community_b, "cop_b")
    foreign = _visit(cop_b, station_b, community_b)
    with pytest.raises(ValidationError) as exc:
        services.item_complete(item=item, by=cop_a, result=ItemResult.DONE, evidence_activity=foreign)
    assert "evidence_activity" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.item_complete(item=item, by=cop_a, result=ItemResult.DONE)
    assert "evidence_activity" in _errors(exc)
    publicity = activity_create(
        by=cop_a,
        station=station_a,
        community=community_a,
        kind=ActivityKind.PUBLICITY,
        summary="反诈宣传",
        people_reached=30,
    )
    with pytest.raises(ValidationError) as exc:
        services.item_complete(item=item, by=cop_a, result=ItemResult.DONE, evidence_activity=publicity)
    assert "evidence_activity" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.item_complete(item=item, by=cop_a, result=ItemResult.UNREACHABLE)
    assert "note" in _errors(exc)
    services.item_complete(item=item, by=cop_a, result=ItemResult.DONE, note="已走访", evidence_activity=visit)
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE and item.evidence_activity == visit and not item.auto_closed
    with pytest.raises(OutOfOrder):
        services.item_complete(item=item, by=cop_a, result=ItemResult.DONE, evidence_activity=visit)


def test_items_are_not_worked_before_the_part_is_assigned(department, centre, station_a, community_a, cop_a):
    order = admitted(department, centre, communities=[community_a])
    item = order.parts.get().items.get()
    with pytest.raises(OutOfOrder):
        services.item_complete(item=item, by=cop_a, result=ItemResult.DONE)


def test_submit_waits_for_every_item_and_samples_long_lists(
    department, centre, station_a, community_a, post_a, cop_a, settings
):
    part = _working_part(department, centre, post_a, community_a, evidence=Evidence.NONE)
    with pytest.raises(ValidationError) as exc:
        services.part_submit(part=part, by=post_a)
    assert "items" in _errors(exc)
    services.part_split(part=part, by=post_a, items=[{"label": f"第{n}户"} for n in range(29)])
    services.part_assign(part=part, by=post_a, assignments={i.pk: cop_a for i in part.items.filter(assignee=None)})
    for item in part.items.all():
        services.item_complete(item=item, by=cop_a, result=ItemResult.DONE, note="完成")
    services.part_submit(part=part, by=post_a)
    assert part.status == PartStatus.SUBMITTED
    assert part.items.filter(sampled=True).count() == 3  # 10% of 30, rounded up
    with pytest.raises(OutOfOrder):
        services.part_submit(part=part, by=post_a)


def _submitted_part(department, centre, post, cop, community):
    part = _working_part(department, centre, post, community, evidence=Evidence.NONE)
    item = part.items.get()
    services.item_complete(item=item, by=cop, result=ItemResult.DONE, note="完成")
    services.part_submit(part=part, by=post)
    return part


def test_verification_returns_items_with_a_note_then_accepts_and_closes(
    department, centre, station_a, community_a, post_a, cop_a
):
    part = _submitted_part(department, centre, post_a, cop_a, community_a)
    item = part.items.get()
    with pytest.raises(ValidationError) as exc:
        services.part_verify(part=part, by=centre, returned_items=[item])
    assert "note" in _errors(exc)
    services.part_verify(part=part, by=centre, returned_items=[item], note="未见走访记录")
    item.refresh_from_db()
    assert part.status == PartStatus.RETURNED and part.times_returned == 1
    assert item.status == ItemStatus.RETURNED and item.verify_note == "未见走访记录"
    with pytest.raises(OutOfOrder):
        services.part_verify(part=part, by=centre)
    services.item_complete(item=item, by=cop_a, result=ItemResult.DONE, note="补充走访")
    services.part_submit(part=part, by=post_a)
    services.part_verify(part=part, by=centre)
    part.order.refresh_from_db()
    assert part.status == PartStatus.VERIFIED and part.order.status == OrderStatus.CLOSED


def test_nobody_verifies_an_order_they_issued(department, centre, station_a, community_a, post_a, cop_a, centre2):
    part = _submitted_part(centre, centre2, post_a, cop_a, community_a)
    with pytest.raises(ValidationError) as exc:
        services.part_verify(part=part, by=centre)
    assert "__all__" in _errors(exc)
    with pytest.raises(PermissionDenied):
        services.part_verify(part=part, by=department)  # not the centre
    services.part_verify(part=part, by=centre2)
    assert part.status == PartStatus.VERIFIED


def test_a_cooperation_answer_goes_back_to_the_asker(station_a, station_b, post_a):
    post_b = post_person(station_b)
    order = draft(post_a, stations=[station_b], kind=OrderKind.COOPERATION, evidence=Evidence.NONE)
    services.order_submit(order=order, by=post_a)
    assert order.status == OrderStatus.ADMITTED  # no admission between stations
    part = order.parts.get()
    services.part_sign(part=part, by=post_b)
    with pytest.raises(ValidationError):
        services.part_submit(part=part, by=post_b)  # no answer
    services.part_submit(part=part, by=post_b, answer="已协查，当事人现居城西")
    services.part_verify(part=part, by=post_a)
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED


# --- Overdue and urging -------------------------------------------------------------------------------------


def _overdue(order):
    Order.objects.filter(pk=order.pk).update(deadline=timezone.now() - timedelta(hours=2))
    order.refresh_from_db()
    return order


def test_urging_an_overdue_order_puts_it_in_the_supervisors_queue(
    department, centre, station_a, station_b, supervisor_a
):
    order = admitted(department, centre, stations=[station_a, station_b])
    with pytest.raises(OutOfOrder):
        services.order_urge(order=order, by=centre)  # not overdue
    _overdue(order)
    urging = services.order_urge(order=order, by=centre, stations=[station_a], note="请于今日内说明")
    assert urging.kind == OrderKind.URGING and urging.parent == order and urging.status == OrderStatus.ADMITTED
    assert list(urging.parts.values_list("station_id", flat=True)) == [station_a.pk]
    reminder = Reminder.objects.get(station=station_a, done_at=None)
    assert reminder.assignee is None and "督办" in reminder.title
    from stations.queue import queue_for

    assert any(e.url == urging.parts.get().get_absolute_url() for e in queue_for(supervisor_a))
    with pytest.raises(OutOfOrder):
        services.order_urge(order=order, by=centre, stations=[station_a])  # already urged there
    with pytest.raises(OutOfOrder):
        services.order_urge(order=urging, by=centre)


def test_the_sweep_urges_each_overdue_order_once(department, centre, station_a, station_b):
    order = _overdue(admitted(department, centre, stations=[station_a, station_b]))
    admitted(department, centre, stations=[station_a])  # not overdue
    assert services.urge_overdue() == 1
    assert services.urge_overdue() == 0
    urging = order.urgings.get()
    assert set(urging.parts.values_list("station_id", flat=True)) == {station_a.pk, station_b.pk}
    assert urging.issued_by is None


def test_parts_not_signed_in_time_are_reminded_once(department, centre, station_a):
    order = admitted(department, centre, stations=[station_a])
    StationTask.objects.filter(order=order).update(sign_due=timezone.now() - timedelta(minutes=5))
    assert services.remind_unsigned() == 1
    assert services.remind_unsigned() == 0


# --- Items close themselves ----------------------------------------------------------------------------------


def test_a_visit_logged_for_a_listed_resident_closes_that_residents_item(
    department, centre, station_a, community_a, post_a, cop_a, django_capture_on_commit_callbacks
):
    tag = ResidentTag.objects.get_or_create(name="独居老人")[0]
    old, other = (
        ResidentFactory(station=station_a, community=community_a),
        ResidentFactory(station=station_a, community=community_a),
    )
    old.tags.add(tag)
    other.tags.add(tag)
    target_list = services.target_list_create(
        by=centre,
        bureau=station_a.bureau,
        name="独居老人未走访",
        rule=TargetRule.TAGGED_NOT_VISITED,
        days=90,
        tag="独居老人",
    )
    order = services.target_list_issue(
        target_list=target_list,
        by=department,
        title="走访独居老人",
        standard="上门看望",
        deadline=timezone.now() + timedelta(days=7),
    )
    services.order_admit(order=order, by=centre)
    part = order.parts.get()
    services.part_sign(part=part, by=post_a)
    services.part_assign(part=part, by=post_a)
    with django_capture_on_commit_callbacks(execute=True):
        visit = _visit(cop_a, station_a, community_a, resident=old)
    mine = part.items.get(resident=old)
    assert mine.status == ItemStatus.DONE and mine.auto_closed and mine.evidence_activity == visit
    assert mine.completed_by == cop_a
    assert part.items.get(resident=other).status == ItemStatus.OPEN
    with django_capture_on_commit_callbacks(execute=True):
        activity_create(
            by=cop_a,
            station=station_a,
            community=community_a,
            kind=ActivityKind.PUBLICITY,
            summary="宣传",
            people_reached=5,
        )
    assert part.items.filter(status=ItemStatus.DONE).count() == 1


def test_a_visit_logged_before_the_order_closes_nothing(
    department, centre, station_a, community_a, post_a, cop_a, django_capture_on_commit_callbacks
):
    resident = ResidentFactory(station=station_a, community=community_a)
    resident.tags.add(ResidentTag.objects.get_or_create(name="独居老人")[0])
    target_list = TargetList.objects.create(bureau=station_a.bureau, name="L", rule=TargetRule.TAGGED_NOT_VISITED)
    order = services.target_list_issue(
        target_list=target_list,
        by=department,
        title="走访",
        standard="上门",
        deadline=timezone.now() + timedelta(days=3),
    )
    with django_capture_on_commit_callbacks(execute=True):
        visit = _visit(cop_a, station_a, community_a, resident=resident)
        from community.models import Activity

        Activity.objects.filter(pk=visit.pk).update(occurred_at=timezone.now() - timedelta(days=1))
    services.order_admit(order=order, by=centre)
    with django_capture_on_commit_callbacks(execute=True):
        visit.save()  # an edit of the old entry
    assert order.parts.get().items.get().status == ItemStatus.OPEN


# --- Target lists --------------------------------------------------------------------------------------------


def test_a_target_list_becomes_an_order_for_exactly_the_stations_that_own_its_targets(
    department, centre, station_a, station_b, community_a
):
    from tests.factories import StationFactory

    station_c = StationFactory()
    tag = ResidentTag.objects.get_or_create(name="独居老人")[0]
    for station in (station_a, station_b):
        ResidentFactory(station=station).tags.add(tag)
    ResidentFactory(station=station_c)  # not tagged
    target_list = services.target_list_create(
        by=centre, bureau=station_a.bureau, name="独居老人", rule=TargetRule.TAGGED_NOT_VISITED
    )
    order = services.target_list_issue(
        target_list=target_list,
        by=department,
        title="走访",
        standard="上门",
        deadline=timezone.now() + timedelta(days=3),
    )
    assert order.status == OrderStatus.PENDING and order.evidence == Evidence.VISIT
    assert set(order.stations.values_list("pk", flat=True)) == {station_a.pk, station_b.pk}
    services.order_admit(order=order, by=centre)
    assert {p.station_id: p.items.count() for p in order.parts.all()} == {station_a.pk: 1, station_b.pk: 1}


def test_an_empty_target_list_issues_nothing(department, centre, station_a):
    target_list = services.target_list_create(
        by=centre, bureau=station_a.bureau, name="空", rule=TargetRule.HAZARDS_PAST_DEADLINE
    )
    with pytest.raises(ValidationError) as exc:
        services.target_list_issue(
            target_list=target_list,
            by=department,
            title="整改",
            standard="督促整改",
            deadline=timezone.now() + timedelta(days=3),
        )
    assert "target_list" in _errors(exc)
    assert not Order.objects.exists()
