"""Nothing a user can type gives a 500: garbage in every filter, form and API field."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

GARBAGE = ["x", "-1", "9" * 30, "2026-13-45", "<script>", "' OR 1=1 --", "１２３"]
LISTS = ["address", "household", "resident", "place", "activity", "hazard", "patrolteam", "patrol", "policepost",
         "importjob"]  # fmt: skip
API_LISTS = ["address", "household", "resident", "place", "community-activity", "hazard", "patrol-team", "patrol",
             "police-post"]  # fmt: skip


@pytest.mark.parametrize("name", LISTS)
def test_list_pages_survive_garbage_in_every_filter(name, supervisor_a, client_for):
    client = client_for(supervisor_a)
    url = reverse(f"community:{name}-list")
    fields = list(client.get(url).context["filter"].form.fields)
    for value in GARBAGE:
        response = client.get(url, dict.fromkeys([*fields, "sort", "page"], value))
        assert response.status_code in (200, 404), (name, value, response.status_code)


API_FIELDS = ["community", "name", "id_number", "phone", "kind", "occurred_at", "summary", "due_on", "found_on",
              "team", "started_at", "ended_at", "police_count", "street", "number", "address", "category",
              "description", "location"]  # fmt: skip


@pytest.mark.parametrize("name", API_LISTS)
def test_api_lists_answer_400_not_500_to_garbage_filters(name, supervisor_a, api_for):
    api = api_for(supervisor_a)
    for value in GARBAGE:
        params = dict.fromkeys(["community", "ordering", "page", "occurred_at_after", "status", "kind"], value)
        response = api.get(reverse(f"api:{name}-list"), params)
        assert response.status_code in (200, 400, 404), (name, value, response.status_code)


@pytest.mark.parametrize("name", API_LISTS)
def test_api_creates_answer_400_with_field_errors_to_garbage(name, supervisor_a, api_for):
    api = api_for(supervisor_a)
    for value in GARBAGE:
        payload = dict.fromkeys(API_FIELDS, value)
        response = api.post(reverse(f"api:{name}-list"), payload, format="json")
        assert response.status_code == 400, (name, value, response.status_code, response.content[:300])


@pytest.mark.parametrize("name", ["address", "household", "resident", "place", "activity", "hazard", "patrolteam",
                                  "patrol", "policepost"])  # fmt: skip
def test_create_forms_answer_with_field_errors_to_garbage(name, supervisor_a, client_for):
    client = client_for(supervisor_a)
    url = reverse(f"community:{name}-create")
    fields = list(client.get(url).context["form"].fields)
    for value in GARBAGE:
        response = client.post(url, dict.fromkeys(fields, value))
        assert response.status_code == 200, (name, value, response.status_code)
        assert response.context["form"].errors


@pytest.mark.django_db
def test_community_lists_filter_by_date_range_with_the_shared_naming_and_by_station_for_the_bureau(
    bureau_supervisor, community_a, community_b, client_for
):
    from datetime import timedelta

    from django.utils import timezone

    from tests.community.factories import ActivityFactory

    old = ActivityFactory(station=community_a.station, community=community_a,
                          occurred_at=timezone.now() - timedelta(days=40))  # fmt: skip
    recent = ActivityFactory(station=community_a.station, community=community_a)
    elsewhere = ActivityFactory(station=community_b.station, community=community_b)
    client = client_for(bureau_supervisor)
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    listed = client.get(reverse("community:activity-list"), {"occurred_at_after": since}).context["object_list"]
    assert old not in listed and {recent, elsewhere} <= set(listed)
    listed = client.get(reverse("community:activity-list"), {"station": community_b.station_id}).context["object_list"]
    assert list(listed) == [elsewhere]
