"""The whole loop through the API: draft, send, admit, sign, split, assign, complete, submit, verify,
urge; refusals as 400 with the field, 409 out of order; a constant number of queries per list."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.choices import ActivityKind
from community.services import activity_create
from control.models import Order, TaskItem
from tests.control.factories import admitted, centre_person, community_person, department_person, post_person
from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def _action(api, order, name, data=None):
    return api.post(
        reverse(f"api:task-{name}", kwargs={"pk": order if isinstance(order, int) else order.pk}),
        data or {},
        format="json",
    )


def test_the_loop_through_the_api(api_for, station_a, community_a):
    department, centre = department_person(), centre_person()
    post = post_person(station_a)
    cop = community_person(station_a, community_a, "cop_a")
    dept_api, centre_api, post_api, cop_api = (api_for(u) for u in (department, centre, post, cop))

    bad = dept_api.post(reverse("api:task-list"), {"title": "t", "standard": "", "stations": []}, format="json")
    assert bad.status_code == 400 and "standard" in bad.json()

    created = dept_api.post(
        reverse("api:task-list"),
        {
            "title": "走访独居老人",
            "standard": "上门看望并录入走访记录",
            "evidence": "visit",
            "deadline": (timezone.now() + timedelta(days=5)).isoformat(),
            "communities": [community_a.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "draft"
    assert post_api.get(reverse("api:task-detail", kwargs={"pk": pk})).status_code == 404  # not dispatched yet

    assert _action(centre_api, pk, "admit").status_code == 409  # a draft is not admitted
    assert _action(dept_api, pk, "send").status_code == 200
    admit = _action(centre_api, pk, "admit")
    assert admit.status_code == 200, admit.content
    assert admit.json()["status"] == "admitted"
    assert [p["status"] for p in admit.json()["parts"]] == ["to_sign"]

    assert _action(post_api, pk, "assign").status_code == 409  # not signed yet
    assert _action(post_api, pk, "sign").status_code == 200
    assert _action(post_api, pk, "sign").status_code == 409
    assigned = _action(post_api, pk, "assign")
    assert assigned.status_code == 200 and assigned.json()["parts"][0]["status"] == "assigned"

    mine = cop_api.get(reverse("api:task-item-list"), {"mine": "true"}).json()["results"]
    assert len(mine) == 1
    item_url = reverse("api:task-item-complete", kwargs={"pk": mine[0]["id"]})
    missing = cop_api.post(item_url, {"result": "done"}, format="json")
    assert missing.status_code == 400 and "evidence_activity" in missing.json()
    assert post_api.post(item_url, {"result": "done"}, format="json").status_code in (400, 403)
    visit = activity_create(
        by=cop, station=station_a, community=community_a, kind=ActivityKind.HOUSEHOLD_VISIT, summary="入户走访"
    )
    done = cop_api.post(item_url, {"result": "done", "note": "已走访", "evidence_activity": visit.pk}, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "done"

    assert _action(post_api, pk, "submit").status_code == 200
    verified = _action(centre_api, pk, "verify", {"station": station_a.pk})
    assert verified.status_code == 200, verified.content
    order = Order.objects.get(pk=pk)
    assert order.status == "closed"
    assert _action(centre_api, pk, "verify", {"station": station_a.pk}).status_code == 409


def test_verifying_ones_own_order_is_refused_with_a_reason(api_for, station_a, community_a):
    centre, centre2 = centre_person(), centre_person("centre2")
    post = post_person(station_a)
    cop = community_person(station_a, community_a, "cop_a")
    order = admitted(centre, centre2, communities=[community_a], evidence="none")
    post_api = api_for(post)
    _action(post_api, order, "sign")
    _action(post_api, order, "assign")
    item = TaskItem.objects.get(part__order=order)
    api_for(cop).post(reverse("api:task-item-complete", kwargs={"pk": item.pk}), {"result": "done"}, format="json")
    _action(post_api, order, "submit")
    refused = _action(api_for(centre), order, "verify", {"station": station_a.pk})
    assert refused.status_code == 400 and "non_field_errors" in refused.json()
    returned = _action(
        api_for(centre2), order, "verify", {"station": station_a.pk, "returned_items": [item.pk], "note": "记录不全"}
    )
    assert returned.status_code == 200 and returned.json()["parts"][0]["status"] == "returned"


def test_return_needs_a_reason_and_urge_only_what_is_overdue(api_for, station_a):
    department, centre = department_person(), centre_person()
    api = api_for(centre)
    draft = (
        api_for(department)
        .post(
            reverse("api:task-list"),
            {
                "title": "t",
                "standard": "s",
                "deadline": (timezone.now() + timedelta(days=2)).isoformat(),
                "stations": [station_a.pk],
            },
            format="json",
        )
        .json()
    )
    _action(api_for(department), draft["id"], "send")
    assert _action(api, draft["id"], "return", {}).status_code == 400
    assert _action(api, draft["id"], "return", {"reason": "重复任务"}).json()["status"] == "returned"

    order = admitted(department, centre, stations=[station_a])
    assert _action(api, order, "urge").status_code == 409
    Order.objects.filter(pk=order.pk).update(deadline=timezone.now() - timedelta(hours=1))
    urged = _action(api, order, "urge", {"note": "请说明"})
    assert urged.status_code == 201 and urged.json()["kind"] == "urging"
    assert _action(api, order, "urge").status_code == 409


def test_a_warning_order_has_its_deadline_in_hours(api_for, station_a):
    response = api_for(department_person()).post(
        reverse("api:task-list"),
        {"kind": "warning", "title": "预警", "standard": "立即劝阻", "deadline_hours": 3, "stations": [station_a.pk]},
        format="json",
    )
    assert response.status_code == 201, response.content
    order = Order.objects.get(pk=response.json()["id"])
    assert timedelta(hours=2, minutes=59) < order.deadline - timezone.now() <= timedelta(hours=3)
    past = api_for(department_person("d2")).post(
        reverse("api:task-list"),
        {
            "title": "t",
            "standard": "s",
            "deadline": (timezone.now() - timedelta(days=1)).isoformat(),
            "stations": [station_a.pk],
        },
        format="json",
    )
    assert past.status_code == 400 and "deadline" in past.json()


def test_a_target_list_is_issued_through_the_api(api_for, station_a):
    from community.models import ResidentTag
    from tests.community.factories import ResidentFactory

    ResidentFactory(station=station_a).tags.add(ResidentTag.objects.get_or_create(name="独居老人")[0])
    centre = centre_person()
    api = api_for(centre)
    made = api.post(reverse("api:target-list-list"), {"name": "独居老人", "rule": "tagged_not_visited"}, format="json")
    assert made.status_code == 201, made.content
    issued = api.post(
        reverse("api:target-list-issue", kwargs={"pk": made.json()["id"]}),
        {"title": "走访", "standard": "上门", "deadline": (timezone.now() + timedelta(days=3)).isoformat()},
        format="json",
    )
    assert issued.status_code == 201, issued.content
    assert issued.json()["status"] == "pending" and issued.json()["stations"] == [station_a.pk]


def test_the_order_list_costs_the_same_queries_for_many_orders(api_for, station_a, station_b):
    department, centre = department_person(), centre_person()
    api = api_for(centre)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api.get(reverse("api:task-list")).status_code == 200
        return len(queries)

    admitted(department, centre, stations=[station_a])
    count()  # the caller's permissions are read once, then cached on the user
    few = count()
    for _n in range(5):
        admitted(department, centre, stations=[station_a, station_b], communities=[CommunityFactory(station=station_a)])
    assert count() == few
