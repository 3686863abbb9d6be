"""The loop through the pages, what each role's queue shows, and refusals on the pages."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from control.models import Order, StationTask
from stations.queue import queue_for
from tests.control.factories import admitted, centre_person, community_person, department_person, draft, post_person
from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def _local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_the_loop_through_the_pages(client_for, station_a, community_a):
    department, centre = department_person(), centre_person()
    post = post_person(station_a)
    cop = community_person(station_a, community_a, "cop_a")
    page = client_for(department)
    refused = page.post(
        reverse("control:order-create"),
        {
            "kind": "dispatch",
            "title": "走访",
            "standard": "",
            "evidence": "none",
            "priority": "normal",
            "department": "public_order",
            "deadline": _local(timezone.now() + timedelta(days=3)),
        },
    )
    assert refused.status_code == 200 and "standard" in refused.context["form"].errors
    made = page.post(
        reverse("control:order-create"),
        {
            "kind": "dispatch",
            "title": "走访",
            "standard": "上门",
            "evidence": "none",
            "priority": "normal",
            "department": "public_order",
            "deadline": _local(timezone.now() + timedelta(days=3)),
            "communities": [community_a.pk],
        },
    )
    assert made.status_code == 302, made.context["form"].errors if made.context else made
    order = Order.objects.get()
    assert page.post(reverse("control:order-submit", kwargs={"pk": order.pk})).status_code == 302
    assert any(e.url == order.get_absolute_url() for e in queue_for(centre))

    centre_page = client_for(centre)
    detail = centre_page.get(order.get_absolute_url())
    assert "admission-load" in detail.content.decode()  # the load beside the admission
    station_ids = [station_a.pk]
    assert (
        centre_page.post(reverse("control:order-admit", kwargs={"pk": order.pk}), {"stations": station_ids}).status_code
        == 302
    )
    part = StationTask.objects.get(order=order)
    assert any(e.url == part.get_absolute_url() for e in queue_for(post))

    post_page = client_for(post)
    assert post_page.post(reverse("control:part-sign", kwargs={"pk": part.pk})).status_code == 302
    again = post_page.post(reverse("control:part-sign", kwargs={"pk": part.pk}))
    assert again.status_code == 409  # out of order, on the page too
    assert post_page.post(reverse("control:part-assign", kwargs={"pk": part.pk}), {}).status_code == 302
    item = part.items.get()
    assert [e.url for e in queue_for(cop)] == [item.get_absolute_url()]

    cop_page = client_for(cop)
    shown = cop_page.get(item.get_absolute_url())
    assert "complete-form" in shown.content.decode()
    assert (
        cop_page.post(
            reverse("control:item-complete", kwargs={"pk": item.pk}), {"result": "done", "note": "已完成"}
        ).status_code
        == 302
    )
    assert queue_for(cop) == []
    assert post_page.post(reverse("control:part-submit", kwargs={"pk": part.pk}), {}).status_code == 302
    assert any(e.url == part.get_absolute_url() for e in queue_for(centre))
    assert centre_page.post(reverse("control:part-verify", kwargs={"pk": part.pk}), {}).status_code == 302
    order.refresh_from_db()
    assert order.status == "closed"


def test_the_centre_queue_shows_each_stations_overdue_parts(station_a, station_b):
    department, centre = department_person(), centre_person()
    order = admitted(department, centre, stations=[station_a, station_b])
    Order.objects.filter(pk=order.pk).update(deadline=timezone.now() - timedelta(hours=3))
    overdue = [e for e in queue_for(centre) if e.kind_label == "站所逾期"]
    assert sorted(e.title for e in overdue) == sorted(f"{s.name}：1 项逾期" for s in (station_a, station_b))
    assert all(e.urgency == "red" for e in overdue)


def test_an_issuer_sees_only_what_they_issued_and_a_station_only_what_reached_it(client_for, station_a, station_b):
    department, other, centre = department_person(), department_person("other_department"), centre_person()
    mine = admitted(department, centre, stations=[station_a])
    theirs = admitted(other, centre, stations=[station_b])
    pending = draft(department, stations=[station_a])
    listed = client_for(department).get(reverse("control:order-list"))
    assert {row.record.pk for row in listed.context["table"].rows} == {mine.pk, pending.pk}
    assert client_for(department).get(theirs.get_absolute_url()).status_code == 404
    post_a = post_person(station_a)
    listed = client_for(post_a).get(reverse("control:order-list"))
    assert {row.record.pk for row in listed.context["table"].rows} == {mine.pk}
    assert client_for(centre).get(theirs.get_absolute_url()).status_code == 200


def test_list_pages_cost_the_same_queries_whatever_the_data(client_for, station_a):
    department, centre = department_person(), centre_person()
    post = post_person(station_a)
    urls = [
        reverse("control:order-list"),
        reverse("control:part-list"),
        reverse("control:item-list"),
        reverse("control:scoreboard"),
        reverse("home"),
    ]

    def counts(user):
        result = []
        page = client_for(user)
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                response = page.get(url)
            result.append(len(queries) if response.status_code == 200 else None)
        return result

    admitted(department, centre, communities=[CommunityFactory(station=station_a)])
    before = (counts(centre), counts(post))
    for _n in range(4):
        admitted(department, centre, communities=[CommunityFactory(station=station_a) for _c in range(3)])
    assert (counts(centre), counts(post)) == before
