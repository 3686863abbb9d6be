"""Every write of the control centre, one function per transition (README: "How a write flows").

Order:   draft → awaiting admission → in progress (dispatched) → closed;
         awaiting admission → returned to the issuer (→ edited, sent again) or merged into another order.
Part:    to sign → signed → being done → submitted → verified;  submitted → returned at verification → …
Item:    to do → done;  done → returned (at verification) → done.

A state change asked for out of order raises `OutOfOrder` (409 on pages and in the API); bad input a
`ValidationError` naming the field (400). Each write is one transaction with its timeline event.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community.choices import ActivityKind, HazardStatus
from control.choices import (
    Department,
    Evidence,
    ItemResult,
    ItemStatus,
    OrderAction,
    OrderKind,
    OrderStatus,
    PartStatus,
    Priority,
    TargetRule,
)
from control.models import Order, OrderEvent, StationTask, TargetList, TaskItem
from control.targets import RULE_EVIDENCE, targets_of
from kit.services import check_fields
from kit.versioning import StaleVersionError, save_versioned
from stations.choices import ReminderKind, Unit
from stations.models import Bureau, StaffProfile, Station
from stations.scoping import is_bureau_level, user_bureau_id, user_station_id
from stations.services import reminder_done, reminder_upsert


class OutOfOrder(StaleVersionError):
    """A state change asked for when the record is not in a state that allows it: answered 409."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def conf(name: str):
    return settings.WULING[f"CONTROL_{name}"]


def now() -> datetime:
    return timezone.now()


def user_bureau(user) -> Bureau | None:
    """The bureau a user works for (their own, or their station's); None for the city's people and
    superusers, who belong to no single bureau (they name one where it matters)."""
    bureau_id = user_bureau_id(user)
    return Bureau.objects.get(pk=bureau_id) if bureau_id is not None else None


NO_BUREAU = _(
    "Orders and target lists belong to one sub-bureau: they are made by its own or its stations' staff, "
    "not at the city level."
)


# --- Plumbing ------------------------------------------------------------------------------------


def _event(order, action, by, *, part=None, note="") -> OrderEvent:
    return OrderEvent.objects.create(order=order, part=part, action=action, by=by, note=(note or "")[:500])


def _save(record, *, by, fields: list[str]) -> None:
    """Save a state change and bump the version, so a form opened before it is refused (409)."""
    record.version += 1
    record._history_user = by
    record.save(update_fields=[*fields, "version"])


def _require(record, allowed, action: str) -> None:
    if record.status not in allowed:
        if isinstance(record, Order):
            message = _("This order is %(status)s: it cannot be %(action)s.")
        elif isinstance(record, StationTask):
            message = _("This station's part of the order is %(status)s: it cannot be %(action)s.")
        else:
            message = _("This item is %(status)s: it cannot be %(action)s.")
        raise OutOfOrder(message % {"status": record.get_status_display(), "action": action})


def _text(fields: dict, name: str, message: str, *, required=True) -> str:
    value = (fields.get(name) or "").strip()
    if required and not value:
        raise ValidationError({name: message})
    return value


def _at_station(user, station_id: int) -> bool:
    return user.is_superuser or is_bureau_level(user) or user_station_id(user) == station_id


def _site_language():
    return translation.override(settings.LANGUAGE_CODE)


NUMBER_PREFIX = {
    OrderKind.DISPATCH: "PF",
    OrderKind.WARNING: "YJ",
    OrderKind.URGING: "DB",
    OrderKind.COOPERATION: "XZ",
}


def _number(order: Order) -> str:
    """ "WL-2026-PF00012": bureau, year, kind, and the order's own id (never reused)."""
    year = timezone.localdate(order.created_at).year
    return f"{order.bureau.code}-{year}-{NUMBER_PREFIX[order.kind]}{order.pk:05d}"


# --- Drafting, admission -------------------------------------------------------------------------

#: What drafting an order accepts besides its bureau.
ORDER_FIELDS = frozenset(
    {
        "kind",
        "title",
        "standard",
        "evidence",
        "priority",
        "deadline",
        "deadline_hours",
        "department",
        "stations",
        "communities",
        "target_list",
        "about",
    }
)
ORDER_EDIT_FIELDS = ORDER_FIELDS - {"kind", "target_list"}


