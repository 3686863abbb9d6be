"""Helpers every app's services share (see "How a write flows" in the README)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def check_fields(fields: dict, allowed: Iterable[str]) -> None:
    """Refuse, with a field error each, any keyword a service does not save: nothing is ignored silently."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})
