"""The assessment as statistics: the rollup equals an independent count of the raw records, and the
burden (task items per community officer per week) equals one worked out by hand, on the statistics
dashboard and on the centre's scoreboard alike."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from control import selectors, services
from control.choices import Evidence, ItemResult
from control.models import StationTask
from stats.choices import Frequency
from stats.rollup import run_rollup
from tests.control.factories import admitted, centre_person, community_person, department_person, post_person
from tests.factories import CommunityFactory
from tests.stats import independent as raw

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessed(station_a, station_b, community_a):
    """At A: 2 orders over 3 communities, signed in time and assigned to 2 community officers; one is done
    and verified. At B: one order signed late, returned once at verification, then done."""
    department, centre = department_person(), centre_person()
    c2 = CommunityFactory(station=station_a, name="第二社区")
    cop1 = community_person(station_a, community_a, "cop1")
    cop2 = community_person(station_a, c2, "cop2")
    post_a, post_b = post_person(station_a), post_person(station_b)
    for n in range(2):
        order = admitted(department, centre, communities=[community_a, c2], evidence=Evidence.NONE, title=f"任务{n}")
        part = order.parts.get()
        services.part_sign(part=part, by=post_a)
        services.part_split(part=part, by=post_a, items=[{"label": "补充一项", "community": community_a}])
        services.part_assign(part=part, by=post_a)
        if n == 0:
            for item in part.items.all():
                services.item_complete(item=item, by=item.assignee, result=ItemResult.DONE, note="完成")
            services.part_submit(part=part, by=post_a)
            services.part_verify(part=part, by=centre)
    community_b = CommunityFactory(station=station_b)
    cop_b = community_person(station_b, community_b, "cop_b")
    late = admitted(department, centre, communities=[community_b], evidence=Evidence.NONE, title="迟签任务")
    part = late.parts.get()
    StationTask.objects.filter(pk=part.pk).update(sign_due=timezone.now() - timedelta(minutes=1))
    part.refresh_from_db()
    services.part_sign(part=part, by=post_b)
    services.part_assign(part=part, by=post_b)
    item = part.items.get()
    services.item_complete(item=item, by=cop_b, result=ItemResult.DONE, note="完成")
    services.part_submit(part=part, by=post_b)
    services.part_verify(part=part, by=centre, returned_items=[item], note="补充")
    services.item_complete(item=item, by=cop_b, result=ItemResult.DONE, note="已补充")
    services.part_submit(part=part, by=post_b)
    services.part_verify(part=part, by=centre)
    run_rollup()
    return {"cops_a": (cop1, cop2), "centre": centre}


def test_the_rollup_of_the_assessment_equals_the_raw_records(assessed):
    rows = raw.rollup_rows(Frequency.DAY)
    assert rows == raw.expected_day_rows()
    assert any(key[3] == "control_items_per_officer_week" for key in rows)
    assert any(key[3] == "control_returned_at_verification" for key in rows)


def test_the_burden_against_an_independent_count(assessed, station_a, station_b, api_for, bureau_supervisor):
    today = timezone.localdate()
    # By hand: at A, 2 orders × (2 communities + 1 extra item) = 6 items, all assigned today to the two
    # community officers, whose accounts were opened today: 2 officers × 1 day = 2/7 officer-weeks.
    expected = 6 / (2 / 7)
    summary = api_for(bureau_supervisor).get(
        "/api/v1/stats/summary/", {"scope": "station", "station": station_a.pk, "from": today, "to": today}
    )
    assert summary.status_code == 200, summary.content
    metrics = summary.json()["metrics"]
    assert metrics["control_items_per_officer_week"]["value"] == pytest.approx(expected, abs=0.01)
    assert metrics["control_orders_received"]["value"] == 2
    assert metrics["control_signed_on_time_rate"]["value"] == pytest.approx(100)
    figures = selectors.assessment(assessed["centre"], start=today, end=today)
    assert figures[station_a.pk]["burden"] == pytest.approx(expected, abs=0.01)
    assert figures[station_a.pk]["done_on_time"] == 1
    assert figures[station_b.pk] | {"burden": None} == {
        "received": 1,
        "signed": 1,
        "signed_on_time": 0,
        "done": 1,
        "done_on_time": 1,
        "returned": 1,
        "items_assigned": 1,
        "burden": None,
    }


def test_the_scoreboard_shows_load_and_assessment_per_station(assessed, station_a, station_b, client_for):
    page = client_for(assessed["centre"]).get(reverse("control:scoreboard"))
    assert page.status_code == 200
    loads = {load.station.pk: load for load in page.context["loads"]}
    assert loads[station_a.pk].open_parts == 1 and loads[station_a.pk].open_items == 3
    assert loads[station_a.pk].items_per_officer == 1.5
    assert loads[station_b.pk].assessment["returned"] == 1
    assert loads[station_b.pk].signed_rate == 0
