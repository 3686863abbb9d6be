"""One FilterSet per model, shared by the HTML lists and the API."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kit.filters import ScopedFilterSet, id_filter
from kit.widgets import DateInput
from mediation.choices import (
    DisputeCategory,
    DisputeSource,
    DisputeStatus,
    FollowUpStatus,
    Fulfilment,
    RiskGrade,
    SessionOutcome,
    Venue,
)
from mediation.models import Agreement, Dispute, FollowUp, MediationSession
from mediation.selectors import overdue_follow_up_exists
from stations.models import Community, Station, person_name
from stations.selectors import station_staff


def _staff(request):
    if request is None:
        return get_user_model().objects.none()
    return station_staff(request.user)


class DateFilter(django_filters.DateFilter):
    """A date filter with the browser's date picker (the kit's one widget)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DateInput())
        super().__init__(*args, **kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_name(obj)


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


class DistinctSearchMixin:
    """Search across parties (a to-many relation) without repeating rows."""

    def filter_search(self, queryset, name, value):
        return super().filter_search(queryset, name, value).distinct()


class DisputeFilter(DistinctSearchMixin, ScopedFilterSet):
    search_fields = ("number", "summary", "address", "parties__name")

    station = django_filters.ModelChoiceFilter(queryset=Station.objects.all(), label=_("station"))
    status = django_filters.ChoiceFilter(choices=DisputeStatus.choices, label=_("status"))
    risk = django_filters.ChoiceFilter(choices=RiskGrade.choices, label=_("escalation risk"))
    category = django_filters.ChoiceFilter(choices=DisputeCategory.choices, label=_("category"))
    source = django_filters.ChoiceFilter(choices=DisputeSource.choices, label=_("source"))
    community = django_filters.ModelChoiceFilter(queryset=Community.objects.all(), label=_("community"))
    mediator = PersonFilter(queryset=_staff, label=_("mediator"))
    overdue_follow_up = django_filters.BooleanFilter(method="filter_overdue", label=_("follow-up overdue"))
    incident = id_filter("incident_id", _("incident id"))
    registered_after = DateFilter(field_name="registered_at", lookup_expr="date__gte", label=_("registered from"))
    registered_before = DateFilter(field_name="registered_at", lookup_expr="date__lte", label=_("registered until"))
    # resolved_*, mediated_*: the statistics' figures link here (a dispute once however many
    # agreements or sessions it had in the days).
    turned_criminal_after = DateFilter(
        field_name="turned_criminal_at", lookup_expr="date__gte", label=_("turned criminal from")
    )
    turned_criminal_before = DateFilter(
        field_name="turned_criminal_at", lookup_expr="date__lte", label=_("turned criminal until")
    )
    resolved_after = DateFilter(method="filter_resolved", label=_("agreement signed from"))
    resolved_before = DateFilter(method="filter_resolved", label=_("agreement signed until"))
    mediated_after = DateFilter(method="filter_mediated", label=_("session held from"))
    mediated_before = DateFilter(method="filter_mediated", label=_("session held until"))

    class Meta:
        model = Dispute
        fields = ["status", "risk", "category", "source", "community", "mediator"]

    def filter_resolved(self, queryset, name, value):
        return self._one_within(queryset, name, Agreement, "signed_at", "resolved")

    def filter_mediated(self, queryset, name, value):
        return self._one_within(queryset, name, MediationSession, "held_at", "mediated")

    def _one_within(self, queryset, name, model, field, prefix):
        """Disputes with one agreement (or session) within both bounds: the same one, not one after
        the start and another before the end. Applied once, for the first bound given."""
        after, before = (self.form.cleaned_data.get(f"{prefix}_{bound}") for bound in ("after", "before"))
        if name.endswith("_before") and after is not None:
            return queryset  # done with the _after bound
        rows = model.objects.filter(dispute=OuterRef("pk"))
        if after is not None:
            rows = rows.filter(**{f"{field}__date__gte": after})
        if before is not None:
            rows = rows.filter(**{f"{field}__date__lte": before})
        return queryset.filter(Exists(rows))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        condition = overdue_follow_up_exists()
        return queryset.filter(condition if value else ~condition)


class MediationSessionFilter(ScopedFilterSet):
    search_fields = ("dispute__number", "dispute__summary", "location")

    station = django_filters.ModelChoiceFilter(
        field_name="dispute__station", queryset=Station.objects.all(), label=_("station")
    )
    dispute = id_filter("dispute_id", _("dispute id"))

    outcome = django_filters.ChoiceFilter(choices=SessionOutcome.choices, label=_("outcome"))
    venue = django_filters.ChoiceFilter(choices=Venue.choices, label=_("where"))
    held_after = DateFilter(field_name="held_at", lookup_expr="date__gte", label=_("held from"))
    held_before = DateFilter(field_name="held_at", lookup_expr="date__lte", label=_("held until"))

    class Meta:
        model = MediationSession
        fields = ["outcome", "venue"]


class AgreementFilter(ScopedFilterSet):
    search_fields = ("number", "dispute__number", "dispute__summary")

    station = django_filters.ModelChoiceFilter(
        field_name="dispute__station", queryset=Station.objects.all(), label=_("station")
    )
    dispute = id_filter("dispute_id", _("dispute id"))

    fulfilment = django_filters.ChoiceFilter(choices=Fulfilment.choices, label=_("fulfilment"))
    signed_after = DateFilter(field_name="signed_at", lookup_expr="date__gte", label=_("signed from"))
    signed_before = DateFilter(field_name="signed_at", lookup_expr="date__lte", label=_("signed until"))

    class Meta:
        model = Agreement
        fields = ["fulfilment"]


class FollowUpFilter(ScopedFilterSet):
    search_fields = ("dispute__number", "dispute__summary")

    station = django_filters.ModelChoiceFilter(
        field_name="dispute__station", queryset=Station.objects.all(), label=_("station")
    )
    dispute = id_filter("dispute_id", _("dispute id"))

    status = django_filters.ChoiceFilter(choices=FollowUpStatus.choices, label=_("status"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))
    mediator = PersonFilter(field_name="dispute__mediator", queryset=_staff, label=_("mediator"))
    community = django_filters.ModelChoiceFilter(
        field_name="dispute__community", queryset=Community.objects.all(), label=_("community")
    )
    due_after = DateFilter(field_name="due_date", lookup_expr="gte", label=_("due from"))
    due_before = DateFilter(field_name="due_date", lookup_expr="lte", label=_("due until"))
    # done_*, on_time: the statistics' 按期回访 figure links here.
    done_after = DateFilter(field_name="done_at", lookup_expr="date__gte", label=_("done from"))
    done_before = DateFilter(field_name="done_at", lookup_expr="date__lte", label=_("done until"))
    on_time = django_filters.BooleanFilter(method="filter_on_time", label=_("done on time"))

    class Meta:
        model = FollowUp
        fields = ["status", "result", "satisfaction"]

    def filter_on_time(self, queryset, name, value):
        """Done on or before the due day (the day done in Asia/Shanghai), as the statistics count them."""
        if value is None:
            return queryset
        on_time = Q(status=FollowUpStatus.DONE, done_at__date__lte=F("due_date"))
        return queryset.filter(on_time) if value else queryset.exclude(on_time)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = {"status": FollowUpStatus.SCHEDULED, "due_date__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)