def _clean_order(order: Order, fields: dict, *, creating: bool) -> dict:
    """Check and apply the fields; returns the scope (stations, communities) to set."""
    errors = {}
    if "kind" in fields:
        order.kind = fields["kind"] or OrderKind.DISPATCH
    if order.kind == OrderKind.URGING:
        errors["kind"] = _("Urging orders are raised on an overdue order (its “urge” action), not drafted.")
    elif order.kind not in OrderKind.values:
        errors["kind"] = _("Choose the kind of order.")
    for name in ("title", "standard", "about"):
        if name in fields or creating:
            setattr(order, name, (fields.get(name) or "").strip())
    if not order.title:
        errors["title"] = _("Give the order a title.")
    if not order.standard:
        errors["standard"] = _("Say what to do and to what standard (the standard of done).")
    for name, choices in (("evidence", Evidence), ("priority", Priority), ("department", Department)):
        if fields.get(name):
            if fields[name] not in choices.values:
                errors[name] = _("Not one of the choices.")
            else:
                setattr(order, name, fields[name])
    hours = fields.get("deadline_hours")
    if hours is not None:
        if order.kind != OrderKind.WARNING:
            errors["deadline_hours"] = _("Only a warning order has a deadline in hours.")
        elif not isinstance(hours, int) or hours < 1 or hours > 24 * 7:
            errors["deadline_hours"] = _("Between 1 and 168 hours.")
        else:
            order.deadline = now() + timedelta(hours=hours)
    elif fields.get("deadline") is not None:
        order.deadline = fields["deadline"]
    if order.deadline is None:
        if order.kind == OrderKind.WARNING:
            errors["deadline_hours"] = _("A warning order needs its deadline in hours.")
        else:
            errors["deadline"] = _("Set a deadline.")
    elif order.deadline <= now():
        errors["deadline" if hours is None else "deadline_hours"] = _("The deadline is in the past.")
    if order.kind == OrderKind.COOPERATION and not order.about:
        errors["about"] = _("Say which record the station is asked to help with.")

    stations = fields.get("stations")
    communities = fields.get("communities")
    if stations is not None and any(s.bureau_id != order.bureau_id for s in stations):
        errors["stations"] = _("Every station must belong to the order's bureau.")
    if communities is not None and any(c.station.bureau_id != order.bureau_id for c in communities):
        errors["communities"] = _("Every community must belong to one of the bureau's stations.")
    target_list = fields.get("target_list") if creating else order.target_list
    if target_list is not None and target_list.bureau_id != order.bureau_id:
        errors["target_list"] = _("The target list belongs to another bureau.")
    if creating and target_list is None and not stations and not communities:
        errors["stations"] = _("Address the order: choose stations, communities or a target list.")
    if not creating and target_list is None:
        kept_stations = stations if "stations" in fields else list(order.stations.all())
        kept_communities = communities if "communities" in fields else list(order.communities.all())
        if not kept_stations and not kept_communities:
            errors["stations"] = _("Address the order: choose stations, communities or a target list.")
    if order.kind == OrderKind.COOPERATION and target_list is None and stations is not None and len(stations) != 1:
        errors["stations"] = _("A cooperation order asks one station.")
    if errors:
        raise ValidationError(errors)
    return {"stations": stations, "communities": communities}


def order_create(*, by, bureau, **fields) -> Order:
    """Draft an order (派发单, 预警单 or 协作单) addressed to stations, communities or a target list."""
    check_fields(fields, ORDER_FIELDS)
    if bureau is None:
        raise ValidationError({"__all__": NO_BUREAU})
    order = Order(bureau=bureau, issued_by=by, deadline=None)
    if user_station_id(by) is not None:
        order.department = Department.STATION
    scope = _clean_order(order, fields, creating=True)
    target_list = fields.get("target_list")
    targets = []
    if target_list is not None:
        order.target_list = target_list
        targets = [t.item_fields() for t in targets_of(target_list)]
        if not targets:
            raise ValidationError({"target_list": _("The list finds nothing today: there is nobody to reach.")})
        order.targets = targets
    order.full_clean(exclude=["number", "deadline"])
    with transaction.atomic():
        order._history_user = by
        order.save()
        order.number = _number(order)
        order.save(update_fields=["number"])
        if targets:
            order.stations.set(sorted({t["station_id"] for t in targets}))
        elif scope["stations"]:
            order.stations.set(scope["stations"])
        if scope["communities"]:
            order.communities.set(scope["communities"])
        _event(order, OrderAction.CREATED, by)
    return order


def order_update(*, order: Order, by, expected_version: int, **fields) -> Order:
    """Edit a draft, or an order returned to its issuer."""
    check_fields(fields, ORDER_EDIT_FIELDS)
    _require(order, (OrderStatus.DRAFT, OrderStatus.RETURNED), _("edited"))
    if order.issued_by_id != by.pk:
        raise PermissionDenied(_("Only the issuer edits an order."))
    scope = _clean_order(order, fields, creating=False)
    order.full_clean(exclude=["number"])
    with transaction.atomic():
        order._history_user = by
        save_versioned(order, expected_version=expected_version)
        if order.target_list_id is None:
            if scope["stations"] is not None:
                order.stations.set(scope["stations"])
            if scope["communities"] is not None:
                order.communities.set(scope["communities"])
        _event(order, OrderAction.EDITED, by)
    return order


