"""What every community service shares: assigning the fields, validating (the service's own errors
plus the model's), saving at the expected version."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kit.personal import normalize_phone, validate_phone
from kit.versioning import save_versioned

# An entry more than this far in the future is a typo, not a plan.
FUTURE_SLACK = timedelta(minutes=10)


def _assign(instance, fields: dict, m2m_names: tuple[str, ...] = ()) -> dict:
    """Set the plain fields on the instance; return the many-to-many ones, set after the save."""
    m2m = {name: fields.pop(name) for name in m2m_names if name in fields}
    for name, value in fields.items():
        setattr(instance, name, value)
    return m2m


def _validate(instance, errors: dict, *, validate_unique: bool = True) -> None:
    """The service's own errors plus the model's (field checks, clean, constraints), by field."""
    try:
        instance.full_clean(exclude=[name for name in errors if "__" not in name], validate_unique=validate_unique)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _write(instance, *, by, expected_version: int | None = None, m2m: dict | None = None):
    """Save (a new record, or an existing one at `expected_version`) and set its many-to-many fields."""
    if by is not None:
        instance._history_user = by
    with transaction.atomic():
        if instance._state.adding:
            instance.save()
        else:
            save_versioned(instance, expected_version=expected_version)
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
    return instance


def _check_community(instance, errors: dict) -> None:
    community = getattr(instance, "community", None)
    if community is not None and instance.station_id and community.station_id != instance.station_id:
        errors["community"] = _("This community belongs to another station.")


def _check_in_community(instance, names: tuple[str, ...], errors: dict, message) -> None:
    for name in names:
        related = getattr(instance, name, None)
        if related is not None and instance.community_id and related.community_id != instance.community_id:
            errors.setdefault(name, str(message))


def _check_phone(value: str, field: str, errors: dict) -> str:
    phone = normalize_phone(value or "")
    try:
        validate_phone(phone)
    except ValidationError as exc:
        errors[field] = exc.messages
    return phone
