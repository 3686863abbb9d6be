"""Every write of the equipment app (README: "How a write flows"), and the footage matching."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from equipment.choices import EquipmentCategory, ItemStatus, ReturnCondition
from equipment.models import EquipmentItem, Footage, Issue
from kit.services import check_fields
from kit.versioning import save_versioned

ITEM_FIELDS = frozenset({"type", "serial", "received_on", "last_maintained_on", "battery_replaced_on", "notes"})
FOOTAGE_FIELDS = frozenset({"device", "file_id", "started_at", "ended_at"})
# A time this far ahead of the clock is a typo.
FUTURE_SLACK = timedelta(minutes=10)


def _validate(instance, errors: dict) -> None:
    try:
        instance.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _save_item(item: EquipmentItem, *, by, expected_version: int | None = None) -> EquipmentItem:
    item._history_user = by
    if item._state.adding:
        item.save()
    else:
        save_versioned(item, expected_version=expected_version if expected_version is not None else item.version)
    return item


def _check_item(item: EquipmentItem, errors: dict) -> None:
    today = timezone.localdate()
    item.serial = (item.serial or "").strip().upper()
    for name in ("received_on", "last_maintained_on", "battery_replaced_on"):
        value = getattr(item, name)
        if value is not None and value > today:
            errors[name] = _("This date is in the future.")
    for name in ("last_maintained_on", "battery_replaced_on"):
        value = getattr(item, name)
        if value is not None and item.received_on and value < item.received_on and name not in errors:
            errors[name] = _("This is before the item was received (%(day)s).") % {"day": item.received_on}


def item_create(*, by, station, **fields) -> EquipmentItem:
    check_fields(fields, ITEM_FIELDS)
    item = EquipmentItem(station=station, **{k: v for k, v in fields.items() if v is not None})
    errors: dict = {}
    _check_item(item, errors)
    _validate(item, errors)
    with transaction.atomic():
        return _save_item(item, by=by)


def item_update(*, equipmentitem: EquipmentItem, by, expected_version: int, **fields) -> EquipmentItem:
    check_fields(fields, ITEM_FIELDS)
    item = equipmentitem
    for name, value in fields.items():
        setattr(item, name, value)
    errors: dict = {}
    _check_item(item, errors)
    _validate(item, errors)
    with transaction.atomic():
        return _save_item(item, by=by, expected_version=expected_version)


def open_issue(item: EquipmentItem) -> Issue | None:
    return item.issues.filter(returned_at__isnull=True).select_related("holder").first()


def item_issue(*, item: EquipmentItem, by, holder, signature: str, issued_at=None) -> Issue:
    """Hand the item to an officer of its station, who signs for it."""
    issued_at = issued_at or timezone.now()
    errors: dict = {}
    profile = getattr(holder, "staff_profile", None) if holder is not None else None
    if holder is None:
        errors["holder"] = _("Say who receives the item.")
    elif profile is None or profile.station_id != item.station_id or not holder.is_active:
        errors["holder"] = _("The item can be issued only to an active officer of its station.")
    if not (signature or "").strip():
        errors["signature"] = _("The officer signs for the item: write the name as signed.")
    if issued_at > timezone.now() + FUTURE_SLACK:
        errors["issued_at"] = _("An item cannot be issued in the future.")
    elif timezone.localdate(issued_at) < item.received_on:
        errors["issued_at"] = _("This is before the item was received (%(day)s).") % {"day": item.received_on}
    with transaction.atomic():
        locked = EquipmentItem.objects.select_for_update().get(pk=item.pk)
        current = open_issue(locked)
        if current is not None:
            errors["item"] = _("This item is already issued to %(name)s: take it back first.") % {
                "name": current.signature
            }
        elif locked.status != ItemStatus.IN_STORE:
            errors["item"] = _("Only an item in store can be issued; this one is %(status)s.") % {
                "status": locked.get_status_display()
            }
        if errors:
            raise ValidationError(errors)
        issue = Issue(item=locked, holder=holder, issued_at=issued_at, issued_by=by, signature=signature.strip())
        issue._history_user = by
        issue.full_clean()
        issue.save()
        locked.status, locked.holder = ItemStatus.ISSUED, holder
        _save_item(locked, by=by)
    item.refresh_from_db()
    return issue


def item_return(*, item: EquipmentItem, by, returned_at=None, condition: str = ReturnCondition.GOOD) -> Issue:
    """Take the item back: in store again, or damaged or lost as it came back."""
    returned_at = returned_at or timezone.now()
    condition = condition or ReturnCondition.GOOD
    with transaction.atomic():
        locked = EquipmentItem.objects.select_for_update().get(pk=item.pk)
        issue = open_issue(locked)
        if issue is None:
            raise ValidationError({"item": _("This item is not issued to anyone.")})
        if condition not in ReturnCondition.values:
            raise ValidationError({"condition": _("Choose the condition it came back in.")})
        if returned_at < issue.issued_at:
            raise ValidationError(
                {
                    "returned_at": _("An item cannot be returned before it was issued (%(at)s).")
                    % {"at": f"{timezone.localtime(issue.issued_at):%Y-%m-%d %H:%M}"}
                }
            )
        if returned_at > timezone.now() + FUTURE_SLACK:
            raise ValidationError({"returned_at": _("An item cannot be returned in the future.")})
        issue.returned_at, issue.returned_to, issue.condition = returned_at, by, condition
        issue._history_user = by
        issue.full_clean()
        save_versioned(issue, expected_version=issue.version)
        locked.status = {
            ReturnCondition.GOOD: ItemStatus.IN_STORE,
            ReturnCondition.DAMAGED: ItemStatus.DAMAGED,
            ReturnCondition.LOST: ItemStatus.LOST,
        }[condition]
        locked.holder = None
        _save_item(locked, by=by)
    item.refresh_from_db()
    return issue


def item_set_status(*, item: EquipmentItem, by, status: str, note: str = "") -> EquipmentItem:
    """Report an item lost or damaged, send it to maintenance, or put it back in store. An issued item
    reported lost or damaged is taken back from its holder in that condition."""
    if status not in ItemStatus.values or status == ItemStatus.ISSUED:
        raise ValidationError({"status": _("Issue an item with the issue form.")})
    with transaction.atomic():
        if open_issue(item) is not None:
            if status not in (ItemStatus.LOST, ItemStatus.DAMAGED):
                raise ValidationError({"status": _("This item is issued: take it back first.")})
            item_return(item=item, by=by, condition=status)
            item.refresh_from_db()
        item.status = status
        if note:
            item.notes = note[:200]
        if status == ItemStatus.IN_STORE and item.holder_id:
            item.holder = None
        return _save_item(item, by=by)


def item_maintain(*, item: EquipmentItem, by, on: date, battery: bool = False) -> EquipmentItem:
    """Record maintenance done (and the battery replaced): the next one falls due from this day."""
    if on > timezone.localdate():
        raise ValidationError({"on": _("This date is in the future.")})
    if on < item.received_on:
        raise ValidationError({"on": _("This is before the item was received (%(day)s).") % {"day": item.received_on}})
    item.last_maintained_on = on
    if battery:
        item.battery_replaced_on = on
    if item.status == ItemStatus.MAINTENANCE:
        item.status = ItemStatus.IN_STORE
    with transaction.atomic():
        return _save_item(item, by=by)


# --- Body-camera footage -------------------------------------------------------------


def holder_at(device: EquipmentItem, moment):
    """Who held the device at `moment` (by its issues), or None."""
    issue = (
        Issue.objects.filter(item=device, issued_at__lte=moment)
        .filter(Q(returned_at__isnull=True) | Q(returned_at__gte=moment))
        .order_by("-issued_at")
        .first()
    )
    return issue.holder if issue else None


def matching_incidents(*, station_id: int, holder_id: int, started_at, ended_at):
    """Incidents the holder responded to whose arrival-to-close window overlaps the recording (an
    incident not closed yet runs to now)."""
    from cases.models import Incident

    return (
        Incident.objects.filter(station_id=station_id, responding_officer_id=holder_id, arrived_at__isnull=False)
        .filter(arrived_at__lte=ended_at)
        .filter(Q(closed_at__gte=started_at) | Q(closed_at__isnull=True))
    )


def footage_match(footage: Footage) -> int:
    """Link the footage to the incidents it matches; returns how many."""
    if footage.holder_id is None:
        footage.incidents.clear()
        return 0
    incidents = list(
        matching_incidents(
            station_id=footage.station_id,
            holder_id=footage.holder_id,
            started_at=footage.started_at,
            ended_at=footage.ended_at,
        )
    )
    footage.incidents.set(incidents)
    return len(incidents)


def footage_register(*, by, station, **fields) -> Footage:
    check_fields(fields, FOOTAGE_FIELDS)
    footage = Footage(station=station, recorded_by=by, **{k: v for k, v in fields.items() if v is not None})
    errors: dict = {}
    device = fields.get("device")
    if device is not None:
        if device.station_id != station.pk:
            errors["device"] = _("This device belongs to another station.")
        elif device.type.category != EquipmentCategory.BODY_CAMERA:
            errors["device"] = _("Footage comes from a body camera; this is %(type)s.") % {"type": device.type}
    if footage.started_at and footage.started_at > timezone.now() + FUTURE_SLACK:
        errors["started_at"] = _("A recording cannot start in the future.")
    if footage.started_at and footage.ended_at and footage.ended_at <= footage.started_at:
        errors["ended_at"] = _("A recording ends after it starts.")
    _validate(footage, errors)
    footage.holder = holder_at(device, footage.started_at)
    with transaction.atomic():
        footage.save()
        footage_match(footage)
    return footage


def footage_rematch_for_incident(incident) -> None:
    """An incident's officer or times changed: its footage links follow (signal of cases.Incident)."""
    linked = list(incident.footage.all())
    candidates = []
    if incident.responding_officer_id and incident.arrived_at:
        end = incident.closed_at or timezone.now()
        candidates = list(
            Footage.objects.filter(
                station_id=incident.station_id,
                holder_id=incident.responding_officer_id,
                started_at__lte=end,
                ended_at__gte=incident.arrived_at,
            )
        )
    for footage in set(linked) - set(candidates):
        footage.incidents.remove(incident)
    for footage in set(candidates) - set(linked):
        footage.incidents.add(incident)
