"""Validators and masks for personal data: GB 11643 ID numbers and phone numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# GB 11643-1999: weights of the first 17 digits, and the check character for
# the weighted sum modulo 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
ID_RE = re.compile(r"^\d{17}[\dX]$")
# Mainland mobile numbers (1[3-9]x, 11 digits) and landlines with area code (0736-7221110).
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


class Sex(models.TextChoices):
    """As the ID number's 17th digit says: odd for men, even for women."""

    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


@dataclass(frozen=True)
class IdentityFacts:
    birth_date: date
    sex: str


def id_check_character(first17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def normalize_id_number(value: str) -> str:
    return (value or "").strip().replace(" ", "").upper()


def parse_id_number(value: str, *, today: date | None = None) -> IdentityFacts:
    """Check an 18-character national ID number and return the birth date and sex it encodes.

    Raises ValidationError with a message saying what is wrong (length, characters,
    birth date, check digit).
    """
    number = normalize_id_number(value)
    if len(number) != 18:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(n)d."), code="length", params={"n": len(number)}
        )
    if not ID_RE.match(number):
        raise ValidationError(_("An ID number is 17 digits followed by a digit or X."), code="characters")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("The birth date in this ID number does not exist."), code="birth_date") from None
    today = today or date.today()
    if birth.year < 1900 or birth > today:
        raise ValidationError(_("The birth date in this ID number is not plausible."), code="birth_date")
    if id_check_character(number[:17]) != number[17]:
        raise ValidationError(_("The check digit of this ID number is wrong: it was mistyped."), code="check_digit")
    sex = Sex.MALE if int(number[16]) % 2 == 1 else Sex.FEMALE
    return IdentityFacts(birth_date=birth, sex=sex)


def validate_id_number(value: str) -> None:
    parse_id_number(value)


def clean_optional_id_number(value: str) -> str:
    """The normalised ID number, or "" if none was given; raises ValidationError if a given one is wrong."""
    number = normalize_id_number(value)
    if number:
        validate_id_number(number)
    return number


def normalize_phone(value: str) -> str:
    phone = re.sub(r"[\s()（）]", "", value or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    return phone


def validate_phone(value: str) -> None:
    phone = normalize_phone(value)
    if phone and not (MOBILE_RE.match(phone) or LANDLINE_RE.match(phone)):
        raise ValidationError(
            _("Not a phone number: give an 11-digit mobile number or a landline with area code."), code="phone"
        )


def mask_id_number(value: str) -> str:
    """430702199001011234 -> 430702********1234 (region kept, birth date hidden)."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """13812345678 -> 138****5678."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def build_id_number(region: str, birth_date: date, sequence: int, sex: str) -> str:
    """A well-formed ID number (for demo data and tests): region, birth date, a
    3-digit sequence whose last digit is odd for men and even for women, check character."""
    sequence = sequence % 500 * 2 + (1 if sex == Sex.MALE else 0)
    first17 = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + id_check_character(first17)


def sees_personal_data(user) -> bool:
    """Police and bureau staff may see personal data in full where a page or a reveal shows it;
    civilian staff (mediators) work with names and masked numbers."""
    from stations.scoping import is_bureau_level, staff_profile

    if is_bureau_level(user):
        return True
    profile = staff_profile(user)
    return profile is not None and profile.is_police
