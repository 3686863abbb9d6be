"""The API base: schema and docs offline, pagination, scoping of the organisation endpoints."""

import os
import re

import pytest

from tests.factories import CommunityFactory
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_openapi_schema_describes_the_api(client_for, officer_a):
    response = client_for(officer_a).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/auth/token/" in schema["paths"]
    assert "/api/v1/communities/" in schema["paths"]


def test_schema_and_docs_are_for_signed_in_users_only(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 401
    assert schema["WWW-Authenticate"].startswith("Token")
    docs = client.get("/api/docs/")
    assert docs.status_code == 302 and docs["Location"].startswith("/login/")


def test_an_api_request_without_credentials_is_told_to_authenticate(client):
    response = client.get("/api/v1/communities/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


def test_interactive_docs_load_their_assets_from_this_server(client_for, officer_a):
    response = client_for(officer_a).get("/api/docs/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "swagger-ui" in body
    assert "http://" not in body.replace("http://testserver", "") and "https://" not in body
    assert "<script>" not in body  # the split view keeps scripts out of the page (CSP)


def test_lists_are_paginated(api_for, officer_a, station_a):
    for n in range(3):
        CommunityFactory(station=station_a, name=f"社区{n}")
    body = api_for(officer_a).get("/api/v1/communities/", {"page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]


def test_bureau_supervisor_sees_every_station(api_for, bureau_supervisor, station_a, station_b):
    codes = {row["code"] for row in api_for(bureau_supervisor).get("/api/v1/stations/").json()["results"]}
    assert {station_a.code, station_b.code} <= codes


def test_officer_sees_only_their_station(api_for, officer_a, station_a, station_b):
    codes = [row["code"] for row in api_for(officer_a).get("/api/v1/stations/").json()["results"]]
    assert codes == [station_a.code]


def test_a_user_without_a_staff_profile_sees_nothing(api_for, station_a):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    stranger = UserFactory(username="stranger")
    stranger.user_permissions.add(*Permission.objects.filter(codename="view_station"))
    assert api_for(stranger).get("/api/v1/stations/").json()["count"] == 0


def test_community_list_runs_constant_queries(api_for, officer_a, community_a):
    station_a = community_a.station
    api = api_for(officer_a)

    def grow():
        for n in range(5):
            CommunityFactory(station=station_a, name=f"新增{n}")

    assert_constant_queries(lambda: api.get("/api/v1/communities/"), grow)


def test_community_page_runs_constant_queries(client_for, officer_a, community_a):
    station_a = community_a.station
    client = client_for(officer_a)

    def grow():
        for n in range(5):
            CommunityFactory(station=station_a, name=f"新增{n}")

    assert_constant_queries(lambda: client.get("/communities/"), grow)


def test_filter_choices_offer_only_visible_records(client_for, officer_a, community_a, community_b):
    form = client_for(officer_a).get("/cases/incidents/").context["filter"].form
    assert list(form.fields["community"].queryset) == [community_a]


def test_an_impossible_id_in_a_filter_is_a_400_not_a_500(api_for, bureau_supervisor):
    response = api_for(bureau_supervisor).get("/api/v1/communities/", {"station": 10**30})
    assert response.status_code == 400
    assert "station" in response.json()


def test_an_impossible_id_in_a_page_filter_is_refused_politely(client_for, bureau_supervisor, community_a):
    response = client_for(bureau_supervisor).get("/communities/", {"station": 10**30})
    assert response.status_code == 200
    assert response.context["filter"].errors["station"]


def test_a_unicode_digit_in_an_id_filter_is_a_400_not_a_500(api_for, bureau_supervisor):
    response = api_for(bureau_supervisor).get("/api/v1/communities/", {"station": "²"})
    assert response.status_code == 400


def test_a_unicode_digit_in_a_prefill_link_is_ignored(client_for, case_officer_a):
    assert client_for(case_officer_a).get("/cases/new/", {"incident": "²"}).status_code == 200


def test_an_apps_own_filter_field_is_kept(rf, mediator_a):
    from mediation.filters import DisputeFilter, PersonChoiceField

    request = rf.get("/")
    request.user = mediator_a
    assert isinstance(DisputeFilter(request=request).form.fields["mediator"], PersonChoiceField)


def test_the_browsable_api_links_nowhere_outside(client_for, officer_a):
    body = client_for(officer_a).get("/api/v1/stations/", HTTP_ACCEPT="text/html").content.decode()
    assert "django-rest-framework.org" not in body
    assert not re.findall(r'(?:src|href)="https?://(?!testserver)', body)


@pytest.mark.parametrize("name", ["rest_framework/api.html", "rest_framework/admin.html", "drf_spectacular/redoc.html"])
def test_the_libraries_pages_fetch_and_link_nothing_outside_even_if_routed(rf, name):
    """DRF's admin renderer and spectacular's Redoc page are not routed; the project's overrides make
    sure that, if they ever are, they neither load fonts from Google nor link to DRF's website."""
    from django.template.loader import get_template

    request = rf.get("/api/")
    context = {"request": request, "name": "台账", "schema_url": "/api/schema/", "redoc_standalone": "/static/r.js"}
    html = get_template(name).render(context, request)
    assert not re.findall(r"https?://", html)


def test_swagger_ui_asks_no_online_validator(settings):
    assert settings.SPECTACULAR_SETTINGS["SWAGGER_UI_SETTINGS"]["validatorUrl"] is None


def test_an_account_of_no_station_is_told_why_it_cannot_create_station_records(api_for, station_a):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    stranger = UserFactory(username="nostation")
    stranger.user_permissions.add(*Permission.objects.filter(codename="add_patrolteam"))
    response = api_for(stranger).post("/api/v1/patrol-teams/", {"name": "巡逻一队"}, format="json")
    assert response.status_code == 400
    assert response.json()["station"] == ["您的账号未分配派出所，请联系管理员分配。"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"page": "abc"}, "page"), ({"page": "0"}, "page"), ({"page": "-1"}, "page"), ({"page_size": "x"}, "page_size"),
     ({"page_size": "0"}, "page_size"), ({"page": "²"}, "page")],
)  # fmt: skip
def test_junk_page_parameters_are_a_400_naming_them(api_for, officer_a, params, field):
    response = api_for(officer_a).get("/api/v1/communities/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_a_page_size_above_the_maximum_is_clamped(api_for, officer_a, station_a):
    response = api_for(officer_a).get("/api/v1/communities/", {"page_size": "100000"})
    assert response.status_code == 200


def test_the_schema_documents_the_page_limits(client_for, officer_a):
    schema = client_for(officer_a).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/communities/"]["get"]["parameters"]}
    assert parameters["page_size"]["schema"]["minimum"] == 1 and "500" in parameters["page_size"]["description"]


def test_the_schema_documents_refusals_plain_timelines_and_empty_choices(client_for, officer_a):
    schema = client_for(officer_a).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    patch = schema["paths"]["/api/v1/incidents/{id}/"]["patch"]["responses"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(patch)
    timeline = schema["paths"]["/api/v1/cases/{id}/timeline/"]["get"]["responses"]["200"]
    assert timeline["content"]["application/json"]["schema"]["type"] == "array"
    satisfaction = schema["components"]["schemas"]["FollowUp"]["properties"]["satisfaction"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in satisfaction["oneOf"]


def test_the_schema_passes_spectacular_validation_without_warnings():
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", os.devnull)
