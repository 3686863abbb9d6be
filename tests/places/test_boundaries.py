"""Importing community boundaries from GeoJSON: what matched, and clear refusals with nothing half-saved."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from places import geometry
from places.models import CommunityArea
from places.services import address_set_point, boundaries_import
from stations.roles import Role
from tests.community.factories import AddressFactory
from tests.factories import CommunityFactory, make_person
from tests.places.factories import area_for, point, square


def ring(*positions):
    return {"type": "Polygon", "coordinates": [[list(p) for p in positions]]}


def feature(properties, geom):
    return {"type": "Feature", "properties": properties, "geometry": geom}


def collection(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


@pytest.fixture
def admin_a(station_a):
    return make_person("admin_a", station=None, roles=[Role.ADMINISTRATOR, Role.BUREAU_SUPERVISOR], unit="bureau")


def test_features_match_communities_by_id_or_name_and_the_report_says_which(community_a, community_b, admin_a):
    lonely = CommunityFactory(station=community_a.station, name="无图社区")
    raw = collection(
        feature({"name": "朝阳社区"}, square(111.6, 29.0)),
        feature({"community_id": community_b.pk, "name": "whatever"}, square(111.7, 29.0)),
        feature({"name": "不存在社区"}, square(111.8, 29.0)),
    )
    report = boundaries_import(by=admin_a, raw=raw, source="gis.geojson")
    assert [(c.pk, state) for c, state in report.matched] == [(community_a.pk, "created"), (community_b.pk, "created")]
    assert report.unmatched == ["不存在社区"]
    assert lonely in report.without_boundary
    assert CommunityArea.objects.get(community=community_a).boundary == square(111.6, 29.0)
    again = boundaries_import(by=admin_a, raw=raw)
    assert {state for _c, state in again.matched} == {"replaced"}
    assert CommunityArea.objects.count() == 2


def test_a_name_two_stations_share_needs_the_station(community_a, station_b, admin_a):
    CommunityFactory(station=station_b, name="朝阳社区")
    report = boundaries_import(by=admin_a, raw=collection(feature({"name": "朝阳社区"}, square(111.6, 29.0))))
    assert report.ambiguous == ["朝阳社区"] and not report.matched
    named = collection(feature({"name": "朝阳社区", "station": community_a.station.code}, square(111.6, 29.0)))
    assert [c.pk for c, _s in boundaries_import(by=admin_a, raw=named).matched] == [community_a.pk]


def test_a_station_user_matches_only_their_own_communities(community_a, community_b, supervisor_a):
    raw = collection(feature({"community_id": community_b.pk}, square(111.6, 29.0)))
    report = boundaries_import(by=supervisor_a, raw=raw)
    assert report.matched == [] and report.unmatched
    assert not CommunityArea.objects.exists()


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"type": "Point", "coordinates": [1, 2]}), "FeatureCollection"),
        (json.dumps({"type": "FeatureCollection", "features": []}), "no features"),
        (collection(feature({}, {"type": "Point", "coordinates": [1, 2]})), "Polygon or MultiPolygon"),
        (
            collection(feature({}, {"type": "Polygon", "coordinates": [[[1, 2], [3, 4], [5, 6], [1, 9]]]})),
            "does not close",
        ),
        (collection(feature({}, {"type": "Polygon", "coordinates": [[[1, 2], [3, 4], [1, 2]]]})), "four positions"),
        (
            collection(feature({}, {"type": "Polygon", "coordinates": [[[1, 2], [300, 4], [5, 6], [1, 2]]]})),
            "longitude",
        ),
    ],
)
def test_invalid_geojson_is_refused_with_what_is_wrong_and_nothing_is_saved(community_a, admin_a, raw, words):
    good = feature({"name": "朝阳社区"}, square(111.6, 29.0))
    if raw.startswith('{"type": "FeatureCollection", "features": [{'):
        body = json.loads(raw)
        raw = json.dumps({"type": "FeatureCollection", "features": [good, *body["features"]]})
    with pytest.raises(ValidationError) as refused:
        boundaries_import(by=admin_a, raw=raw)
    assert words in " ".join(refused.value.messages)
    assert not CommunityArea.objects.exists()


def test_the_import_page_reports_matches_and_refuses_a_polygon_that_does_not_close(community_a, admin_a, client_for):
    client = client_for(admin_a)
    url = reverse("places:boundary-import")
    assert client.get(url).status_code == 200
    ok = SimpleUploadedFile("gis.geojson", collection(feature({"name": "朝阳社区"}, square(111.6, 29.0))).encode())
    response = client.post(url, {"file": ok})
    assert response.status_code == 200
    assert "朝阳社区" in response.content.decode() and response.context["report"].matched
    open_ring = {"type": "Polygon", "coordinates": [[[1, 2], [3, 4], [5, 6], [7, 8]]]}
    bad = SimpleUploadedFile("bad.geojson", collection(feature({"name": "朝阳社区"}, open_ring)).encode())
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert CommunityArea.objects.get().boundary == square(111.6, 29.0)


def test_only_administrators_import(community_a, supervisor_a, client_for):
    assert client_for(supervisor_a).get(reverse("places:boundary-import")).status_code == 403


def test_a_pin_outside_the_community_is_saved_with_a_warning(community_a, community_officer_a):
    area_for(community_a, 111.6, 29.0, 0.01)
    address = AddressFactory(station=community_a.station, community=community_a)
    assert (
        address_set_point(
            address=address, by=community_officer_a, expected_version=address.version, point=point(111.605, 29.005)
        )
        == []
    )
    address.refresh_from_db()
    warnings = address_set_point(
        address=address, by=community_officer_a, expected_version=address.version, point=point(111.7, 29.005)
    )
    assert warnings and "outside" in warnings[0]
    address.refresh_from_db()
    assert address.point == point(111.7, 29.005)
    with pytest.raises(ValidationError):
        address_set_point(
            address=address, by=community_officer_a, expected_version=address.version, point=point(500, 29)
        )


def test_points_in_polygons_with_holes():
    ring = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]
    area = geometry.check_area({"type": "Polygon", "coordinates": [ring, hole]})
    assert geometry.contains(area, 1, 1) and not geometry.contains(area, 5, 5) and not geometry.contains(area, 11, 1)
