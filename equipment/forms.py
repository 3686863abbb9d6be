from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from equipment.choices import ItemStatus, ReturnCondition
from equipment.models import EquipmentItem, Footage
from kit.fields import BoundedModelChoiceField
from kit.forms import ActionForm, ScopedModelForm
from stations.selectors import station_staff

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EquipmentItemForm(ScopedModelForm):
    class Meta:
        model = EquipmentItem
        fields = ["station", "type", "serial", "received_on", "last_maintained_on", "battery_replaced_on", "notes"]
        widgets = {"received_on": DATE, "last_maintained_on": DATE, "battery_replaced_on": DATE}


class IssueForm(ActionForm):
    holder = BoundedModelChoiceField(label=_("issued to"), queryset=None)
    signature = forms.CharField(label=_("signed by"), max_length=50, help_text=_("The officer's name as signed."))
    issued_at = forms.DateTimeField(label=_("issued at"), widget=DATETIME, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = station_staff(self.user, station_id=self.record.station_id)
        self.fields["issued_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class ReturnForm(ActionForm):
    returned_at = forms.DateTimeField(label=_("returned at"), widget=DATETIME, required=False)
    condition = forms.ChoiceField(label=_("condition on return"), choices=ReturnCondition.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["returned_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class StatusForm(ActionForm):
    status = forms.ChoiceField(
        label=_("status"), choices=[(v, label) for v, label in ItemStatus.choices if v != ItemStatus.ISSUED]
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class MaintainForm(ActionForm):
    on = forms.DateField(label=_("maintained on"), widget=DATE, initial=timezone.localdate)
    battery = forms.BooleanField(label=_("battery replaced"), required=False)


class FootageForm(ScopedModelForm):
    class Meta:
        model = Footage
        fields = ["station", "device", "file_id", "started_at", "ended_at"]
        widgets = {"started_at": DATETIME, "ended_at": DATETIME}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from equipment.choices import EquipmentCategory

        self.fields["device"].queryset = self.fields["device"].queryset.filter(
            type__category=EquipmentCategory.BODY_CAMERA
        )
