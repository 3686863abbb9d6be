"""Picking a standard address while typing, linking a case person to the resident with their ID number,
and dropping an address's pin: through the pages, refused in words, stale versions answer 409."""

from django.urls import reverse

from cases.models import CasePerson
from tests.cases.factories import CaseFactory
from tests.community.factories import AddressFactory, ResidentFactory
from tests.places.factories import area_for


def test_the_address_picker_finds_the_register_s_addresses_of_the_station_only(
    station_a, station_b, community_a, community_b, officer_a, client_for
):
    mine = AddressFactory(station=station_a, community=community_a, street="人民路", number="12")
    AddressFactory(station=station_a, community=community_a, street="人民路", number="40")
    AddressFactory(station=station_b, community=community_b, street="人民路", number="12")
    client = client_for(officer_a)
    found = client.get(reverse("community:address-lookup"), {"address_q": "人民路12"}, HTTP_HX_REQUEST="true")
    assert [a.pk for a in found.context["addresses"]] == [mine.pk]
    assert f'data-address-id="{mine.pk}"' in found.content.decode()
    by_community = client.get(reverse("community:address-lookup"), {"address_q": community_a.name})
    assert len(by_community.context["addresses"]) == 2
    nothing = client.get(reverse("community:address-lookup"), {"address_q": "不存在路"})
    assert nothing.context["addresses"] == [] and "地址库中没有" in nothing.content.decode()


def test_an_incident_saved_with_another_station_s_address_is_refused_beside_the_field(
    station_a, community_a, community_b, officer_a, client_for
):
    theirs = AddressFactory(station=community_b.station, community=community_b)
    response = client_for(officer_a).post(
        reverse("cases:incident-create"),
        {
            "category": "dispute",
            "channel": "110",
            "summary": "噪音",
            "community": community_a.pk,
            "standard_address": theirs.pk,
            "occurred_at": "2026-01-01T10:00",
            "reported_at": "2026-01-01T10:05",
        },
    )
    assert response.status_code in (200, 400)
    assert "standard_address" in response.context["form"].errors


def test_a_case_person_is_linked_to_the_resident_the_officer_confirms(
    station_a, community_a, case_officer_a, client_for
):
    resident = ResidentFactory(station=station_a, community=community_a)
    case = CaseFactory(station=station_a)
    client = client_for(case_officer_a)
    match = client.get(reverse("community:resident-match"), {"id_number": resident.id_number})
    page = match.content.decode()
    assert match.context["resident"] == resident and resident.id_number not in page
    assert f'data-match-resident="{resident.pk}"' in page
    url = reverse("cases:case-person-add", kwargs={"pk": case.pk})
    added = client.post(
        url, {"role": "victim", "name": "", "status": "none", "id_number": resident.id_number, "resident": resident.pk}
    )
    assert added.status_code == 302
    person = CasePerson.objects.get(case=case)
    assert person.resident == resident and person.name == resident.name
    nameless = client.post(url, {"role": "victim", "name": "", "status": "none"})
    assert nameless.status_code == 400 and "name" in nameless.context["form"].errors
    other = ResidentFactory(station=station_a, community=community_a)
    refused = client.post(
        url, {"role": "victim", "name": "某人", "status": "none", "id_number": other.id_number, "resident": resident.pk}
    )
    assert refused.status_code == 400 and CasePerson.objects.filter(case=case).count() == 1


def test_the_pin_page_saves_warns_and_refuses_a_stale_version(station_a, community_a, community_officer_a, client_for):
    area_for(community_a, 111.6, 29.0, 0.01)
    address = AddressFactory(station=station_a, community=community_a)
    client = client_for(community_officer_a)
    url = reverse("places:address-pin", kwargs={"pk": address.pk})
    done = client.post(
        url, {"longitude": 111.605, "latitude": 29.005, "expected_version": address.version}, follow=True
    )
    address.refresh_from_db()
    assert address.point == {"type": "Point", "coordinates": [111.605, 29.005]}
    assert done.status_code == 200
    stale = client.post(url, {"longitude": 111.7, "latitude": 29.005, "expected_version": address.version - 1})
    assert stale.status_code == 409
    outside = client.post(
        url, {"longitude": 111.7, "latitude": 29.005, "expected_version": address.version}, follow=True
    )
    assert any("outside" in str(m) or "边界之外" in str(m) for m in outside.context["messages"])
    assert (
        client.post(url, {"longitude": 999, "latitude": 29, "expected_version": address.version + 1}).status_code == 400
    )
