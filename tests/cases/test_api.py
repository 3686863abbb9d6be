"""The API: CRUD through the services, transitions, 409 on stale versions, filters, query counts, schema."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.choices import CaseStatus, IncidentStatus
from cases.models import Case, CasePerson, Incident
from tests.cases.factories import CaseFactory, IncidentFactory
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db

INCIDENTS = reverse("api:incident-list")
CASES = reverse("api:case-list")


def _incident_payload(**extra):
    now = timezone.now()
    return {
        "category": "dispute",
        "channel": "110",
        "occurred_at": (now - timedelta(minutes=30)).isoformat(),
        "reported_at": (now - timedelta(minutes=20)).isoformat(),
        "address": "朝阳路12号",
        "summary": "噪音",
        **extra,
    }


def test_officer_creates_an_incident_numbered_at_their_station(officer_a, station_a, api_for):
    response = api_for(officer_a).post(INCIDENTS, _incident_payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"].startswith("A01-") and body["station"] == station_a.pk and body["version"] == 1
    assert body["status"] == IncidentStatus.DRAFT


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"reported_at": "2999-01-01T00:00:00Z"}, "reported_at"),
        ({"occurred_at": "garbage"}, "occurred_at"),
        ({"category": "bogus"}, "category"),
        ({"summary": ""}, "summary"),
        ({"community": 999999}, "community"),
    ],
)
def test_bad_input_answers_400_with_field_errors(officer_a, api_for, extra, field):
    response = api_for(officer_a).post(INCIDENTS, _incident_payload(**extra), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Incident.objects.exists()


def test_community_of_another_station_is_not_a_choice(officer_a, community_b, api_for):
    response = api_for(officer_a).post(INCIDENTS, _incident_payload(community=community_b.pk), format="json")
    assert response.status_code == 400 and "community" in response.json()


def test_update_needs_the_current_version(officer_a, station_a, api_for):
    incident = IncidentFactory(station=station_a)
    url = reverse("api:incident-detail", kwargs={"pk": incident.pk})
    api = api_for(officer_a)
    assert api.patch(url, {"summary": "x"}, format="json").status_code == 400
    assert api.patch(url, {"summary": "新", "version": 1}, format="json").status_code == 200
    stale = api.patch(url, {"summary": "旧", "version": 1}, format="json")
    assert stale.status_code == 409
    assert Incident.objects.get().summary == "新"


def test_review_actions_through_the_api(officer_a, supervisor_a, station_a, api_for):
    incident = IncidentFactory(station=station_a, disposition="on_site")
    url = lambda name: reverse(f"api:incident-{name}", kwargs={"pk": incident.pk})  # noqa: E731
    assert api_for(officer_a).post(url("approve")).status_code == 403
    assert api_for(officer_a).post(url("submit")).json()["status"] == "submitted"
    assert api_for(supervisor_a).post(url("return"), {"note": ""}, format="json").status_code == 400
    assert api_for(supervisor_a).post(url("return"), {"note": "补充"}, format="json").json()["status"] == "returned"
    assert api_for(supervisor_a).post(url("approve")).status_code == 400
    kinds = [e["kind"] for e in api_for(officer_a).get(url("timeline")).json()]
    assert kinds == ["submitted", "returned"]


def test_case_lifecycle_through_the_api(case_officer_a, station_a, api_for):
    incident = IncidentFactory(station=station_a)
    api = api_for(case_officer_a)
    response = api.post(
        CASES,
        {
            "offense_type": "burglary",
            "title": "入室盗窃",
            "incidents": [incident.pk],
            "officers": [case_officer_a.pk],
            "loss_amount": "5000.00",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    case_id = response.json()["id"]
    transition = reverse("api:case-transition", kwargs={"pk": case_id})
    assert "to_status" in api.post(transition, {"to_status": "closed", "version": 1}, format="json").json()
    solved = api.post(
        transition, {"to_status": "solved", "at": timezone.now().isoformat(), "version": 1}, format="json"
    )
    assert solved.status_code == 200 and solved.json()["status"] == CaseStatus.SOLVED
    timeline = api.get(reverse("api:case-timeline", kwargs={"pk": case_id})).json()
    assert [e["kind"] for e in timeline if e["case"]] == ["registered", "status"]


def test_a_transition_without_the_version_is_refused_naming_it(case_officer_a, station_a, api_for):
    case = CaseFactory(station=station_a)
    url = reverse("api:case-transition", kwargs={"pk": case.pk})

    response = api_for(case_officer_a).post(url, {"to_status": "solved"}, format="json")

    assert response.status_code == 400 and "version" in response.json()
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED


def test_solving_without_a_time_records_now_and_the_timeline_says_so(case_officer_a, station_a, api_for):
    case = CaseFactory(station=station_a)
    url = reverse("api:case-transition", kwargs={"pk": case.pk})
    before = timezone.now()

    response = api_for(case_officer_a).post(url, {"to_status": "solved", "version": case.version}, format="json")

    assert response.status_code == 200, response.json()
    case.refresh_from_db()
    assert before <= case.solved_at <= timezone.now()
    event = case.events.get(kind="status")
    assert timezone.localtime(case.solved_at).strftime("%Y-%m-%d %H:%M") in event.text
    assert "未填写时间" in event.text


def test_recovered_more_than_lost_is_a_400(case_officer_a, api_for):
    response = api_for(case_officer_a).post(
        CASES,
        {"offense_type": "theft", "title": "x", "loss_amount": "10", "recovered_amount": "20"},
        format="json",
    )
    assert response.status_code == 400 and "recovered_amount" in response.json()
    assert not Case.objects.exists()


def test_people_endpoint_adds_and_filters_by_case(case_officer_a, station_a, api_for):
    case, other = CaseFactory(station=station_a), CaseFactory(station=station_a)
    api = api_for(case_officer_a)
    url = reverse("api:case-person-list")
    created = api.post(url, {"case": case.pk, "role": "suspect", "name": "张三", "status": "at_large"}, format="json")
    assert created.status_code == 201, created.json()
    api.post(url, {"case": other.pk, "role": "victim", "name": "李四"}, format="json")
    assert [p["name"] for p in api.get(url, {"case": case.pk}).json()["results"]] == ["张三"]
    bad = api.post(url, {"case": case.pk, "role": "witness", "name": "王五", "id_number": "12"}, format="json")
    assert bad.status_code == 400 and "id_number" in bad.json()
    assert CasePerson.objects.count() == 2


def test_people_of_another_stations_case_cannot_be_added(officer_b, case_officer_a, station_a, api_for):
    case = CaseFactory(station=station_a)
    response = api_for(case_officer_a).post(
        reverse("api:case-person-list"), {"case": case.pk, "role": "suspect", "name": "x"}, format="json"
    )
    assert response.status_code == 201
    officer_b.user_permissions.add(*case_officer_a.groups.first().permissions.all())
    response = api_for(officer_b).post(
        reverse("api:case-person-list"), {"case": case.pk, "role": "suspect", "name": "y"}, format="json"
    )
    assert response.status_code in (400, 403)


def test_list_filters_match_the_html_list(officer_a, station_a, api_for):
    fraud = IncidentFactory(station=station_a, category="fraud", channel="wechat")
    IncidentFactory(station=station_a, category="traffic")
    api = api_for(officer_a)
    assert [r["id"] for r in api.get(INCIDENTS, {"category": "fraud"}).json()["results"]] == [fraud.pk]
    assert [r["id"] for r in api.get(INCIDENTS, {"channel": "wechat"}).json()["results"]] == [fraud.pk]
    assert [r["id"] for r in api.get(INCIDENTS, {"q": fraud.number}).json()["results"]] == [fraud.pk]
    today = timezone.localdate().isoformat()
    assert len(api.get(INCIDENTS, {"reported_after": today}).json()["results"]) == 2


def test_overdue_cases_filter(case_officer_a, station_a, api_for):
    late = CaseFactory(station=station_a, due_date=timezone.localdate() - timedelta(days=1))
    CaseFactory(station=station_a, due_date=timezone.localdate() + timedelta(days=30))
    CaseFactory(station=station_a, due_date=timezone.localdate() - timedelta(days=1), status=CaseStatus.CLOSED)
    ids = [r["id"] for r in api_for(case_officer_a).get(CASES, {"overdue": "true"}).json()["results"]]
    assert ids == [late.pk]


@pytest.mark.parametrize("endpoint", ["incident", "case", "case-person", "custody-record"])
def test_list_queries_do_not_grow_with_the_page(endpoint, case_officer_a, station_a, api_for):
    from tests.cases import factories

    make = {
        "incident": lambda: factories.IncidentFactory(station=station_a, responding_officer=case_officer_a),
        "case": lambda: factories.CaseFactory(station=station_a, lead_officer=case_officer_a),
        "case-person": lambda: factories.CasePersonFactory(case=factories.CaseFactory(station=station_a)),
        "custody-record": lambda: factories.CustodyRecordFactory(case=factories.CaseFactory(station=station_a)),
    }[endpoint]
    make()
    api = api_for(case_officer_a)
    url = reverse(f"api:{endpoint}-list")
    assert_constant_queries(lambda: api.get(url, {"page_size": 100}), lambda: [make() for _ in range(6)])


def test_schema_documents_the_endpoints_with_examples(officer_a, client_for):
    response = client_for(officer_a).get(reverse("api-schema"), {"format": "json"})
    schema = response.json()
    paths = schema["paths"]
    assert "/api/v1/incidents/{id}/return/" in paths and "/api/v1/cases/{id}/transition/" in paths
    body = paths["/api/v1/cases/{id}/transition/"]["post"]["requestBody"]["content"]["application/json"]
    assert "examples" in body


@pytest.mark.parametrize(
    "payload",
    [{"to_status": "bogus"}, {}, {"to_status": "solved", "at": "yesterday"}, {"to_status": "suspended", "reason": ""}],
)
def test_nonsense_transitions_answer_400_and_change_nothing(payload, case_officer_a, station_a, api_for):
    case = CaseFactory(station=station_a)
    response = api_for(case_officer_a).post(
        reverse("api:case-transition", kwargs={"pk": case.pk}), payload, format="json"
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED and case.version == 1


def test_stale_transition_answers_409(case_officer_a, station_a, api_for):
    case = CaseFactory(station=station_a, version=3)
    response = api_for(case_officer_a).post(
        reverse("api:case-transition", kwargs={"pk": case.pk}),
        {"to_status": "investigating", "version": 2},
        format="json",
    )
    assert response.status_code == 409


VALID_ID = "11010519491231002X"


def test_a_case_person_is_answered_with_id_number_and_phone_masked(case_officer_a, station_a, api_for):
    from tests.cases.factories import CasePersonFactory

    person = CasePersonFactory(case=CaseFactory(station=station_a), id_number=VALID_ID, phone="13812345678")

    body = api_for(case_officer_a).get(reverse("api:case-person-detail", kwargs={"pk": person.pk})).json()

    assert body["id_number"] == "110105********002X"
    assert body["phone"] == "138****5678"


def test_a_case_person_written_in_full_is_stored_in_full_and_answered_masked(case_officer_a, station_a, api_for):
    case = CaseFactory(station=station_a)

    response = api_for(case_officer_a).post(
        reverse("api:case-person-list"),
        {"case": case.pk, "role": "witness", "name": "王五", "id_number": VALID_ID.lower(), "phone": "13812345678"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["id_number"] == "110105********002X"
    assert response.json()["phone"] == "138****5678"
    person = CasePerson.objects.get(pk=response.json()["id"])
    assert person.id_number == VALID_ID and person.phone == "13812345678"


def test_a_case_person_with_a_wrong_check_digit_is_a_400_on_the_field(case_officer_a, station_a, api_for):
    case = CaseFactory(station=station_a)

    response = api_for(case_officer_a).post(
        reverse("api:case-person-list"),
        {"case": case.pk, "role": "witness", "name": "王五", "id_number": "110105194912310021"},
        format="json",
    )

    assert response.status_code == 400 and list(response.json()) == ["id_number"]
    assert not CasePerson.objects.exists()


@pytest.mark.parametrize(
    ("url", "field"),
    [
        (CASES, "incident"),
        (CASES, "series"),
        (reverse("api:case-person-list"), "case"),
        (reverse("api:custody-record-list"), "case"),
    ],
)
def test_an_id_too_big_for_the_database_in_a_filter_is_a_400_on_the_field(url, field, case_officer_a, api_for):
    response = api_for(case_officer_a).get(url, {field: "9" * 30})
    assert response.status_code == 400
    assert field in response.json()


def test_a_deactivated_officer_cannot_be_made_lead_officer(case_officer_a, retired_a, api_for):
    response = api_for(case_officer_a).post(
        CASES, {"offense_type": "theft", "title": "x", "lead_officer": retired_a.pk}, format="json"
    )
    assert response.status_code == 400 and "lead_officer" in response.json()
    assert not Case.objects.exists()


def test_a_deactivated_officer_cannot_be_assigned_to_a_case(case_officer_a, retired_a, station_a, api_for):
    case = CaseFactory(station=station_a, lead_officer=case_officer_a)
    case.officers.set([case_officer_a])
    response = api_for(case_officer_a).post(
        reverse("api:case-assign", kwargs={"pk": case.pk}),
        {"officers": [case_officer_a.pk, retired_a.pk], "lead_officer": retired_a.pk},
        format="json",
    )
    assert response.status_code == 400
    assert {"officers", "lead_officer"} <= response.json().keys()
    case.refresh_from_db()
    assert case.lead_officer == case_officer_a and list(case.officers.all()) == [case_officer_a]


def test_a_deactivated_officer_cannot_respond_to_an_incident(officer_a, retired_a, api_for):
    response = api_for(officer_a).post(INCIDENTS, _incident_payload(responding_officer=retired_a.pk), format="json")
    assert response.status_code == 400 and "responding_officer" in response.json()
    assert not Incident.objects.exists()


def test_the_list_filter_still_finds_cases_by_a_deactivated_officer(case_officer_a, retired_a, station_a, api_for):
    case = CaseFactory(station=station_a, lead_officer=retired_a)
    case.officers.set([retired_a])
    CaseFactory(station=station_a, lead_officer=case_officer_a)
    response = api_for(case_officer_a).get(CASES, {"officer": retired_a.pk})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [case.pk]


# --- issue 17 ------------------------------------------------------------------


def test_a_patch_that_changes_a_persons_id_number_saves_it(case_officer_a, station_a, api_for):
    person = CasePerson.objects.create(case=CaseFactory(station=station_a), role="suspect", name="张三")
    url = reverse("api:case-person-detail", kwargs={"pk": person.pk})

    response = api_for(case_officer_a).patch(
        url, {"version": person.version, "id_number": "11010519491231002X", "phone": "13907361234"}, format="json"
    )

    assert response.status_code == 200, response.json()
    person.refresh_from_db()
    assert person.id_number == "11010519491231002X" and person.phone == "13907361234"
    assert response.json()["id_number"] == "110105********002X"


def test_a_patch_that_moves_a_person_to_another_case_is_refused_naming_case(case_officer_a, station_a, api_for):
    person = CasePerson.objects.create(case=CaseFactory(station=station_a), role="victim", name="李四")
    other = CaseFactory(station=station_a)
    url = reverse("api:case-person-detail", kwargs={"pk": person.pk})

    response = api_for(case_officer_a).patch(url, {"version": person.version, "case": other.pk}, format="json")

    assert response.status_code == 400 and "case" in response.json()
    person.refresh_from_db()
    assert person.case_id != other.pk


def test_removing_a_person_through_the_api_goes_to_the_timeline(case_officer_a, station_a, api_for):
    case = CaseFactory(station=station_a)
    person = CasePerson.objects.create(case=case, role="witness", name="王五")

    response = api_for(case_officer_a).delete(reverse("api:case-person-detail", kwargs={"pk": person.pk}))

    assert response.status_code == 204
    assert not CasePerson.objects.filter(pk=person.pk).exists()
    assert "王五" in case.events.get(kind="person").text


def test_a_second_case_from_one_incident_is_refused_unless_asked_for(case_officer_a, station_a, api_for):
    incident = IncidentFactory(station=station_a)
    first = CaseFactory(station=station_a)
    first.incidents.set([incident])
    api = api_for(case_officer_a)
    body = {"offense_type": "theft", "title": "又一起", "incidents": [incident.pk]}

    refused = api.post(CASES, body, format="json")
    assert refused.status_code == 400 and first.number in refused.json()["incidents"][0]

    allowed = api.post(CASES, {**body, "allow_second_case": True}, format="json")
    assert allowed.status_code == 201, allowed.json()
    assert incident.cases.count() == 2


def test_a_case_edit_that_sends_officers_is_told_where_they_are_changed(case_officer_a, station_a, api_for):
    case = CaseFactory(station=station_a)
    url = reverse("api:case-detail", kwargs={"pk": case.pk})

    response = api_for(case_officer_a).patch(
        url, {"version": case.version, "officers": [case_officer_a.pk]}, format="json"
    )

    assert response.status_code == 400 and "officers" in response.json()


def test_a_civilian_mediator_cannot_be_assigned_through_the_api(case_officer_a, mediator_a, station_a, api_for):
    case = CaseFactory(station=station_a)
    url = reverse("api:case-assign", kwargs={"pk": case.pk})

    response = api_for(case_officer_a).post(url, {"officers": [mediator_a.pk]}, format="json")

    assert response.status_code == 400 and "officers" in response.json()
