"""The supervisor's journey on the map, in a real Chromium with every request off this machine blocked
(tests.fixtures.browser fails the test on any): open the map, switch layers, click a community through
to its incidents; and the map fits a phone."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stations.choices import Unit
from stations.roles import Role
from tests.cases.factories import IncidentFactory
from tests.community.factories import AddressFactory, PolicePostFactory
from tests.factories import TEST_PASSWORD, CommunityFactory, make_person
from tests.fixtures.browser import sign_in
from tests.places.factories import area_for, point


def _district(station_a, community_a):
    second = CommunityFactory(station=station_a, name="东风社区")
    area_for(community_a, 111.60, 29.0)
    area_for(second, 111.61, 29.0)
    here = AddressFactory(station=station_a, community=community_a, point=point(111.603, 29.003))
    now = timezone.now()
    incidents = [
        IncidentFactory(
            station=station_a, community=community_a, standard_address=here, reported_at=now - timedelta(days=n)
        )
        for n in range(3)
    ]
    IncidentFactory(station=station_a, community=second, reported_at=now)
    PolicePostFactory(station=station_a, community=second, latitude=29.005, longitude=111.615)
    return second, incidents


def _click_lon_lat(page, lon, lat):
    x, y = page.evaluate(
        """([lon, lat]) => {
            const el = document.getElementById('wl-map');
            const chart = echarts.getInstanceByDom(el);
            const [px, py] = chart.convertToPixel({geoIndex: 0}, [lon, lat]);
            const box = el.getBoundingClientRect();
            return [box.left + px, box.top + py];
        }""",
        [lon, lat],
    )
    page.mouse.click(x, y)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_supervisor_opens_the_map_switches_layers_and_clicks_through_to_incidents(page, station_a, community_a):
    make_person("map_boss", station=station_a, roles=[Role.STATION_SUPERVISOR], unit=Unit.LEADERSHIP)
    _second, incidents = _district(station_a, community_a)
    sign_in(page, "map_boss", TEST_PASSWORD)
    page.goto(reverse("places:map"))
    page.wait_for_selector("#wl-map[data-map-ready='2']")
    assert "CGCS2000" in page.get_by_test_id("crs").inner_text()

    page.get_by_test_id("layer-incidents").check()
    page.wait_for_selector("#wl-map[data-layers-ready='incidents']")
    page.get_by_test_id("layer-posts").check()
    page.wait_for_selector("#wl-map[data-layers-ready='incidents,posts']")
    page.get_by_test_id("layer-incidents").uncheck()
    page.wait_for_selector("#wl-map[data-layers-ready='posts']")
    assert "layer=posts" in page.url

    # A community: its records in the panel, then its incidents.
    _click_lon_lat(page, 111.602, 29.008)
    page.wait_for_selector(f"#wl-map-panel[data-community='{community_a.pk}']")
    page.get_by_test_id("panel-incidents").click()
    page.wait_for_url(re.compile(re.escape(reverse("cases:incident-list"))))
    assert f"community={community_a.pk}" in page.url
    assert page.get_by_test_id("result-count").inner_text() == str(len(incidents))

    # A point opens its record.
    page.goto(reverse("places:map") + "?layer=incidents")
    page.wait_for_selector("#wl-map[data-layers-ready='incidents']")
    _click_lon_lat(page, 111.603, 29.003)
    page.wait_for_url(re.compile(r"/cases/incidents/\d+/"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_map_fits_a_phone(phone_page, station_a, community_a):
    make_person("map_phone", station=station_a, roles=[Role.STATION_SUPERVISOR], unit=Unit.LEADERSHIP)
    _district(station_a, community_a)
    sign_in(phone_page, "map_phone", TEST_PASSWORD)
    phone_page.goto(reverse("places:map"))
    phone_page.wait_for_selector("#wl-map[data-map-ready='2']")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    box = phone_page.get_by_test_id("map").bounding_box()
    assert box["width"] >= 300 and box["height"] >= 300