def order_submit(*, order: Order, by) -> Order:
    """The issuer sends the order to the centre for admission; a cooperation order goes straight to the
    station it asks."""
    _require(order, (OrderStatus.DRAFT, OrderStatus.RETURNED), _("sent for admission"))
    if order.issued_by_id != by.pk:
        raise PermissionDenied(_("Only the issuer sends an order."))
    if order.deadline <= now():
        raise ValidationError({"deadline": _("The deadline is in the past.")})
    with transaction.atomic():
        order.status = OrderStatus.PENDING
        order.submitted_at = now()
        order.return_reason = ""
        _save(order, by=by, fields=["status", "submitted_at", "return_reason"])
        _event(order, OrderAction.SUBMITTED, by)
        if order.kind == OrderKind.COOPERATION:
            _admit(order, by=None)
    return order


def _plan(order: Order) -> dict[int, list[dict]]:
    """{station id: [item fields]}: what the order's scope dispatches to each station."""
    plan: dict[int, list[dict]] = {}
    if order.targets:
        for target in order.targets:
            plan.setdefault(target["station_id"], []).append(target)
        return plan
    for community in order.communities.select_related("station"):
        plan.setdefault(community.station_id, []).append(
            {"station_id": community.station_id, "label": community.name, "community_id": community.pk}
        )
    for station_id in order.stations.values_list("pk", flat=True):
        plan.setdefault(station_id, [])
    return plan


def _target_key(fields: dict) -> tuple:
    return tuple(
        fields.get(k) for k in ("label", "community_id", "resident_id", "household_id", "place_id", "hazard_id")
    )


def _dispatch(order: Order, *, by, only: set[int] | None = None) -> list[StationTask]:
    """Create each station's part (and the items its targets make) that does not exist yet."""
    at = now()
    sign_due = min(at + timedelta(hours=conf("SIGN_HOURS")), order.deadline)
    made = []
    existing = {p.station_id: p for p in StationTask.objects.filter(order=order)}
    for station_id, items in sorted(_plan(order).items()):
        if only is not None and station_id not in only:
            continue
        part = existing.get(station_id)
        if part is None:
            part = StationTask.objects.create(order=order, station_id=station_id, received_at=at, sign_due=sign_due)
            made.append(part)
        have = {_target_key(f) for f in part.items.values(*TARGET_FIELDS)}
        TaskItem.objects.bulk_create(
            [TaskItem(part=part, **fields) for fields in items if _target_key(fields) not in have]
        )
    return made


TARGET_FIELDS = ("label", "community_id", "resident_id", "household_id", "place_id", "hazard_id")


def _admit(order: Order, *, by, only: set[int] | None = None, note: str = "") -> list[StationTask]:
    parts = _dispatch(order, by=by, only=only)
    if not StationTask.objects.filter(order=order).exists():
        raise ValidationError({"stations": _("Nothing is left to dispatch: keep at least one station.")})
    order.status = OrderStatus.ADMITTED
    order.admitted_at = now()
    order.admitted_by = by
    _save(order, by=by, fields=["status", "admitted_at", "admitted_by"])
    _event(order, OrderAction.ADMITTED, by, note=note)
    return parts


def order_admit(*, order: Order, by, stations=None, note: str = "") -> Order:
    """The centre admits (归口准入) and dispatches the order to its stations; `stations` cuts its scope to
    those of them (the rest are not sent, and the timeline says which)."""
    _require(order, (OrderStatus.PENDING,), _("admitted"))
    planned = set(_plan(order))
    only = None
    if stations is not None:
        only = {s.pk for s in stations}
        if not only:
            raise ValidationError({"stations": _("Nothing is left to dispatch: keep at least one station.")})
        if only - planned:
            raise ValidationError({"stations": _("Only stations the order is addressed to can be kept.")})
    with transaction.atomic():
        if only is not None and only != planned:
            cut = Station.objects.filter(pk__in=planned - only).order_by("code")
            _event(order, OrderAction.CUT, by, note="、".join(s.name for s in cut))
            order.stations.set(Station.objects.filter(pk__in=only))
            if order.targets:
                order.targets = [t for t in order.targets if t["station_id"] in only]
                order.save(update_fields=["targets"])
            order.communities.set(order.communities.filter(station_id__in=only))
        _admit(order, by=by, only=only, note=note)
    return order


