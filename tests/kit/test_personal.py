from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kit.personal import (
    Sex,
    build_id_number,
    clean_optional_id_number,
    mask_id_number,
    mask_phone,
    parse_id_number,
    validate_phone,
)

# The specimen number printed in GB 11643-1999 itself, and one built for 武陵区.
SPECIMEN = "11010519491231002X"


def test_the_standards_specimen_number_is_valid_and_encodes_birth_date_and_sex():
    facts = parse_id_number(SPECIMEN)
    assert facts.birth_date == date(1949, 12, 31)
    assert facts.sex == Sex.FEMALE


def test_a_lower_case_x_and_spaces_are_accepted():
    assert parse_id_number(" 11010519491231002x ").birth_date == date(1949, 12, 31)


def test_a_built_number_for_wuling_district_is_valid_and_male_when_the_sequence_is_odd():
    number = build_id_number("430702", date(1990, 1, 1), 7, Sex.MALE)
    assert number.startswith("43070219900101")
    assert parse_id_number(number).sex == Sex.MALE
    assert parse_id_number(build_id_number("430702", date(1990, 1, 1), 7, Sex.FEMALE)).sex == Sex.FEMALE


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("110105194912310021", "check_digit"),  # last character mistyped
        ("11010519491231003X", "check_digit"),  # a digit mistyped
        ("11010519491331002X", "birth_date"),  # month 13
        ("11010519490230002X", "birth_date"),  # 30 February
        ("11010529991231002X", "birth_date"),  # born in the future
        ("1101051949123100", "length"),
        ("11010519491231002XX", "length"),
        ("1101051949123100AX", "characters"),
        ("", "length"),
    ],
)
def test_broken_numbers_are_refused_with_the_reason(number, code):
    with pytest.raises(ValidationError) as caught:
        parse_id_number(number)
    assert caught.value.code == code


def test_every_single_digit_typo_of_a_valid_number_is_caught():
    for position in range(17):
        for digit in "0123456789":
            if digit == SPECIMEN[position]:
                continue
            typo = SPECIMEN[:position] + digit + SPECIMEN[position + 1 :]
            with pytest.raises(ValidationError):
                parse_id_number(typo)


@pytest.mark.parametrize("phone", ["13812345678", "+86 138 1234 5678", "0736-7221110", "07367221110", ""])
def test_real_phone_numbers_pass(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["12345", "23812345678", "1381234567", "138123456789", "phone", "110"])
def test_things_that_are_not_phone_numbers_are_refused(phone):
    with pytest.raises(ValidationError):
        validate_phone(phone)


def test_masks_keep_region_and_last_four_of_an_id_number_and_hide_the_middle_of_a_phone():
    assert mask_id_number("430702199001011234") == "430702********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("") == ""
    assert mask_phone("") == ""


def test_an_optional_id_number_may_be_blank_and_is_otherwise_checked_and_upper_cased():
    assert clean_optional_id_number("") == "" and clean_optional_id_number(None) == ""
    assert clean_optional_id_number(" 11010519491231002x ") == "11010519491231002X"
    with pytest.raises(ValidationError) as exc:
        clean_optional_id_number("110105194912310021")
    assert exc.value.code == "check_digit"
