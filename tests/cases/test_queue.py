"""The work queue: what waits on supervisors, officers and case officers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.choices import CaseStatus, IncidentStatus
from stations.queue import queue_for
from tests.cases.factories import CaseFactory, IncidentFactory

pytestmark = pytest.mark.django_db


def _titles(user):
    return [e.title for e in queue_for(user)]


def test_supervisor_sees_submitted_reports_of_their_station_only(supervisor_a, station_a, station_b):
    mine = IncidentFactory(station=station_a, status=IncidentStatus.SUBMITTED, submitted_at=timezone.now())
    IncidentFactory(station=station_a, status=IncidentStatus.DRAFT)
    IncidentFactory(station=station_b, status=IncidentStatus.SUBMITTED, submitted_at=timezone.now())
    assert _titles(supervisor_a) == [f"{mine.number} {mine.summary}"]


def test_officer_sees_their_returned_reports_with_the_note(officer_a, colleague_a, station_a):
    returned = IncidentFactory(
        station=station_a,
        status=IncidentStatus.RETURNED,
        responding_officer=officer_a,
        review_note="补充到场时间",
        reviewed_at=timezone.now(),
    )
    entries = queue_for(officer_a)
    assert [e.title for e in entries] == [f"{returned.number} {returned.summary}"]
    assert entries[0].detail == "补充到场时间"
    assert queue_for(colleague_a) == []


def test_case_officer_sees_their_open_cases_due_with_urgency(case_officer_a, station_a):
    soon = CaseFactory(station=station_a, due_date=timezone.localdate() + timedelta(days=2))
    soon.officers.add(case_officer_a)
    later = CaseFactory(station=station_a, due_date=timezone.localdate() + timedelta(days=6))
    later.officers.add(case_officer_a)
    closed = CaseFactory(station=station_a, due_date=timezone.localdate(), status=CaseStatus.CLOSED)
    closed.officers.add(case_officer_a)
    entries = [e for e in queue_for(case_officer_a) if e.kind_label]
    assert [(e.title, e.urgency) for e in entries] == [
        (f"{soon.number} {soon.title}", "red"),
        (f"{later.number} {later.title}", "yellow"),
    ]


def test_supervisor_sees_the_stations_overdue_cases(supervisor_a, station_a):
    late = CaseFactory(station=station_a, due_date=timezone.localdate() - timedelta(days=1))
    CaseFactory(station=station_a, due_date=timezone.localdate() + timedelta(days=30))
    entries = queue_for(supervisor_a)
    assert [e.title for e in entries] == [f"{late.number} {late.title}"]
    assert entries[0].overdue


def test_queue_queries_do_not_grow_with_the_work(supervisor_a, station_a):
    from tests.utils import assert_constant_queries

    def grow():
        for _n in range(5):
            IncidentFactory(station=station_a, status=IncidentStatus.SUBMITTED, submitted_at=timezone.now())
            CaseFactory(station=station_a, due_date=timezone.localdate())

    assert_constant_queries(lambda: queue_for(supervisor_a), grow)
