"""The dispute's life: registered → in mediation → resolved / not resolved / referred → closed; reopen on relapse."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from mediation import services
from mediation.choices import (
    DisputeAction,
    DisputeStatus,
    FollowUpResult,
    FollowUpStatus,
    RiskGrade,
    SessionOutcome,
)
from mediation.models import Agreement, Dispute, FollowUp, MediationSession, Party
from stations.models import Reminder
from tests.mediation.factories import IncidentFactory, make_agreement, make_dispute, make_session

pytestmark = pytest.mark.django_db


def test_registering_a_dispute_numbers_it_per_station_and_year_and_keeps_its_parties(station_a, mediator_a):
    first = make_dispute(station_a, by=mediator_a)
    second = make_dispute(station_a, by=mediator_a)

    year = timezone.localdate().year
    assert first.number == f"{station_a.code}-{year}-JF00001"
    assert second.number == f"{station_a.code}-{year}-JF00002"
    assert first.status == DisputeStatus.REGISTERED
    assert [p.name for p in first.parties.all()] == ["王桂兰", "李建国"]
    assert first.events.get().action == DisputeAction.REGISTERED


def test_a_deleted_disputes_number_is_never_handed_out_again(station_a, mediator_a):
    last = make_dispute(station_a, by=mediator_a)
    number = last.number
    last.delete()
    assert make_dispute(station_a, by=mediator_a).number != number


def test_a_party_without_a_name_is_refused_and_nothing_is_saved(station_a, officer_a):
    with pytest.raises(ValidationError) as error:
        make_dispute(station_a, by=officer_a, parties=[{"name": "王桂兰"}, {"name": "  "}])

    assert "parties" in error.value.message_dict
    assert not Dispute.objects.exists()
    assert not Party.objects.exists()


def test_a_dispute_needs_at_least_one_party(station_a, officer_a):
    with pytest.raises(ValidationError) as error:
        make_dispute(station_a, by=officer_a, parties=[])
    assert "parties" in error.value.message_dict


def test_a_red_dispute_reaches_the_supervisors_queue_at_once(station_a, officer_a):
    dispute = make_dispute(station_a, by=officer_a, risk=RiskGrade.RED)

    reminder = Reminder.objects.get()
    assert reminder.assignee is None  # the station's supervisors
    assert reminder.priority == 0
    assert reminder.station_id == station_a.pk
    assert dispute.number in reminder.title


def test_a_yellow_dispute_alerts_nobody(station_a, officer_a):
    make_dispute(station_a, by=officer_a, risk=RiskGrade.YELLOW)
    assert not Reminder.objects.exists()


def test_an_incident_of_another_station_cannot_be_linked(station_a, station_b, officer_a):
    incident = IncidentFactory(station=station_b)
    with pytest.raises(ValidationError) as error:
        make_dispute(station_a, by=officer_a, incident=incident)
    assert "incident" in error.value.message_dict


def test_the_first_session_puts_the_dispute_in_mediation(station_a, mediator_a):
    dispute = make_dispute(station_a)
    make_session(dispute, by=mediator_a, outcome=SessionOutcome.NONE, mediators=[mediator_a])

    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.IN_MEDIATION


def test_a_session_in_the_future_cannot_have_an_outcome(station_a, mediator_a):
    dispute = make_dispute(station_a)
    with pytest.raises(ValidationError) as error:
        make_session(dispute, by=mediator_a, held_at=timezone.now() + timedelta(days=2))

    assert "outcome" in error.value.message_dict
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.REGISTERED
    assert not MediationSession.objects.exists()


def test_a_planned_session_without_outcome_is_accepted(station_a, mediator_a):
    dispute = make_dispute(station_a)
    session = make_session(dispute, by=mediator_a, held_at=timezone.now() + timedelta(days=2), outcome="")
    assert session.outcome == ""


def test_a_mediator_of_another_station_cannot_be_named(station_a, mediator_b):
    dispute = make_dispute(station_a)
    with pytest.raises(ValidationError) as error:
        make_session(dispute, mediators=[mediator_b])
    assert "mediators" in error.value.message_dict


def test_an_agreement_needs_a_session_that_reached_one(station_a, mediator_a):
    dispute = make_dispute(station_a)
    session = make_session(dispute, by=mediator_a, outcome=SessionOutcome.ADJOURNED)

    with pytest.raises(ValidationError) as error:
        services.agreement_record(session=session, by=mediator_a, terms="条款", signed_at=timezone.now())

    assert "session" in error.value.message_dict
    assert not Agreement.objects.exists()


def test_an_agreement_resolves_the_dispute_and_schedules_follow_ups_after_7_and_30_days(station_a, mediator_a):
    dispute = make_dispute(station_a)
    agreement = make_agreement(dispute, by=mediator_a)

    dispute.refresh_from_db()
    signed = timezone.localdate(agreement.signed_at)
    assert dispute.status == DisputeStatus.RESOLVED
    assert [f.due_date for f in dispute.follow_ups.all()] == [signed + timedelta(days=7), signed + timedelta(days=30)]


@override_settings(WULING={"MEDIATION_FOLLOW_UP_DAYS": [3], "MEDIATION_SESSION_DUE_DAYS": {"red": 1, "orange": 1}})
def test_follow_up_days_come_from_the_settings(station_a, mediator_a):
    agreement = make_agreement(make_dispute(station_a), by=mediator_a)
    assert [f.due_date for f in agreement.follow_ups.all()] == [
        timezone.localdate(agreement.signed_at) + timedelta(days=3)
    ]


def test_an_agreement_signed_in_the_future_is_refused(station_a, mediator_a):
    dispute = make_dispute(station_a)
    session = make_session(dispute)
    with pytest.raises(ValidationError) as error:
        services.agreement_record(
            session=session, by=mediator_a, terms="条款", signed_at=timezone.now() + timedelta(days=1)
        )
    assert "signed_at" in error.value.message_dict


def test_a_follow_up_before_any_agreement_is_refused(station_a, mediator_a):
    dispute = make_dispute(station_a)
    make_session(dispute, outcome=SessionOutcome.NONE)
    with pytest.raises(ValidationError) as error:
        services.follow_up_schedule(dispute=dispute, by=mediator_a, due_date=timezone.localdate())
    assert "due_date" in error.value.message_dict
    assert not FollowUp.objects.exists()


def test_a_follow_up_due_before_the_agreement_was_signed_is_refused(station_a, mediator_a):
    dispute = make_dispute(station_a)
    agreement = make_agreement(dispute, by=mediator_a)
    with pytest.raises(ValidationError) as error:
        services.follow_up_schedule(
            dispute=dispute, by=mediator_a, due_date=timezone.localdate(agreement.signed_at) - timedelta(days=1)
        )
    assert "due_date" in error.value.message_dict


def test_a_visit_recorded_before_the_agreement_is_refused(station_a, mediator_a):
    agreement = make_agreement(make_dispute(station_a), by=mediator_a)
    follow_up = agreement.follow_ups.first()
    with pytest.raises(ValidationError) as error:
        services.follow_up_record(
            follow_up=follow_up,
            by=mediator_a,
            result=FollowUpResult.STABLE,
            done_at=agreement.signed_at - timedelta(days=1),
        )
    assert "done_at" in error.value.message_dict
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.SCHEDULED


def test_a_relapse_at_follow_up_reopens_the_dispute_and_cancels_the_other_visits(station_a, mediator_a):
    dispute = make_dispute(station_a)
    agreement = make_agreement(dispute, by=mediator_a)
    first, second = agreement.follow_ups.all()

    services.follow_up_record(follow_up=first, by=mediator_a, result=FollowUpResult.RELAPSED, notes="又吵起来了")

    dispute.refresh_from_db()
    second.refresh_from_db()
    assert dispute.status == DisputeStatus.IN_MEDIATION
    assert dispute.relapse_count == 1
    assert second.status == FollowUpStatus.CANCELLED
    assert dispute.events.last().action == DisputeAction.RELAPSED
    assert dispute.events.last().note == "又吵起来了"


def test_a_reopened_dispute_can_be_mediated_again_to_a_second_agreement(station_a, mediator_a):
    dispute = make_dispute(station_a)
    first_agreement = make_agreement(dispute, by=mediator_a)
    services.follow_up_record(
        follow_up=first_agreement.follow_ups.first(), by=mediator_a, result=FollowUpResult.RELAPSED
    )

    second = make_agreement(Dispute.objects.get(pk=dispute.pk), by=mediator_a)

    assert second.number.endswith("XY2")
    assert Dispute.objects.get(pk=dispute.pk).status == DisputeStatus.RESOLVED


def test_closing_with_follow_ups_still_due_is_refused(station_a, mediator_a):
    dispute = make_dispute(station_a)
    agreement = make_agreement(dispute, by=mediator_a)
    services.follow_up_record(follow_up=agreement.follow_ups.first(), by=mediator_a, result=FollowUpResult.STABLE)

    with pytest.raises(ValidationError) as error:
        services.dispute_close(dispute=Dispute.objects.get(pk=dispute.pk), by=mediator_a)

    assert "尚有未完成的回访" in error.value.message_dict["status"][0]  # zh-hans is the default language
    assert Dispute.objects.get(pk=dispute.pk).status == DisputeStatus.RESOLVED


def test_a_dispute_is_closed_after_its_follow_ups(station_a, mediator_a):
    dispute = make_dispute(station_a)
    agreement = make_agreement(dispute, by=mediator_a)
    for follow_up in agreement.follow_ups.all():
        services.follow_up_record(follow_up=follow_up, by=mediator_a, result=FollowUpResult.STABLE)

    closed = services.dispute_close(dispute=Dispute.objects.get(pk=dispute.pk), by=mediator_a)

    assert closed.status == DisputeStatus.CLOSED
    assert closed.closed_at is not None


def test_a_registered_dispute_cannot_be_closed_and_the_error_says_why(station_a, mediator_a):
    dispute = make_dispute(station_a)
    with pytest.raises(ValidationError) as error:
        services.dispute_close(dispute=dispute, by=mediator_a)
    assert "status" in error.value.message_dict
    assert str(DisputeStatus.REGISTERED.label) in error.value.message_dict["status"][0]


def test_a_referred_dispute_is_closed_as_referred(station_a, mediator_a):
    dispute = make_dispute(station_a)
    services.dispute_refer(dispute=dispute, by=mediator_a, referred_to="court", note="涉及产权，建议诉讼")
    services.dispute_close(dispute=dispute, by=mediator_a)

    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.CLOSED
    assert dispute.referred_to == "court"
    assert [e.action for e in dispute.events.all()] == [
        DisputeAction.REGISTERED,
        DisputeAction.REFERRED,
        DisputeAction.CLOSED,
    ]


def test_a_resolved_dispute_cannot_be_referred(station_a, mediator_a):
    dispute = make_dispute(station_a)
    make_agreement(dispute, by=mediator_a)
    with pytest.raises(ValidationError):
        services.dispute_refer(dispute=Dispute.objects.get(pk=dispute.pk), by=mediator_a, referred_to="court")


def test_mediation_that_failed_can_be_referred(station_a, mediator_a):
    dispute = make_dispute(station_a)
    make_session(dispute, outcome=SessionOutcome.NONE)
    dispute.refresh_from_db()
    services.dispute_mark_not_resolved(dispute=dispute, by=mediator_a, note="双方分歧大")
    services.dispute_refer(dispute=dispute, by=mediator_a, referred_to="labour_arbitration")
    assert dispute.status == DisputeStatus.REFERRED


def test_reopening_needs_a_reason(station_a, mediator_a):
    dispute = make_dispute(station_a)
    make_session(dispute, outcome=SessionOutcome.NONE)
    dispute.refresh_from_db()
    services.dispute_mark_not_resolved(dispute=dispute, by=mediator_a)
    with pytest.raises(ValidationError) as error:
        services.dispute_reopen(dispute=dispute, by=mediator_a, note=" ")
    assert "note" in error.value.message_dict


def test_a_session_on_a_closed_dispute_is_refused(station_a, mediator_a):
    dispute = make_dispute(station_a)
    services.dispute_refer(dispute=dispute, by=mediator_a, referred_to="court")
    with pytest.raises(ValidationError) as error:
        make_session(dispute)
    assert "status" in error.value.message_dict


def test_state_changes_bump_the_version_so_stale_edits_are_refused(station_a, mediator_a):
    from kit.versioning import StaleVersionError

    dispute = make_dispute(station_a)
    opened_version = dispute.version
    services.dispute_refer(dispute=Dispute.objects.get(pk=dispute.pk), by=mediator_a, referred_to="court")

    with pytest.raises(StaleVersionError):
        services.dispute_update(dispute=dispute, by=mediator_a, expected_version=opened_version, summary="改")


# --- issue 17: one way to write, and what officers hit ---------------------------------------------------


def test_a_session_before_the_dispute_was_registered_is_refused_on_its_time(station_a, mediator_a):
    dispute = make_dispute(station_a, registered_at=timezone.now() - timedelta(hours=2))

    with pytest.raises(ValidationError) as error:
        make_session(dispute, held_at=dispute.registered_at - timedelta(hours=3))

    assert list(error.value.message_dict) == ["held_at"]
    assert not dispute.sessions.exists()


def test_a_session_in_the_minute_of_the_registration_is_accepted(station_a, mediator_a):
    """The form offers "now" without seconds, just after a dispute registered "now"."""
    dispute = make_dispute(station_a, registered_at=timezone.now().replace(second=30))
    session = make_session(dispute, held_at=dispute.registered_at.replace(second=0))
    assert session.pk


def test_moving_a_session_before_the_registration_is_refused(station_a, mediator_a):
    dispute = make_dispute(station_a, registered_at=timezone.now() - timedelta(hours=2))
    session = make_session(dispute)

    with pytest.raises(ValidationError) as error:
        services.session_update(
            session=session,
            by=mediator_a,
            expected_version=session.version,
            held_at=dispute.registered_at - timedelta(days=2),
        )

    assert "held_at" in error.value.message_dict


def test_a_manual_reopen_is_not_counted_as_a_relapse(station_a, mediator_a):
    dispute = make_dispute(station_a)
    make_session(dispute, outcome=SessionOutcome.NONE)
    services.dispute_mark_not_resolved(dispute=dispute, by=mediator_a)

    services.dispute_reopen(dispute=dispute, by=mediator_a, note="双方同意再调一次")

    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.IN_MEDIATION
    assert dispute.relapse_count == 0
    assert [e.action for e in dispute.events.all()][-1] == DisputeAction.REOPENED


def test_a_relapse_at_a_follow_up_visit_is_counted(station_a, mediator_a):
    dispute = make_dispute(station_a)
    follow_up = make_agreement(dispute, by=mediator_a).follow_ups.first()

    services.follow_up_record(follow_up=follow_up, by=mediator_a, result=FollowUpResult.RELAPSED, notes="又吵起来了")

    dispute.refresh_from_db()
    assert dispute.relapse_count == 1
    assert dispute.events.filter(action=DisputeAction.RELAPSED).count() == 1


def test_registering_from_an_incident_sends_the_incident_to_mediation(station_a, mediator_a):
    from cases.choices import Disposition

    incident = IncidentFactory(station=station_a, disposition=Disposition.ON_SITE)
    version = incident.version

    make_dispute(station_a, by=mediator_a, incident=incident)

    incident.refresh_from_db()
    assert incident.disposition == Disposition.MEDIATION
    assert incident.version == version + 1  # an incident form opened before cannot set it back


def test_an_incident_that_became_a_case_keeps_that_disposition(station_a, mediator_a):
    from cases.choices import Disposition

    incident = IncidentFactory(station=station_a, disposition=Disposition.CASE)
    make_dispute(station_a, by=mediator_a, incident=incident)
    incident.refresh_from_db()
    assert incident.disposition == Disposition.CASE


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (
            lambda d, by: services.dispute_update(dispute=d, by=by, expected_version=d.version, status="closed"),
            "status",
        ),
        (lambda d, by: services.party_add(dispute=d, by=by, name="孙丽", birthday="1990-01-01"), "birthday"),
        (lambda d, by: services.follow_up_schedule(dispute=d, by=by, due_date=None, reason="x"), "reason"),
        (lambda d, by: make_dispute(d.station, by=by, parties=[{"name": "孙丽", "age": 3}]), "parties"),
    ],
    ids=["dispute_update", "party_add", "follow_up_schedule", "party_on_register"],
)
def test_a_service_refuses_a_field_it_does_not_save_instead_of_ignoring_it(call, field, station_a, mediator_a):
    dispute = make_dispute(station_a)

    with pytest.raises(ValidationError) as error:
        call(dispute, mediator_a)

    assert field in error.value.message_dict
