"""Every write of the staffing app (README: "How a write flows")."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kit.services import check_fields
from kit.versioning import save_versioned
from staffing.choices import SeatLevel
from staffing.models import Assignment, Award, CommitteeSeat
from stations.choices import Unit
from stations.models import Bureau, person_name

ASSIGNMENT_FIELDS = frozenset({"person", "unit", "communities", "kind", "start", "end", "notes"})
SEAT_FIELDS = frozenset({"person", "level", "community", "committee", "position", "since", "until"})
AWARD_FIELDS = frozenset({"person", "kind", "unit", "title", "awarded_on"})
# A date this far ahead is a typo, not a plan.
FUTURE_LIMIT = timedelta(days=366)


def bureau_of(*, station, by) -> Bureau | None:
    """The bureau a record belongs to: its station's, else the bureau of the person writing it."""
    if station is not None:
        return station.bureau
    profile = getattr(by, "staff_profile", None)
    bureau_id = getattr(profile, "bureau_id", None)
    if bureau_id is None and profile is not None and profile.station_id is not None:
        bureau_id = profile.station.bureau_id
    if bureau_id is not None:
        return Bureau.objects.get(pk=bureau_id)
    # A city-level user or a superuser: the first bureau they see (they name a station to be precise).
    return Bureau.objects.visible_to(by).order_by("pk").first() if by is not None else None


def _split(instance, fields: dict, m2m_names=()) -> dict:
    m2m = {name: fields.pop(name) for name in m2m_names if name in fields}
    for name, value in fields.items():
        setattr(instance, name, value)
    return m2m


def _validate(instance, errors: dict) -> None:
    try:
        instance.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _save(instance, *, by, expected_version=None, m2m=None):
    instance._history_user = by
    with transaction.atomic():
        if instance._state.adding:
            instance.save()
        else:
            save_versioned(instance, expected_version=expected_version)
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
    return instance


def _check_person(instance, by, errors: dict) -> None:
    from staffing.selectors import people_for

    if instance.person_id is None:
        return
    if by is not None and not people_for(by).filter(pk=instance.person_id).exists():
        errors["person"] = _("This person is not one of the staff you may record.")


def _check_unit_and_station(instance, errors: dict) -> None:
    if not instance.unit:
        return
    if instance.unit == Unit.CITY:
        errors["unit"] = _(
            "Posts in the city bureau's offices are not recorded here; record the post they are sent to."
        )
    if instance.unit == Unit.BUREAU and instance.station_id is not None:
        errors["station"] = _("The bureau's offices belong to no station: leave the station empty.")
    if instance.unit not in (Unit.BUREAU, Unit.CITY) and instance.station_id is None:
        errors["station"] = _("A post in a station's unit needs its station.")


def _check_dates(start: date | None, end: date | None, start_name: str, end_name: str, errors: dict) -> None:
    today = timezone.localdate()
    if start is not None and start > today + FUTURE_LIMIT:
        errors[start_name] = _("This date is more than a year ahead: check the year.")
    if start is not None and end is not None and end < start:
        errors[end_name] = _("The end cannot be before the start (%(start)s).") % {"start": start.isoformat()}


# --- Assignments ---------------------------------------------------------------


def _check_assignment(assignment: Assignment, communities, by, errors: dict) -> None:
    _check_person(assignment, by, errors)
    _check_unit_and_station(assignment, errors)
    _check_dates(assignment.start, assignment.end, "start", "end", errors)
    if (
        communities
        and assignment.station_id is not None
        and any(c.station_id != assignment.station_id for c in communities)
    ):
        errors["communities"] = _("These communities must be the station's own.")
    if communities and assignment.unit != Unit.COMMUNITY_SQUAD:
        errors.setdefault("communities", _("Only the community policing squad serves communities."))
    if assignment.person_id is None or assignment.start is None or "start" in errors or "end" in errors:
        return
    # One post at a time: no other assignment of the person may share a day with this one.
    others = Assignment.objects.filter(person_id=assignment.person_id).exclude(pk=assignment.pk)
    others = others.filter(Q(end__isnull=True) | Q(end__gte=assignment.start))
    if assignment.end is not None:
        others = others.filter(start__lte=assignment.end)
    clash = others.select_related("station").order_by("start").first()
    if clash is not None:
        errors["start"] = _(
            "%(person)s already has a post over these days: %(unit)s %(where)s from %(start)s%(end)s. End that "
            "assignment first."
        ) % {
            "person": person_name(assignment.person),
            "unit": clash.get_unit_display(),
            "where": clash.station.name if clash.station else "",
            "start": clash.start.isoformat(),
            "end": _(" to %(end)s") % {"end": clash.end.isoformat()} if clash.end else "",
        }


