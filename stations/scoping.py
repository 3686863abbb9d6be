"""The one door to station-owned data.

Every station-owned model uses `StationScopedQuerySet` (usually by inheriting
`StationOwnedModel`), and every view, API endpoint, form choice list and
export reads through `Model.objects.visible_to(user)`. The organisation has
three levels (三级): city bureau (市局) → sub-bureau (分局) → station (派出所).
A person sits at one of them (their staff profile names a station, a bureau or
a city) and sees the stations below it: the city's people every station of the
city, a bureau's people the stations of their bureau, a station's people their
station. Superusers see everything; a user with no staff profile sees nothing.
Base views and the base viewset call it, so a new endpoint is scoped by
default; records outside the scope answer 404.

Records that belong to a bureau rather than a station (the control centre's
orders) use `BureauScopedQuerySet` the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

EVERYTHING = "everything"


@dataclass(frozen=True)
class Reach:
    """What a user sees: everything (superusers), a city, a bureau, a station or nothing."""

    level: str | None  # EVERYTHING, "city", "bureau", "station" or None (nothing)
    id: int | None = None

    @property
    def key(self) -> str:
        """A short stable name of the reach, for cache keys."""
        return f"{self.level}:{self.id}" if self.level else "none"


NOTHING = Reach(None)


def reach_of(user) -> Reach:
    """Where `user` sits in the organisation, read from their staff profile (no query once loaded)."""
    if not getattr(user, "is_authenticated", False):
        return NOTHING
    if user.is_superuser:
        return Reach(EVERYTHING)
    profile = staff_profile(user)
    if profile is None:
        return NOTHING
    if profile.station_id is not None:
        return Reach("station", profile.station_id)
    if profile.bureau_id is not None:
        return Reach("bureau", profile.bureau_id)
    if profile.city_id is not None:
        return Reach("city", profile.city_id)
    return NOTHING


def is_bureau_level(user) -> bool:
    """Sees more than one station: a bureau's or the city's people, and superusers."""
    return reach_of(user).level in (EVERYTHING, "city", "bureau")


def is_city_level(user) -> bool:
    """Sees the sub-bureaus side by side: the city's people, and superusers."""
    return reach_of(user).level in (EVERYTHING, "city")


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


def user_bureau_id(user) -> int | None:
    """The bureau a user belongs to: their own (bureau staff) or their station's; None for the city's
    people and superusers, who belong to no single bureau. One query for station staff."""
    profile = staff_profile(user)
    if profile is None:
        return None
    if profile.bureau_id is not None:
        return profile.bureau_id
    if profile.station_id is not None:
        return profile.station.bureau_id
    return None


def visible_station_ids(user):
    """The ids of the stations `user` sees, as a subquery (None: every station)."""
    from stations.models import Station

    reach = reach_of(user)
    if reach.level == EVERYTHING:
        return None
    if reach.level == "city":
        return Station.objects.filter(bureau__city_id=reach.id).values("pk")
    if reach.level == "bureau":
        return Station.objects.filter(bureau_id=reach.id).values("pk")
    if reach.level == "station":
        return [reach.id]
    return []


class StationScopedQuerySet(models.QuerySet):
    """Scoping by the model's `station_lookup`: the lookup from the model to
    its station's id ("station_id" by default, "community__station_id" for a
    record owned through its community, "pk" for Station itself)."""

    def visible_to(self, user) -> StationScopedQuerySet:
        reach = reach_of(user)
        lookup = _station_lookup(self.model)
        if reach.level == EVERYTHING:
            return self
        if reach.level == "station":
            return self.filter(**{lookup: reach.id})
        if reach.level in ("city", "bureau"):
            return self.filter(**{f"{lookup}__in": visible_station_ids(user)})
        return self.none()

    def for_station(self, station_id: int) -> StationScopedQuerySet:
        return self.filter(**{_station_lookup(self.model): station_id})

    def for_bureau(self, bureau_id: int) -> StationScopedQuerySet:
        from stations.models import Station

        return self.filter(**{f"{_station_lookup(self.model)}__in": Station.objects.filter(bureau_id=bureau_id)})


def _station_lookup(model) -> str:
    return getattr(model, "station_lookup", "station_id")


class BureauScopedQuerySet(models.QuerySet):
    """Scoping of records that belong to a bureau, by the model's `bureau_lookup` ("bureau_id" by
    default): the city's people see their city's bureaus' records, everyone else their own bureau's.
    Station users' narrower view (what is addressed to their station) is the app's own filter."""

    def visible_to(self, user) -> BureauScopedQuerySet:
        from stations.models import Bureau

        reach = reach_of(user)
        if reach.level == EVERYTHING:
            return self
        lookup = getattr(self.model, "bureau_lookup", "bureau_id")
        if reach.level == "city":
            return self.filter(**{f"{lookup}__in": Bureau.objects.filter(city_id=reach.id).values("pk")})
        if reach.level == "bureau":
            return self.filter(**{lookup: reach.id})
        if reach.level == "station":
            return self.filter(**{f"{lookup}__in": Bureau.objects.filter(stations=reach.id).values("pk")})
        return self.none()


class BureauQuerySet(models.QuerySet):
    def visible_to(self, user) -> BureauQuerySet:
        """The bureaus `user` may see: the city's for its people, one's own for everyone else."""
        reach = reach_of(user)
        if reach.level == EVERYTHING:
            return self
        if reach.level == "city":
            return self.filter(city_id=reach.id)
        if reach.level == "bureau":
            return self.filter(pk=reach.id)
        if reach.level == "station":
            return self.filter(stations=reach.id)
        return self.none()


class CityQuerySet(models.QuerySet):
    def visible_to(self, user) -> CityQuerySet:
        reach = reach_of(user)
        if reach.level == EVERYTHING:
            return self
        if reach.level == "city":
            return self.filter(pk=reach.id)
        if reach.level == "bureau":
            return self.filter(bureaus=reach.id)
        if reach.level == "station":
            return self.filter(bureaus__stations=reach.id)
        return self.none()


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
