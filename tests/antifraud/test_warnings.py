"""Anti-fraud warnings: checked, matched to a resident and routed to the community's officer with a
deadline; the outcome; the automatic link of a later fraud incident or case; the rates against an
independent count; masked numbers; the import of the centre's list with a real worker."""

import io
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from antifraud import services
from antifraud.choices import ImportStatus, WarningOutcome, WarningStatus
from antifraud.models import FraudWarning, WarningImport
from stations.models import Reminder
from tests.antifraud.factories import FraudWarningFactory
from tests.cases.factories import CaseFactory, IncidentFactory
from tests.community.factories import ResidentFactory, next_id_number

pytestmark = pytest.mark.django_db


def _bad_check_digit(number: str) -> str:
    last = number[-1]
    return number[:-1] + ("0" if last != "0" else "1")


def _create(station, by, **overrides):
    values = {
        "reference": overrides.pop("reference", "YJ-0001"),
        "person_name": "",
        "id_number": "",
        "phone": "",
        "reason": "疑似冒充公检法诈骗",
        "warned_at": timezone.now() - timedelta(minutes=10),
        "deadline_hours": 2,
    }
    values.update(overrides)
    return services.warning_create(by=by, station=station, **values)


def test_a_warning_is_matched_to_the_resident_and_sent_to_the_communitys_officer(
    station_a, community_a, community_officer_a, supervisor_a
):
    resident = ResidentFactory(station=station_a, community=community_a, name="张奶奶")
    warning = _create(station_a, supervisor_a, id_number=resident.id_number)
    assert (warning.resident, warning.community, warning.officer) == (resident, community_a, community_officer_a)
    assert warning.person_name == "张奶奶"
    assert warning.deadline == pytest.approx(warning.received_at + timedelta(hours=2), abs=timedelta(seconds=1))
    reminder = Reminder.objects.get(key=services.reminder_key(warning))
    assert reminder.assignee == community_officer_a and reminder.done_at is None


def test_a_phone_alone_matches_too_and_an_unknown_person_goes_to_the_supervisors(
    station_a, community_a, community_officer_a, supervisor_a
):
    resident = ResidentFactory(station=station_a, community=community_a, phone="13912345678")
    by_phone = _create(station_a, supervisor_a, phone="139 1234 5678")
    assert by_phone.resident == resident
    unknown = _create(station_a, supervisor_a, reference="YJ-0002", phone="13700000000")
    assert unknown.resident is None and unknown.officer is None
    assert Reminder.objects.get(key=services.reminder_key(unknown)).assignee is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": "bad"}, "id_number"),
        ({"deadline_hours": None, "deadline": timezone.now() - timedelta(hours=1)}, "deadline"),
        ({"received_at": timezone.now() - timedelta(hours=5), "deadline_hours": 2}, "deadline_hours"),
        ({"phone": "12"}, "phone"),
        ({}, "id_number"),  # neither an ID number nor a phone
        ({"phone": "13912345678", "reason": ""}, "reason"),
    ],
)
def test_bad_warnings_are_refused_with_the_field_named_and_nothing_saved(station_a, supervisor_a, overrides, field):
    if overrides.get("id_number") == "bad":
        overrides["id_number"] = _bad_check_digit(next_id_number())
    with pytest.raises(ValidationError) as refused:
        _create(station_a, supervisor_a, **overrides)
    assert field in refused.value.message_dict
    assert not FraudWarning.objects.exists() and not Reminder.objects.exists()


def test_the_same_warning_twice_is_refused(station_a, supervisor_a):
    _create(station_a, supervisor_a, phone="13912345678")
    with pytest.raises(ValidationError) as refused:
        _create(station_a, supervisor_a, phone="13912345678")
    assert "reference" in refused.value.message_dict


def test_the_api_answers_a_bad_check_digit_with_a_400_and_masks_what_it_stores(station_a, supervisor_a, api_for):
    api = api_for(supervisor_a)
    base = {"reference": "YJ-9", "reason": "刷单", "warned_at": timezone.now().isoformat(), "deadline_hours": 4}
    bad = api.post("/api/v1/fraud-warnings/", {**base, "id_number": _bad_check_digit(next_id_number())}, format="json")
    assert bad.status_code == 400 and "id_number" in bad.json()
    number = next_id_number()
    good = api.post("/api/v1/fraud-warnings/", {**base, "id_number": number}, format="json")
    assert good.status_code == 201, good.content
    assert good.json()["id_number"] != number and good.json()["id_number"].startswith(number[:6])
    revealed = api.get(f"/api/v1/fraud-warnings/{good.json()['id']}/?reveal=id_number").json()
    assert revealed["id_number"] == number