def assignment_create(*, by, station, **fields) -> Assignment:
    check_fields(fields, ASSIGNMENT_FIELDS)
    assignment = Assignment(station=station, bureau=bureau_of(station=station, by=by), created_by=by)
    m2m = _split(assignment, {k: v for k, v in fields.items() if v is not None or k == "end"}, ("communities",))
    errors: dict = {}
    _check_assignment(assignment, m2m.get("communities") or [], by, errors)
    with transaction.atomic():
        # One person's posts are written one at a time: two overlapping posts saved at once both see none.
        get_user_model().objects.select_for_update().filter(pk=assignment.person_id).first()
        _validate(assignment, errors)
        return _save(assignment, by=by, m2m=m2m)


def assignment_update(*, assignment: Assignment, by, expected_version: int, **fields) -> Assignment:
    check_fields(fields, ASSIGNMENT_FIELDS)
    m2m = _split(assignment, fields, ("communities",))
    communities = m2m["communities"] if "communities" in m2m else list(assignment.communities.all())
    errors: dict = {}
    _check_assignment(assignment, communities or [], by, errors)
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=assignment.person_id).first()
        _validate(assignment, errors)
        return _save(assignment, by=by, expected_version=expected_version, m2m=m2m)


def assignment_end(*, assignment: Assignment, by, end: date) -> Assignment:
    """End a post on `end` (the last day served)."""
    if assignment.end is not None:
        raise ValidationError({"end": _("This assignment has already ended (%(end)s).") % {"end": assignment.end}})
    return assignment_update(assignment=assignment, by=by, expected_version=assignment.version, end=end)


# --- Committee seats -------------------------------------------------------------


def _check_seat(seat: CommitteeSeat, by, errors: dict) -> None:
    _check_person(seat, by, errors)
    _check_dates(seat.since, seat.until, "since", "until", errors)
    if seat.level == SeatLevel.COMMUNITY and seat.community_id is None:
        errors["community"] = _("Say which community's or village's committee.")
    if seat.community_id is not None and seat.station_id is not None and seat.community.station_id != seat.station_id:
        errors["community"] = _("This community belongs to another station.")
    if seat.station_id is None:
        errors.setdefault("station", _("A committee seat is held for a station: choose it."))


def seat_create(*, by, station, **fields) -> CommitteeSeat:
    check_fields(fields, SEAT_FIELDS)
    seat = CommitteeSeat(station=station, bureau=bureau_of(station=station, by=by))
    _split(seat, {k: v for k, v in fields.items() if v is not None or k == "until"})
    errors: dict = {}
    _check_seat(seat, by, errors)
    _validate(seat, errors)
    return _save(seat, by=by)


def seat_update(*, seat: CommitteeSeat, by, expected_version: int, **fields) -> CommitteeSeat:
    check_fields(fields, SEAT_FIELDS)
    _split(seat, fields)
    errors: dict = {}
    _check_seat(seat, by, errors)
    _validate(seat, errors)
    return _save(seat, by=by, expected_version=expected_version)


# --- Awards and promotions -------------------------------------------------------


def _check_award(award: Award, by, errors: dict) -> None:
    _check_person(award, by, errors)
    _check_unit_and_station(award, errors)
    if award.awarded_on is not None and award.awarded_on > timezone.localdate():
        errors["awarded_on"] = _("An award cannot be given in the future.")


def award_create(*, by, station, **fields) -> Award:
    check_fields(fields, AWARD_FIELDS)
    award = Award(station=station, bureau=bureau_of(station=station, by=by))
    _split(award, {k: v for k, v in fields.items() if v is not None})
    errors: dict = {}
    _check_award(award, by, errors)
    _validate(award, errors)
    return _save(award, by=by)


def award_update(*, award: Award, by, expected_version: int, **fields) -> Award:
    check_fields(fields, AWARD_FIELDS)
    _split(award, fields)
    errors: dict = {}
    _check_award(award, by, errors)
    _validate(award, errors)
    return _save(award, by=by, expected_version=expected_version)
