"""The sweep on a real Celery worker: overdue orders urged into the station supervisors' queue, parts not
signed in time reminded; run twice, it adds nothing. And beat has it in its schedule."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from control import tasks
from control.choices import OrderKind
from control.models import Order, StationTask
from stations.choices import ReminderKind
from stations.models import Reminder
from stations.queue import queue_for
from tests.control.factories import admitted, centre_person, department_person


def test_beat_runs_the_sweep():
    entry = settings.CELERY_BEAT_SCHEDULE["control-sweep"]
    assert entry["task"] == tasks.sweep.name


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_the_sweep_on_a_real_worker_urges_and_reminds_once(celery_worker, station_a, station_b, supervisor_a):
    department, centre = department_person(), centre_person()
    overdue = admitted(department, centre, stations=[station_a, station_b])
    Order.objects.filter(pk=overdue.pk).update(deadline=timezone.now() - timedelta(hours=5))
    unsigned = admitted(department, centre, stations=[station_a])
    StationTask.objects.filter(order=unsigned).update(sign_due=timezone.now() - timedelta(minutes=10))

    first = tasks.sweep.delay().get(timeout=60)
    second = tasks.sweep.delay().get(timeout=60)

    # The overdue order is urged at both stations (one urging order); the unsigned one is late to sign,
    # so it is urged too, and its missing signature is reminded once.
    assert first == {"urged": 2, "reminded": 1}
    assert second == {"urged": 0, "reminded": 0}
    urging = Order.objects.get(parent=overdue, kind=OrderKind.URGING)
    assert set(urging.parts.values_list("station_id", flat=True)) == {station_a.pk, station_b.pk}
    assert urging.issued_by is None
    task_reminders = Reminder.objects.filter(kind=ReminderKind.TASK, station=station_a, done_at=None)
    assert task_reminders.count() == 3  # two urgings and one unsigned part, all for the supervisors
    queued = {entry.url for entry in queue_for(supervisor_a)}
    assert urging.parts.get(station=station_a).get_absolute_url() in queued
