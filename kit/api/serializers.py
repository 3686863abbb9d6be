"""The base serializers of every API endpoint over station-owned data."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.relations import ManyRelatedField

from kit.fields import BoundedPrimaryKeyRelatedField
from kit.personal import mask_id_number, mask_phone
from kit.text import MAX_LIST_ITEMS, control_character_errors, too_many_items_message
from stations.scoping import is_bureau_level, is_scoped_model, user_station_id

LIST_FIELDS = (ManyRelatedField, serializers.ListSerializer, serializers.ListField)


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
        _say_what_can_be_empty(self.Meta.model, fields)
        return fields

    def to_internal_value(self, data):
        # Before any item is looked up: ten thousand ids would each cost a query.
        if hasattr(data, "get"):
            errors = {}
            for name, field in self.fields.items():
                if field.read_only or not isinstance(field, LIST_FIELDS):
                    continue
                value = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
                if isinstance(value, list) and len(value) > MAX_LIST_ITEMS:
                    errors[name] = [too_many_items_message(len(value))]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        errors = control_character_errors(attrs)
        if errors:
            raise serializers.ValidationError({name: [message] for name, message in errors.items()})
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


class ServiceModelSerializer(ScopedModelSerializer):
    """The serializer of every writable endpoint: create and update are one service call each, the
    same calls the pages make (see "How a write flows" in the README).

    - `create_service = staticmethod(services.thing_create)`: called as
      `thing_create(by=user, **self.owner_kwargs(data), **data)`; the owner is the station by default.
    - `update_service = staticmethod(services.thing_update)`: called as `thing_update(thing=record,
      by=user, expected_version=data["version"], **data)`. On a versioned model `version` is required
      on update (400 naming it); a stale one answers 409.
    Every field the serializer accepts goes to the service, which saves it or refuses it with a reason
    (400 naming the field): nothing is dropped without a word.
    """

    create_service = None
    update_service = None
    #: The update service's keyword for the record; the model's name by default.
    record_arg: str | None = None

    def get_fields(self):
        fields = super().get_fields()
        if self._versioned() and "version" not in fields:
            fields["version"] = serializers.IntegerField(
                required=False, help_text=gettext_lazy("The version this change is based on; required for updates.")
            )
        return fields

    def _versioned(self) -> bool:
        return any(f.name == "version" for f in self.Meta.model._meta.concrete_fields)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None and self._versioned() and attrs.get("version") is None:
            raise serializers.ValidationError({"version": [MISSING_VERSION]}, code="required")
        return attrs

    def owner_kwargs(self, validated_data) -> dict:
        """What a new record is created under: its station by default; a parent record in subclasses."""
        station = validated_data.pop("station", None)
        station_id = validated_data.pop("station_id", None)
        if station is None:
            from stations.models import Station

            station = Station.objects.get(pk=station_id)
        return {"station": station}

    def create(self, validated_data):
        if self.create_service is None:
            raise MethodNotAllowed("POST")
        validated_data.pop("version", None)
        owner = self.owner_kwargs(validated_data)
        return self.create_service(by=self.context["request"].user, **owner, **validated_data)

    def update(self, instance, validated_data):
        if self.update_service is None:
            raise MethodNotAllowed(self.context["request"].method)
        expected = validated_data.pop("version", None)
        station = validated_data.pop("station", None)
        if station is not None and station != instance.station:
            raise serializers.ValidationError({"station": [_("A record cannot move to another station.")]})
        versioned = {"expected_version": expected} if self._versioned() else {}
        return self.update_service(
            **{self.record_arg or self.Meta.model._meta.model_name: instance},
            by=self.context["request"].user,
            **versioned,
            **validated_data,
        )


MISSING_VERSION = gettext_lazy("Send the version your change is based on (the record's `version` when you read it).")


def _say_what_can_be_empty(model, fields) -> None:
    """A read-only choice that may be empty ("" or null) says so, so the schema documents it.

    DRF drops `allow_blank` from read-only fields; the schema then claims a field such as a follow-up's
    `satisfaction` is always one of its choices, and answers that are empty violate it."""
    model_fields = {f.name: f for f in model._meta.concrete_fields}
    for name, field in fields.items():
        model_field = model_fields.get(field.source if field.source and field.source != "*" else name)
        if field.read_only and isinstance(field, serializers.ChoiceField) and model_field is not None:
            field.allow_blank = field.allow_blank or model_field.blank
            field.allow_null = field.allow_null or model_field.null


class PersonalDataMixin:
    """Personal data answered masked: `personal_fields = {"id_number": "id", "phone": "phone"}` (field
    -> kind). The viewset (kit.api.viewsets.RevealMixin) puts the fields a permitted caller asked to see
    in full for one record in the context as `reveal`; nested serializers (a dispute's parties) follow
    their parent. `hidden_unless_revealed` lists fields that would give a masked value back (a birth
    date is eight of an ID number's digits): answered as null unless the ID number is revealed."""

    personal_fields: dict[str, str] = {}
    hidden_unless_revealed: tuple[str, ...] = ()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        revealed = self.context.get("reveal") or set()
        for name, kind in self.personal_fields.items():
            if name in data and name not in revealed:
                value = data[name]
                data[name] = (mask_id_number if kind == "id" else mask_phone)(value) if value else value
        if "id_number" not in revealed:
            for name in self.hidden_unless_revealed:
                if name in data:
                    data[name] = None
        return data
