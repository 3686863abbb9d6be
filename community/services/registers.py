"""Writes of the registers (一标三实): standard addresses, households, residents, places."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from community.models import (
    Address,
    Household,
    Place,
    Resident,
)
from community.services._common import (
    _assign,
    _check_community,
    _check_in_community,
    _check_phone,
    _validate,
    _write,
)
from kit.personal import normalize_id_number, parse_id_number
from kit.services import check_fields
from stations.choices import AuditEventType
from stations.services import audit_record

# --- Identity -------------------------------------------------------------------


def resolve_identity(*, id_number: str, birth_date: date | None = None, sex: str = "") -> tuple[str, date, str]:
    """The normalised ID number with the birth date and sex it encodes; what was
    typed for them must agree with it."""
    number = normalize_id_number(id_number)
    try:
        facts = parse_id_number(number)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from None
    errors = {}
    if birth_date and birth_date != facts.birth_date:
        errors["birth_date"] = _("The date of birth %(typed)s contradicts the ID number, which says %(derived)s.") % {
            "typed": birth_date.isoformat(),
            "derived": facts.birth_date.isoformat(),
        }
    if sex and sex != facts.sex:
        errors["sex"] = _("The sex contradicts the ID number (its 17th digit).")
    if errors:
        raise ValidationError(errors)
    return number, facts.birth_date, facts.sex


# --- Registers --------------------------------------------------------------------


ADDRESS_FIELDS = frozenset({"community", "district", "street", "number", "building", "unit", "floor", "room"})


def _address_write(address: Address, *, by, expected_version=None) -> Address:
    errors: dict = {}
    _check_community(address, errors)
    _validate(address, errors)
    return _write(address, by=by, expected_version=expected_version)


def address_create(*, by, station, **fields) -> Address:
    check_fields(fields, ADDRESS_FIELDS)
    return _address_write(Address(station=station, **fields), by=by)


def address_update(*, address: Address, by, expected_version: int, **fields) -> Address:
    check_fields(fields, ADDRESS_FIELDS)
    _assign(address, fields)
    return _address_write(address, by=by, expected_version=expected_version)


def address_get_or_create(*, station, community, by, **parts) -> tuple[Address, bool]:
    """The standard address with exactly these parts in the community, made if missing."""
    parts = {key: (value or "").strip() for key, value in parts.items()}
    existing = Address.objects.filter(station=station, community=community, **parts).first()
    if existing is not None:
        return existing, False
    return address_create(by=by, station=station, community=community, **parts), True


HOUSEHOLD_FIELDS = frozenset({"community", "address", "number", "kind", "head_name", "phone", "notes"})


def _household_write(household: Household, *, by, expected_version=None) -> Household:
    errors: dict = {}
    _check_community(household, errors)
    _check_in_community(household, ("address",), errors, _("The address is not in this community."))
    household.phone = _check_phone(household.phone, "phone", errors)
    _validate(household, errors)
    return _write(household, by=by, expected_version=expected_version)


def household_create(*, by, station, **fields) -> Household:
    check_fields(fields, HOUSEHOLD_FIELDS)
    return _household_write(Household(station=station, **fields), by=by)


def household_update(*, household: Household, by, expected_version: int, **fields) -> Household:
    check_fields(fields, HOUSEHOLD_FIELDS)
    _assign(household, fields)
    return _household_write(household, by=by, expected_version=expected_version)


RESIDENT_FIELDS = frozenset({"community", "name", "id_number", "birth_date", "sex", "phone", "address", "household",
                             "tags", "anti_fraud_app", "notes"})  # fmt: skip


def _resident_write(resident: Resident, *, by, errors: dict, expected_version=None, m2m=None) -> Resident:
    """Check a resident: the ID number, the birth date and sex derived from it (what was typed must
    agree), the phone, and that no second resident has the same ID number."""
    try:
        resident.id_number, resident.birth_date, resident.sex = resolve_identity(
            id_number=resident.id_number, birth_date=resident.birth_date, sex=resident.sex
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    resident.name = (resident.name or "").strip()
    if not resident.name:
        errors["name"] = _("Give the resident's name.")
    resident.phone = _check_phone(resident.phone, "phone", errors)
    _check_community(resident, errors)
    _check_in_community(resident, ("address",), errors, _("The address is not in this community."))
    _check_in_community(resident, ("household",), errors, _("The household is not in this community."))
    if "id_number" not in errors:
        duplicate = Resident.objects.filter(id_number=resident.id_number).exclude(pk=resident.pk).first()
        if duplicate is not None:
            errors["id_number"] = (
                _("A resident with this ID number is already registered (in %(community)s).")
                % {"community": duplicate.community}
                if duplicate.station_id == resident.station_id
                else _("A resident with this ID number is already registered at another station.")
            )
    _validate(resident, errors, validate_unique=False)
    return _write(resident, by=by, expected_version=expected_version, m2m=m2m)


def resident_create(*, by, station, **fields) -> Resident:
    check_fields(fields, RESIDENT_FIELDS)
    resident = Resident(station=station, created_by=by if getattr(by, "pk", None) else None)
    m2m = _assign(resident, fields, ("tags",))
    return _resident_write(resident, by=by, errors={}, m2m=m2m)


def resident_update(*, resident: Resident, by, expected_version: int, **fields) -> Resident:
    """Change a resident; the ID number (and the birth date and sex it encodes) is stored once."""
    check_fields(fields, RESIDENT_FIELDS)
    errors: dict = {}
    if "id_number" in fields and normalize_id_number(fields["id_number"] or "") != resident.id_number:
        errors["id_number"] = _("The ID number is stored once and cannot be changed.")
        fields.pop("id_number")
    m2m = _assign(resident, fields, ("tags",))
    return _resident_write(resident, by=by, errors=errors, expected_version=expected_version, m2m=m2m)


def resident_reveal(*, resident: Resident, by, request=None) -> dict[str, str]:
    """The full ID number and phone of one resident, written to the audit log."""
    if not by.has_perm("community.reveal_resident_identity"):
        raise PermissionError("reveal_resident_identity")
    audit_record(
        event_type=AuditEventType.SENSITIVE_READ,
        user=by,
        obj=resident,
        request=request,
        detail={"fields": ["id_number", "phone"]},
    )
    return {"id_number": resident.id_number, "phone": resident.phone}


PLACE_FIELDS = frozenset({"community", "name", "kind", "address", "credit_code", "contact_name", "contact_phone",
                          "notes"})  # fmt: skip


def _place_write(place: Place, *, by, expected_version=None) -> Place:
    errors: dict = {}
    place.name = (place.name or "").strip()
    _check_community(place, errors)
    _check_in_community(place, ("address",), errors, _("The address is not in this community."))
    place.contact_phone = _check_phone(place.contact_phone, "contact_phone", errors)
    _validate(place, errors)
    return _write(place, by=by, expected_version=expected_version)


def place_create(*, by, station, **fields) -> Place:
    check_fields(fields, PLACE_FIELDS)
    return _place_write(Place(station=station, **fields), by=by)


def place_update(*, place: Place, by, expected_version: int, **fields) -> Place:
    check_fields(fields, PLACE_FIELDS)
    _assign(place, fields)
    return _place_write(place, by=by, expected_version=expected_version)
