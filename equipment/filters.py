from datetime import timedelta

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from equipment.models import EquipmentItem, EquipmentType, Footage
from kit.filters import ScopedFilterSet, id_filter
from stations.models import Station

DUE_WITHIN_DAYS = 30


def due_q(today=None) -> Q:
    """Items whose maintenance or battery falls due within DUE_WITHIN_DAYS (or is overdue): one condition
    per type with an interval (a handful), so the list stays one query."""
    horizon = (today or timezone.localdate()) + timedelta(days=DUE_WITHIN_DAYS)
    due = Q(pk__in=[])
    for type_id, maintenance, battery in EquipmentType.objects.values_list("pk", "maintenance_days", "battery_days"):
        for last, days in (("last_maintained_on", maintenance), ("battery_replaced_on", battery)):
            if days:
                cutoff = horizon - timedelta(days=days)
                due |= Q(type_id=type_id) & (
                    Q(**{f"{last}__lte": cutoff}) | Q(**{f"{last}__isnull": True, "received_on__lte": cutoff})
                )
    return due


class EquipmentItemFilter(ScopedFilterSet):
    station = django_filters.ModelChoiceFilter(queryset=Station.objects.all(), label=_("station"))
    type = django_filters.ModelChoiceFilter(queryset=EquipmentType.objects.all(), label=_("type"))
    due = django_filters.BooleanFilter(method="filter_due", label=_("maintenance or battery due in 30 days"))
    search_fields = ("serial", "notes")

    class Meta:
        model = EquipmentItem
        fields = ["station", "type", "status", "due"]

    def filter_due(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(due_q()) if value else queryset.exclude(due_q())


class FootageFilter(ScopedFilterSet):
    station = django_filters.ModelChoiceFilter(queryset=Station.objects.all(), label=_("station"))
    device = django_filters.ModelChoiceFilter(queryset=EquipmentItem.objects.all(), label=_("device"))
    incident = id_filter("incidents", _("incident"))
    started_after = django_filters.DateFilter(field_name="started_at", lookup_expr="date__gte", label=_("from"))
    started_before = django_filters.DateFilter(field_name="started_at", lookup_expr="date__lte", label=_("to"))
    search_fields = ("file_id", "device__serial")

    class Meta:
        model = Footage
        fields = ["station", "device"]
