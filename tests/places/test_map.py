"""The map's layers and choropleth against independent counts, scoped: a station sees its area, the
bureau all; a constant number of queries whatever the data size."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.choices import IncidentCategory
from community.choices import HazardStatus
from mediation.choices import DisputeStatus, RiskGrade
from places.selectors import LAYERS
from stats.rollup import run_rollup
from tests.cases.factories import IncidentFactory
from tests.community.factories import AddressFactory, HazardFactory, PatrolTeamFactory, PolicePostFactory
from tests.factories import CommunityFactory
from tests.places.factories import area_for, dispute_at, point

POINTS = reverse("api:map-points")
COMMUNITIES = reverse("api:map-communities")


@pytest.fixture
def geography(station_a, station_b, community_a, community_b):
    """Two communities at station A, one at B, each with a boundary and a pinned address."""
    second = CommunityFactory(station=station_a, name="东风社区")
    area_for(community_a, 111.60, 29.0)
    area_for(second, 111.61, 29.0)
    area_for(community_b, 111.70, 29.0)
    addresses = {
        c.pk: AddressFactory(station=c.station, community=c, point=point(111.6 + 0.01 * i + 0.005, 29.005))
        for i, c in enumerate([community_a, second, community_b])
    }
    return {"second": second, "addresses": addresses}


def ids(body):
    return sorted(f["id"] for f in body["features"])


def test_incidents_of_the_last_n_days_by_category(
    geography, station_a, station_b, community_a, bureau_supervisor, supervisor_a, api_for
):
    here = geography["addresses"][community_a.pk]
    now = timezone.now()
    recent = [
        IncidentFactory(
            station=station_a,
            community=community_a,
            standard_address=here,
            reported_at=now - timedelta(days=d),
            category=cat,
        )
        for d, cat in ((1, IncidentCategory.DISPUTE), (5, IncidentCategory.FRAUD), (9, IncidentCategory.DISPUTE))
    ]
    IncidentFactory(
        station=station_a, community=community_a, standard_address=here, reported_at=now - timedelta(days=40)
    )
    unplaced = IncidentFactory(station=station_a, community=community_a, reported_at=now - timedelta(days=2))
    own_coordinates = IncidentFactory(
        station=station_a, reported_at=now - timedelta(days=2), latitude=29.001, longitude=111.601
    )
    elsewhere = IncidentFactory(
        station=station_b,
        standard_address=geography["addresses"][station_b.communities.get().pk],
        reported_at=now - timedelta(days=1),
    )

    body = api_for(supervisor_a).get(POINTS, {"layer": "incidents", "days": 30}).json()
    assert ids(body) == sorted([i.pk for i in recent] + [own_coordinates.pk])
    assert body["unplaced"] == 1 and unplaced.pk not in ids(body)
    assert api_for(supervisor_a).get(POINTS, {"layer": "incidents", "days": 7}).json()["features"].__len__() == 3
    fraud = api_for(supervisor_a).get(POINTS, {"layer": "incidents", "category": "fraud"}).json()
    assert ids(fraud) == [recent[1].pk]
    feature = next(f for f in body["features"] if f["id"] == recent[0].pk)
    assert feature["geometry"] == here.point and feature["properties"]["url"] == recent[0].get_absolute_url()
    everything = api_for(bureau_supervisor).get(POINTS, {"layer": "incidents"}).json()
    assert elsewhere.pk in ids(everything) and set(ids(body)) < set(ids(everything))
    one_station = api_for(bureau_supervisor).get(POINTS, {"layer": "incidents", "station": station_b.pk}).json()
    assert ids(one_station) == [elsewhere.pk]


def test_repeat_calls_are_counted_by_standard_address_not_by_text(
    geography, station_a, community_a, supervisor_a, api_for, settings
):
    here, there = geography["addresses"][community_a.pk], geography["addresses"][geography["second"].pk]
    now = timezone.now()
    texts = ["朝阳路12号", "朝阳路 12号", "朝阳路十二号"]  # typed three ways: one place
    for n, text in enumerate(texts):
        IncidentFactory(station=station_a, standard_address=here, address=text, reported_at=now - timedelta(days=n))
    IncidentFactory(station=station_a, standard_address=there, reported_at=now)
    IncidentFactory(station=station_a, standard_address=here, reported_at=now - timedelta(days=60))
    body = api_for(supervisor_a).get(POINTS, {"layer": "repeat_calls"}).json()
    assert [(f["id"], f["properties"]["calls"]) for f in body["features"]] == [(here.pk, 3)]
    assert body["threshold"] == settings.WULING["REPEAT_CALL_THRESHOLD"]


def test_open_disputes_by_risk_open_hazards_posts_and_patrol_areas(
    geography, station_a, community_a, supervisor_a, api_for
):
    here = geography["addresses"][community_a.pk]
    red = dispute_at(station_a, community=community_a, standard_address=here, risk=RiskGrade.RED)
    dispute_at(station_a, community=community_a, standard_address=here, status=DisputeStatus.CLOSED)
    dispute_at(station_a, community=community_a)  # no address: not on the map
    open_hazard = HazardFactory(station=station_a, community=community_a, standard_address=here)
    HazardFactory(station=station_a, community=community_a, standard_address=here, status=HazardStatus.RECTIFIED)
    post = PolicePostFactory(station=station_a, community=community_a, latitude=29.004, longitude=111.604)
    PolicePostFactory(station=station_a, community=community_a)  # no coordinates
    team = PatrolTeamFactory(station=station_a)
    team.communities.set([community_a, geography["second"]])
    api = api_for(supervisor_a)
    disputes = api.get(POINTS, {"layer": "disputes"}).json()
    assert ids(disputes) == [red.pk] and disputes["features"][0]["properties"]["risk"] == "red"
    assert ids(api.get(POINTS, {"layer": "hazards"}).json()) == [open_hazard.pk]
    posts = api.get(POINTS, {"layer": "posts"}).json()
    assert ids(posts) == [post.pk] and posts["features"][0]["geometry"]["coordinates"] == [111.604, 29.004]
    patrols = api.get(POINTS, {"layer": "patrols"}).json()
    assert ids(patrols) == [team.pk]
    assert patrols["features"][0]["geometry"]["type"] == "MultiPolygon"
    assert len(patrols["features"][0]["geometry"]["coordinates"]) == 2


@pytest.mark.parametrize("layer", list(LAYERS))
def test_every_layer_hides_another_stations_records(
    layer, geography, station_a, station_b, community_b, officer_b, supervisor_a, api_for
):
    there = geography["addresses"][community_b.pk]
    make = {
        "incidents": lambda: IncidentFactory(station=station_b, standard_address=there),
        "repeat_calls": lambda: _calls(station_b, there, 3),
        "disputes": lambda: dispute_at(station_b, community=community_b, standard_address=there),
        "hazards": lambda: HazardFactory(station=station_b, community=community_b, standard_address=there),
        "posts": lambda: PolicePostFactory(station=station_b, community=community_b, latitude=29, longitude=111.7),
        "patrols": lambda: _team(station_b, community_b),
    }
    record = make[layer]()
    expected = there.pk if layer == "repeat_calls" else record.pk
    outsider = api_for(supervisor_a).get(POINTS, {"layer": layer}).json()
    assert expected not in ids(outsider)
    assert api_for(supervisor_a).get(POINTS, {"layer": layer, "station": station_b.pk}).json()["features"] == []
    from tests.factories import grant_all_model_permissions

    insider = api_for(grant_all_model_permissions(officer_b)).get(POINTS, {"layer": layer}).json()
    assert expected in ids(insider)


def _calls(station, address, count):
    return [IncidentFactory(station=station, standard_address=address) for _n in range(count)][-1]


def _team(station, community):
    team = PatrolTeamFactory(station=station)
    team.communities.set([community])
    return team


def test_communities_are_scoped_and_bad_input_is_a_400(
    geography, station_b, community_a, community_b, supervisor_a, bureau_supervisor, mediator_a, api_for
):
    own = api_for(supervisor_a).get(COMMUNITIES).json()
    assert ids(own) == sorted([community_a.pk, geography["second"].pk])
    assert own["crs_name"]
    assert ids(api_for(bureau_supervisor).get(COMMUNITIES).json()) == sorted(
        [community_a.pk, geography["second"].pk, community_b.pk]
    )
    api = api_for(supervisor_a)
    assert api.get(COMMUNITIES, {"station": station_b.pk}).json()["features"] == []
    assert api.get(COMMUNITIES, {"metric": "nonsense"}).status_code == 400
    assert api.get(COMMUNITIES, {"station": "x"}).status_code == 400
    assert api.get(POINTS, {"layer": "nonsense"}).status_code == 400
    assert api.get(POINTS, {"layer": "incidents", "days": "0"}).status_code == 400
    assert api_for(mediator_a).get(POINTS, {"layer": "hazards"}).status_code == 403


def test_the_choropleth_shows_the_dashboard_figure_of_each_community(
    geography, station_a, station_b, community_a, community_b, supervisor_a, bureau_supervisor, api_for
):
    from tests.stats.factories import local, make_incident

    today = timezone.localdate()
    second = geography["second"]
    counts = {community_a.pk: 3, second.pk: 1, community_b.pk: 2}
    for community in (community_a, second, community_b):
        for _n in range(counts[community.pk]):
            make_incident(station=community.station, community=community, reported_at=local(today, 0, 30))
    make_incident(station=station_a, community=community_a, reported_at=local(today - timedelta(days=400)))
    run_rollup()
    query = {"metric": "incidents_reported", "period": "month"}
    station_map = api_for(supervisor_a).get(COMMUNITIES, query).json()
    values = {f["id"]: f["properties"]["value"] for f in station_map["features"]}
    assert values == {community_a.pk: 3, second.pk: 1}
    assert station_map["unit"] == "community" and station_map["metric"]["key"] == "incidents_reported"
    bureau_map = api_for(bureau_supervisor).get(COMMUNITIES, query).json()
    values = {f["id"]: f["properties"]["value"] for f in bureau_map["features"]}
    # The bureau compares stations: each community has its station's figure.
    assert values == {community_a.pk: 4, second.pk: 4, community_b.pk: 2} and bureau_map["unit"] == "station"
    one_station = api_for(bureau_supervisor).get(COMMUNITIES, {**query, "station": station_b.pk}).json()
    assert {f["id"]: f["properties"]["value"] for f in one_station["features"]} == {community_b.pk: 2}


def test_layers_and_communities_take_a_constant_number_of_queries(
    geography, station_a, community_a, supervisor_a, api_for, django_assert_max_num_queries
):
    here = geography["addresses"][community_a.pk]

    def grow():
        for _n in range(5):
            IncidentFactory(station=station_a, standard_address=here)
            dispute_at(station_a, community=community_a, standard_address=here)
            HazardFactory(station=station_a, community=community_a, standard_address=here)
            PolicePostFactory(station=station_a, community=community_a, latitude=29, longitude=111.6)
            _team(station_a, community_a)
            area_for(CommunityFactory(station=station_a))

    api = api_for(supervisor_a)
    grow()
    for layer in LAYERS:
        with django_assert_max_num_queries(8):
            assert api.get(POINTS, {"layer": layer}).status_code == 200
    with django_assert_max_num_queries(6):
        assert api.get(COMMUNITIES).status_code == 200
    grow()
    grow()
    for layer in LAYERS:
        with django_assert_max_num_queries(8):
            assert api.get(POINTS, {"layer": layer}).status_code == 200
    with django_assert_max_num_queries(6):
        assert api.get(COMMUNITIES).status_code == 200


def test_the_map_page_offers_the_layers_the_role_sees(geography, supervisor_a, mediator_a, client_for):
    response = client_for(supervisor_a).get(reverse("places:map"))
    assert response.status_code == 200
    keys = [key for key, _label in response.context["layers"]]
    assert keys == list(LAYERS)
    assert response.context["metrics"]
    mediator_keys = [key for key, _label in client_for(mediator_a).get(reverse("places:map")).context["layers"]]
    assert "hazards" not in mediator_keys and "disputes" in mediator_keys


def test_a_sub_bureau_sees_only_its_own_area_and_the_city_sees_every_one(
    geography, community_a, other_bureau, other_bureau_supervisor, city_supervisor, api_for
):
    station = other_bureau.stations.first()
    far = CommunityFactory(station=station, name="鼎城社区")
    area_for(far, 111.9, 29.1)
    IncidentFactory(
        station=station, standard_address=AddressFactory(station=station, community=far, point=point(111.905, 29.105))
    )
    IncidentFactory(station=community_a.station, standard_address=geography["addresses"][community_a.pk])
    theirs = api_for(other_bureau_supervisor)
    assert ids(theirs.get(COMMUNITIES).json()) == [far.pk]
    assert len(theirs.get(POINTS, {"layer": "incidents"}).json()["features"]) == 1
    city = api_for(city_supervisor)
    assert far.pk in ids(city.get(COMMUNITIES).json()) and community_a.pk in ids(city.get(COMMUNITIES).json())
    assert len(city.get(POINTS, {"layer": "incidents"}).json()["features"]) == 2


def test_the_dashboards_carry_a_small_map_of_their_area_linking_to_the_map(
    geography, station_a, supervisor_a, bureau_supervisor, client_for
):
    station_page = client_for(supervisor_a).get(reverse("stats:station"), follow=True).content.decode()
    assert "data-minimap" in station_page and f'data-station="{station_a.pk}"' in station_page
    assert f"{reverse('places:map')}?station={station_a.pk}" in station_page
    bureau_page = client_for(bureau_supervisor).get(reverse("stats:bureau"), follow=True).content.decode()
    assert "data-minimap" in bureau_page and 'data-station=""' in bureau_page
