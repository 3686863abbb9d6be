"""One FilterSet per model, shared by the HTML lists and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from control.choices import Department, ItemStatus, OrderKind, OrderStatus, PartStatus, TargetRule
from control.models import Order, StationTask, TargetList, TaskItem
from kit.filters import ScopedFilterSet
from stations.models import Community, Station

OPEN_PARTS = (PartStatus.TO_SIGN, PartStatus.SIGNED, PartStatus.ASSIGNED, PartStatus.RETURNED)


class OrderFilter(ScopedFilterSet):
    search_fields = ("number", "title", "standard")

    status = django_filters.MultipleChoiceFilter(choices=OrderStatus.choices, label=_("status"))
    kind = django_filters.MultipleChoiceFilter(choices=OrderKind.choices, label=_("kind"))
    department = django_filters.ChoiceFilter(choices=Department.choices, label=_("issuing department"))
    station = django_filters.ModelChoiceFilter(
        queryset=Station.objects.all(), field_name="parts__station", label=_("station"), distinct=True
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = Order
        fields = ["status", "kind", "department", "station", "overdue"]

    def filter_overdue(self, queryset, name, value):
        late = Q(status=OrderStatus.ADMITTED, deadline__lt=timezone.now())
        return queryset.filter(late) if value else queryset.exclude(late)


class PartFilter(ScopedFilterSet):
    search_fields = ("order__number", "order__title")

    status = django_filters.MultipleChoiceFilter(choices=PartStatus.choices, label=_("status"))
    kind = django_filters.MultipleChoiceFilter(choices=OrderKind.choices, field_name="order__kind", label=_("kind"))
    station = django_filters.ModelChoiceFilter(queryset=Station.objects.all(), label=_("station"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = StationTask
        fields = ["status", "kind", "station", "overdue"]

    def filter_overdue(self, queryset, name, value):
        late = Q(status__in=OPEN_PARTS, order__deadline__lt=timezone.now(), order__status=OrderStatus.ADMITTED)
        return queryset.filter(late) if value else queryset.exclude(late)


class ItemFilter(ScopedFilterSet):
    search_fields = ("label", "part__order__number", "part__order__title")

    status = django_filters.MultipleChoiceFilter(choices=ItemStatus.choices, label=_("status"))
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("assigned to me"))
    community = django_filters.ModelChoiceFilter(queryset=Community.objects.all(), label=_("community"))
    station = django_filters.ModelChoiceFilter(queryset=Station.objects.all(), label=_("station"))
    sampled = django_filters.BooleanFilter(label=_("in the verification sample"))
    auto_closed = django_filters.BooleanFilter(label=_("closed by its evidence"))

    class Meta:
        model = TaskItem
        fields = ["status", "mine", "community", "station", "sampled", "auto_closed"]

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if user is None:
            return queryset
        return queryset.filter(assignee=user) if value else queryset.exclude(assignee=user)


class TargetListFilter(ScopedFilterSet):
    search_fields = ("name",)

    rule = django_filters.ChoiceFilter(choices=TargetRule.choices, label=_("rule"))

    class Meta:
        model = TargetList
        fields = ["rule"]
