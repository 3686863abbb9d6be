"""The base viewsets of every API endpoint over station-owned data."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from rest_framework import viewsets

from kit.fields import id_out_of_range


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
