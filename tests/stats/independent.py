"""The figures computed again, independently: straight from the raw records, in Python.

Nothing here uses stats/: days are converted with zoneinfo, minutes with
timedelta arithmetic, medians with the statistics module.
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date
from zoneinfo import ZoneInfo

from antifraud.models import FraudWarning
from cases.models import Case, Incident
from community.models import Activity, Hazard, Patrol
from mediation.models import Agreement, Dispute, FollowUp, MediationSession
from stations.models import StaffProfile
from stats.models import StatRow

# Written out here, not imported from the apps: the tests say what street crime is.
STREET_CRIME = {"robbery", "snatching", "pickpocketing", "vehicle_theft", "theft_from_vehicle"}
ACTIVITY_METRICS = {
    "visit": "household_visits",
    "inspection": "place_inspections",
    "legal": "legal_consultations",
    "help": "help_given",
}

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local_day(moment) -> date:
    return moment.astimezone(SHANGHAI).date()


def whole_minutes(incident) -> int | None:
    if incident.arrived_at is None or incident.arrived_at < incident.reported_at:
        return None
    return min(int((incident.arrived_at - incident.reported_at).total_seconds() // 60), 1440)


def expected_day_rows() -> Counter:
    rows = Counter()
    for incident in Incident.objects.all():
        key = (incident.station_id, incident.community_id, local_day(incident.reported_at))
        rows[(*key, "incidents_reported", "")] += 1
        rows[(*key, "incidents_reported", f"category:{incident.category}")] += 1
        rows[(*key, "incidents_reported", f"channel:{incident.channel}")] += 1
        if incident.category == "fraud":
            rows[(*key, "fraud_incidents", "")] += 1
        minutes = whole_minutes(incident)
        if minutes is not None:
            rows[(*key, "median_response_minutes", str(minutes))] += 1
    for case in Case.objects.filter(kind="criminal"):
        key = (case.station_id, case.community_id, local_day(case.registered_at))
        rows[(*key, "criminal_cases_registered", "")] += 1
        if case.offense_type in STREET_CRIME:
            rows[(*key, "street_crime_cases", "")] += 1
        if case.solved_at is not None:
            solved = (case.station_id, case.community_id, local_day(case.solved_at))
            rows[(*solved, "criminal_cases_solved", "")] += 1
            if case.solved_at >= case.registered_at:
                registered = local_day(case.registered_at)
                rows[(*solved, "current_clearance_rate", f"registered:{registered.isoformat()}")] += 1
                rows[(*solved, "median_days_to_solve", str((local_day(case.solved_at) - registered).days))] += 1
    for dispute in Dispute.objects.all():
        rows[
            (dispute.station_id, dispute.community_id, local_day(dispute.registered_at), "disputes_registered", "")
        ] += 1
        if dispute.turned_criminal_at is not None:
            day = local_day(dispute.turned_criminal_at)
            rows[(dispute.station_id, dispute.community_id, day, "disputes_turned_criminal", "")] += 1
    for agreement in Agreement.objects.select_related("dispute"):
        d = agreement.dispute
        day = local_day(agreement.signed_at)
        rows[(d.station_id, d.community_id, day, "disputes_resolved", f"dispute:{d.pk}")] += 1
    for session in MediationSession.objects.select_related("dispute"):
        d = session.dispute
        day = local_day(session.held_at)
        rows[(d.station_id, d.community_id, day, "disputes_mediated", f"dispute:{d.pk}")] += 1
    for visit in FollowUp.objects.select_related("dispute"):
        if visit.status == "done" and visit.done_at and local_day(visit.done_at) <= visit.due_date:
            d = visit.dispute
            rows[(d.station_id, d.community_id, local_day(visit.done_at), "follow_ups_done_on_time", "")] += 1
    officer_days = {}
    community_posts = {
        p.user_id for p in StaffProfile.objects.filter(unit="community", kind__in=("police", "auxiliary"))
    }
    for activity in Activity.objects.all():
        key = (activity.station_id, activity.community_id, local_day(activity.occurred_at))
        if activity.kind in ACTIVITY_METRICS:
            rows[(*key, ACTIVITY_METRICS[activity.kind], "")] += 1
            if activity.kind == "help" and activity.help_outcome == "solved":
                rows[(*key, "help_solved", "")] += 1
        elif activity.kind == "publicity" and activity.people_reached:
            rows[(*key, "publicity_reach", "")] += activity.people_reached
        elif activity.kind == "anti_fraud" and activity.installs:
            rows[(*key, "anti_fraud_installs", "")] += activity.installs
        if activity.officer_id not in community_posts:  # mediators and other squads log work too
            continue
        day_key = (activity.station_id, activity.officer_id, key[2])
        officer_days[day_key] = min(officer_days.get(day_key, activity.community_id), activity.community_id)
    for (station, officer, day), community in officer_days.items():
        rows[(station, community, day, "community_days_per_officer_week", f"officer:{officer}")] += 1
    for hazard in Hazard.objects.all():
        rows[(hazard.station_id, hazard.community_id, hazard.found_on, "hazards_found", "")] += 1
        if hazard.rectified_on:
            rows[(hazard.station_id, hazard.community_id, hazard.rectified_on, "hazards_rectified", "")] += 1
    for patrol in Patrol.objects.all():
        key = (patrol.station_id, patrol.community_id, local_day(patrol.started_at))
        if patrol.police_count:
            rows[(*key, "patrol_police_person_times", "")] += patrol.police_count
        if patrol.volunteer_count:
            rows[(*key, "patrol_volunteer_person_times", "")] += patrol.volunteer_count
    for warning in FraudWarning.objects.all():
        key = (warning.station_id, warning.community_id, local_day(warning.received_at))
        rows[(*key, "fraud_warnings", "")] += 1
        if warning.handled_at is not None and warning.handled_at <= warning.deadline:
            rows[(*key, "fraud_warnings_handled_on_time", "")] += 1
        if warning.cheated_after:
            rows[(*key, "fraud_warned_victims", "")] += 1
    _control_rows(rows, community_posts)
    return +rows  # rows summing to 0 are not stored


def _control_rows(rows: Counter, community_posts: set[int]) -> None:
    """The control centre's assessment: each station's parts of orders (not urgings), returns at
    verification, and items assigned to community officers (the burden)."""
    from control.models import OrderEvent, StationTask, TaskItem

    for part in StationTask.objects.select_related("order"):
        if part.order.kind == "urging":
            continue
        station = part.station_id
        rows[(station, None, local_day(part.received_at), "control_orders_received", "")] += 1
        if part.signed_at is not None:
            rows[(station, None, local_day(part.signed_at), "control_orders_signed", "")] += 1
            if part.signed_at <= part.sign_due:
                rows[(station, None, local_day(part.signed_at), "control_orders_signed_on_time", "")] += 1
        if part.verified_at is not None:
            rows[(station, None, local_day(part.verified_at), "control_orders_done", "")] += 1
            if part.submitted_at <= part.order.deadline:
                rows[(station, None, local_day(part.verified_at), "control_orders_done_on_time", "")] += 1
    for event in OrderEvent.objects.filter(action="verify_returned").select_related("part"):
        rows[(event.part.station_id, None, local_day(event.at), "control_returned_at_verification", "")] += 1
    for item in TaskItem.objects.exclude(assigned_at=None):
        if item.assignee_id in community_posts:
            key = (item.station_id, item.community_id, local_day(item.assigned_at))
            rows[(*key, "control_items_per_officer_week", f"officer:{item.assignee_id}")] += 1


def expected_month_rows() -> Counter:
    months = Counter()
    for (station, community, day, metric, subgroup), value in expected_day_rows().items():
        months[(station, community, day.replace(day=1), metric, subgroup)] += value
    return months


def expected_station_month_rows() -> Counter:
    months = Counter()
    for (station, _community, day, metric, subgroup), value in expected_month_rows().items():
        months[(station, None, day, metric, subgroup)] += value
    return months


def rollup_rows(frequency: str) -> Counter:
    rows = Counter()
    for row in StatRow.objects.filter(frequency=frequency):
        key = (row.station_id, row.community_id, row.day, row.metric, row.subgroup)
        assert key not in rows, f"duplicate rollup row {key}"
        rows[key] = row.value
    return rows


def incidents_in(start: date, end: date, station_id=None):
    return [
        i
        for i in Incident.objects.all()
        if start <= local_day(i.reported_at) <= end and (station_id is None or i.station_id == station_id)
    ]


def count(start, end, *, station_id=None, category=None) -> int:
    return sum(1 for i in incidents_in(start, end, station_id) if category is None or i.category == category)


def median_minutes(start, end, *, station_id=None, community_id=None):
    values = [
        m
        for m in (
            whole_minutes(i)
            for i in incidents_in(start, end, station_id)
            if community_id is None or i.community_id == community_id
        )
        if m is not None
    ]
    return statistics.median(values) if values else None


def change(now, before):
    if now is None or before in (None, 0):
        return None
    return (now - before) / before


# --- Cases, disputes, community work -------------------------------------------------


def criminal_cases(station_id=None):
    return [c for c in Case.objects.filter(kind="criminal") if station_id is None or c.station_id == station_id]


def registered(start, end, *, station_id=None, street=False) -> int:
    return sum(
        1
        for c in criminal_cases(station_id)
        if start <= local_day(c.registered_at) <= end and (not street or c.offense_type in STREET_CRIME)
    )


def solved(start, end, *, station_id=None) -> int:
    return sum(1 for c in criminal_cases(station_id) if c.solved_at and start <= local_day(c.solved_at) <= end)


def clearance_rate(start, end, *, station_id=None):
    base = registered(start, end, station_id=station_id)
    return 100.0 * solved(start, end, station_id=station_id) / base if base else None


def current_clearance_rate(start, end, *, station_id=None):
    cohort = [c for c in criminal_cases(station_id) if start <= local_day(c.registered_at) <= end]
    if not cohort:
        return None
    done = [c for c in cohort if c.solved_at and local_day(c.solved_at) <= end]
    return 100.0 * len(done) / len(cohort)


def median_days_to_solve(start, end, *, station_id=None):
    days = [
        (local_day(c.solved_at) - local_day(c.registered_at)).days
        for c in criminal_cases(station_id)
        if c.solved_at and c.solved_at >= c.registered_at and start <= local_day(c.solved_at) <= end
    ]
    return statistics.median(days) if days else None


def days_per_officer_week(start, end, today, *, station_id=None):
    """Days with a log entry of the community squad's police and auxiliaries ÷ their weeks in service
    (from the day their account was opened, active ones), up to today."""
    serving = {
        p.user_id: max(start, p.user.date_joined.astimezone(SHANGHAI).date())
        for p in StaffProfile.objects.select_related("user")
        if p.unit == "community"
        and p.kind in ("police", "auxiliary")
        and p.user.is_active
        and p.station_id is not None
        and (station_id is None or p.station_id == station_id)
    }
    weeks = sum(((min(end, today) - first).days + 1) / 7 for first in serving.values() if first <= min(end, today))
    if not weeks:
        return None
    days = {
        (a.officer_id, local_day(a.occurred_at))
        for a in Activity.objects.all()
        if start <= local_day(a.occurred_at) <= end
        and (station_id is None or a.station_id == station_id)
        and a.officer_id in serving
    }
    return len(days) / weeks


def disputes_resolved(start, end, *, station_id=None) -> set[int]:
    """Disputes with an agreement signed within [start, end], each once."""
    return {
        a.dispute_id
        for a in Agreement.objects.select_related("dispute")
        if start <= local_day(a.signed_at) <= end and station_id in (None, a.dispute.station_id)
    }


def disputes_mediated(start, end, *, station_id=None) -> set[int]:
    """Disputes with a mediation session held within [start, end], each once."""
    return {
        s.dispute_id
        for s in MediationSession.objects.select_related("dispute")
        if start <= local_day(s.held_at) <= end and station_id in (None, s.dispute.station_id)
    }


def dispute_resolution_rate(start, end, *, station_id=None):
    mediated = disputes_mediated(start, end, station_id=station_id)
    if not mediated:
        return None
    return 100.0 * len(mediated & disputes_resolved(start, end, station_id=station_id)) / len(mediated)
