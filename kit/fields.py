"""Choice fields that refuse ids no database column can hold.

Django's and DRF's model choice fields look a typed id up directly; an id of
thirty digits then overflows the database integer and answers 500 instead of
"not a valid choice". These subclasses refuse such ids first.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django_filters import fields as filter_fields
from rest_framework import serializers

MAX_ID = 2**63 - 1


def choice_label(obj) -> str:
    """A choice's label: a person by their name, as lists show them, not by their login (staff0008)."""
    from django.contrib.auth.models import AbstractBaseUser

    from stations.models import person_name

    return person_name(obj) if isinstance(obj, AbstractBaseUser) else str(obj)


class PersonLabelMixin:
    def label_from_instance(self, obj):
        return choice_label(obj)


def _out_of_range(value) -> bool:
    text = str(value).strip()
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    return text.lstrip("-").isdecimal() and abs(int(text)) > MAX_ID


def is_record_id(value) -> bool:
    """True for text a database id column can hold: ASCII digits, in range."""
    text = str(value)
    return text.isascii() and text.isdecimal() and not _out_of_range(text)


class BoundedModelChoiceField(PersonLabelMixin, forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and _out_of_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelMultipleChoiceField(PersonLabelMixin, forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value:
            if _out_of_range(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super()._check_values(value)


class BoundedFilterModelChoiceField(PersonLabelMixin, filter_fields.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and _out_of_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def bounded_formfield(db_field, **kwargs):
    """`formfield_callback` of every ScopedModelForm."""
    if isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", BoundedModelChoiceField)
    elif isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", BoundedModelMultipleChoiceField)
    return db_field.formfield(**kwargs)


class BoundedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    def to_internal_value(self, data):
        if not isinstance(data, bool) and _out_of_range(data):
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class BoundedFilterModelMultipleChoiceField(PersonLabelMixin, filter_fields.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value:
            if _out_of_range(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super()._check_values(value)


def id_out_of_range(value) -> bool:
    """True for an id no database integer column can hold (a URL or query typed by hand)."""
    return _out_of_range(value)