def test_the_outcome_already_cheated_needs_the_loss_and_a_second_outcome_is_refused(station_a, community_officer_a):
    warning = FraudWarningFactory(station=station_a, officer=community_officer_a)
    with pytest.raises(ValidationError) as refused:
        services.warning_handle(warning=warning, by=community_officer_a, outcome=WarningOutcome.ALREADY_CHEATED)
    assert "loss_amount" in refused.value.message_dict
    services.warning_handle(
        warning=warning, by=community_officer_a, outcome=WarningOutcome.ALREADY_CHEATED, loss_amount=Decimal("3000")
    )
    warning.refresh_from_db()
    assert (warning.status, warning.cheated_after, warning.loss_amount) == (WarningStatus.HANDLED, True, 3000)
    with pytest.raises(ValidationError):
        services.warning_handle(warning=warning, by=community_officer_a, outcome=WarningOutcome.DISSUADED)


def test_a_later_fraud_incident_or_case_of_a_warned_person_links_itself(station_a, community_a):
    resident = ResidentFactory(station=station_a, community=community_a, phone="13955556666")
    warned = FraudWarningFactory(
        station=station_a,
        resident=resident,
        id_number=resident.id_number,
        phone=resident.phone,
        received_at=timezone.now() - timedelta(days=2),
    )
    other = FraudWarningFactory(station=station_a, phone="13800001111", received_at=timezone.now() - timedelta(days=2))
    # A fraud incident reported after the warning by the warned resident.
    incident = IncidentFactory(
        station=station_a, category="fraud", reporter_resident=resident, reported_at=timezone.now() - timedelta(hours=3)
    )
    warned.refresh_from_db()
    assert (warned.victim_incident, warned.cheated_after) == (incident, True)
    # Not a fraud incident, and not before the warning: no link.
    IncidentFactory(station=station_a, category="dispute", reporter_phone="13800001111")
    IncidentFactory(
        station=station_a,
        category="fraud",
        reporter_phone="13800001111",
        reported_at=timezone.now() - timedelta(days=5),
    )
    other.refresh_from_db()
    assert other.victim_incident is None and not other.cheated_after
    # A fraud case registered after the warning, the warned person its victim by ID number.
    from cases.models import CasePerson

    case = CaseFactory(
        station=station_a, offense_type="telecom_fraud", registered_at=timezone.now() - timedelta(hours=1)
    )
    CasePerson.objects.create(case=case, role="victim", name="某", id_number=resident.id_number)
    warned.refresh_from_db()
    assert warned.victim_case == case
    assert warned in incident.fraud_warnings.all()


def test_rates_equal_an_independent_count(station_a, community_a, bureau_supervisor, api_for):
    from stats.rollup import run_rollup

    now = timezone.now()
    specs = [  # (handled after, within deadline?, cheated after)
        (timedelta(minutes=30), True, False),
        (timedelta(minutes=30), True, False),
        (timedelta(hours=5), False, True),
        (None, None, False),
    ]
    for n, (after, _on_time, cheated) in enumerate(specs):
        received = now - timedelta(hours=6)
        FraudWarningFactory(
            station=station_a,
            community=community_a,
            received_at=received,
            warned_at=received - timedelta(minutes=5),
            deadline=received + timedelta(hours=2),
            handled_at=received + after if after else None,
            cheated_after=cheated,
            status="handled" if after else "open",
            reference=f"R{n}",
        )
    run_rollup()
    body = api_for(bureau_supervisor).get("/api/v1/stats/summary/", {"period": "month"}).json()["metrics"]
    warnings = list(FraudWarning.objects.all())
    on_time = sum(1 for w in warnings if w.handled_at and w.handled_at <= w.deadline)
    cheated = sum(1 for w in warnings if w.cheated_after)
    assert body["fraud_warnings"]["value"] == len(warnings) == 4
    assert body["fraud_warnings_handled_on_time"]["value"] == on_time == 2
    assert body["post_warning_victim_rate"]["value"] == pytest.approx(100 * cheated / len(warnings)) == 25.0
    assert body["fraud_warnings_on_time_rate"]["value"] == pytest.approx(50.0)


