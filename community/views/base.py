"""Helpers shared by the community pages."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from stations.models import person_name
from stations.scoping import is_bureau_level


def display(obj, name: str):
    field = obj._meta.get_field(name)
    if field.choices:
        return getattr(obj, f"get_{name}_display")()
    value = getattr(obj, name)
    if field.is_relation and field.related_model is get_user_model():
        return person_name(value)
    if isinstance(field, models.DateTimeField) and value is not None:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(field, models.BooleanField):
        from django.utils.translation import gettext as _

        return _("yes") if value else _("no")
    return value


class DetailRowsMixin:
    """`detail_fields`: the model fields shown as (label, value) rows on the generic detail layout."""

    detail_fields: tuple[str, ...] = ()

    def get_detail_rows(self):
        obj = self.object
        rows = []
        for name in self.detail_fields:
            if name == "station" and not is_bureau_level(self.request.user):
                continue
            rows.append((obj._meta.get_field(name).verbose_name, display(obj, name)))
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["detail_rows"] = self.get_detail_rows()
        context["can_change"] = self.request.user.has_perm(
            f"{self.model._meta.app_label}.change_{self.model._meta.model_name}"
        )
        return context


class ServiceSaveMixin:
    """Create/update views whose save is one service call, made in `save_with_service(form, instance, expected)`."""

    def save_with_service(self, form, instance, expected: int | None):
        raise NotImplementedError

    def perform_save(self, form):
        instance = form.save(commit=False)
        expected = form.cleaned_data.get("expected_version") if instance.pk else None
        return self.save_with_service(form, instance, expected)