def order_return(*, order: Order, by, reason: str) -> Order:
    """The centre returns the order to its issuer with the reason (overlapping, vague, not a station's job)."""
    _require(order, (OrderStatus.PENDING,), _("returned"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the order is returned.")})
    with transaction.atomic():
        order.status = OrderStatus.RETURNED
        order.return_reason = reason[:300]
        _save(order, by=by, fields=["status", "return_reason"])
        _event(order, OrderAction.RETURNED, by, note=reason)
    return order


def order_merge(*, order: Order, by, into: Order, note: str = "") -> Order:
    """The centre merges the order into a similar open one: its scope joins that order's (dispatched at once
    when that one is already in progress), and it is not sent on its own."""
    _require(order, (OrderStatus.PENDING,), _("merged"))
    if into is None or into.pk == order.pk:
        raise ValidationError({"into": _("Choose another open order to merge into.")})
    if into.bureau_id != order.bureau_id or into.status not in (OrderStatus.PENDING, OrderStatus.ADMITTED):
        raise ValidationError({"into": _("Orders merge only into an open order of the same bureau.")})
    if into.kind != order.kind:
        raise ValidationError({"into": _("Orders merge only into an order of the same kind.")})
    with transaction.atomic():
        into.stations.add(*order.stations.all())
        into.communities.add(*order.communities.all())
        if order.targets:
            have = {_target_key(t) for t in into.targets}
            into.targets = into.targets + [t for t in order.targets if _target_key(t) not in have]
        into.deadline = min(into.deadline, order.deadline)
        _save(into, by=by, fields=["targets", "deadline"])
        if into.status == OrderStatus.ADMITTED:
            _dispatch(into, by=by)
        order.status = OrderStatus.MERGED
        order.merged_into = into
        _save(order, by=by, fields=["status", "merged_into"])
        _event(order, OrderAction.MERGED, by, note=note or str(into))
        _event(into, OrderAction.MERGED_IN, by, note=str(order))
    return order


# --- The station: sign, split, assign, submit ----------------------------------------------------


def _post_check(part: StationTask, by) -> None:
    if not _at_station(by, part.station_id):
        raise PermissionDenied(_("Only the station's own staff act on its part of an order."))


def unsigned_reminder_key(part: StationTask) -> str:
    return f"control:part:{part.pk}:unsigned"


def urging_reminder_key(part: StationTask) -> str:
    return f"control:part:{part.pk}:urging"


def part_sign(*, part: StationTask, by) -> StationTask:
    """The station's control post signs for its part (签收)."""
    _post_check(part, by)
    _require(part, (PartStatus.TO_SIGN,), _("signed for"))
    with transaction.atomic():
        part.status = PartStatus.SIGNED
        part.signed_at = now()
        part.signed_by = by
        _save(part, by=by, fields=["status", "signed_at", "signed_by"])
        _event(part.order, OrderAction.SIGNED, by, part=part)
        reminder_done(key=unsigned_reminder_key(part))
    return part


WORKING = (PartStatus.SIGNED, PartStatus.ASSIGNED, PartStatus.RETURNED)


def part_split(*, part: StationTask, by, items: list[dict] | None = None, by_community: bool = False) -> list[TaskItem]:
    """Split the part into items: one per community of the station (`by_community`), or as given
    (dicts of `label` and `community`)."""
    _post_check(part, by)
    _require(part, WORKING, _("split into items"))
    made = []
    if by_community:
        have = set(part.items.exclude(community=None).values_list("community_id", flat=True))
        for community in part.station.communities.exclude(pk__in=have).order_by("name"):
            made.append(TaskItem(part=part, station=part.station, label=community.name, community=community))
    for index, fields in enumerate(items or []):
        label = (fields.get("label") or "").strip()
        community = fields.get("community")
        if not label:
            raise ValidationError({"items": _("Item %(n)d: say what it is.") % {"n": index + 1}})
        if community is not None and community.station_id != part.station_id:
            raise ValidationError(
                {"items": _("Item %(n)d: the community belongs to another station.") % {"n": index + 1}}
            )
        made.append(TaskItem(part=part, station=part.station, label=label[:200], community=community))
    if not made:
        raise ValidationError({"items": _("Nothing to add: every community already has its item.")})
    with transaction.atomic():
        TaskItem.objects.bulk_create(made)
        _save(part, by=by, fields=[])
        _event(part.order, OrderAction.SPLIT, by, part=part, note=str(len(made)))
    return made


def community_officers(station_id: int) -> dict[int, object]:
    """{community id: the officer who serves it}: the community squad's first active police officer."""
    officers = {}
    rows = (
        StaffProfile.objects.filter(station_id=station_id, unit=Unit.COMMUNITY_SQUAD, user__is_active=True)
        .exclude(kind="mediator")
        .select_related("user")
        .prefetch_related("communities")
        .order_by("user_id")
    )
    for profile in rows:
        for community in profile.communities.all():
            officers.setdefault(community.pk, profile.user)
    return officers


def part_assign(*, part: StationTask, by, assignments: dict | None = None) -> StationTask:
    """Assign the open items: as given ({item id: officer}), the rest automatically to the officer of the
    item's community. An item left with nobody is refused with its name."""
    _post_check(part, by)
    _require(part, WORKING, _("assigned"))
    assignments = assignments or {}
    items = list(part.items.filter(status__in=(ItemStatus.OPEN, ItemStatus.RETURNED)).select_related("community"))
    by_id = {item.pk: item for item in items}
    unknown = [pk for pk in assignments if pk not in by_id]
    if unknown:
        raise ValidationError({"assignments": _("Not an open item of this part: %s") % ", ".join(map(str, unknown))})
    for officer in assignments.values():
        profile = getattr(officer, "staff_profile", None)
        if profile is None or profile.station_id != part.station_id or not officer.is_active:
            raise ValidationError({"assignments": _("Items are assigned to the station's own active staff.")})
    if not TaskItem.objects.filter(part=part).exists() and part.order.kind not in (
        OrderKind.URGING,
        OrderKind.COOPERATION,
    ):
        raise ValidationError({"items": _("Split the part into items first.")})
    officers = community_officers(part.station_id)
    at = now()
    missing = []
    changed = []
    for item in items:
        officer = assignments.get(item.pk)
        if officer is None and item.assignee_id is None:
            officer = officers.get(item.community_id)
        if officer is None and item.assignee_id is None:
            missing.append(item.label)
            continue
        if officer is not None and officer.pk != item.assignee_id:
            item.assignee, item.assigned_at = officer, at
            changed.append(item)
    if missing:
        raise ValidationError(
            {
                "assignments": _("Nobody serves the community of these items: choose an officer for each: %s")
                % "、".join(missing[:20])
            }
        )
    with transaction.atomic():
        for item in changed:
            item.version += 1
        TaskItem.objects.bulk_update(changed, ["assignee", "assigned_at", "version"])
        if part.status == PartStatus.SIGNED:
            part.status = PartStatus.ASSIGNED
        _save(part, by=by, fields=["status"])
        _event(part.order, OrderAction.ASSIGNED, by, part=part, note=str(len(changed)))
    return part


def _sample(part: StationTask, items: list[TaskItem]) -> set[int]:
    """The items the centre verifies: all of a short list; of a long one, CONTROL_SAMPLE_PERCENT per cent,
    drawn anew at each submission (seeded by the part and the submission, so it can be retold)."""
    if len(items) < conf("SAMPLE_FROM_ITEMS"):
        return set()
    size = max(1, math.ceil(len(items) * conf("SAMPLE_PERCENT") / 100))
    rng = random.Random(f"{part.pk}:{part.times_returned}")
    return {item.pk for item in rng.sample(sorted(items, key=lambda i: i.pk), size)}


def part_submit(*, part: StationTask, by, answer: str = "") -> StationTask:
    """The post submits the part back to the centre once every item is done (a cooperation order: the
    answer to the asker)."""
    _post_check(part, by)
    kind = part.order.kind
    allowed = (PartStatus.ASSIGNED, PartStatus.RETURNED)
    if kind in (OrderKind.URGING, OrderKind.COOPERATION):
        allowed = (PartStatus.SIGNED, *allowed)
    _require(part, allowed, _("submitted"))
    answer = (answer or "").strip()
    if kind in (OrderKind.URGING, OrderKind.COOPERATION) and not answer:
        raise ValidationError({"answer": _("Write the answer the station reports back.")})
    items = list(TaskItem.objects.filter(part=part))
    open_items = [i for i in items if i.status != ItemStatus.DONE]
    if open_items:
        raise ValidationError(
            {
                "items": _("%(n)d items are not done yet, e.g. %(label)s.")
                % {"n": len(open_items), "label": open_items[0].label}
            }
        )
    sample = _sample(part, items)
    with transaction.atomic():
        TaskItem.objects.filter(part=part).update(sampled=False)
        if sample:
            TaskItem.objects.filter(pk__in=sample).update(sampled=True)
        part.status = PartStatus.SUBMITTED
        part.submitted_at = now()
        part.answer = answer
        _save(part, by=by, fields=["status", "submitted_at", "answer"])
        _event(part.order, OrderAction.PART_SUBMITTED, by, part=part, note=answer)
    return part


# --- The officer's item --------------------------------------------------------------------------

EVIDENCE_FIELDS = ("evidence_activity", "evidence_hazard", "evidence_incident")
ITEM_COMPLETE_FIELDS = frozenset({"result", "note", *EVIDENCE_FIELDS})


def _check_evidence(item: TaskItem, evidence: Evidence, given: dict) -> dict:
    errors = {}
    for name, record in given.items():
        if record is not None and record.station_id != item.station_id:
            errors[name] = _("The evidence must be a record of your own station.")
    activity, hazard = given.get("evidence_activity"), given.get("evidence_hazard")
    if evidence in (Evidence.VISIT, Evidence.INSPECTION) and activity is not None:
        wanted = ActivityKind.HOUSEHOLD_VISIT if evidence == Evidence.VISIT else ActivityKind.PLACE_INSPECTION
        if activity.kind != wanted:
            errors["evidence_activity"] = _("This order asks for a %(kind)s as evidence.") % {
                "kind": ActivityKind(wanted).label
            }
    if evidence == Evidence.HAZARD and hazard is not None and hazard.status != HazardStatus.RECTIFIED:
        errors["evidence_hazard"] = _("The hazard is not rectified yet.")
    return errors


def _evidence_given(evidence: Evidence, given: dict) -> bool:
    name = {
        Evidence.VISIT: "evidence_activity",
        Evidence.INSPECTION: "evidence_activity",
        Evidence.HAZARD: "evidence_hazard",
        Evidence.INCIDENT: "evidence_incident",
    }.get(evidence)
    return name is None or given.get(name) is not None


def item_complete(*, item: TaskItem, by, **fields) -> TaskItem:
    """The officer the item is assigned to completes it: a result, a note, and the evidence (a record of
    their own station: the visit, inspection, hazard or incident they logged anyway)."""
    check_fields(fields, ITEM_COMPLETE_FIELDS)
    part = item.part
    _require(part, (PartStatus.ASSIGNED, PartStatus.RETURNED), _("worked on"))
    _require(item, (ItemStatus.OPEN, ItemStatus.RETURNED), _("completed"))
    if item.assignee_id != by.pk:
        raise ValidationError({"__all__": _("This item is assigned to someone else: only they complete it.")})
    result = fields.get("result") or ""
    if result not in ItemResult.values:
        raise ValidationError({"result": _("Choose the result.")})
    note = (fields.get("note") or "").strip()
    given = {name: fields.get(name) for name in EVIDENCE_FIELDS}
    evidence = part.order.evidence
    errors = _check_evidence(item, evidence, given)
    if result == ItemResult.DONE and not _evidence_given(evidence, given):
        field = (
            "evidence_hazard"
            if evidence == Evidence.HAZARD
            else ("evidence_incident" if evidence == Evidence.INCIDENT else "evidence_activity")
        )
        errors.setdefault(field, _("Link the evidence: %(kind)s.") % {"kind": Evidence(evidence).label})
    if result != ItemResult.DONE and not note:
        errors["note"] = _("Say why it could not be done.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item.status = ItemStatus.DONE
        item.result = result
        item.note = note[:300]
        for name, record in given.items():
            setattr(item, name, record)
        item.completed_at = now()
        item.completed_by = by
        item.auto_closed = False
        _save(
            item,
            by=by,
            fields=["status", "result", "note", *EVIDENCE_FIELDS, "completed_at", "completed_by", "auto_closed"],
        )
    return item


#: Parts whose items an evidence record can still close.
CLOSABLE_PARTS = (PartStatus.TO_SIGN, *WORKING)


def items_close_by_activity(activity) -> int:
    """Close the open items a work-log entry is the evidence of: a visit to a listed resident, household
    or address, an inspection of a listed place; logged after the order reached the station."""
    if activity.kind == ActivityKind.HOUSEHOLD_VISIT:
        evidence = Evidence.VISIT
        match = Q(pk__in=[])
        if activity.resident_id:
            match |= Q(resident_id=activity.resident_id)
        if activity.household_id:
            match |= Q(household_id=activity.household_id)
            address_id = activity.household.address_id
            if address_id:
                match |= Q(address_id=address_id, household=None)
    elif activity.kind == ActivityKind.PLACE_INSPECTION and activity.place_id:
        evidence, match = Evidence.INSPECTION, Q(place_id=activity.place_id)
    else:
        return 0
    items = TaskItem.objects.filter(
        match,
        station_id=activity.station_id,
        status__in=(ItemStatus.OPEN, ItemStatus.RETURNED),
        part__status__in=CLOSABLE_PARTS,
        part__order__evidence=evidence,
        part__received_at__lte=activity.occurred_at,
    )
    return _close(items, by=activity.officer, evidence_activity=activity)


def items_close_by_hazard(hazard) -> int:
    """Close the open items of a hazard past its deadline once it is rectified."""
    if hazard.status != HazardStatus.RECTIFIED:
        return 0
    items = TaskItem.objects.filter(
        hazard_id=hazard.pk,
        status__in=(ItemStatus.OPEN, ItemStatus.RETURNED),
        part__status__in=CLOSABLE_PARTS,
        part__order__evidence=Evidence.HAZARD,
    )
    return _close(items, by=None, evidence_hazard=hazard)


def _close(items, *, by, **evidence) -> int:
    closed = 0
    at = now()
    with transaction.atomic():
        for item in items.select_for_update(of=("self",)):
            item.status = ItemStatus.DONE
            item.result = ItemResult.DONE
            item.auto_closed = True
            item.completed_at = at
            item.completed_by = by if by is not None else item.assignee
            for name, record in evidence.items():
                setattr(item, name, record)
            with _site_language():
                item.note = _("Closed by the evidence recorded: %(record)s") % {"record": next(iter(evidence.values()))}
            item.note = item.note[:300]
            _save(
                item,
                by=by,
                fields=["status", "result", "auto_closed", "completed_at", "completed_by", "note", *evidence],
            )
            closed += 1
    return closed


# --- The centre verifies --------------------------------------------------------------------------


def part_verify(*, part: StationTask, by, returned_items=(), note: str = "") -> StationTask:
    """The centre verifies (核查) what a station submitted: accepts it, or returns items with a note. The
    issuer of a dispatch or warning order does not verify it; the asker accepts a cooperation answer."""
    order = part.order
    _require(part, (PartStatus.SUBMITTED,), _("verified"))
    if order.kind == OrderKind.COOPERATION:
        if order.issued_by_id != by.pk and not by.has_perm("control.verify_order"):
            raise PermissionDenied(_("The asker accepts the answer to a cooperation order."))
    else:
        if not by.has_perm("control.verify_order"):
            raise PermissionDenied(_("The control centre verifies."))
        if order.kind in (OrderKind.DISPATCH, OrderKind.WARNING) and order.issued_by_id == by.pk:
            raise ValidationError({"__all__": _("You issued this order: someone else at the centre verifies it.")})
    returned_items = list(returned_items)
    if any(item.part_id != part.pk for item in returned_items):
        raise ValidationError({"returned_items": _("Only items of this station's part can be returned.")})
    note = (note or "").strip()
    if returned_items and not note:
        raise ValidationError({"note": _("Say what is wrong with the items returned.")})
    with transaction.atomic():
        if returned_items:
            for item in returned_items:
                item.status = ItemStatus.RETURNED
                item.verify_note = note[:300]
                _save(item, by=by, fields=["status", "verify_note"])
            part.status = PartStatus.RETURNED
            part.times_returned += 1
            part.verify_note = note[:300]
            _save(part, by=by, fields=["status", "times_returned", "verify_note"])
            _event(
                order,
                OrderAction.VERIFY_RETURNED,
                by,
                part=part,
                note=f"{note} ({'、'.join(i.label for i in returned_items[:10])})",
            )
            return part
        part.status = PartStatus.VERIFIED
        part.verified_at = now()
        part.verified_by = by
        part.verify_note = note[:300]
        _save(part, by=by, fields=["status", "verified_at", "verified_by", "verify_note"])
        _event(order, OrderAction.VERIFIED, by, part=part, note=note)
        reminder_done(key=urging_reminder_key(part))
        if not StationTask.objects.filter(order=order).exclude(status=PartStatus.VERIFIED).exists():
            order.status = OrderStatus.CLOSED
            order.closed_at = now()
            _save(order, by=by, fields=["status", "closed_at"])
            _event(order, OrderAction.CLOSED, by)
    return part


# --- Overdue: urging orders and reminders -----------------------------------------------------------

OPEN_PARTS = (PartStatus.TO_SIGN, *WORKING)


def overdue_parts(*, at=None):
    """Parts of orders in progress past their deadline (or not signed for in time), not yet submitted."""
    at = at or now()
    return StationTask.objects.filter(
        Q(order__deadline__lt=at) | Q(status=PartStatus.TO_SIGN, sign_due__lt=at),
        status__in=OPEN_PARTS,
        order__status=OrderStatus.ADMITTED,
    ).exclude(order__kind=OrderKind.URGING)


def _urged_stations(order: Order) -> set[int]:
    """Stations with an urging of this order still open."""
    return set(
        StationTask.objects.filter(order__parent=order, order__kind=OrderKind.URGING)
        .exclude(status=PartStatus.VERIFIED)
        .values_list("station_id", flat=True)
    )


def order_urge(*, order: Order, by, stations=None, note: str = "", at=None) -> Order:
    """Raise an urging order (督办单) on an overdue order, to the stations where it is overdue (or those of
    them named), into each station supervisor's queue. `by` None: raised automatically."""
    at = at or now()
    _require(order, (OrderStatus.ADMITTED,), _("urged"))
    if order.kind == OrderKind.URGING:
        raise OutOfOrder(_("An urging order is not urged again: urge the order it is about."))
    overdue = overdue_parts(at=at).filter(order=order).select_related("station")
    if stations is not None:
        overdue = overdue.filter(station__in=stations)
    already = _urged_stations(order)
    parts = [p for p in overdue if p.station_id not in already]
    if not parts:
        raise OutOfOrder(_("Nothing of this order is overdue and not yet urged at these stations."))
    with _site_language():
        title = _("Urging: %(title)s") % {"title": order.title}
        standard = _(
            "Order %(number)s is overdue at your station. Report to the control centre why, and by when it "
            "will be done; then finish it."
        ) % {"number": order.number}
        if note:
            standard = f"{standard}\n{note}"
    with transaction.atomic():
        urging = Order.objects.create(
            bureau_id=order.bureau_id,
            kind=OrderKind.URGING,
            title=title[:200],
            standard=standard,
            evidence=Evidence.NONE,
            priority=Priority.URGENT,
            deadline=at + timedelta(hours=conf("URGING_HOURS")),
            department=Department.CONTROL_CENTRE,
            status=OrderStatus.ADMITTED,
            parent=order,
            issued_by=by,
            created_at=at,
            submitted_at=at,
            admitted_at=at,
            admitted_by=by,
        )
        urging.number = _number(urging)
        urging.save(update_fields=["number"])
        urging.stations.set([p.station_id for p in parts])
        for part in parts:
            mine = StationTask.objects.create(
                order=urging, station_id=part.station_id, received_at=at, sign_due=urging.deadline
            )
            reminder_upsert(
                key=urging_reminder_key(mine),
                station_id=part.station_id,
                kind=ReminderKind.TASK,
                title=title[:200],
                url=mine.get_absolute_url(),
                due_date=timezone.localdate(urging.deadline),
                priority=5,
            )
            _event(order, OrderAction.URGED, by, part=part, note=note or urging.number)
        _event(urging, OrderAction.ADMITTED, by)
    return urging


def urge_overdue(*, at=None) -> int:
    """The beat job: every order overdue somewhere and not urged there yet gets its urging order."""
    at = at or now()
    made = 0
    order_ids = overdue_parts(at=at).values_list("order_id", flat=True).distinct()
    for order in Order.objects.filter(pk__in=list(order_ids)).order_by("pk"):
        try:
            order_urge(order=order, by=None, at=at)
        except OutOfOrder:
            continue
        made += 1
    return made


def remind_unsigned(*, at=None) -> int:
    """Parts not signed for by their time: a reminder in the station supervisors' queue (idempotent)."""
    at = at or now()
    made = 0
    parts = StationTask.objects.filter(status=PartStatus.TO_SIGN, sign_due__lt=at, order__status=OrderStatus.ADMITTED)
    for part in parts.select_related("order"):
        with _site_language():
            title = _("Not signed for in time: %(order)s") % {"order": part.order}
        _reminder, created = reminder_upsert(
            key=unsigned_reminder_key(part),
            station_id=part.station_id,
            kind=ReminderKind.TASK,
            title=title[:200],
            url=part.get_absolute_url(),
            due_date=timezone.localdate(part.sign_due),
            priority=10,
        )
        made += created
    return made


# --- Target lists ----------------------------------------------------------------------------------

TARGET_LIST_FIELDS = frozenset({"name", "rule", "days", "tag", "min_incidents", "station"})


def _clean_list(target_list: TargetList) -> None:
    errors = {}
    target_list.name = (target_list.name or "").strip()
    if not target_list.name:
        errors["name"] = _("Name the list.")
    if target_list.rule not in TargetRule.values:
        errors["rule"] = _("Choose the rule.")
    if target_list.rule == TargetRule.TAGGED_NOT_VISITED and not (target_list.tag or "").strip():
        errors["tag"] = _("Which tag (e.g. 独居老人)?")
    if target_list.station_id and target_list.station.bureau_id != target_list.bureau_id:
        errors["station"] = _("The station belongs to another bureau.")
    if errors:
        raise ValidationError(errors)
    target_list.full_clean()


def target_list_create(*, by, bureau, **fields) -> TargetList:
    check_fields(fields, TARGET_LIST_FIELDS)
    if bureau is None:
        raise ValidationError({"__all__": NO_BUREAU})
    target_list = TargetList(bureau=bureau, created_by=by, **{k: v for k, v in fields.items() if v is not None})
    _clean_list(target_list)
    target_list._history_user = by
    target_list.save()
    return target_list


def target_list_update(*, target_list: TargetList, by, expected_version: int, **fields) -> TargetList:
    check_fields(fields, TARGET_LIST_FIELDS)
    for name, value in fields.items():
        setattr(target_list, name, value)
    _clean_list(target_list)
    target_list._history_user = by
    save_versioned(target_list, expected_version=expected_version)
    return target_list


ISSUE_FIELDS = frozenset(
    {"title", "standard", "deadline", "deadline_hours", "kind", "evidence", "priority", "department"}
)


def target_list_issue(*, target_list: TargetList, by, **fields) -> Order:
    """Turn the list into an order for exactly the stations that own its targets, one item per target,
    sent to the centre for admission."""
    check_fields(fields, ISSUE_FIELDS)
    fields.setdefault("evidence", RULE_EVIDENCE.get(target_list.rule, Evidence.VISIT))
    if not fields.get("evidence"):
        fields["evidence"] = RULE_EVIDENCE.get(target_list.rule, Evidence.VISIT)
    with transaction.atomic():
        order = order_create(by=by, bureau=target_list.bureau, target_list=target_list, **fields)
        order_submit(order=order, by=by)
    return order
