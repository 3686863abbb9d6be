"""The base viewsets of every API endpoint over station-owned data."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from kit.fields import id_out_of_range
from stations.choices import AuditEventType
from stations.services import audit_record


class ScopedModelViewSet(viewsets.ModelViewSet):
    """A model viewset reading through `visible_to(request.user)`: a record of
    another station answers 404. Subclasses set `queryset` (with its
    select_related/prefetch_related), `serializer_class`, `filterset_class`.

    DELETE is refused (405) unless the viewset names the service that decides what deleting means:
    `destroy_service = staticmethod(services.thing_remove)`, called as `thing_remove(thing=record, by=user)`.
    """

    destroy_service = None
    #: The destroy service's keyword for the record; the model's name by default.
    record_arg: str | None = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.destroy_service is None:
            cls.http_method_names = [m for m in cls.http_method_names if m != "delete"]
        elif "delete" not in cls.http_method_names:
            cls.http_method_names = [*cls.http_method_names, "delete"]

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def perform_destroy(self, instance):
        with transaction.atomic():
            self.destroy_service(**{self.record_arg or instance._meta.model_name: instance}, by=self.request.user)

    def get_object(self):
        _refuse_impossible_id(self)
        return super().get_object()


class ScopedReadOnlyModelViewSet(viewsets.ReadOnlyModelViewSet):
    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def get_object(self):
        _refuse_impossible_id(self)
        return super().get_object()


def _refuse_impossible_id(view) -> None:
    lookup = view.kwargs.get(view.lookup_url_kwarg or view.lookup_field)
    if lookup is not None and id_out_of_range(lookup):
        raise Http404


REVEAL_PARAMETER = OpenApiParameter(
    "reveal",
    str,
    description=(
        "Comma-separated personal fields to answer in full for this one record (e.g. `id_number,phone`). "
        "Needs the right to see personal data (403 otherwise); each record revealed is written to the audit log."
    ),
)


class RevealMixin:
    """Single-record GET with `?reveal=id_number,phone`: those fields in full for a permitted caller,
    audited (one row: who, which fields, which record). Lists are always masked.

    The serializer names the fields (kit.api.serializers.PersonalDataMixin.personal_fields, and
    `revealable_fields` here for nested ones); `may_reveal(user)` is the right, by default the
    `reveal_permission`."""

    reveal_permission = "community.reveal_resident_identity"
    revealable_fields: tuple[str, ...] = ("id_number", "phone")

    def may_reveal(self, user) -> bool:
        return user.has_perm(self.reveal_permission)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["reveal"] = getattr(self, "_revealed", set())
        return context

    @extend_schema(parameters=[REVEAL_PARAMETER])
    def retrieve(self, request, *args, **kwargs):
        asked = {name.strip() for name in request.query_params.get("reveal", "").split(",") if name.strip()}
        if asked in ({"true"}, {"1"}):  # the older `?reveal=true`: every personal field
            asked = set(self.revealable_fields)
        if asked:
            unknown = asked - set(self.revealable_fields)
            if unknown:
                raise ValidationError(
                    {"reveal": [_("Not a personal field of this record: %s") % ", ".join(sorted(unknown))]}
                )
            if not self.may_reveal(request.user):
                raise PermissionDenied(_("You may not see personal data in full."))
            instance = self.get_object()
            self._revealed = asked
            audit_record(
                event_type=AuditEventType.SENSITIVE_READ,
                user=request.user,
                obj=instance,
                request=request._request,
                detail={"fields": sorted(asked), "via": "api"},
            )
            return Response(self.get_serializer(instance).data)
        return super().retrieve(request, *args, **kwargs)