def test_the_list_the_figure_links_to_shows_exactly_the_warnings_it_counted(station_a, supervisor_a, client_for):
    FraudWarningFactory(station=station_a, cheated_after=True)
    FraudWarningFactory(station=station_a)
    today = timezone.localdate().isoformat()
    response = client_for(supervisor_a).get(
        reverse("antifraud:warning-list"), {"cheated_after": "true", "received_after": today, "received_before": today}
    )
    assert response.context["table"].paginator.count == 1


def test_the_warning_page_masks_numbers_and_an_officer_handles_it(station_a, community_officer_a, client_for):
    number = next_id_number()
    warning = FraudWarningFactory(station=station_a, officer=community_officer_a, id_number=number, phone="13912345678")
    client = client_for(community_officer_a)
    page = client.get(warning.get_absolute_url()).content.decode()
    assert number not in page and "13912345678" not in page and "139****5678" in page
    refused = client.post(reverse("antifraud:warning-handle", args=[warning.pk]), {"outcome": "cheated"})
    assert refused.status_code == 400
    warning.refresh_from_db()
    assert warning.status == WarningStatus.OPEN
    done = client.post(
        reverse("antifraud:warning-handle", args=[warning.pk]), {"outcome": "dissuaded", "note": "已劝阻"}
    )
    assert done.status_code == 302
    warning.refresh_from_db()
    assert (warning.outcome, warning.handled_by) == (WarningOutcome.DISSUADED, community_officer_a)


def test_the_warning_list_takes_a_constant_number_of_queries(
    station_a, supervisor_a, client_for, django_assert_max_num_queries
):
    client = client_for(supervisor_a)
    FraudWarningFactory(station=station_a)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("antifraud:warning-list")).status_code == 200
    for _n in range(20):
        FraudWarningFactory(station=station_a)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("antifraud:warning-list")).status_code == 200


# --- The import --------------------------------------------------------------------------

HEADERS = ["预警编号", "姓名", "公民身份号码", "联系电话", "预警原因", "预警时间", "处置时限（小时）"]


def xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _row(n, number=None, **overrides):
    warned = timezone.localtime() - timedelta(minutes=30)
    row = [
        f"YJ-{n:05d}",
        f"对象{n}",
        number or next_id_number(),
        "",
        "冒充客服",
        warned.strftime("%Y-%m-%d %H:%M"),
        "4",
    ]
    for index, value in overrides.items():
        row[int(index)] = value
    return row


def test_the_import_records_good_rows_reports_bad_ones_and_twice_changes_nothing(station_a, community_a, supervisor_a):
    from antifraud import importing

    resident = ResidentFactory(station=station_a, community=community_a)
    rows = [_row(1, resident.id_number), _row(2), _row(3, _bad_check_digit(next_id_number())), _row(4, **{"5": "昨天"})]
    job = WarningImport.objects.create(
        station=station_a, file_name="a.xlsx", content=xlsx(rows), created_by=supervisor_a
    )
    importing.run(job)
    assert (job.status, job.created_count, job.matched_count, job.error_count) == (ImportStatus.DONE, 2, 1, 2)
    assert {e["column"] for e in job.errors} == {"公民身份号码", "预警时间"}
    again = WarningImport.objects.create(
        station=station_a, file_name="a.xlsx", content=xlsx(rows[:2]), created_by=supervisor_a
    )
    importing.run(again)
    assert (again.created_count, again.unchanged_count) == (0, 2)
    assert FraudWarning.objects.count() == 2


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_uploaded_list_is_imported_by_the_worker_while_the_page_polls_its_progress(
    celery_worker, station_a, community_a, supervisor_a, client_for
):
    client = client_for(supervisor_a)
    rows = [_row(n) for n in range(1, 301)] + [_row(999, _bad_check_digit(next_id_number()))]
    response = client.post(reverse("antifraud:import-create"), {"file": SimpleUploadedFile("w.xlsx", xlsx(rows))})
    assert response.status_code == 302
    job = WarningImport.objects.get()
    progress = reverse("antifraud:import-progress", kwargs={"pk": job.pk})
    seen = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        shown = client.get(progress, HTTP_HX_REQUEST="true").context["object"]
        seen.append(shown.percent)
        if shown.finished:
            break
        time.sleep(0.2)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, celery_worker.log()
    assert (job.created_count, job.error_count) == (300, 1)
    assert seen == sorted(seen) and seen[-1] == 100
    report = client.get(reverse("antifraud:import-errors", kwargs={"pk": job.pk}))
    assert load_workbook(io.BytesIO(report.content)).active.cell(row=2, column=1).value == 302
    assert Reminder.objects.filter(key__startswith="antifraud:warning:").count() == 300
