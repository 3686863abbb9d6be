"""FilterSets of the organisation's own lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from kit.filters import ScopedFilterSet
from stations.models import Community, Station


class CommunityFilter(ScopedFilterSet):
    search_fields = ("name",)
    station = django_filters.ModelChoiceFilter(queryset=Station.objects.all(), label=_("station"))

    class Meta:
        model = Community
        fields = ["station", "kind"]
