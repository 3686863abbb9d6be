import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from community.models import Resident, ResidentTag
from kit.personal import build_id_number
from stations.choices import AuditEventType
from stations.models import AuditEvent
from tests.community.factories import ResidentFactory
from tests.utils import assert_constant_queries, body

pytestmark = pytest.mark.django_db

ID = build_id_number("430702", date(1985, 3, 9), 12, "F")


def _post_resident(client, community, **overrides):
    data = {"community": community.pk, "name": "李小红", "id_number": ID, "phone": "13812345678"}
    data.update(overrides)
    return client.post(reverse("community:resident-create"), data)


def test_community_officer_registers_a_resident_and_birth_date_and_sex_come_from_the_id_number(
    community_officer_a, community_a, client_for
):
    tag = ResidentTag.objects.get(code="elderly_alone")
    response = _post_resident(client_for(community_officer_a), community_a, tags=[tag.pk])
    assert response.status_code == 302, response.content.decode()[:2000]
    resident = Resident.objects.get(id_number=ID)
    assert resident.birth_date == date(1985, 3, 9)
    assert resident.sex == "F"
    assert resident.station_id == community_a.station_id
    assert list(resident.tags.all()) == [tag]
    assert resident.history.first().history_user == community_officer_a


def test_a_birth_date_that_contradicts_the_id_number_is_refused_on_the_field(
    community_officer_a, community_a, client_for
):
    response = _post_resident(client_for(community_officer_a), community_a, birth_date="1985-03-10")
    assert response.status_code == 200
    assert "birth_date" in response.context["form"].errors
    assert not Resident.objects.exists()


def test_a_sex_that_contradicts_the_id_number_is_refused(community_officer_a, community_a, client_for):
    response = _post_resident(client_for(community_officer_a), community_a, sex="M")
    assert "sex" in response.context["form"].errors


def test_an_id_number_with_a_wrong_check_digit_is_refused(community_officer_a, community_a, client_for):
    broken = ID[:-1] + ("0" if ID[-1] != "0" else "1")
    response = _post_resident(client_for(community_officer_a), community_a, id_number=broken)
    assert "id_number" in response.context["form"].errors
    assert not Resident.objects.exists()


def test_a_duplicate_resident_is_refused_naming_where_it_is_registered(community_officer_a, community_a, client_for):
    ResidentFactory(station=community_a.station, community=community_a, id_number=ID)
    response = _post_resident(client_for(community_officer_a), community_a, name="另一个人")
    errors = response.context["form"].errors["id_number"]
    assert community_a.name in errors[0]
    assert Resident.objects.count() == 1


def test_a_phone_that_is_not_one_is_refused(community_officer_a, community_a, client_for):
    response = _post_resident(client_for(community_officer_a), community_a, phone="12345")
    assert "phone" in response.context["form"].errors


def test_the_list_and_its_exports_show_masked_numbers_only(community_officer_a, community_a, client_for):
    resident = ResidentFactory(station=community_a.station, community=community_a, phone="13812345678")
    client = client_for(community_officer_a)
    page = client.get(reverse("community:resident-list")).content.decode()
    assert resident.id_number_masked in page
    assert resident.id_number not in page
    assert "138****5678" in page and "13812345678" not in page
    csv = body(client.get(reverse("community:resident-list"), {"_export": "csv"})).decode()
    assert resident.id_number_masked in csv and resident.id_number not in csv
    xlsx = client.get(reverse("community:resident-list"), {"_export": "xlsx"}).content
    cells = {str(c.value) for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows() for c in row}
    assert resident.id_number_masked in cells and resident.id_number not in cells


