"""Forms of the mediation pages: they parse input; services do the writing."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.models import Resident
from kit.forms import ActionForm, ScopedModelForm
from kit.personal import clean_optional_id_number
from kit.text import split_list
from kit.widgets import DATETIME_LOCAL_FORMAT, DateInput, DateTimeLocalInput
from mediation.choices import (
    FollowUpResult,
    MediatingBody,
    PartySide,
    ReferralTarget,
    Satisfaction,
)
from mediation.models import Agreement, Dispute, MediationSession
from stations.models import person_name
from stations.selectors import station_staff


def _now_local():
    return timezone.localtime().replace(second=0, microsecond=0)


class PartyFieldsMixin:
    """Resolves a typed ID number to a registered resident of the user's scope."""

    def resident_for(self, id_number: str):
        if not id_number:
            return None
        return Resident.objects.visible_to(self.user).filter(id_number=id_number.strip().upper()).first()


class DisputeCreateForm(PartyFieldsMixin, ScopedModelForm):
    applicant_name = forms.CharField(label=_("applicant"), max_length=50)
    applicant_phone = forms.CharField(label=_("applicant's phone"), max_length=20, required=False)
    applicant_id_number = forms.CharField(
        label=_("applicant's ID number"),
        max_length=18,
        required=False,
        help_text=_("A registered resident's ID number links the party to the register."),
    )
    respondent_name = forms.CharField(label=_("respondent"), max_length=50, required=False)
    respondent_phone = forms.CharField(label=_("respondent's phone"), max_length=20, required=False)
    respondent_id_number = forms.CharField(label=_("respondent's ID number"), max_length=18, required=False)

    class Meta:
        model = Dispute
        fields = [
            "station",
            "incident",
            "source",
            "category",
            "risk",
            "community",
            "summary",
            "description",
            "standard_address",
            "address",
            "mediator",
        ]
        widgets = {
            "incident": forms.HiddenInput,
            "standard_address": forms.HiddenInput,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["mediator"].queryset = station_staff(user)
        self.fields["mediator"].label_from_instance = person_name
        self.fields["risk"].widget = forms.RadioSelect(choices=[c for c in self.fields["risk"].choices if c[0]])

    def clean_applicant_id_number(self):
        return clean_optional_id_number(self.cleaned_data.get("applicant_id_number"))

    def clean_respondent_id_number(self):
        return clean_optional_id_number(self.cleaned_data.get("respondent_id_number"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("respondent_phone") and not cleaned.get("respondent_name"):
            self.add_error("respondent_name", _("Name the respondent whose phone you entered."))
        return cleaned

    def parties(self) -> list[dict]:
        """The applicant and, when named, the respondent, as the fields of `services.party_add`."""
        data = self.cleaned_data
        parties = []
        for side, prefix in ((PartySide.APPLICANT, "applicant"), (PartySide.RESPONDENT, "respondent")):
            if side == PartySide.RESPONDENT and not data.get("respondent_name"):
                continue
            id_number = data.get(f"{prefix}_id_number", "")
            parties.append(
                {
                    "side": side,
                    "name": data[f"{prefix}_name"],
                    "phone": data.get(f"{prefix}_phone", ""),
                    "id_number": id_number,
                    "resident": self.resident_for(id_number),
                }
            )
        return parties


class DisputeUpdateForm(ScopedModelForm):
    class Meta:
        model = Dispute
        fields = ["source", "category", "risk", "community", "summary", "description", "standard_address", "address",
                  "mediator"]  # fmt: skip
        widgets = {"standard_address": forms.HiddenInput, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["mediator"].queryset = station_staff(user, station_id=self.instance.station_id)
        self.fields["mediator"].label_from_instance = person_name


class PartyForm(PartyFieldsMixin, ActionForm):
    side = forms.ChoiceField(label=_("side"), choices=PartySide.choices)
    name = forms.CharField(label=pgettext_lazy("person", "name"), max_length=50)
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    id_number = forms.CharField(label=_("national ID number"), max_length=18, required=False)
    address = forms.CharField(label=_("address"), max_length=200, required=False)

    def clean_id_number(self):
        return clean_optional_id_number(self.cleaned_data.get("id_number"))

    def service_fields(self) -> dict:
        """The fields of `services.party_add`: the typed ID number links a registered resident."""
        return {**self.cleaned_data, "resident": self.resident_for(self.cleaned_data["id_number"])}


class SessionForm(ScopedModelForm):
    bodies = forms.MultipleChoiceField(
        label=_("participating bodies"),
        choices=MediatingBody.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MediationSession
        fields = [
            "held_at",
            "venue",
            "location",
            "mediators",
            "other_mediators",
            "bodies",
            "attendees",
            "notes",
            "outcome",
        ]
        widgets = {
            "held_at": DateTimeLocalInput(),
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "mediators": forms.CheckboxSelectMultiple,
        }
        help_texts = {"outcome": _("Leave empty for a session that is only planned.")}

    def __init__(self, *args, user, record=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # Recorded from the dispute's page (`record`: the dispute) or corrected (the session's own).
        station_id = record.station_id if record is not None else self.instance.dispute.station_id
        self.fields["mediators"].queryset = station_staff(user, station_id=station_id)
        self.fields["mediators"].label_from_instance = person_name
        self.fields["held_at"].input_formats = [DATETIME_LOCAL_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        if not self.instance.pk:
            self.fields["held_at"].initial = _now_local()
            self.fields["mediators"].initial = [user.pk]


def parse_days(raw: str) -> list[int]:
    parts = split_list(raw)
    # isdecimal, not isdigit: int() refuses "²"; full-width "３０" is fine.
    if not all(part.isdecimal() for part in parts):
        raise forms.ValidationError(_("Enter whole numbers of days separated by commas, e.g. 7,30."))
    return [int(part) for part in parts]


class AgreementForm(ActionForm):
    terms = forms.CharField(label=_("terms"), widget=forms.Textarea(attrs={"rows": 6}))
    signed_at = forms.DateTimeField(
        label=_("signed at"), widget=DateTimeLocalInput(), input_formats=[DATETIME_LOCAL_FORMAT, "%Y-%m-%d %H:%M"]
    )
    follow_up_days = forms.CharField(
        label=_("follow-up visits after (days)"),
        required=False,
        help_text=_("Days after signing, separated by commas. Empty: no visits scheduled now."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        session = self.record  # the agreement is signed at this session
        self.fields["signed_at"].initial = timezone.localtime(session.held_at) if session else _now_local()
        self.fields["follow_up_days"].initial = ",".join(str(d) for d in settings.WULING["MEDIATION_FOLLOW_UP_DAYS"])

    def clean_follow_up_days(self):
        return parse_days(self.cleaned_data.get("follow_up_days") or "")


class AgreementUpdateForm(ScopedModelForm):
    class Meta:
        model = Agreement
        fields = ["terms", "signed_at", "fulfilment"]
        widgets = {"signed_at": DateTimeLocalInput(), "terms": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["signed_at"].input_formats = [DATETIME_LOCAL_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class FollowUpScheduleForm(ActionForm):
    due_date = forms.DateField(label=_("due"), widget=DateInput())


class FollowUpRecordForm(ActionForm):
    result = forms.ChoiceField(label=_("result"), choices=FollowUpResult.choices, widget=forms.RadioSelect)
    satisfaction = forms.ChoiceField(
        label=_("the parties' satisfaction"), choices=[("", "—"), *Satisfaction.choices], required=False
    )
    done_at = forms.DateTimeField(
        label=_("visited at"), widget=DateTimeLocalInput(), input_formats=[DATETIME_LOCAL_FORMAT, "%Y-%m-%d %H:%M"]
    )
    notes = forms.CharField(label=_("notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_at"].initial = _now_local()


class ReferForm(ActionForm):
    referred_to = forms.ChoiceField(label=_("referred to"), choices=ReferralTarget.choices)
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class NoteForm(ActionForm):
    note = forms.CharField(label=_("note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, note_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = note_required
