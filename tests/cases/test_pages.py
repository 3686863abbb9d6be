"""Pages: logging with defaults and prefill, checks while typing, review actions (htmx),
edit conflicts, repeat calls, case actions, lists with filters and exports."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cases.choices import CaseStatus, Disposition, IncidentStatus, PersonRole
from cases.models import Case, Incident
from kit.versioning import StaleVersionError
from stations.choices import AuditEventType
from stations.models import AuditEvent
from tests.cases.factories import CaseFactory, CasePersonFactory, IncidentFactory
from tests.utils import assert_constant_queries, body

pytestmark = pytest.mark.django_db

FMT = "%Y-%m-%dT%H:%M"


def _local(dt):
    return timezone.localtime(dt).strftime(FMT)


def test_create_page_defaults_times_to_now_and_community_to_the_officers(community_officer_a, community_a, client_for):
    response = client_for(community_officer_a).get(reverse("cases:incident-create"))
    form = response.context["form"]
    assert form.initial["community"] == community_a.pk
    assert form.initial["reported_at"][:10] == timezone.localdate().isoformat()


def test_create_page_accepts_prefill_from_a_patrol(officer_a, community_a, client_for):
    url = (
        reverse("cases:incident-create")
        + f"?channel=patrol&community={community_a.pk}&address=桃花路8号&summary=路灯损坏"
    )
    form = client_for(officer_a).get(url).context["form"]
    assert (form.initial["channel"], form.initial["community"]) == ("patrol", str(community_a.pk))
    assert (form.initial["address"], form.initial["summary"]) == ("桃花路8号", "路灯损坏")


def test_prefill_ignores_another_stations_community_and_nonsense(officer_a, community_b, client_for):
    url = reverse("cases:incident-create") + f"?channel=nonsense&community={community_b.pk}"
    form = client_for(officer_a).get(url).context["form"]
    assert "community" not in form.initial
    assert form.initial["channel"] == "110"  # the default, not the nonsense


def _form_data(**extra):
    now = timezone.now()
    return {
        "category": "dispute",
        "channel": "110",
        "occurred_at": _local(now - timedelta(minutes=30)),
        "reported_at": _local(now - timedelta(minutes=20)),
        "summary": "楼上噪音扰民",
        "address": "朝阳路12号",
        **extra,
    }


def test_officer_logs_an_incident_through_the_form(officer_a, client_for):
    response = client_for(officer_a).post(reverse("cases:incident-create"), _form_data())
    incident = Incident.objects.get()
    assert response.status_code == 302 and response.url == incident.get_absolute_url()
    assert incident.created_by == officer_a and incident.station == officer_a.staff_profile.station


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"occurred_at": "2999-01-01T00:00"}, "occurred_at"),
        ({"occurred_at": "not a date"}, "occurred_at"),
        ({"category": "<script>"}, "category"),
        ({"summary": ""}, "summary"),
        ({"summary": "x" * 500}, "summary"),
        ({"arrived_at": "2000-01-01T00:00"}, "arrived_at"),
    ],
)
def test_bad_input_gives_a_field_error_and_saves_nothing(officer_a, client_for, extra, field):
    response = client_for(officer_a).post(reverse("cases:incident-create"), _form_data(**extra))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Incident.objects.exists()


def test_check_while_typing_separates_errors_and_warnings(officer_a, client_for):
    response = client_for(officer_a).post(
        reverse("cases:incident-check"), _form_data(address="", arrived_at="2000-01-01T00:00")
    )
    html = response.content.decode()
    assert html.count('data-testid="check-error"') == 1
    assert 'data-testid="check-warning"' in html


def test_stale_edit_answers_409_and_keeps_the_other_save(officer_a, colleague_a, station_a, client_for):
    incident = IncidentFactory(station=station_a)
    url = reverse("cases:incident-update", kwargs={"pk": incident.pk})
    data = _form_data(expected_version=1)
    assert client_for(officer_a).post(url, {**data, "summary": "第一人"}).status_code == 302
    response = client_for(colleague_a).post(url, {**data, "summary": "第二人"})
    assert response.status_code == 409
    with translation.override("zh-hans"):
        assert str(StaleVersionError()) in response.content.decode()
    assert Incident.objects.get().summary == "第一人"


def test_incident_page_counts_repeat_calls_and_suggests_a_dispute(officer_a, station_a, client_for):
    for _n in range(3):
        incident = IncidentFactory(station=station_a, address="桃花路8号")
    IncidentFactory(station=station_a, address="桃花路8号", reported_at=timezone.now() - timedelta(days=40))
    response = client_for(officer_a).get(incident.get_absolute_url())
    assert response.context["repeat"]["count"] == 3
    assert response.context["repeat"]["suggest_dispute"] is True
    assert 'data-testid="repeat-calls"' in response.content.decode()
    assert response.context["dispute_url"] == reverse("mediation:dispute-create") + f"?incident={incident.pk}"


def test_review_actions_answer_htmx_with_the_panel(officer_a, supervisor_a, station_a, client_for):
    incident = IncidentFactory(station=station_a, responding_officer=officer_a, disposition=Disposition.ON_SITE)
    officer, supervisor = client_for(officer_a), client_for(supervisor_a)
    response = officer.post(reverse("cases:incident-submit", kwargs={"pk": incident.pk}), HTTP_HX_REQUEST="true")
    assert 'data-testid="incident-panel"' in response.content.decode()
    assert response.context["incident"].status == IncidentStatus.SUBMITTED
    response = supervisor.post(
        reverse("cases:incident-return", kwargs={"pk": incident.pk}), {"note": "补充"}, HTTP_HX_REQUEST="true"
    )
    assert response.context["incident"].status == IncidentStatus.RETURNED


def test_officer_cannot_approve(officer_a, station_a, client_for):
    incident = IncidentFactory(station=station_a, status=IncidentStatus.SUBMITTED)
    response = client_for(officer_a).post(reverse("cases:incident-approve", kwargs={"pk": incident.pk}))
    assert response.status_code == 403
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.SUBMITTED


def test_impossible_transition_shows_the_reason_in_the_panel(case_officer_a, station_a, client_for):
    case = CaseFactory(station=station_a, status=CaseStatus.CLOSED)
    response = client_for(case_officer_a).post(
        reverse("cases:case-transition", kwargs={"pk": case.pk}),
        {"to_status": "solved", "expected_version": case.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert response.context["transition_form"].errors["to_status"]
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_case_officer_registers_a_case_from_an_incident_and_solves_it(case_officer_a, station_a, client_for):
    incident = IncidentFactory(station=station_a, category="criminal")
    client = client_for(case_officer_a)
    form = client.get(reverse("cases:case-create") + f"?incident={incident.pk}").context["form"]
    assert form.initial["incident_numbers"] == incident.number
    response = client.post(
        reverse("cases:case-create"),
        {
            "kind": "criminal",
            "offense_type": "theft",
            "title": "电动车被盗",
            "registered_at": _local(timezone.now() - timedelta(minutes=5)),
            "incident_numbers": incident.number,
            "lead_officer": case_officer_a.pk,
            "loss_amount": "3000",
            "recovered_amount": "0",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert list(case.incidents.all()) == [incident]
    response = client.post(
        reverse("cases:case-transition", kwargs={"pk": case.pk}),
        {"to_status": "solved", "at": _local(timezone.now()), "expected_version": case.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.context["case"].status == CaseStatus.SOLVED
    kinds = [e.kind for e in response.context["timeline"]]
    assert kinds[-1] == "status" and "registered" in kinds


def test_case_form_reads_incident_numbers_separated_by_the_enumeration_comma(case_officer_a, station_a, client_for):
    first, second = IncidentFactory(station=station_a), IncidentFactory(station=station_a)
    response = client_for(case_officer_a).post(
        reverse("cases:case-create"),
        {
            "kind": "criminal",
            "offense_type": "theft",
            "title": "两起盗窃并案",
            "registered_at": _local(timezone.now() - timedelta(minutes=5)),
            "incident_numbers": f"{first.number}、{second.number}",
            "lead_officer": case_officer_a.pk,
            "loss_amount": "0",
            "recovered_amount": "0",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert set(Case.objects.get().incidents.all()) == {first, second}


def test_case_form_refuses_unknown_incident_numbers_and_too_much_recovered(case_officer_a, client_for):
    response = client_for(case_officer_a).post(
        reverse("cases:case-create"),
        {
            "kind": "criminal",
            "offense_type": "theft",
            "title": "x",
            "registered_at": _local(timezone.now()),
            "incident_numbers": "NOPE-1",
            "loss_amount": "10",
            "recovered_amount": "20",
        },
    )
    assert response.status_code == 200
    assert "incident_numbers" in response.context["form"].errors
    assert not Case.objects.exists()


def test_adding_a_person_inline(case_officer_a, station_a, client_for):
    case = CaseFactory(station=station_a)
    response = client_for(case_officer_a).post(
        reverse("cases:case-person-add", kwargs={"pk": case.pk}),
        {"role": PersonRole.SUSPECT, "name": "张三", "status": "at_large", "id_number": "123"},
        HTTP_HX_REQUEST="true",
    )
    assert response.context["person_form"].errors["id_number"] and not case.people.exists()
    client_for(case_officer_a).post(
        reverse("cases:case-person-add", kwargs={"pk": case.pk}),
        {"role": PersonRole.SUSPECT, "name": "张三", "status": "at_large"},
        HTTP_HX_REQUEST="true",
    )
    assert case.people.get().name == "张三"


def test_case_detail_queries_do_not_grow_with_people(case_officer_a, station_a, client_for):
    case = CaseFactory(station=station_a)
    client = client_for(case_officer_a)
    assert_constant_queries(
        lambda: client.get(case.get_absolute_url()),
        lambda: [CasePersonFactory(case=case) for _ in range(5)],
    )


def test_incident_list_filters_by_status_and_overdue(officer_a, station_a, client_for):
    old = IncidentFactory(station=station_a, reported_at=timezone.now() - timedelta(days=20))
    new = IncidentFactory(station=station_a, status=IncidentStatus.APPROVED)
    client = client_for(officer_a)

    def rows(params):
        return {r.record.pk for r in client.get(reverse("cases:incident-list"), params).context["table"].rows}

    assert rows({"overdue": "true"}) == {old.pk}
    assert rows({"status": "approved"}) == {new.pk}


def test_case_list_search_finds_people_without_duplicates(case_officer_a, station_a, client_for):
    case = CaseFactory(station=station_a)
    CasePersonFactory(case=case, name="王五")
    CasePersonFactory(case=case, name="王五六")
    rows = client_for(case_officer_a).get(reverse("cases:case-list"), {"q": "王五"}).context["table"].rows
    assert [r.record.pk for r in rows] == [case.pk]


def test_lists_stay_at_constant_queries(case_officer_a, station_a, client_for):
    client = client_for(case_officer_a)
    CaseFactory(station=station_a)
    IncidentFactory(station=station_a, responding_officer=case_officer_a)
    assert_constant_queries(
        lambda: client.get(reverse("cases:case-list")),
        lambda: [CaseFactory(station=station_a) for _ in range(5)],
    )
    assert_constant_queries(
        lambda: client.get(reverse("cases:incident-list")),
        lambda: [IncidentFactory(station=station_a, responding_officer=case_officer_a) for _ in range(5)],
    )


def test_csv_export_has_the_filtered_rows_and_is_audited(officer_a, station_a, client_for):
    IncidentFactory(station=station_a, summary="导出甲", category="fraud")
    IncidentFactory(station=station_a, summary="导出乙", category="traffic")
    response = client_for(officer_a).get(reverse("cases:incident-list"), {"category": "fraud", "_export": "csv"})
    assert response.streaming  # row by row from the database, never built whole in memory
    content = body(response)
    assert content.startswith("\ufeff".encode())  # Excel on a Chinese Windows then reads it as UTF-8
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 2 and "导出甲" in rows[1]
    event = AuditEvent.objects.get(event_type=AuditEventType.EXPORT)
    assert event.detail["rows"] == 1 and event.detail["filters"] == {"category": "fraud"}


def test_xlsx_export_of_cases(case_officer_a, station_a, client_for):
    CaseFactory(station=station_a, title="导出案件")
    response = client_for(case_officer_a).get(reverse("cases:case-list"), {"_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for cell in sheet[2]]
    assert "导出案件" in values


def test_custody_record_page_flow(case_officer_a, station_a, client_for):
    case = CaseFactory(station=station_a)
    client = client_for(case_officer_a)
    url = reverse("cases:custody-create", kwargs={"pk": case.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"person_name": "赵六", "time_in": _local(timezone.now()), "photo_taken": "on", "custody": "holding"}
    )
    record = case.custody_records.get()
    assert response.status_code == 302 and record.photo_taken and record.station == station_a


def test_the_dispute_link_opens_a_dispute_form_prefilled_from_the_incident(officer_a, station_a, client_for):
    incident = IncidentFactory(station=station_a, summary="楼上漏水引发邻里纠纷", address="桃花路8号")
    client = client_for(officer_a)
    page = client.get(incident.get_absolute_url())
    assert 'data-testid="open-dispute"' in page.content.decode()
    form = client.get(page.context["dispute_url"])
    assert form.status_code == 200
    assert "楼上漏水引发邻里纠纷" in form.content.decode()


def test_bureau_supervisor_cannot_log_incidents_but_reads_every_station(
    bureau_supervisor, station_a, station_b, client_for
):
    IncidentFactory(station=station_a)
    IncidentFactory(station=station_b)
    client = client_for(bureau_supervisor)
    assert client.get(reverse("cases:incident-create")).status_code == 403
    assert len(client.get(reverse("cases:incident-list")).context["table"].rows) == 2


def test_return_without_a_note_is_refused_and_the_report_stays_submitted(supervisor_a, station_a, client_for):
    incident = IncidentFactory(station=station_a, status=IncidentStatus.SUBMITTED)
    response = client_for(supervisor_a).post(
        reverse("cases:incident-return", kwargs={"pk": incident.pk}), {"note": "   "}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert response.context["return_form"].errors["note"] == ["请说明需要修改的内容。"]
    assert response.context["action_errors"] == []  # said once, beside the note
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.SUBMITTED


def _resident(station, community, name, id_number):
    from community.models import Resident

    return Resident.objects.create(station=station, community=community, name=name, id_number=id_number)


def test_resident_lookup_offers_only_residents_of_the_officers_station(
    officer_a, station_a, community_a, station_b, community_b, client_for
):
    _resident(station_a, community_a, "王小明", "430702199001011234")
    _resident(station_b, community_b, "王小红", "430702199001015678")
    response = client_for(officer_a).get(reverse("cases:resident-lookup"), {"resident_q": "王小"})
    assert [r.name for r in response.context["residents"]] == ["王小明"]


def test_picked_resident_is_saved_as_reporter_and_another_stations_is_refused(
    officer_a, station_a, community_a, station_b, community_b, client_for
):
    mine = _resident(station_a, community_a, "王小明", "430702199001011234")
    theirs = _resident(station_b, community_b, "王小红", "430702199001015678")
    client = client_for(officer_a)
    response = client.post(reverse("cases:incident-create"), _form_data(reporter_resident=theirs.pk))
    assert "reporter_resident" in response.context["form"].errors and not Incident.objects.exists()
    client.post(reverse("cases:incident-create"), _form_data(reporter_resident=mine.pk))
    assert Incident.objects.get().reporter_resident == mine


def test_supervisor_reassigns_a_case_inline(supervisor_a, case_officer_a, colleague_a, station_a, client_for):
    case = CaseFactory(station=station_a, lead_officer=colleague_a)
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = client_for(supervisor_a).post(
        reverse("cases:case-assign", kwargs={"pk": case.pk}),
        {"officers": [case_officer_a.pk], "lead_officer": case_officer_a.pk, "due_date": due},
        HTTP_HX_REQUEST="true",
    )
    assert response.context["action_errors"] == []
    case.refresh_from_db()
    assert case.lead_officer == case_officer_a and list(case.officers.all()) == [case_officer_a]
    assert 'id="case-timeline" hx-swap-oob="true"' in response.content.decode()


def test_person_status_change_and_removal_inline(case_officer_a, station_a, client_for):
    person = CasePersonFactory(case=CaseFactory(station=station_a), role=PersonRole.SUSPECT)
    client = client_for(case_officer_a)
    client.post(reverse("cases:case-person-status", kwargs={"pk": person.pk}), {"status": "arrested"})
    person.refresh_from_db()
    assert person.status == "arrested"
    response = client.post(reverse("cases:case-person-remove", kwargs={"pk": person.pk}))
    assert response.status_code == 302 and not person.case.people.exists()


def test_linking_a_series_by_number_inline(case_officer_a, station_a, station_b, client_for):
    case, other, foreign = (
        CaseFactory(station=station_a),
        CaseFactory(station=station_a),
        CaseFactory(station=station_b),
    )
    client = client_for(case_officer_a)
    url = reverse("cases:case-series-link", kwargs={"pk": case.pk})
    response = client.post(url, {"other_number": foreign.number}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and response.context["series_form"].errors["other_number"]
    client.post(url, {"other_number": other.number, "name": "系列盗窃"}, HTTP_HX_REQUEST="true")
    case.refresh_from_db()
    other.refresh_from_db()
    assert case.series is not None and case.series == other.series and case.series.name == "系列盗窃"


def test_custody_record_edit_from_an_old_version_answers_409(case_officer_a, station_a, client_for):
    from tests.cases.factories import CustodyRecordFactory

    record = CustodyRecordFactory(case=CaseFactory(station=station_a), version=2)
    url = reverse("cases:custody-update", kwargs={"pk": record.pk})
    data = {"person_name": record.person_name, "time_in": _local(record.time_in), "custody": "none"}
    assert client_for(case_officer_a).post(url, {**data, "expected_version": 1}).status_code == 409
    assert (
        client_for(case_officer_a)
        .post(url, {**data, "expected_version": 2, "escort_destination": "看守所"})
        .status_code
        == 302
    )


def test_the_case_page_masks_id_numbers_as_the_resident_register_does(case_officer_a, station_a, client_for):
    case = CaseFactory(station=station_a)
    CasePersonFactory(case=case, name="张三", id_number="11010519491231002X")

    page = client_for(case_officer_a).get(case.get_absolute_url()).content.decode()

    assert "110105********002X" in page and "11010519491231002X" not in page


def test_an_id_number_with_a_wrong_check_digit_is_refused_on_the_field(case_officer_a, station_a, client_for):
    from cases.forms import CasePersonForm

    form = CasePersonForm(
        data={"role": PersonRole.SUSPECT, "name": "张三", "status": "at_large", "id_number": "110105194912310021"}
    )
    assert not form.is_valid() and list(form.errors) == ["id_number"]

    case = CaseFactory(station=station_a)
    response = client_for(case_officer_a).post(
        reverse("cases:case-person-add", kwargs={"pk": case.pk}),
        {"role": PersonRole.SUSPECT, "name": "张三", "status": "at_large", "id_number": "110105194912310021"},
        HTTP_HX_REQUEST="true",
    )
    assert response.context["person_form"].errors["id_number"] and not case.people.exists()


def test_a_valid_id_number_with_a_small_x_is_stored_with_a_capital_x(case_officer_a, station_a, client_for):
    case = CaseFactory(station=station_a)
    client_for(case_officer_a).post(
        reverse("cases:case-person-add", kwargs={"pk": case.pk}),
        {"role": PersonRole.SUSPECT, "name": "张三", "status": "at_large", "id_number": "11010519491231002x"},
        HTTP_HX_REQUEST="true",
    )
    assert case.people.get().id_number == "11010519491231002X"


@pytest.mark.parametrize(
    ("route", "field"), [("cases:case-list", "incident"), ("cases:case-list", "series"), ("cases:custody-list", "case")]
)
def test_an_id_too_big_for_the_database_in_a_list_filter_is_refused_politely(route, field, case_officer_a, client_for):
    response = client_for(case_officer_a).get(reverse(route), {field: "9" * 30})
    assert response.status_code == 200
    assert response.context["filter"].errors[field]


def test_case_form_does_not_offer_a_deactivated_officer(case_officer_a, retired_a, station_a, client_for):
    client = client_for(case_officer_a)
    form = client.get(reverse("cases:case-create")).context["form"]
    for name in ("lead_officer", "officers"):
        assert case_officer_a in form.fields[name].queryset and retired_a not in form.fields[name].queryset
    case = CaseFactory(station=station_a, lead_officer=case_officer_a)
    response = client.post(
        reverse("cases:case-assign", kwargs={"pk": case.pk}),
        {"officers": [retired_a.pk], "lead_officer": retired_a.pk},
        HTTP_HX_REQUEST="true",
    )
    case.refresh_from_db()
    assert response.status_code == 400 and case.lead_officer == case_officer_a
    assert {"officers", "lead_officer"} <= set(response.context["assign_form"].errors)


# --- issue 17: what officers hit -------------------------------------------------


def test_after_a_bad_id_number_the_add_person_form_comes_back_as_typed(case_officer_a, station_a, client_for):
    case = CaseFactory(station=station_a)
    typed = {
        "role": PersonRole.SUSPECT,
        "name": "张三",
        "status": "at_large",
        "id_number": "110105194912310021",
        "phone": "13907361234",
        "note": "骑黑色电动车",
    }

    response = client_for(case_officer_a).post(
        reverse("cases:case-person-add", kwargs={"pk": case.pk}), typed, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 400
    form = response.context["person_form"]
    assert {name: form[name].value() for name in typed} == typed
    assert list(form.errors) == ["id_number"]
    html = response.content.decode()
    assert 'value="张三"' in html and 'value="13907361234"' in html and 'value="骑黑色电动车"' in html
    assert 'value="at_large" selected' in html
    assert "invalid-feedback" in html  # the error beside its field
    assert not case.people.exists()


def test_recovered_above_loss_is_said_once_beside_the_field_in_officers_words(case_officer_a, client_for):
    with translation.override("zh-hans"):
        response = client_for(case_officer_a).post(
            reverse("cases:case-create"),
            {
                "kind": "criminal",
                "offense_type": "theft",
                "title": "x",
                "registered_at": _local(timezone.now()),
                "lead_officer": case_officer_a.pk,
                "loss_amount": "10",
                "recovered_amount": "20",
            },
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.non_field_errors()
    assert len(form.errors["recovered_amount"]) == 1
    html = response.content.decode()
    message = form.errors["recovered_amount"][0]
    assert "挽回金额" in message and html.count(message) == 1
    assert "约束" not in html and "case_recovered_within_loss" not in html


def _register_from(client, incident, officer, **extra):
    return client.post(
        reverse("cases:case-create"),
        {
            "kind": "criminal",
            "offense_type": "theft",
            "title": "电动车被盗",
            "registered_at": _local(timezone.now() - timedelta(minutes=5)),
            "incident_numbers": incident.number,
            "lead_officer": officer.pk,
            "loss_amount": "0",
            "recovered_amount": "0",
            **extra,
        },
    )


def test_a_second_case_from_one_incident_warns_shows_the_first_and_needs_a_tick(case_officer_a, station_a, client_for):
    incident = IncidentFactory(station=station_a)
    client = client_for(case_officer_a)
    first = CaseFactory(station=station_a)
    first.incidents.set([incident])

    shown = client.get(reverse("cases:case-create") + f"?incident={incident.pk}")
    assert [c.pk for c in shown.context["existing_cases"]] == [first.pk]
    assert first.get_absolute_url() in shown.content.decode()

    refused = _register_from(client, incident, case_officer_a)
    assert refused.status_code == 200
    assert first.number in str(refused.context["form"].errors["incident_numbers"])
    assert 'name="allow_second_case"' in refused.content.decode()
    assert Case.objects.count() == 1

    confirmed = _register_from(client, incident, case_officer_a, allow_second_case="on")
    assert confirmed.status_code == 302
    assert incident.cases.count() == 2


def test_registering_the_first_case_from_an_incident_asks_nothing(case_officer_a, station_a, client_for):
    incident = IncidentFactory(station=station_a)
    client = client_for(case_officer_a)
    shown = client.get(reverse("cases:case-create") + f"?incident={incident.pk}")
    assert shown.context["existing_cases"] == []
    assert 'type="checkbox" name="allow_second_case"' not in shown.content.decode()
    assert _register_from(client, incident, case_officer_a).status_code == 302


def test_a_civilian_mediator_is_not_offered_as_lead_or_assigned_officer(
    case_officer_a, mediator_a, station_a, client_for
):
    client = client_for(case_officer_a)
    form = client.get(reverse("cases:case-create")).context["form"]
    for name in ("lead_officer", "officers"):
        assert case_officer_a in form.fields[name].queryset and mediator_a not in form.fields[name].queryset
    case = CaseFactory(station=station_a, lead_officer=case_officer_a)
    assign_form = client.get(case.get_absolute_url()).context["assign_form"]
    for name in ("lead_officer", "officers"):
        assert mediator_a not in assign_form.fields[name].queryset


def test_the_case_page_shows_a_persons_phone_masked(case_officer_a, station_a, client_for):
    case = CaseFactory(station=station_a)
    CasePersonFactory(case=case, name="张三", phone="13907361234")

    page = client_for(case_officer_a).get(case.get_absolute_url()).content.decode()

    assert "139****1234" in page and "13907361234" not in page


def test_the_status_form_says_an_empty_time_is_recorded_as_now(case_officer_a, station_a, client_for):
    case = CaseFactory(station=station_a)
    with translation.override("zh-hans"):
        page = client_for(case_officer_a).get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans")
    form = page.context["transition_form"]
    assert not form.initial.get("at"), "an empty time must not be prefilled with now"
    assert "留空则记为当前时间" in page.content.decode()


def test_removing_a_person_asks_with_htmx_own_confirm(case_officer_a, station_a, client_for):
    case = CaseFactory(station=station_a)
    CasePersonFactory(case=case)
    page = client_for(case_officer_a).get(case.get_absolute_url()).content.decode()
    assert "hx-confirm=" in page and "data-confirm=" not in page


def test_a_refused_status_change_keeps_the_status_chosen_and_says_why(case_officer_a, station_a, client_for):
    case = CaseFactory(station=station_a)
    witness = CasePersonFactory(case=case, role=PersonRole.WITNESS, name="王五")

    response = client_for(case_officer_a).post(
        reverse("cases:case-person-status", kwargs={"pk": witness.pk}), {"status": "arrested"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 400
    assert response.context["action_errors"]
    assert response.context["status_chosen"] == "arrested"
    assert 'value="arrested" selected' in response.content.decode()
    witness.refresh_from_db()
    assert witness.status == "none"
