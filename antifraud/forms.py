from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antifraud.choices import WarningOutcome
from antifraud.importing import looks_like_xlsx
from antifraud.models import FraudWarning
from antifraud.services import DEFAULT_DEADLINE_HOURS
from kit.fields import BoundedModelChoiceField
from kit.forms import ActionForm, ScopedModelForm
from stations.models import Station
from stations.scoping import is_bureau_level
from stations.selectors import station_staff

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class FraudWarningForm(ScopedModelForm):
    deadline_hours = forms.IntegerField(
        label=_("deadline (hours)"), initial=DEFAULT_DEADLINE_HOURS, min_value=1, required=False,
        help_text=_("Counted from when the warning was received."),
    )  # fmt: skip
    service_field_names = ("reference", "person_name", "id_number", "phone", "reason", "warned_at", "deadline_hours")

    class Meta:
        model = FraudWarning
        fields = ["station", "reference", "person_name", "id_number", "phone", "reason", "warned_at"]
        widgets = {"warned_at": DATETIME}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["warned_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")

    def _post_clean(self):
        # The service checks and matches the warning; the model's own checks run there, once.
        pass


class FraudWarningEditForm(ScopedModelForm):
    class Meta:
        model = FraudWarning
        fields = ["person_name", "reason", "deadline", "community", "officer"]
        widgets = {"deadline": DATETIME}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = station_staff(self.user, station_id=self.instance.station_id)
        self.fields["community"].queryset = self.fields["community"].queryset.filter(
            station_id=self.instance.station_id
        )


class HandleForm(ActionForm):
    outcome = forms.ChoiceField(label=_("outcome"), choices=WarningOutcome.choices, widget=forms.RadioSelect)
    loss_amount = forms.DecimalField(
        label=_("loss (yuan)"), min_value=0, max_digits=14, decimal_places=2, required=False,
        help_text=_("Only when the person was already cheated."),
    )  # fmt: skip
    note = forms.CharField(
        label=_("what was done"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class WarningImportForm(forms.Form):
    station = BoundedModelChoiceField(label=_("station"), queryset=Station.objects.none())
    file = forms.FileField(label=_("xlsx file"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["station"].queryset = Station.objects.visible_to(user)
        if not is_bureau_level(user):
            del self.fields["station"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.WULING.get("COMMUNITY_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
        if upload.size > limit:
            raise forms.ValidationError(
                _("This file is %(size)s MB; at most %(limit)s MB can be imported at once. Split it into parts."),
                params={"size": f"{upload.size / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"},
            )
        content = upload.read()
        if not upload.name.lower().endswith(".xlsx") or not looks_like_xlsx(content):
            raise forms.ValidationError(
                _("Only Excel workbooks (.xlsx) can be imported. Save the file as .xlsx, or start from the template.")
            )
        self.cleaned_data["content"] = content
        return upload
