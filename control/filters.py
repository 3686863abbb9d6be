"""One FilterSet per model, shared by the HTML lists and the API."""

import django_filters
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from control.choices import Department, ItemStatus, OrderAction, OrderKind, OrderStatus, PartStatus, TargetRule
from control.models import Order, OrderEvent, StationTask, TargetList, TaskItem
from kit.filters import ScopedFilterSet
from kit.widgets import DateInput
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


def _day(field: str, lookup: str, label):
    return django_filters.DateFilter(field_name=field, lookup_expr=f"date__{lookup}", label=label, widget=DateInput())


class PartFilter(ScopedFilterSet):
    """Also the lists behind the assessment's figures (stats/metrics/control.py): by the day received,
    signed, verified or returned, and signed or done on time."""

    search_fields = ("order__number", "order__title")

    received_after = _day("received_at", "gte", _("received from"))
    received_before = _day("received_at", "lte", _("received to"))
    signed_after = _day("signed_at", "gte", pgettext_lazy("control", "signed from"))
    signed_before = _day("signed_at", "lte", _("signed to"))
    verified_after = _day("verified_at", "gte", _("verified from"))
    verified_before = _day("verified_at", "lte", _("verified to"))
    returned_after = django_filters.DateFilter(
        method="filter_returned_after", label=_("returned from"), widget=DateInput()
    )
    returned_before = django_filters.DateFilter(
        method="filter_returned_before", label=_("returned to"), widget=DateInput()
    )
    signed_on_time = django_filters.BooleanFilter(method="filter_signed_on_time", label=_("signed for on time"))
    done_on_time = django_filters.BooleanFilter(
        method="filter_done_on_time", label=pgettext_lazy("control", "done on time")
    )

    status = django_filters.MultipleChoiceFilter(choices=PartStatus.choices, label=_("status"))
    kind = django_filters.MultipleChoiceFilter(choices=OrderKind.choices, field_name="order__kind", label=_("kind"))
    station = django_filters.ModelChoiceFilter(queryset=Station.objects.all(), label=_("station"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = StationTask
        fields = ["status", "kind", "station", "overdue"]

    def filter_signed_on_time(self, queryset, name, value):
        on_time = Q(signed_at__lte=F("sign_due"))
        return queryset.filter(on_time) if value else queryset.exclude(on_time)

    def filter_done_on_time(self, queryset, name, value):
        on_time = Q(verified_at__isnull=False, submitted_at__lte=F("order__deadline"))
        return queryset.filter(on_time) if value else queryset.exclude(on_time)

    def _returned(self, lookup, value):
        return Exists(
            OrderEvent.objects.filter(
                part=OuterRef("pk"), action=OrderAction.VERIFY_RETURNED, **{f"at__date__{lookup}": value}
            )
        )

    def filter_returned_after(self, queryset, name, value):
        return queryset.filter(self._returned("gte", value))

    def filter_returned_before(self, queryset, name, value):
        return queryset.filter(self._returned("lte", value))

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
    assigned_after = _day("assigned_at", "gte", _("assigned from"))
    assigned_before = _day("assigned_at", "lte", _("assigned to"))
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
