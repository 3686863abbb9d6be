"""The daily reminder job: follow-ups due or overdue, red/orange disputes without a session in time."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from mediation import services, tasks
from mediation.choices import FollowUpResult, RiskGrade, SessionOutcome
from mediation.models import Dispute
from stations.choices import ReminderKind
from stations.models import Reminder
from stations.queue import queue_for
from tests.mediation.factories import make_agreement, make_dispute, make_session


def _days_ago(days):
    return timezone.now() - timedelta(days=days)


@pytest.mark.django_db
def test_a_follow_up_due_today_creates_one_reminder_for_the_mediator(station_a, mediator_a):
    dispute = make_dispute(station_a, mediator=mediator_a, registered_at=_days_ago(10))
    agreement = make_agreement(dispute, by=mediator_a, signed_at=_days_ago(7))
    today = timezone.localdate()

    counts = services.reminders_create(today=today)

    reminder = Reminder.objects.get(kind=ReminderKind.FOLLOW_UP_DUE)
    assert counts["follow_ups"] == 1
    assert reminder.assignee == mediator_a
    assert reminder.due_date == today == agreement.follow_ups.first().due_date


@pytest.mark.django_db
def test_running_the_job_twice_creates_nothing_new(station_a, mediator_a):
    dispute = make_dispute(station_a, mediator=mediator_a, registered_at=_days_ago(40), risk=RiskGrade.ORANGE)
    make_agreement(dispute, by=mediator_a, signed_at=_days_ago(35))
    make_dispute(station_a, mediator=mediator_a, registered_at=_days_ago(3), risk=RiskGrade.ORANGE)

    first = services.reminders_create()
    before = Reminder.objects.count()
    second = services.reminders_create()

    assert first == {"follow_ups": 2, "disputes": 2, "cleared": 0}  # both visits overdue; station + mediator
    assert second == {"follow_ups": 0, "disputes": 0, "cleared": 0}
    assert Reminder.objects.count() == before


@pytest.mark.django_db
def test_a_follow_up_not_yet_due_makes_no_reminder(station_a, mediator_a):
    make_agreement(make_dispute(station_a, mediator=mediator_a), by=mediator_a)
    assert services.reminders_create() == {"follow_ups": 0, "disputes": 0, "cleared": 0}


@pytest.mark.django_db
def test_recording_the_visit_clears_its_reminder_from_the_queue(station_a, mediator_a):
    dispute = make_dispute(station_a, mediator=mediator_a, registered_at=_days_ago(10))
    follow_up = make_agreement(dispute, by=mediator_a, signed_at=_days_ago(8)).follow_ups.first()
    services.reminders_create()
    assert any(dispute.number in entry.title for entry in queue_for(mediator_a))

    services.follow_up_record(follow_up=follow_up, by=mediator_a, result=FollowUpResult.STABLE)

    assert not any(dispute.number in entry.title for entry in queue_for(mediator_a))


@pytest.mark.django_db
def test_an_orange_dispute_without_a_session_in_time_reminds_supervisor_and_mediator(
    station_a, mediator_a, supervisor_a
):
    late = make_dispute(station_a, mediator=mediator_a, risk=RiskGrade.ORANGE, registered_at=_days_ago(2))
    fresh = make_dispute(station_a, mediator=mediator_a, risk=RiskGrade.ORANGE)
    yellow = make_dispute(station_a, mediator=mediator_a, risk=RiskGrade.YELLOW, registered_at=_days_ago(20))

    services.reminders_create()

    titles = [entry.title for entry in queue_for(supervisor_a)]
    assert any(late.number in t for t in titles)
    assert not any(fresh.number in t or yellow.number in t for t in titles)
    assert any(late.number in entry.title for entry in queue_for(mediator_a))


@pytest.mark.django_db
def test_a_dispute_with_a_session_is_not_reminded(station_a, mediator_a):
    dispute = make_dispute(station_a, risk=RiskGrade.RED, registered_at=_days_ago(3))
    make_session(dispute, outcome=SessionOutcome.ADJOURNED)
    services.reminders_create()
    assert not Reminder.objects.filter(key__contains="no-session").exists()


@pytest.mark.django_db
def test_the_first_session_clears_the_no_session_reminder(station_a, mediator_a, supervisor_a):
    dispute = make_dispute(station_a, risk=RiskGrade.ORANGE, registered_at=_days_ago(3))
    services.reminders_create()
    make_session(Dispute.objects.get(pk=dispute.pk), outcome=SessionOutcome.ADJOURNED)
    assert not Reminder.objects.filter(key__contains="no-session", done_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_red_dispute_is_first_in_the_supervisors_queue(station_a, officer_a, supervisor_a):
    Reminder.objects.create(station=station_a, key="other", kind=ReminderKind.TASK, title="分局任务", priority=1)
    red = make_dispute(station_a, by=officer_a, risk=RiskGrade.RED)

    assert red.number in queue_for(supervisor_a)[0].title


@pytest.mark.django_db
def test_rows_deleted_before_processing_are_skipped_quietly(station_a, mediator_a):
    dispute = make_dispute(station_a, registered_at=_days_ago(10), risk=RiskGrade.RED)
    follow_up = make_agreement(dispute, by=mediator_a, signed_at=_days_ago(8)).follow_ups.first()
    follow_up_id, dispute_id = follow_up.pk, dispute.pk
    Dispute.objects.filter(pk=dispute_id).delete()

    assert services.remind_follow_up(follow_up_id=follow_up_id, today=timezone.localdate()) is False
    assert services.remind_dispute_without_session(dispute_id=dispute_id, today=timezone.localdate()) == 0
    assert not Reminder.objects.filter(kind=ReminderKind.FOLLOW_UP_DUE).exists()


@pytest.mark.django_db
def test_reminders_of_a_deleted_dispute_leave_the_queue_on_the_next_run(station_a, mediator_a, supervisor_a):
    dispute = make_dispute(station_a, mediator=mediator_a, risk=RiskGrade.RED, registered_at=_days_ago(40))
    make_agreement(dispute, by=mediator_a, signed_at=_days_ago(31))
    services.reminders_create()
    Dispute.objects.filter(pk=dispute.pk).delete()

    counts = services.reminders_create()

    assert counts["cleared"] == 2
    assert not any(dispute.number in entry.title for entry in queue_for(mediator_a) + queue_for(supervisor_a))


@pytest.mark.django_db
def test_stored_reminder_titles_are_in_the_sites_language_whoever_triggers_them(station_a, officer_a):
    from django.utils import translation

    with translation.override("en"):
        make_dispute(station_a, by=officer_a, risk=RiskGrade.RED)

    assert Reminder.objects.get().title.startswith("红色风险纠纷")


def test_the_job_retries_transient_database_errors_with_backoff():
    assert OperationalError in tasks.daily_reminders.autoretry_for
    assert tasks.daily_reminders.retry_backoff
    assert tasks.daily_reminders.max_retries == 5


def test_the_job_runs_daily_from_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["mediation-daily-reminders"]
    assert entry["task"] == tasks.daily_reminders.name


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_the_job_on_a_real_worker_reminds_once_however_often_it_runs(celery_worker, station_a, mediator_a):
    dispute = make_dispute(station_a, mediator=mediator_a, registered_at=_days_ago(40))
    make_agreement(dispute, by=mediator_a, signed_at=_days_ago(31))
    red = make_dispute(station_a, risk=RiskGrade.RED, registered_at=_days_ago(2))

    first = tasks.daily_reminders.delay().get(timeout=60)
    second = tasks.daily_reminders.delay().get(timeout=60)

    assert first == {"follow_ups": 2, "disputes": 1, "cleared": 0}
    assert second == {"follow_ups": 0, "disputes": 0, "cleared": 0}
    keys = set(Reminder.objects.values_list("key", flat=True))
    assert f"mediation:dispute:{red.pk}:no-session:station" in keys
    assert Reminder.objects.filter(kind=ReminderKind.FOLLOW_UP_DUE, assignee=mediator_a).count() == 2
