"""Read-side queries of the mediation app: lists, the dispute timeline, who may see what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mediation.choices import DisputeAction, FollowUpStatus
from mediation.models import Agreement, Dispute, FollowUp, MediationSession


def overdue_follow_up_exists():
    return Exists(
        FollowUp.objects.filter(
            dispute=OuterRef("pk"), status=FollowUpStatus.SCHEDULED, due_date__lt=timezone.localdate()
        )
    )


def dispute_list(user) -> QuerySet[Dispute]:
    return (
        Dispute.objects.visible_to(user)
        .select_related("station", "community", "mediator")
        .prefetch_related("parties")
        .annotate(has_overdue_follow_up=overdue_follow_up_exists())
    )


def dispute_detail_queryset(user) -> QuerySet[Dispute]:
    return (
        Dispute.objects.visible_to(user)
        .select_related("station", "community", "mediator", "registered_by", "incident")
        .prefetch_related(
            "parties__resident",
            Prefetch(
                "sessions",
                queryset=MediationSession.objects.select_related("agreement").prefetch_related("mediators"),
            ),
            Prefetch("agreements", queryset=Agreement.objects.select_related("session")),
            Prefetch("follow_ups", queryset=FollowUp.objects.select_related("done_by", "agreement")),
            "events__by",
        )
    )


@dataclass
class TimelineItem:
    at: datetime
    kind: str  # "event", "session", "agreement", "follow_up"
    obj: object
    future: bool = False


def dispute_timeline(dispute: Dispute) -> list[TimelineItem]:
    """Registration, sessions, agreements, follow-up visits and state changes in time order.

    Reads only what `dispute_detail_queryset` prefetched: no query per item.
    """
    now = timezone.now()
    # A relapse is told once, by the follow-up visit that found it (its result, notes and who): the
    # state change it caused would repeat it.
    items = [TimelineItem(e.at, "event", e) for e in dispute.events.all() if e.action != DisputeAction.RELAPSED]
    items += [TimelineItem(s.held_at, "session", s, future=s.held_at > now) for s in dispute.sessions.all()]
    items += [TimelineItem(a.signed_at, "agreement", a) for a in dispute.agreements.all()]
    for f in dispute.follow_ups.all():
        # A visit still to come sits on its due day, in the morning.
        at = f.done_at or timezone.make_aware(datetime.combine(f.due_date, datetime.min.time()).replace(hour=9))
        items.append(TimelineItem(at, "follow_up", f, future=f.status == FollowUpStatus.SCHEDULED))
    order = {"event": 0, "session": 1, "agreement": 2, "follow_up": 3}
    return sorted(items, key=lambda item: (item.at, order[item.kind]))


def timeline_label(item: TimelineItem) -> str:
    labels = {
        "session": _("Mediation session"),
        "agreement": _("Agreement signed"),
        "follow_up": _("Follow-up visit"),
    }
    if item.kind == "event":
        return item.obj.get_action_display()
    return labels[item.kind]
