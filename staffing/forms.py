from django import forms
from django.utils.translation import gettext_lazy as _

from kit.forms import ActionForm, ScopedModelForm
from staffing.models import Assignment, Award, CommitteeSeat
from staffing.selectors import people_choices
from stations.scoping import is_bureau_level

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _PersonFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_choices(self.user)
        if "station" in self.fields:
            self.fields["station"].required = False

    def owner_station(self):
        # Bureau-level users may record a post in the bureau's own offices: no station.
        if "station" in self.fields:
            return self.cleaned_data.get("station")
        return super().owner_station()


class AssignmentForm(_PersonFormMixin, ScopedModelForm):
    class Meta:
        model = Assignment
        fields = ["person", "station", "unit", "communities", "kind", "start", "end", "notes"]
        widgets = {"start": DATE, "end": DATE, "communities": forms.SelectMultiple(attrs={"size": 5})}


class AssignmentEndForm(ActionForm):
    end = forms.DateField(label=_("last day served"), widget=DATE)


class CommitteeSeatForm(_PersonFormMixin, ScopedModelForm):
    class Meta:
        model = CommitteeSeat
        fields = ["person", "station", "level", "community", "committee", "position", "since", "until"]
        widgets = {"since": DATE, "until": DATE}


class AwardForm(_PersonFormMixin, ScopedModelForm):
    class Meta:
        model = Award
        fields = ["person", "station", "unit", "kind", "title", "awarded_on"]
        widgets = {"awarded_on": DATE}


def station_required_for(user) -> bool:
    return not is_bureau_level(user)
