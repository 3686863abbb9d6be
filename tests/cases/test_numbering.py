"""Numbers under concurrency: officers saving at the same moment never share a number."""

import threading

import pytest
from django.db import connection, connections

from cases import services
from cases.choices import IncidentCategory, IncidentChannel
from cases.models import Incident

THREADS = 8
PER_THREAD = 5


@pytest.mark.django_db(transaction=True)
def test_parallel_logging_never_duplicates_a_number(officer_a, station_a):
    barrier = threading.Barrier(THREADS)
    errors = []

    def log_some():
        try:
            barrier.wait()
            for _n in range(PER_THREAD):
                services.incident_create(
                    by=officer_a,
                    station=station_a,
                    category=IncidentCategory.HELP,
                    channel=IncidentChannel.PHONE,
                    summary="并发测试",
                )
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=log_some) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = list(Incident.objects.values_list("number", flat=True))
    assert len(numbers) == THREADS * PER_THREAD
    assert len(set(numbers)) == len(numbers)
    sequences = sorted(int(n[-5:]) for n in numbers)
    assert sequences == list(range(1, THREADS * PER_THREAD + 1)), f"gaps or repeats on {connection.vendor}"
