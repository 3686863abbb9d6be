"""The base FilterSet of every list (page and API), and filters every app uses."""

import operator
from functools import reduce

import django_filters
import django_filters.conf
from django import forms
from django.db.models import Q, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from kit.fields import MAX_ID, BoundedFilterModelChoiceField, BoundedFilterModelMultipleChoiceField
from stations.scoping import is_bureau_level, is_city_level, is_scoped_model


def id_filter(field_name: str, label, **kwargs) -> django_filters.NumberFilter:
    """A record id typed into a URL: whole, positive and within a database integer,
    so a thirty-digit id is a field error (400 in the API) instead of an overflow (500)."""
    return django_filters.NumberFilter(
        field_name=field_name, label=label, min_value=1, max_value=MAX_ID, decimal_places=0, **kwargs
    )


class AnyYesNoSelect(forms.NullBooleanSelect):
    """A yes/no filter whose empty choice means "any", so it says 全部, not 未知."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("All")), ("true", _("Yes")), ("false", _("No"))]


def use_filter_bar_widgets(filter_) -> None:
    """Widgets for the compact filter bar (templates/generic/object_list.html), set once for every
    FilterSet: ticks in a dropdown instead of a Ctrl-click list, and "全部" for "no filter"."""
    if getattr(filter_, "_filter_bar_ready", False):
        return  # declared filters are shared by subclasses: wrap their label once, not once per class
    filter_._filter_bar_ready = True
    if "widget" not in filter_.extra:
        if isinstance(filter_, django_filters.MultipleChoiceFilter):
            filter_.extra["widget"] = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
        elif isinstance(filter_, django_filters.BooleanFilter):
            filter_.extra["widget"] = AnyYesNoSelect
    if filter_.label:
        filter_.label = capfirst(filter_.label)  # verbose names are lowercase: "Station", not "station"
    default = django_filters.conf.settings.EMPTY_CHOICE_LABEL
    if isinstance(filter_, django_filters.ChoiceFilter) and filter_.extra.get("empty_label", default) == default:
        filter_.extra["empty_label"] = _("All")


class ScopedFilterSet(django_filters.FilterSet):
    """Base of every FilterSet: `q` searches `search_fields`, and choice lists
    over station-owned models offer only what the user may see."""

    search_fields: tuple[str, ...] = ()

    q = django_filters.CharFilter(method="filter_search", label=_("Search"))

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data=data, queryset=queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        for filter_ in self.filters.values():
            # ModelChoiceFilter and friends keep their choices in `.queryset`.
            choices_qs = getattr(filter_, "queryset", None)
            if user is not None and isinstance(choices_qs, QuerySet) and is_scoped_model(choices_qs.model):
                filter_.queryset = choices_qs.visible_to(user)
            # An id typed into the URL that no database column can hold is an invalid choice, not a 500.
            # Only the stock field classes: an app's own (e.g. one labelling people by name) stays.
            if filter_.field_class is django_filters.fields.ModelMultipleChoiceField:
                filter_.field_class = BoundedFilterModelMultipleChoiceField
            elif filter_.field_class is django_filters.fields.ModelChoiceField:
                filter_.field_class = BoundedFilterModelChoiceField
        if not self.search_fields:
            self.filters.pop("q", None)
        if user is not None and not is_bureau_level(user):
            # A station's own people read only their station's records: a station filter would offer
            # one choice. Only bureau-level users (who see every station) are offered it.
            self.filters.pop("station", None)
        if user is not None and not is_city_level(user):
            # Likewise the sub-bureau filter: a bureau's people see one bureau.
            self.filters.pop("bureau", None)

    @classmethod
    def get_filters(cls):
        # Once, when the class is made: a filter's form field is built on first use and then kept
        # (the API schema builds them from the class's filters), so later changes would not show.
        filters = super().get_filters()
        if "station" in filters and "bureau" not in filters and cls._meta.model is not None:
            # Every list that filters by station filters by sub-bureau too: the city's figures link here.
            reordered = type(filters)()
            for name, filter_ in filters.items():
                if name == "station":
                    reordered["bureau"] = bureau_filter()
                reordered[name] = filter_
            filters = reordered
        for filter_ in filters.values():
            use_filter_bar_widgets(filter_)
        return filters

    def filter_search(self, queryset, name, value):
        terms = value.split()
        if not terms or not self.search_fields:
            return queryset
        for term in terms:
            queryset = queryset.filter(
                reduce(operator.or_, (Q(**{f"{field}__icontains": term}) for field in self.search_fields))
            )
        return queryset


@extend_schema_field(OpenApiTypes.INT)
class BureauFilter(django_filters.ModelChoiceFilter):
    """Records of the stations of one sub-bureau, whatever the model's way to its station (an id)."""

    def filter(self, qs, value):
        return qs.for_bureau(value.pk) if value else qs


def bureau_filter() -> BureauFilter:
    from stations.models import Bureau

    return BureauFilter(queryset=Bureau.objects.all(), label=_("Sub-bureau"))
