import django_filters
from django.utils.translation import gettext_lazy as _

from kit.filters import ScopedFilterSet
from staffing.models import Assignment, Award, CommitteeSeat
from stations.models import Station


class _ForceFilterSet(ScopedFilterSet):
    station = django_filters.ModelChoiceFilter(queryset=Station.objects.all(), label=_("station"))
    search_fields = ("person__last_name", "person__first_name", "person__username")


class AssignmentFilter(_ForceFilterSet):
    active_on = django_filters.DateFilter(method="filter_active_on", label=_("in post on"))

    class Meta:
        model = Assignment
        fields = ["station", "unit", "kind"]

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(start__lte=value).exclude(end__lt=value)


class CommitteeSeatFilter(_ForceFilterSet):
    class Meta:
        model = CommitteeSeat
        fields = ["station", "level"]


class AwardFilter(_ForceFilterSet):
    awarded_after = django_filters.DateFilter(field_name="awarded_on", lookup_expr="gte", label=_("awarded from"))
    awarded_before = django_filters.DateFilter(field_name="awarded_on", lookup_expr="lte", label=_("awarded until"))

    class Meta:
        model = Award
        fields = ["station", "unit", "kind"]
