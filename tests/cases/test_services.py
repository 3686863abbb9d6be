"""The services: incident review, case state machine, validation, series, people, custody."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cases import services
from cases.choices import (
    CASE_TRANSITIONS,
    CaseStatus,
    Disposition,
    IncidentCategory,
    IncidentChannel,
    IncidentStatus,
    OffenseType,
    PersonRole,
    PersonStatus,
    TimelineKind,
)
from cases.models import Case, Incident, TimelineEvent
from kit.versioning import StaleVersionError
from tests.cases.factories import CaseFactory, CasePersonFactory, IncidentFactory

pytestmark = pytest.mark.django_db


def _log(officer, station, **extra):
    fields = {
        "category": IncidentCategory.DISPUTE,
        "channel": IncidentChannel.DISPATCH_110,
        "summary": "楼上噪音",
        "address": "朝阳路1号",
        **extra,
    }
    return services.incident_create(by=officer, station=station, **fields)


def test_logging_an_incident_numbers_it_per_station_and_year(officer_a, station_a):
    first = _log(officer_a, station_a)
    second = _log(officer_a, station_a)
    year = timezone.localdate().year
    assert first.number == f"A01-{year}-J00001"
    assert second.number == f"A01-{year}-J00002"
    assert first.status == IncidentStatus.DRAFT
    assert first.responding_officer == officer_a
    assert first.events.get().kind == TimelineKind.CREATED


def test_numbers_are_never_reused_after_a_delete(officer_a, station_a):
    first = _log(officer_a, station_a)
    first.delete()
    assert _log(officer_a, station_a).number.endswith("J00002")


def test_numbers_of_two_stations_are_independent(officer_a, station_a, officer_b, station_b):
    _log(officer_a, station_a)
    assert _log(officer_b, station_b).number.endswith("J00001")


def test_incident_in_the_future_is_refused(officer_a, station_a):
    with pytest.raises(ValidationError) as exc:
        _log(officer_a, station_a, occurred_at=timezone.now() + timedelta(hours=2))
    assert "occurred_at" in exc.value.message_dict
    assert not Incident.objects.exists()


def test_report_before_occurrence_and_arrival_before_report_are_refused(officer_a, station_a):
    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        _log(
            officer_a,
            station_a,
            occurred_at=now - timedelta(hours=1),
            reported_at=now - timedelta(hours=2),
            arrived_at=now - timedelta(hours=3),
        )
    assert {"reported_at", "arrived_at"} <= set(exc.value.message_dict)


def test_community_of_another_station_is_refused(officer_a, station_a, community_b):
    with pytest.raises(ValidationError) as exc:
        _log(officer_a, station_a, community=community_b)
    assert "community" in exc.value.message_dict


@translation.override("en")
def test_warnings_are_kept_apart_from_errors(station_a):
    warnings = services.incident_warnings(station_id=station_a.pk, values={"summary": "x"})
    assert any("address" in w for w in warnings)
    assert services.incident_errors(station_id=station_a.pk, values={"summary": "x"}) == {}


@translation.override("en")
def test_repeat_calls_past_the_threshold_warn_to_open_a_dispute(officer_a, station_a, settings):
    settings.WULING = {**settings.WULING, "REPEAT_CALL_THRESHOLD": 3}
    _log(officer_a, station_a, address="桃花路8号")
    _log(officer_a, station_a, address="桃花路8号")
    warnings = services.incident_warnings(station_id=station_a.pk, values={"address": "桃花路8号", "summary": "x"})
    assert any("dispute" in w for w in warnings)


def test_submit_needs_a_disposition(officer_a, station_a):
    incident = _log(officer_a, station_a)
    with pytest.raises(ValidationError) as exc:
        services.incident_submit(incident=incident, by=officer_a)
    assert "disposition" in exc.value.message_dict
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.DRAFT


def test_review_cycle_submit_return_fix_submit_approve(officer_a, supervisor_a, station_a):
    incident = _log(officer_a, station_a, disposition=Disposition.ON_SITE)
    services.incident_submit(incident=incident, by=officer_a)
    assert incident.status == IncidentStatus.SUBMITTED and incident.closed_at is not None
    with pytest.raises(ValidationError):
        services.incident_return(incident=incident, by=supervisor_a, note="  ")
    services.incident_return(incident=incident, by=supervisor_a, note="补充到场时间")
    assert incident.status == IncidentStatus.RETURNED and incident.review_note == "补充到场时间"
    services.incident_update(
        incident=incident, by=officer_a, expected_version=incident.version, arrived_at=incident.reported_at
    )
    services.incident_submit(incident=incident, by=officer_a)
    services.incident_approve(incident=incident, by=supervisor_a)
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.APPROVED and incident.reviewed_by == supervisor_a
    kinds = list(incident.events.values_list("kind", flat=True))
    assert kinds == ["created", "submitted", "returned", "edited", "submitted", "approved"]


def test_four_eyes_a_supervisor_never_approves_a_report_they_wrote_or_submitted(supervisor_a, station_a, client_for):
    from stations.choices import Unit
    from stations.roles import Role
    from tests.factories import make_person

    other = make_person("supervisor_a2", station=station_a, roles=[Role.STATION_SUPERVISOR], unit=Unit.LEADERSHIP)
    incident = _log(supervisor_a, station_a, disposition=Disposition.ON_SITE)
    services.incident_submit(incident=incident, by=supervisor_a)
    with pytest.raises(ValidationError):
        services.incident_approve(incident=incident, by=supervisor_a)
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.SUBMITTED
    page = client_for(supervisor_a).get(incident.get_absolute_url()).content.decode()
    assert 'data-testid="approve-incident"' not in page
    services.incident_approve(incident=incident, by=other)
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.APPROVED and incident.reviewed_by == other


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (IncidentStatus.DRAFT, "approve"),
        (IncidentStatus.RETURNED, "approve"),
        (IncidentStatus.APPROVED, "approve"),
        (IncidentStatus.DRAFT, "return"),
        (IncidentStatus.APPROVED, "return"),
        (IncidentStatus.SUBMITTED, "submit"),
        (IncidentStatus.APPROVED, "submit"),
    ],
)
def test_impossible_incident_review_steps_are_refused(status, action, station_a, supervisor_a):
    incident = IncidentFactory(station=station_a, status=status, disposition=Disposition.ON_SITE)
    call = {
        "approve": lambda: services.incident_approve(incident=incident, by=supervisor_a),
        "return": lambda: services.incident_return(incident=incident, by=supervisor_a, note="x"),
        "submit": lambda: services.incident_submit(incident=incident, by=supervisor_a),
    }[action]
    with pytest.raises(ValidationError) as exc:
        call()
    assert "status" in exc.value.message_dict
    incident.refresh_from_db()
    assert incident.status == status


def test_approved_incident_cannot_be_edited(station_a, officer_a):
    incident = IncidentFactory(station=station_a, status=IncidentStatus.APPROVED)
    with pytest.raises(ValidationError):
        services.incident_update(incident=incident, by=officer_a, expected_version=incident.version, summary="x")


def test_editing_from_an_old_version_is_refused_and_nothing_is_overwritten(station_a, officer_a, colleague_a):
    incident = _log(officer_a, station_a)
    stale = Incident.objects.get(pk=incident.pk)
    services.incident_update(incident=incident, by=officer_a, expected_version=1, summary="第一人")
    with pytest.raises(StaleVersionError):
        services.incident_update(incident=stale, by=colleague_a, expected_version=1, summary="第二人")
    assert Incident.objects.get(pk=incident.pk).summary == "第一人"


def _register(case_officer, station, **extra):
    return services.case_register(
        by=case_officer, station=station, offense_type=OffenseType.BURGLARY, title="入室盗窃", **extra
    )


def test_a_deactivated_officer_cannot_be_given_a_case_by_any_caller(case_officer_a, station_a, retired_a):
    with pytest.raises(ValidationError) as refused:
        _register(case_officer_a, station_a, lead_officer=retired_a)
    assert "lead_officer" in refused.value.message_dict
    assert not Case.objects.exists()
    case = _register(case_officer_a, station_a, lead_officer=case_officer_a)
    with pytest.raises(ValidationError):
        services.case_assign(case=case, by=case_officer_a, officers=[retired_a])
    case.refresh_from_db()
    assert case.lead_officer == case_officer_a


def test_registering_a_case_from_an_incident_links_them_and_marks_the_disposition(case_officer_a, station_a, officer_a):
    incident = _log(officer_a, station_a)
    case = _register(case_officer_a, station_a, incidents=[incident], lead_officer=case_officer_a)
    assert case.number.endswith("A00001")
    assert list(case.incidents.all()) == [incident]
    assert list(case.officers.all()) == [case_officer_a]
    incident.refresh_from_db()
    assert incident.disposition == Disposition.CASE
    assert case.address == incident.address


def test_case_cannot_take_another_stations_incident(case_officer_a, station_a, station_b):
    foreign = IncidentFactory(station=station_b)
    with pytest.raises(ValidationError):
        _register(case_officer_a, station_a, incidents=[foreign])
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("loss", "recovered", "field"),
    [(Decimal("-1"), Decimal("0"), "loss_amount"), (Decimal("100"), Decimal("200"), "recovered_amount")],
)
def test_amounts_must_be_sensible(case_officer_a, station_a, loss, recovered, field):
    with pytest.raises(ValidationError) as exc:
        _register(case_officer_a, station_a, loss_amount=loss, recovered_amount=recovered)
    assert field in exc.value.message_dict


ALL_PAIRS = [(a, b) for a in CaseStatus.values for b in CaseStatus.values if a != b]


@pytest.mark.parametrize(("from_status", "to_status"), ALL_PAIRS)
def test_case_state_machine_allows_exactly_the_listed_moves(from_status, to_status, station_a, case_officer_a):
    case = CaseFactory(station=station_a, status=from_status, registered_at=timezone.now() - timedelta(days=3))
    allowed = to_status in CASE_TRANSITIONS[from_status]
    call = lambda: services.case_transition(  # noqa: E731
        case=case,
        by=case_officer_a,
        expected_version=case.version,
        to_status=to_status,
        reason="原因",
        at=timezone.now() - timedelta(hours=1),
    )
    if allowed:
        call()
        case.refresh_from_db()
        assert case.status == to_status
        event = TimelineEvent.objects.get(case=case)
        assert (event.from_status, event.to_status, event.by) == (from_status, to_status, case_officer_a)
    else:
        with pytest.raises(ValidationError) as exc:
            call()
        assert "to_status" in exc.value.message_dict
        case.refresh_from_db()
        assert case.status == from_status
        assert not TimelineEvent.objects.filter(case=case).exists()


def test_solving_without_a_time_is_recorded_at_the_current_time_and_says_so(station_a, case_officer_a):
    case = CaseFactory(station=station_a)
    before = timezone.now()

    services.case_transition(case=case, by=case_officer_a, expected_version=1, to_status=CaseStatus.SOLVED)

    case.refresh_from_db()
    assert case.status == CaseStatus.SOLVED and before <= case.solved_at <= timezone.now()
    assert "未填写时间" in case.events.get(kind="status").text


def test_solving_before_registration_or_in_the_future_is_refused(station_a, case_officer_a):
    case = CaseFactory(station=station_a, registered_at=timezone.now() - timedelta(days=1))
    for at in (timezone.now() - timedelta(days=2), timezone.now() + timedelta(days=1)):
        with pytest.raises(ValidationError):
            services.case_transition(
                case=case, by=case_officer_a, expected_version=1, to_status=CaseStatus.SOLVED, at=at
            )
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED and case.solved_at is None


def test_suspending_or_withdrawing_needs_a_reason(station_a, case_officer_a):
    case = CaseFactory(station=station_a)
    for to in (CaseStatus.SUSPENDED, CaseStatus.WITHDRAWN):
        with pytest.raises(ValidationError) as exc:
            services.case_transition(case=case, by=case_officer_a, expected_version=1, to_status=to, reason=" ")
        assert "reason" in exc.value.message_dict


def test_transition_from_an_old_version_is_refused(station_a, case_officer_a):
    case = CaseFactory(station=station_a)
    services.case_transition(case=case, by=case_officer_a, to_status=CaseStatus.INVESTIGATING, expected_version=1)
    with pytest.raises(StaleVersionError):
        services.case_transition(
            case=case, by=case_officer_a, to_status=CaseStatus.SUSPENDED, reason="x", expected_version=1
        )


def test_assigning_officers_of_another_station_is_refused(station_a, case_officer_a, officer_b):
    case = CaseFactory(station=station_a)
    with pytest.raises(ValidationError):
        services.case_assign(case=case, by=case_officer_a, officers=[officer_b])
    services.case_assign(case=case, by=case_officer_a, officers=[case_officer_a], due_date=timezone.localdate())
    case.refresh_from_db()
    assert case.lead_officer == case_officer_a
    assert TimelineEvent.objects.filter(case=case, kind=TimelineKind.ASSIGNED).exists()


def test_only_suspects_can_be_arrested(station_a, case_officer_a):
    case = CaseFactory(station=station_a)
    with pytest.raises(ValidationError):
        services.case_person_add(
            case=case, by=case_officer_a, role=PersonRole.VICTIM, name="李四", status=PersonStatus.ARRESTED
        )
    suspect = services.case_person_add(case=case, by=case_officer_a, role=PersonRole.SUSPECT, name="张三")
    services.case_person_set_status(person=suspect, by=case_officer_a, status=PersonStatus.ARRESTED)
    suspect.refresh_from_db()
    assert suspect.status == PersonStatus.ARRESTED
    assert TimelineEvent.objects.filter(case=case, kind=TimelineKind.PERSON).count() == 2


def test_linking_series_merges_existing_series(station_a, case_officer_a):
    a, b, c, d = (CaseFactory(station=station_a) for _ in range(4))
    services.case_link_series(case=a, other=b, by=case_officer_a, name="系列盗窃")
    services.case_link_series(case=c, other=d, by=case_officer_a)
    series = services.case_link_series(case=a, other=c, by=case_officer_a)
    assert set(series.cases.values_list("pk", flat=True)) == {a.pk, b.pk, c.pk, d.pk}


def test_a_case_cannot_join_a_series_with_itself_or_another_station(station_a, station_b, case_officer_a):
    a = CaseFactory(station=station_a)
    with pytest.raises(ValidationError):
        services.case_link_series(case=a, other=a, by=case_officer_a)
    with pytest.raises(ValidationError):
        services.case_link_series(case=a, other=CaseFactory(station=station_b), by=case_officer_a)


def test_custody_record_out_before_in_is_refused_and_leaving_goes_to_the_timeline(station_a, case_officer_a):
    case = CaseFactory(station=station_a)
    person = CasePersonFactory(case=case)
    now = timezone.now()
    record = services.custody_record_create(
        case=case, by=case_officer_a, person=person, person_name="", time_in=now - timedelta(hours=3), photo_taken=True
    )
    assert record.person_name == person.name
    with pytest.raises(ValidationError):
        services.custody_record_update(
            record=record, by=case_officer_a, expected_version=record.version, time_out=now - timedelta(hours=4)
        )
    services.custody_record_update(
        record=record, by=case_officer_a, expected_version=1, time_out=now, escort_destination="市看守所"
    )
    assert TimelineEvent.objects.filter(case=case, kind=TimelineKind.CUSTODY).count() == 2


# --- issue 17 ------------------------------------------------------------------


def test_a_second_case_from_one_incident_needs_an_explicit_choice(case_officer_a, station_a, officer_a):
    incident = _log(officer_a, station_a)
    first = _register(case_officer_a, station_a, incidents=[incident])

    with pytest.raises(ValidationError) as refused:
        _register(case_officer_a, station_a, incidents=[incident])
    assert first.number in refused.value.message_dict["incidents"][0]
    assert Case.objects.count() == 1

    second = _register(case_officer_a, station_a, incidents=[incident], allow_second_case=True)
    assert set(incident.cases.all()) == {first, second}


def test_a_civilian_mediator_cannot_lead_or_work_a_case(case_officer_a, mediator_a, station_a):
    with pytest.raises(ValidationError) as as_lead:
        _register(case_officer_a, station_a, lead_officer=mediator_a)
    assert "lead_officer" in as_lead.value.message_dict
    case = _register(case_officer_a, station_a, lead_officer=case_officer_a)
    with pytest.raises(ValidationError) as as_officer:
        services.case_assign(case=case, by=case_officer_a, officers=[case_officer_a, mediator_a])
    assert "officers" in as_officer.value.message_dict
    assert list(case.officers.all()) == [case_officer_a]


def test_a_persons_id_number_can_be_corrected(case_officer_a, station_a):
    person = CasePersonFactory(case=CaseFactory(station=station_a), id_number="430702199001011234")

    services.case_person_update(
        person=person, by=case_officer_a, expected_version=person.version, id_number="11010519491231002x"
    )

    person.refresh_from_db()
    assert person.id_number == "11010519491231002X" and person.version == 2
    assert person.case.events.filter(kind=TimelineKind.PERSON).exists()


def test_a_person_edit_refuses_fields_it_does_not_take(case_officer_a, station_a):
    person = CasePersonFactory(case=CaseFactory(station=station_a))
    with pytest.raises(ValidationError) as refused:
        services.case_person_update(person=person, by=case_officer_a, expected_version=1, added_at=timezone.now())
    assert "added_at" in refused.value.message_dict


@pytest.mark.parametrize(
    ("loss", "recovered", "field", "message"),
    [
        ("-1", "0", "loss_amount", "损失金额不能为负数"),
        ("10", "20", "recovered_amount", "挽回金额"),
    ],
)
def test_every_case_constraint_is_refused_beside_its_field_in_officers_words(loss, recovered, field, message):
    case = CaseFactory.build(loss_amount=Decimal(loss), recovered_amount=Decimal(recovered))
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        case.validate_constraints()
    errors = refused.value.message_dict
    assert "__all__" not in errors
    assert len(errors[field]) == 1 and message in errors[field][0]
    assert not any("约束" in m for messages in errors.values() for m in messages)
