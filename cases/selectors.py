"""Read-side queries of the cases app: scoped, annotated, ready for lists and queues."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import OPEN_CASE_STATUSES, IncidentStatus
from cases.models import Case, Incident, TimelineEvent
from kit.urgency import yellow_horizon
from stations.choices import StaffKind
from stations.queue import QueueEntry
from stations.selectors import station_staff

#: Who may lead or be assigned a case: police and auxiliary police, not civilian mediators.
CASE_STAFF_KINDS = (StaffKind.POLICE, StaffKind.AUXILIARY)


def case_officers(user, *, station_id: int | None = None):
    """The active police of the stations `user` may see (or of `station_id`): whom case pickers offer."""
    return station_staff(user, station_id=station_id).filter(staff_profile__kind__in=CASE_STAFF_KINDS)


def repeat_call_count(
    *, station_id: int, address: str = "", standard_address=None, exclude_pk: int | None = None, until=None
) -> int:
    """Incidents from one place at the station within the repeat-call window (before `until`): counted by
    the standard address when the incident has one, by the free text only for places not in the register."""
    address = (address or "").strip()
    if standard_address is None and not address:
        return 0
    until = until or timezone.now()
    since = until - timedelta(days=settings.WULING["REPEAT_CALL_WINDOW_DAYS"])
    place = {"standard_address": standard_address} if standard_address is not None else {"address": address}
    qs = Incident.objects.filter(station_id=station_id, reported_at__gte=since, **place)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.count()


def repeat_calls_for(incident: Incident) -> dict:
    """How many incidents came from this incident's address in the window (itself included)."""
    count = 0
    if incident.address.strip() or incident.standard_address_id is not None:
        count = (
            repeat_call_count(
                station_id=incident.station_id,
                address=incident.address,
                standard_address=incident.standard_address,
                exclude_pk=incident.pk,
            )
            + 1
        )
    threshold = settings.WULING["REPEAT_CALL_THRESHOLD"]
    return {
        "count": count,
        "days": settings.WULING["REPEAT_CALL_WINDOW_DAYS"],
        "threshold": threshold,
        "suggest_dispute": count >= threshold,
    }


def dispute_create_url(incident_pk: int) -> str | None:
    """Where to open a dispute from an incident; None while the mediation app is absent."""
    try:
        return reverse("mediation:dispute-create") + f"?incident={incident_pk}"
    except NoReverseMatch:
        return None


def case_timeline(case: Case):
    """The case's events and those of the incidents it was registered from, oldest first."""
    incident_ids = [i.pk for i in case.incidents.all()]
    return (
        TimelineEvent.objects.filter(Q(case=case) | Q(incident_id__in=incident_ids))
        .select_related("by", "incident", "case")
        .order_by("at", "id")
    )


def incident_timeline(incident: Incident):
    return incident.events.select_related("by", "case").order_by("at", "id")


def incidents_to_review_queue(user) -> list[QueueEntry]:
    """Supervisors: the station's submitted incident reports waiting for review."""
    if not user.has_perm("cases.review_incident"):
        return []
    qs = Incident.objects.visible_to(user).filter(status=IncidentStatus.SUBMITTED).order_by("submitted_at")[:200]
    label = _("Incident to review")
    return [
        QueueEntry(
            title=f"{i.number} {i.summary}",
            url=i.get_absolute_url(),
            kind_label=label,
            due_date=timezone.localdate(i.submitted_at) + timedelta(days=1) if i.submitted_at else None,
            priority=20,
        )
        for i in qs
    ]


def returned_incidents_queue(user) -> list[QueueEntry]:
    """Officers: their own reports returned for correction, with the supervisor's note."""
    if not user.has_perm("cases.change_incident"):
        return []
    qs = (
        Incident.objects.visible_to(user)
        .filter(Q(responding_officer=user) | Q(created_by=user), status=IncidentStatus.RETURNED)
        .order_by("reviewed_at")[:200]
    )
    label = _("Returned for correction")
    return [
        QueueEntry(
            title=f"{i.number} {i.summary}",
            url=i.get_absolute_url(),
            kind_label=label,
            detail=i.review_note,
            due_date=timezone.localdate(i.reviewed_at) + timedelta(days=1) if i.reviewed_at else None,
            priority=10,
        )
        for i in qs
    ]


def cases_due_queue(user) -> list[QueueEntry]:
    """Case officers: their open cases with a due date; supervisors: the station's overdue or near ones."""
    if not user.has_perm("cases.view_case"):
        return []
    soon = yellow_horizon()
    qs = Case.objects.visible_to(user).filter(status__in=OPEN_CASE_STATUSES, due_date__isnull=False)
    if user.has_perm("cases.review_incident"):
        qs = qs.filter(Q(officers=user) | Q(due_date__lte=soon)).distinct()
    else:
        qs = qs.filter(officers=user).distinct()
    label = _("Case due")
    return [
        QueueEntry(
            title=f"{c.number} {c.title}",
            url=c.get_absolute_url(),
            kind_label=label,
            due_date=c.due_date,
            detail=c.get_status_display(),
            priority=30,
        )
        for c in qs.order_by("due_date")[:200]
    ]
