"""FilterSets shared by HTML lists and the API, and their base class."""

import operator
from functools import reduce

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stations.models import Community, Station
from stations.scoping import is_scoped_model


class ScopedFilterSet(django_filters.FilterSet):
    """Base of every FilterSet: `q` searches `search_fields`, and choice lists
    over station-owned models offer only what the user may see."""

    search_fields: tuple[str, ...] = ()

    q = django_filters.CharFilter(method="filter_search", label=_("Search"))

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data=data, queryset=queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        for filter_ in self.filters.values():
            choices_qs = filter_.extra.get("queryset")
            if user is not None and choices_qs is not None and not callable(choices_qs):
                if is_scoped_model(choices_qs.model):
                    filter_.extra["queryset"] = choices_qs.visible_to(user)
        if not self.search_fields:
            self.filters.pop("q", None)

    def filter_search(self, queryset, name, value):
        terms = value.split()
        if not terms or not self.search_fields:
            return queryset
        for term in terms:
            queryset = queryset.filter(
                reduce(operator.or_, (Q(**{f"{field}__icontains": term}) for field in self.search_fields))
            )
        return queryset


class CommunityFilter(ScopedFilterSet):
    search_fields = ("name",)
    station = django_filters.ModelChoiceFilter(queryset=Station.objects.all(), label=_("station"))

    class Meta:
        model = Community
        fields = ["station", "kind"]
