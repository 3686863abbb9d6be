"""The base forms of every app: scoped choices, the version an edit is based on, and the fields a
service is given (see "How a write flows" in the README)."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kit.fields import bounded_formfield
from kit.text import MAX_LIST_ITEMS, control_character_errors, too_many_items_message
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

    def clean(self):
        cleaned = super().clean()
        for name, message in {**control_character_errors(self.cleaned_data), **long_list_errors(self)}.items():
            self.add_error(name, message)
        # An edit without the version it started from could overwrite someone else's change unseen:
        # refused, with the officer's input kept (a page cached from before, or a hand-made POST).
        if "expected_version" in self.fields and cleaned.get("expected_version") is None:
            raise forms.ValidationError(MISSING_VERSION, code="missing_version")
        return cleaned

    #: The form fields handed to the service; by default every model field of the form but station.
    service_field_names: tuple[str, ...] | None = None

    def service_fields(self) -> dict:
        """The cleaned values the service is called with, by model field name."""
        names = self.service_field_names
        if names is None:
            model_fields = {f.name for f in self._meta.model._meta.get_fields()}
            names = tuple(n for n in self.fields if n in model_fields and n != "station")
        return {name: self.cleaned_data.get(name) for name in names}

    def owner_station(self):
        """The station a new record belongs to: the bureau user's choice, else the user's own."""
        from stations.models import Station

        if "station" in self.fields:
            return self.cleaned_data.get("station")
        station_id = user_station_id(self.user)
        return Station.objects.get(pk=station_id) if station_id is not None else None

    def _post_clean(self):
        if not getattr(self.instance, "station_id", None) and "station" not in self.fields:
            station_id = user_station_id(self.user)
            if hasattr(self.instance, "station_id") and station_id is not None:
                self.instance.station_id = station_id
        super()._post_clean()


MISSING_VERSION = _(
    "This form no longer says which version of the record it was opened on, so it cannot be saved "
    "safely: copy what you typed, reload the page and enter it again."
)


class ActionForm(forms.Form):
    """The form of one action on a record (kit.views.RecordActionView): knows who acts and on what.

    With no fields of its own it is the form of a confirm button (submit, approve, remove)."""

    def __init__(self, *args, user=None, record=None, **kwargs):
        self.user = user
        self.record = record
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        for name, message in {**control_character_errors(self.cleaned_data), **long_list_errors(self)}.items():
            self.add_error(name, message)
        return cleaned


def long_list_errors(form) -> dict[str, str]:
    """{field: message} for a multiple choice posted with more than MAX_LIST_ITEMS values."""
    errors = {}
    if form.is_bound and hasattr(form.data, "getlist"):
        for name, field in form.fields.items():
            if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
                count = len(form.data.getlist(form.add_prefix(name)))
                if count > MAX_LIST_ITEMS:
                    errors[name] = too_many_items_message(count)
    return errors
