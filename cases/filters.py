"""One FilterSet per model, shared by the HTML lists and the API."""

from datetime import timedelta

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.choices import (
    OPEN_CASE_STATUSES,
    CaseKind,
    CaseStatus,
    IncidentCategory,
    IncidentChannel,
    IncidentStatus,
    OffenseType,
    PersonRole,
)
from cases.models import Case, CasePerson, CustodyRecord, Incident
from kit.filters import ScopedFilterSet, id_filter
from stations.models import Community, Station
from stations.selectors import station_staff

# An incident report still not approved this long after it came in is overdue.
INCIDENT_OVERDUE_DAYS = 7


def officers_to_filter_by(request):
    """The staff of the stations the caller can see, deactivated ones included: these
    filters search past records, and an old case is still found by who worked it."""
    if request is None:
        return get_user_model().objects.none()
    return station_staff(request.user, include_inactive=True)


class IncidentFilter(ScopedFilterSet):
    search_fields = ("number", "summary", "address", "reporter_name")

    status = django_filters.MultipleChoiceFilter(choices=IncidentStatus.choices, label=_("status"))
    category = django_filters.MultipleChoiceFilter(choices=IncidentCategory.choices, label=_("category"))
    channel = django_filters.MultipleChoiceFilter(choices=IncidentChannel.choices, label=_("channel"))
    station = django_filters.ModelChoiceFilter(queryset=Station.objects.all(), label=_("station"))
    community = django_filters.ModelChoiceFilter(queryset=Community.objects.all(), label=_("community"))
    officer = django_filters.ModelChoiceFilter(
        field_name="responding_officer", queryset=officers_to_filter_by, label=_("responding officer")
    )
    reported = django_filters.DateFromToRangeFilter(
        field_name="reported_at",
        label=_("reported between"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = Incident
        fields = ["q", "status", "category", "channel", "station", "community", "officer", "reported", "overdue"]

    def filter_overdue(self, queryset, name, value):
        late = Q(reported_at__lt=timezone.now() - timedelta(days=INCIDENT_OVERDUE_DAYS)) & ~Q(
            status=IncidentStatus.APPROVED
        )
        if value is None:
            return queryset
        return queryset.filter(late) if value else queryset.exclude(late)


class CaseFilter(ScopedFilterSet):
    search_fields = ("number", "title", "summary", "address", "people__name")

    status = django_filters.MultipleChoiceFilter(choices=CaseStatus.choices, label=_("status"))
    kind = django_filters.ChoiceFilter(choices=CaseKind.choices, label=_("kind"))
    offense_type = django_filters.MultipleChoiceFilter(choices=OffenseType.choices, label=_("offense type"))
    station = django_filters.ModelChoiceFilter(queryset=Station.objects.all(), label=_("station"))
    community = django_filters.ModelChoiceFilter(queryset=Community.objects.all(), label=_("community"))
    officer = django_filters.ModelChoiceFilter(
        field_name="officers", queryset=officers_to_filter_by, label=_("assigned officer"), distinct=True
    )
    registered = django_filters.DateFromToRangeFilter(
        field_name="registered_at",
        label=_("registered between"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    # solved_after / solved_before: the statistics' 破案 figures link here.
    solved = django_filters.DateFromToRangeFilter(
        field_name="solved_at",
        label=_("solved between"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))
    series = id_filter("series_id", _("series"))
    incident = id_filter("incidents", _("incident"), distinct=True)

    class Meta:
        model = Case
        fields = ["q", "status", "kind", "offense_type", "station", "community", "officer", "registered", "overdue"]

    def filter_search(self, queryset, name, value):
        # people__name joins the people: one row per match without distinct().
        return super().filter_search(queryset, name, value).distinct()

    def filter_overdue(self, queryset, name, value):
        late = Q(status__in=OPEN_CASE_STATUSES, due_date__lt=timezone.localdate())
        if value is None:
            return queryset
        return queryset.filter(late) if value else queryset.exclude(late)


class CasePersonFilter(ScopedFilterSet):
    search_fields = ("name", "case__number")

    case = id_filter("case_id", _("case"))
    station = django_filters.ModelChoiceFilter(
        field_name="case__station", queryset=Station.objects.all(), label=_("station")
    )
    role = django_filters.ChoiceFilter(choices=PersonRole.choices, label=_("role"))

    class Meta:
        model = CasePerson
        fields = ["q", "case", "station", "role", "status"]


class CustodyRecordFilter(ScopedFilterSet):
    search_fields = ("person_name", "case__number", "escort_destination")

    case = id_filter("case_id", _("case"))
    station = django_filters.ModelChoiceFilter(queryset=Station.objects.all(), label=_("station"))
    inside = django_filters.BooleanFilter(field_name="time_out", lookup_expr="isnull", label=_("still inside"))
    time_in = django_filters.DateFromToRangeFilter(
        label=_("brought in between"), widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"})
    )

    class Meta:
        model = CustodyRecord
        fields = ["q", "case", "station", "inside", "custody", "time_in"]
