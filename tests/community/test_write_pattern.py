"""The one write pattern in the community app: services take keyword fields and refuse others, actions
are RecordActionViews that keep the input, and an edit keeps what it did not change."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from community import services
from community.choices import ActivityKind, HazardCategory
from community.models import Hazard
from stations.roles import Role
from tests.community.factories import HazardFactory, HouseholdFactory, PatrolTeamFactory, PlaceFactory, ResidentFactory
from tests.factories import CommunityFactory, make_person

pytestmark = pytest.mark.django_db


def test_a_service_refuses_a_field_it_does_not_save(community_officer_a, community_a):
    with pytest.raises(ValidationError) as refused:
        services.address_create(
            by=community_officer_a, station=community_a.station, community=community_a, street="人民路", number="1",
            version=9,
        )  # fmt: skip
    assert "version" in refused.value.message_dict


def test_the_hazard_edit_page_keeps_the_officer_who_has_since_left_the_station(
    community_officer_a, supervisor_a, community_a, client_for
):
    """The picker used to offer only today's staff: the record's own officer, once deactivated, was
    'not a valid choice' and the deadline could not be moved without reassigning the hazard."""
    hazard = HazardFactory(station=community_a.station, community=community_a, officer=community_officer_a)
    community_officer_a.is_active = False
    community_officer_a.save()
    url = reverse("community:hazard-update", kwargs={"pk": hazard.pk})
    client = client_for(supervisor_a)
    form = client.get(url).context["form"]
    assert community_officer_a in form.fields["officer"].queryset
    due = timezone.localdate() + timedelta(days=20)
    response = client.post(url, {
        "community": community_a.pk, "category": hazard.category, "description": hazard.description,
        "found_on": hazard.found_on.isoformat(), "due_on": due.isoformat(), "officer": community_officer_a.pk,
        "expected_version": hazard.version,
    })  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    hazard.refresh_from_db()
    assert (hazard.due_on, hazard.officer) == (due, community_officer_a)


def test_a_newly_named_hazard_officer_must_work_at_the_station(supervisor_a, officer_b, community_a, api_for):
    hazard = HazardFactory(station=community_a.station, community=community_a, officer=supervisor_a)
    with pytest.raises(ValidationError) as refused:
        services.hazard_update(hazard=hazard, by=supervisor_a, expected_version=hazard.version, officer=officer_b)
    assert "officer" in refused.value.message_dict


def test_rectifying_refused_shows_the_form_again_with_the_note_kept(community_officer_a, community_a, client_for):
    hazard = HazardFactory(station=community_a.station, community=community_a, officer=community_officer_a)
    url = reverse("community:hazard-rectify", kwargs={"pk": hazard.pk})
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client_for(community_officer_a).post(url, {"rectified_on": future, "rectification_note": "已更换灭火器"})
    assert response.status_code == 400
    form = response.context["form"]
    assert "rectified_on" in form.errors
    assert "已更换灭火器" in response.content.decode()
    assert Hazard.objects.get(pk=hazard.pk).rectified_on is None


def test_a_member_refused_keeps_the_input_beside_the_field(supervisor_a, station_a, client_for):
    team = PatrolTeamFactory(station=station_a)
    url = reverse("community:teammember-add", kwargs={"pk": team.pk})
    response = client_for(supervisor_a).post(url, {"name": "李四", "affiliation": "party", "phone": "123"})
    assert response.status_code == 400
    assert "phone" in response.context["form"].errors
    assert "李四" in response.content.decode()
    assert not team.members.exists()


def test_api_resident_patch_that_contradicts_the_id_number_is_refused(community_officer_a, community_a, api_for):
    resident = ResidentFactory(station=community_a.station, community=community_a)
    url = reverse("api:resident-detail", kwargs={"pk": resident.pk})
    response = api_for(community_officer_a).patch(
        url, {"birth_date": "1901-01-01", "version": resident.version}, format="json"
    )
    assert response.status_code == 400
    assert "birth_date" in response.json()
    resident.refresh_from_db()
    assert resident.version == 1


def test_a_hazard_due_before_it_was_found_is_refused_on_the_deadline_in_chinese(community_officer_a, community_a):
    hazard = Hazard(
        station=community_a.station, community=community_a, officer=community_officer_a, category=HazardCategory.FIRE,
        description="x", found_on=timezone.localdate(), due_on=timezone.localdate() - timedelta(days=1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        hazard.validate_constraints()
    assert list(refused.value.message_dict) == ["due_on"]
    assert "约束" not in str(refused.value) and "constraint" not in str(refused.value).lower()


# --- Item 5: the work-log pickers follow the chosen community ------------------------------------


@pytest.fixture
def two_community_officer(station_a, community_a):
    other = CommunityFactory(station=station_a, name="光明社区")
    person = make_person(
        "two_communities", station=station_a, roles=[Role.COMMUNITY_OFFICER], communities=[community_a, other]
    )
    return person, other


def test_the_work_log_pickers_offer_only_the_chosen_communitys_records(two_community_officer, community_a, client_for):
    officer, other = two_community_officer
    here = HouseholdFactory(address__station=community_a.station, address__community=community_a)
    there = HouseholdFactory(address__station=community_a.station, address__community=other)
    place_there = PlaceFactory(station=community_a.station, community=other)
    client = client_for(officer)

    form = client.get(reverse("community:activity-create") + f"?community={community_a.pk}").context["form"]
    assert list(form.fields["household"].queryset) == [here]
    assert place_there not in form.fields["place"].queryset

    pickers = client.get(reverse("community:activity-pickers"), {"community": other.pk}, HTTP_HX_REQUEST="true")
    assert pickers.status_code == 200
    assert list(pickers.context["form"].fields["household"].queryset) == [there]
    assert 'id="activity-pickers"' in pickers.content.decode()


def test_save_and_log_another_keeps_the_kind_and_the_community(two_community_officer, client_for):
    officer, other = two_community_officer
    response = client_for(officer).post(reverse("community:activity-create"), {
        "kind": ActivityKind.LEGAL_CONSULTATION, "community": other.pk, "summary": "法律咨询", "people_reached": 3,
        "occurred_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"), "save_and_new": "1",
    })  # fmt: skip
    assert response.status_code == 302
    follow = client_for(officer).get(response["Location"])
    form = follow.context["form"]
    assert form.initial["kind"] == ActivityKind.LEGAL_CONSULTATION
    assert form.initial["community"] == other.pk