def test_the_detail_page_is_masked_until_the_reveal_which_is_audited(community_officer_a, community_a, client_for):
    resident = ResidentFactory(station=community_a.station, community=community_a)
    client = client_for(community_officer_a)
    page = client.get(resident.get_absolute_url()).content.decode()
    assert resident.id_number not in page
    assert 'data-testid="reveal"' in page

    fragment = client.post(reverse("community:resident-reveal", kwargs={"pk": resident.pk}), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert resident.id_number in fragment.content.decode()
    event = AuditEvent.objects.get(event_type=AuditEventType.SENSITIVE_READ)
    assert (event.user, event.object_id, event.object_type) == (
        community_officer_a,
        str(resident.pk),
        "community.Resident",
    )


def test_an_officer_without_the_reveal_permission_sees_no_button_and_is_refused(officer_a, community_a, client_for):
    resident = ResidentFactory(station=community_a.station, community=community_a)
    client = client_for(officer_a)
    assert 'data-testid="reveal"' not in client.get(resident.get_absolute_url()).content.decode()
    assert client.post(reverse("community:resident-reveal", kwargs={"pk": resident.pk})).status_code == 403
    assert not AuditEvent.objects.filter(event_type=AuditEventType.SENSITIVE_READ).exists()


def test_the_edit_form_never_shows_the_id_number(community_officer_a, community_a, client_for):
    resident = ResidentFactory(station=community_a.station, community=community_a)
    page = client_for(community_officer_a).get(reverse("community:resident-update", kwargs={"pk": resident.pk}))
    assert resident.id_number not in page.content.decode()


# --- API -----------------------------------------------------------------------------


def test_api_lists_residents_masked(community_officer_a, community_a, api_for):
    resident = ResidentFactory(station=community_a.station, community=community_a)
    row = api_for(community_officer_a).get(reverse("api:resident-list")).json()["results"][0]
    assert row["id_number"] == resident.id_number_masked
    assert row["phone"] == "138****5678"
    assert row["revealed"] is False


def test_api_reveals_one_record_only_when_asked_by_a_caller_with_the_permission(
    community_officer_a, officer_a, community_a, api_for
):
    resident = ResidentFactory(station=community_a.station, community=community_a)
    url = reverse("api:resident-detail", kwargs={"pk": resident.pk})
    assert api_for(community_officer_a).get(url).json()["id_number"] == resident.id_number_masked
    revealed = api_for(community_officer_a).get(url, {"reveal": "true"}).json()
    assert revealed["id_number"] == resident.id_number and revealed["revealed"] is True
    assert AuditEvent.objects.filter(event_type=AuditEventType.SENSITIVE_READ, user=community_officer_a).count() == 1
    listed = api_for(community_officer_a).get(reverse("api:resident-list"), {"reveal": "true"}).json()
    assert listed["results"][0]["id_number"] == resident.id_number_masked
    # Asking without the right is refused, not silently masked: the client learns it may not.
    assert api_for(officer_a).get(url, {"reveal": "true"}).status_code == 403


def test_api_creates_a_resident_and_answers_400_naming_the_field_for_a_bad_id_number(
    community_officer_a, community_a, api_for
):
    api = api_for(community_officer_a)
    created = api.post(
        reverse("api:resident-list"),
        {"community": community_a.pk, "name": "王五", "id_number": ID, "tags": ["rental_tenant"]},
        format="json",
    )
    assert created.status_code == 201, created.content
    # Read from the ID number and stored; answered as the year only while the number is masked.
    assert created.json()["birth_year"] == 1985 and created.json()["birth_date"] is None
    assert Resident.objects.get(pk=created.json()["id"]).birth_date.isoformat() == "1985-03-09"
    bad = api.post(
        reverse("api:resident-list"),
        {"community": community_a.pk, "name": "赵六", "id_number": "430702198503091234"},
        format="json",
    )
    assert bad.status_code == 400
    assert "id_number" in bad.json()
    duplicate = api.post(
        reverse("api:resident-list"), {"community": community_a.pk, "name": "王五", "id_number": ID}, format="json"
    )
    assert duplicate.status_code == 400 and "id_number" in duplicate.json()


def test_api_update_with_a_stale_version_is_refused(community_officer_a, community_a, api_for):
    resident = ResidentFactory(station=community_a.station, community=community_a)
    url = reverse("api:resident-detail", kwargs={"pk": resident.pk})
    api = api_for(community_officer_a)
    assert api.patch(url, {"name": "新名字", "version": 1}, format="json").status_code == 200
    assert api.patch(url, {"name": "再改", "version": 1}, format="json").status_code == 409


def test_api_resident_list_queries_do_not_grow_with_rows(community_officer_a, community_a, api_for):
    api = api_for(community_officer_a)
    tags = list(ResidentTag.objects.all()[:2])

    def grow():
        for _n in range(5):
            ResidentFactory(station=community_a.station, community=community_a).tags.set(tags)

    grow()
    assert_constant_queries(lambda: api.get(reverse("api:resident-list")), grow)


def test_resident_list_page_queries_do_not_grow_with_rows(community_officer_a, community_a, client_for):
    client = client_for(community_officer_a)

    def grow():
        for _n in range(5):
            ResidentFactory(station=community_a.station, community=community_a)

    grow()
    assert_constant_queries(lambda: client.get(reverse("community:resident-list")), grow)


def test_search_finds_a_resident_by_the_whole_id_number_but_not_by_a_fragment(
    community_officer_a, community_a, client_for
):
    resident = ResidentFactory(station=community_a.station, community=community_a)
    client = client_for(community_officer_a)

    def found(q):
        return [row.record for row in client.get(reverse("community:resident-list"), {"q": q}).context["table"].rows]

    assert found(resident.id_number) == [resident]
    assert found(resident.id_number.lower()) == [resident]
    assert found(resident.id_number[:10]) == []
    assert found(resident.phone) == [resident]
    assert found(resident.phone[:7]) == []
    assert found(resident.name) == [resident]


def test_the_resident_page_shows_the_birth_year_not_the_birth_date_beside_the_masked_number(
    community_officer_a, community_a, client_for
):
    resident = ResidentFactory(station=community_a.station, community=community_a)
    page = client_for(community_officer_a).get(resident.get_absolute_url()).content.decode()
    assert resident.id_number_masked in page
    assert resident.birth_date.isoformat() not in page and resident.id_number[6:14] not in page
    assert str(resident.birth_date.year) in page
