"""The one door to station-owned data.

Every station-owned model uses `StationScopedQuerySet` (usually by inheriting
`StationOwnedModel`), and every view, API endpoint, form choice list and
export reads through `Model.objects.visible_to(user)`. Bureau-level users see
every station; everyone else sees only their own; a user with no staff
profile sees nothing. Base views and the base viewset call it, so a new
endpoint is scoped by default; records outside the scope answer 404.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


def is_bureau_level(user) -> bool:
    """Superusers and staff without a station (the bureau's own people)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    profile = staff_profile(user)
    return profile is not None and profile.station_id is None


def staff_profile(user):
    """The user's StaffProfile, or None. Cached on the user object by Django."""
    try:
        return user.staff_profile
    except AttributeError:
        return None
    except models.ObjectDoesNotExist:
        return None


def user_station_id(user) -> int | None:
    profile = staff_profile(user)
    return profile.station_id if profile is not None else None


class StationScopedQuerySet(models.QuerySet):
    """Scoping by the model's `station_lookup`: the lookup from the model to
    its station's id ("station_id" by default, "community__station_id" for a
    record owned through its community, "pk" for Station itself)."""

    def visible_to(self, user) -> StationScopedQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if is_bureau_level(user):
            return self
        station_id = user_station_id(user)
        if station_id is None:
            return self.none()
        return self.filter(**{_station_lookup(self.model): station_id})

    def for_station(self, station_id: int) -> StationScopedQuerySet:
        return self.filter(**{_station_lookup(self.model): station_id})


def _station_lookup(model) -> str:
    return getattr(model, "station_lookup", "station_id")


class StationOwnedModel(models.Model):
    """A record that belongs to one station. Subclasses add `station` themselves
    when they need a different related_name; this base adds it otherwise."""

    station = models.ForeignKey(
        "stations.Station",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("station"),
    )

    objects = StationScopedQuerySet.as_manager()
    station_lookup = "station_id"

    class Meta:
        abstract = True


def scoped(model_or_queryset, user):
    """`scoped(Incident, user)` is `Incident.objects.visible_to(user)`; also takes a queryset."""
    if isinstance(model_or_queryset, models.QuerySet):
        return model_or_queryset.visible_to(user)
    return model_or_queryset._default_manager.visible_to(user)


def is_scoped_model(model) -> bool:
    return hasattr(model._default_manager, "visible_to")
