from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from community.choices import Affiliation, TeamSize
from community.models import Patrol, PatrolTeam
from community.selectors import teams_with_size
from community.views.patrols import incident_from_patrol_url
from tests.community.factories import PatrolFactory, PatrolTeamFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("members", "size"), [(4, TeamSize.UNDER), (5, TeamSize.SMALL), (10, TeamSize.SMALL), (11, TeamSize.MEDIUM)]
)
def test_size_class_is_derived_from_active_members(members, size, station_a):
    team = PatrolTeamFactory(station=station_a)
    TeamMemberFactory.create_batch(members, team=team)
    TeamMemberFactory(team=team, active=False)
    assert teams_with_size(PatrolTeam.objects.filter(pk=team.pk)).get().size_class == size
    assert team.size_class == size


def test_a_member_is_added_with_an_affiliation_and_leaving_keeps_them_inactive(supervisor_a, station_a, client_for):
    team = PatrolTeamFactory(station=station_a)
    client = client_for(supervisor_a)
    client.post(reverse("community:teammember-add", kwargs={"pk": team.pk}),
                {"name": "社区书记", "affiliation": Affiliation.PARTY})  # fmt: skip
    member = team.members.get()
    assert member.affiliation == Affiliation.PARTY
    client.post(reverse("community:teammember-leave", kwargs={"pk": member.pk}))
    member.refresh_from_db()
    assert member.active is False


def test_a_patrol_that_ends_before_it_starts_is_refused_on_the_field(supervisor_a, station_a, client_for):
    team = PatrolTeamFactory(station=station_a)
    start = timezone.localtime() - timedelta(hours=2)
    response = client_for(supervisor_a).post(
        reverse("community:patrol-create"),
        {"team": team.pk, "started_at": start.strftime("%Y-%m-%dT%H:%M"),
         "ended_at": (start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"), "area": "建设路",
         "police_count": 2, "volunteer_count": 5},
    )  # fmt: skip
    assert "ended_at" in response.context["form"].errors
    assert not Patrol.objects.exists()


def test_a_patrol_of_another_stations_team_is_refused_by_the_api(supervisor_a, station_b, api_for):
    team = PatrolTeamFactory(station=station_b)
    response = api_for(supervisor_a).post(
        reverse("api:patrol-list"),
        {"team": team.pk, "started_at": "2026-11-01T08:00:00+08:00", "ended_at": "2026-11-01T10:00:00+08:00",
         "area": "x", "police_count": 1, "volunteer_count": 1},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400 and "team" in response.json()


def test_a_patrol_links_to_an_incident_prefilled_with_channel_community_and_summary(
    supervisor_a, station_a, community_a, client_for
):
    patrol = PatrolFactory(team=PatrolTeamFactory(station=station_a), community=community_a, findings="发现可疑人员")
    url = incident_from_patrol_url(patrol)
    assert url.startswith("/cases/incidents/new/?")
    assert "channel=patrol" in url and f"community={community_a.pk}" in url and "summary=" in url
    page = client_for(supervisor_a).get(patrol.get_absolute_url()).content.decode()
    assert 'data-testid="open-incident"' in page


def test_the_prefilled_incident_form_carries_what_the_patrol_found(
    community_officer_a, station_a, community_a, client_for
):
    patrol = PatrolFactory(team=PatrolTeamFactory(station=station_a), community=community_a, findings="发现可疑人员")
    form = client_for(community_officer_a).get(incident_from_patrol_url(patrol)).context["form"]
    assert form["channel"].value() == "patrol"
    assert str(form["community"].value()) == str(community_a.pk)
    assert "发现可疑人员" in form["summary"].value()


def test_api_patrol_team_list_shows_members_and_size_class_in_constant_queries(supervisor_a, station_a, api_for):
    from tests.utils import assert_constant_queries

    api = api_for(supervisor_a)

    def grow():
        team = PatrolTeamFactory(station=station_a)
        TeamMemberFactory.create_batch(6, team=team)

    grow()
    assert_constant_queries(lambda: api.get(reverse("api:patrol-team-list")), grow)
    row = api.get(reverse("api:patrol-team-list")).json()["results"][0]
    assert row["size_class"] == TeamSize.SMALL and len(row["members"]) == 6


def test_station_officer_can_view_but_not_change_police_posts(officer_a, station_a, client_for):
    assert officer_a.has_perm("community.view_policepost")
    assert not officer_a.has_perm("community.change_policepost")
    assert Permission.objects.filter(codename="reveal_resident_identity").exists()


def test_officer_pickers_show_names_family_name_first(community_officer_a, client_for):
    community_officer_a.last_name, community_officer_a.first_name = "王", "芳"
    community_officer_a.save()
    form = client_for(community_officer_a).get("/community/hazards/new/").context["form"]
    assert "王芳" in [label for _value, label in form.fields["officer"].choices]
