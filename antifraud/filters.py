import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antifraud.choices import WarningStatus
from antifraud.models import FraudWarning, WarningImport
from kit.filters import ScopedFilterSet
from kit.personal import normalize_id_number, normalize_phone
from stations.models import Community, Station
from stations.selectors import station_staff


class FraudWarningFilter(ScopedFilterSet):
    station = django_filters.ModelChoiceFilter(queryset=Station.objects.all(), label=_("station"))
    community = django_filters.ModelChoiceFilter(queryset=Community.objects.all(), label=_("community"))
    officer = django_filters.ModelChoiceFilter(queryset=get_user_model().objects.none(), label=_("officer"))
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("mine"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))
    on_time = django_filters.BooleanFilter(method="filter_on_time", label=_("handled on time"))
    received_after = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__gte", label=_("received from")
    )
    received_before = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__lte", label=_("received until")
    )
    search_fields = ("reference", "person_name", "reason")

    class Meta:
        model = FraudWarning
        fields = ["station", "community", "status", "outcome", "cheated_after", "officer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None and "officer" in self.filters:
            self.filters["officer"].queryset = station_staff(self.request.user, include_inactive=True)

    def filter_search(self, queryset, name, value):
        # An ID number or phone typed whole finds its warnings (exact match; never shown in a URL we make).
        number, phone = normalize_id_number(value), normalize_phone(value)
        exact = Q(id_number=number) if len(number) == 18 else Q(pk__in=[])
        if phone.isdigit() and len(phone) >= 7:
            exact |= Q(phone=phone)
        return super().filter_search(queryset, name, value) | queryset.filter(exact)

    def filter_mine(self, queryset, name, value):
        if value is None or self.request is None:
            return queryset
        return queryset.filter(officer=self.request.user) if value else queryset.exclude(officer=self.request.user)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(status=WarningStatus.OPEN, deadline__lt=timezone.now())
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_on_time(self, queryset, name, value):
        from django.db.models import F

        if value is None:
            return queryset
        on_time = Q(handled_at__isnull=False, handled_at__lte=F("deadline"))
        return queryset.filter(on_time) if value else queryset.exclude(on_time)


class WarningImportFilter(ScopedFilterSet):
    station = django_filters.ModelChoiceFilter(queryset=Station.objects.all(), label=_("station"))
    search_fields = ("file_name",)

    class Meta:
        model = WarningImport
        fields = ["station", "status"]
