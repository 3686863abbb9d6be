"""The base viewset and serializer of every API endpoint over station-owned data."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import serializers, viewsets

from stations.fields import BoundedPrimaryKeyRelatedField, id_out_of_range
from stations.scoping import is_bureau_level, is_scoped_model, user_station_id
from stations.versioning import save_versioned


class ScopedModelSerializer(serializers.ModelSerializer):
    """Related-record choices are narrowed to what the caller may see, and
    `station` is writable only by bureau-level users (others' records belong
    to their own station)."""

    serializer_related_field = BoundedPrimaryKeyRelatedField

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            relation = getattr(field, "child_relation", field)
            queryset = getattr(relation, "queryset", None)
            if queryset is not None and user is not None and is_scoped_model(queryset.model):
                relation.queryset = queryset.visible_to(user)
        if "station" in fields and user is not None and not is_bureau_level(user):
            fields["station"].read_only = True
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        request = self.context.get("request")
        model_fields = {f.name for f in self.Meta.model._meta.get_fields()}
        if self.instance is None and "station" in model_fields and "station" not in attrs and request is not None:
            station_id = user_station_id(request.user)
            if station_id is None:
                # Bureau-level users must name the station (the field is required for them); this is a
                # station-level account that belongs to no station.
                raise serializers.ValidationError(
                    {"station": [_("Your account belongs to no station: ask an administrator to assign one.")]}
                )
            attrs["station_id"] = station_id
        return attrs


class VersionedSerializerMixin(serializers.Serializer):
    """`version` is returned on read and required on update: a write based on
    an older version answers 409 Conflict."""

    version = serializers.IntegerField(
        required=False, help_text="The version this change is based on; required for updates."
    )

    def validate_version(self, value):
        return value

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": ["Send the version your change is based on."]})
        return attrs

    def update(self, instance, validated_data):
        expected = validated_data.pop("version")
        m2m = {}
        for attr, value in validated_data.items():
            field = instance._meta.get_field(attr) if attr in {f.name for f in instance._meta.get_fields()} else None
            if field is not None and field.many_to_many:
                m2m[attr] = value
            else:
                setattr(instance, attr, value)
        with transaction.atomic():
            save_versioned(instance, expected_version=expected)
            for attr, value in m2m.items():
                getattr(instance, attr).set(value)
        return instance


class ScopedModelViewSet(viewsets.ModelViewSet):
    """A model viewset reading through `visible_to(request.user)`: a record of
    another station answers 404. Subclasses set `queryset` (with its
    select_related/prefetch_related), `serializer_class`, `filterset_class`."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

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
