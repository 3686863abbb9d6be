"""One FilterSet per model, shared by the HTML lists and the API."""

import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.choices import ActivityKind, HazardStatus
from community.models import (
    Activity,
    Address,
    Hazard,
    Household,
    ImportJob,
    Patrol,
    PatrolTeam,
    Place,
    PolicePost,
    Resident,
    ResidentTag,
)
from kit.filters import ScopedFilterSet
from kit.personal import normalize_id_number, normalize_phone
from stations.models import Community, Station
from stations.selectors import station_staff


class _StationFilterSet(ScopedFilterSet):
    """Every community list can be narrowed to one station (the bureau's view of them all)."""

    station = django_filters.ModelChoiceFilter(queryset=Station.objects.all(), label=_("station"))


class _CommunityFilterSet(_StationFilterSet):
    community = django_filters.ModelChoiceFilter(queryset=Community.objects.all(), label=_("community"))


class AddressFilter(_CommunityFilterSet):
    search_fields = ("street", "number", "building", "room")

    class Meta:
        model = Address
        fields = ["community"]


class HouseholdFilter(_CommunityFilterSet):
    search_fields = ("head_name", "number", "address__street", "address__number")

    class Meta:
        model = Household
        fields = ["community", "kind"]


class ResidentFilter(_CommunityFilterSet):
    search_fields = ("name", "address__street")
    tag = django_filters.ModelChoiceFilter(queryset=ResidentTag.objects.all(), field_name="tags", label=_("tag"))

    class Meta:
        model = Resident
        fields = ["community", "sex", "tag", "anti_fraud_app"]

    def filter_search(self, queryset, name, value):
        """A whole ID number or phone number finds its resident; parts of them find nothing.

        Matching on fragments would let anyone rebuild a masked number digit by
        digit through the search box, without the audited reveal.
        """
        terms = value.split()
        for term in terms:
            number = normalize_id_number(term)
            phone = normalize_phone(term)
            if len(number) == 18 and number[:17].isdigit():
                queryset = queryset.filter(id_number=number)
            elif phone.isdigit() and len(phone) >= 7:
                queryset = queryset.filter(phone=phone)
            else:
                queryset = super().filter_search(queryset, name, term)
        return queryset


class PlaceFilter(_CommunityFilterSet):
    search_fields = ("name", "contact_name", "credit_code", "address__street")

    class Meta:
        model = Place
        fields = ["community", "kind"]


def _officers(request):
    """Officers of the stations the user may see, deactivated ones included: the work log
    is a record of the past, still searched by who did the work."""
    user = getattr(request, "user", None)
    return station_staff(user, include_inactive=True) if user is not None else get_user_model().objects.none()


class ActivityFilter(_CommunityFilterSet):
    search_fields = ("summary",)
    officer = django_filters.ModelChoiceFilter(queryset=_officers, label=_("officer"))
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices, label=_("kind"))
    # <field>_after / <field>_before: the one date-range naming of every list.
    occurred_at_after = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__gte", label=pgettext_lazy("date range", "from")
    )
    occurred_at_before = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__lte", label=pgettext_lazy("date range", "to")
    )
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("only mine"))

    class Meta:
        model = Activity
        fields = ["community", "kind", "officer", "help_outcome"]

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        return queryset.filter(officer=user) if value and user is not None else queryset


class HazardFilter(_CommunityFilterSet):
    search_fields = ("description", "place__name")
    status = django_filters.MultipleChoiceFilter(choices=HazardStatus.choices, label=_("status"))
    # found_*, rectified_*: the statistics' 发现隐患/整改 figures link here.
    found = django_filters.DateFromToRangeFilter(
        field_name="found_on",
        label=_("found between"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    rectified = django_filters.DateFromToRangeFilter(
        field_name="rectified_on",
        label=_("rectified between"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    open = django_filters.BooleanFilter(method="filter_open", label=_("open"))

    class Meta:
        model = Hazard
        fields = ["community", "status", "category", "place"]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.exclude(status=HazardStatus.RECTIFIED) if value else queryset.filter(status=HazardStatus.RECTIFIED)
        )


class PatrolTeamFilter(_StationFilterSet):
    search_fields = ("name",)
    community = django_filters.ModelChoiceFilter(
        queryset=Community.objects.all(), field_name="communities", label=_("community")
    )

    class Meta:
        model = PatrolTeam
        fields = ["kind", "community"]


class PatrolFilter(_CommunityFilterSet):
    search_fields = ("area", "findings", "team__name")
    # <field>_after / <field>_before: the one date-range naming of every list.
    started_at_after = django_filters.DateFilter(
        field_name="started_at", lookup_expr="date__gte", label=pgettext_lazy("date range", "from")
    )
    started_at_before = django_filters.DateFilter(
        field_name="started_at", lookup_expr="date__lte", label=pgettext_lazy("date range", "to")
    )

    class Meta:
        model = Patrol
        fields = ["community", "team"]


class PolicePostFilter(_CommunityFilterSet):
    search_fields = ("name", "location")

    class Meta:
        model = PolicePost
        fields = ["community", "kind"]


class ImportJobFilter(_StationFilterSet):
    search_fields = ("file_name",)

    class Meta:
        model = ImportJob
        fields = ["kind", "status"]
