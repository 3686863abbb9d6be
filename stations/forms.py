from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from stations.fields import bounded_formfield
from stations.models import Station
from stations.scoping import is_bureau_level, is_scoped_model, user_station_id

# Django's own words ("确保该变量包含不超过 200 字符") are a programmer's; officers read "最多200字".
MAX_LENGTH_MESSAGE = _("At most %(limit_value)d characters (this has %(show_value)d).")


class ScopedModelForm(forms.ModelForm):
    """A model form whose choice lists offer only what the user may see.

    Every ModelChoiceField over a station-scoped model is narrowed with
    `visible_to(user)`, so a record cannot be pointed at another station's
    community, resident or officer. `station` is shown only to bureau-level
    users; everyone else's records belong to their own station.
    """

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        # Inherited by every subclass's form fields (ModelFormMetaclass looks
        # at the bases' Meta): a typed id too large for the database is "not a
        # valid choice", not a 500.
        formfield_callback = bounded_formfield

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = MAX_LENGTH_MESSAGE
            if field.label:
                field.label = capfirst(field.label)  # a form's own labels are lowercase like verbose names
            queryset = getattr(field, "queryset", None)
            if queryset is not None and is_scoped_model(queryset.model):
                field.queryset = queryset.visible_to(user)
        if "station" in self.fields and not is_bureau_level(user):
            del self.fields["station"]
        if not hasattr(self.instance, "version") or self.instance.pk is None:
            del self.fields["expected_version"]
        else:
            self.fields["expected_version"].initial = self.instance.version

    def _post_clean(self):
        if not getattr(self.instance, "station_id", None) and "station" not in self.fields:
            station_id = user_station_id(self.user)
            if hasattr(self.instance, "station_id") and station_id is not None:
                self.instance.station_id = station_id
        super()._post_clean()


class StationChoiceField(forms.ModelChoiceField):
    def __init__(self, user, **kwargs):
        super().__init__(queryset=Station.objects.visible_to(user), label=_("station"), **kwargs)
