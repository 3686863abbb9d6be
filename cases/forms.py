"""Forms of the cases app: thin, with scoped choices; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.choices import CaseStatus, IncidentChannel, PersonRole, PersonStatus
from cases.models import Case, CasePerson, CustodyRecord, Incident
from cases.selectors import case_officers
from cases.services import cases_of_incidents, incident_errors
from kit.forms import MISSING_VERSION, ActionForm, ScopedModelForm
from kit.personal import clean_optional_id_number
from kit.text import split_list
from kit.widgets import DATETIME_LOCAL_FORMAT, DateInput, DateTimeLocalInput
from stations.models import person_name
from stations.scoping import staff_profile, user_station_id
from stations.selectors import station_staff


def _now_local() -> str:
    return timezone.localtime().strftime(DATETIME_LOCAL_FORMAT)


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_name(obj)


class OfficersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return person_name(obj)


INCIDENT_FORM_FIELDS = [
    "station",
    "category",
    "subtype",
    "channel",
    "occurred_at",
    "reported_at",
    "community",
    "standard_address",
    "address",
    "reporter_name",
    "reporter_phone",
    "reporter_resident",
    "summary",
    "arrived_at",
    "responding_officer",
    "disposition",
    "narrative",
    "closed_at",
]


class IncidentForm(ScopedModelForm):
    """Log or edit an incident: times default to now, the community to the officer's own."""

    responding_officer = OfficerChoiceField(queryset=None, required=False, label=_("responding officer"))

    class Meta:
        model = Incident
        fields = INCIDENT_FORM_FIELDS
        widgets = {
            "occurred_at": DateTimeLocalInput(),
            "reported_at": DateTimeLocalInput(),
            "arrived_at": DateTimeLocalInput(),
            "closed_at": DateTimeLocalInput(),
            "narrative": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.TextInput(attrs={"autofocus": True}),
            "reporter_resident": forms.HiddenInput(),
            "standard_address": forms.HiddenInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responding_officer"].queryset = station_staff(self.user)
        for name in ("occurred_at", "reported_at", "arrived_at", "closed_at"):
            self.fields[name].input_formats = [DATETIME_LOCAL_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        if self.instance.pk is None:
            now = _now_local()
            self.initial.setdefault("occurred_at", now)
            self.initial.setdefault("reported_at", now)
            self.initial.setdefault("channel", IncidentChannel.DISPATCH_110)  # most incidents come from 110
            profile = staff_profile(self.user)
            if "community" not in self.initial and profile is not None:
                own = [c for c in profile.communities.all() if c.station_id == profile.station_id]
                if own:
                    self.initial["community"] = own[0].pk
            if "responding_officer" not in self.initial and profile is not None and profile.station_id:
                self.initial["responding_officer"] = self.user.pk

    def station_id(self):
        if "station" in self.fields:
            station = self.cleaned_data.get("station") if hasattr(self, "cleaned_data") else None
            return station.pk if station else None
        return self.instance.station_id or user_station_id(self.user)

    def clean(self):
        cleaned = super().clean()
        values = {name: cleaned.get(name) for name in INCIDENT_FORM_FIELDS if name != "station"}
        for field, messages in incident_errors(station_id=self.station_id(), values=values).items():
            if field in self.fields and field not in self.errors:
                for message in messages:
                    self.add_error(field, message)
        return cleaned

    def service_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in INCIDENT_FORM_FIELDS if name != "station"}


class IncidentReturnForm(ActionForm):
    note = forms.CharField(
        label=_("what to correct"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Say what needs correcting.")},
    )


def _parse_incident_numbers(user, text: str):
    numbers = split_list(text)
    if not numbers:
        return []
    found = {i.number: i for i in Incident.objects.visible_to(user).filter(number__in=numbers)}
    missing = [n for n in numbers if n not in found]
    if missing:
        raise forms.ValidationError(
            _("No incident with the number %(numbers)s at your station.") % {"numbers": "、".join(missing)}
        )
    return [found[n] for n in dict.fromkeys(numbers)]


CASE_FORM_FIELDS = [
    "station",
    "kind",
    "offense_type",
    "title",
    "summary",
    "community",
    "address",
    "registered_at",
    "due_date",
    "loss_amount",
    "recovered_amount",
]


class CaseForm(ScopedModelForm):
    """Register (立案) or edit a case. On registration: the incidents and officers."""

    incident_numbers = forms.CharField(
        label=_("from incidents"),
        required=False,
        help_text=_("Incident numbers, separated by spaces or commas."),
    )
    lead_officer = OfficerChoiceField(queryset=None, required=False, label=_("lead officer"))
    officers = OfficersChoiceField(
        queryset=None, required=False, label=_("assigned officers"), widget=forms.CheckboxSelectMultiple
    )
    allow_second_case = forms.BooleanField(
        label=_("Register a new case anyway"),
        required=False,
        help_text=_("Tick only if this is a separate case from the one already registered from the incident."),
    )

    class Meta:
        model = Case
        fields = CASE_FORM_FIELDS
        widgets = {
            "registered_at": DateTimeLocalInput(),
            "due_date": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "loss_amount": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
            "recovered_amount": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registered_at"].input_formats = [DATETIME_LOCAL_FORMAT, "%Y-%m-%d %H:%M"]
        if self.instance.pk is None:
            staff = case_officers(self.user)
            self.fields["lead_officer"].queryset = staff
            self.fields["officers"].queryset = staff
            self.initial.setdefault("registered_at", _now_local())
            if staff_profile(self.user) is not None and staff_profile(self.user).station_id:
                self.initial.setdefault("lead_officer", self.user.pk)
        else:
            for name in ("incident_numbers", "lead_officer", "officers", "allow_second_case"):
                del self.fields[name]

    def clean_incident_numbers(self):
        return _parse_incident_numbers(self.user, self.cleaned_data.get("incident_numbers", ""))

    def existing_cases(self) -> list[Case]:
        """The cases already registered from the incidents typed (or prefilled): shown as a warning."""
        if "incident_numbers" not in self.fields:
            return []
        typed = self["incident_numbers"].value() or ""
        incidents = Incident.objects.visible_to(self.user).filter(number__in=split_list(typed))
        return cases_of_incidents(incidents)

    def service_fields(self) -> dict:
        fields = {name: self.cleaned_data.get(name) for name in CASE_FORM_FIELDS if name != "station"}
        if "incident_numbers" in self.fields:
            fields.update(
                incidents=self.cleaned_data.get("incident_numbers") or [],
                officers=self.cleaned_data.get("officers") or [],
                lead_officer=self.cleaned_data.get("lead_officer"),
                allow_second_case=self.cleaned_data.get("allow_second_case", False),
            )
        return fields


class CaseTransitionForm(ActionForm):
    """A case's next status; the statuses offered are those its current one allows."""

    to_status = forms.ChoiceField(label=_("new status"), choices=CaseStatus.choices)
    at = forms.DateTimeField(
        label=_("when"),
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_LOCAL_FORMAT, "%Y-%m-%d %H:%M"],
        help_text=_("Leave empty to record the current time."),
    )
    reason = forms.CharField(label=_("reason"), required=False, max_length=200)
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.record is not None:
            from cases.services import allowed_transitions

            allowed = allowed_transitions(self.record)
            self.fields["to_status"].choices = [(v, label) for v, label in CaseStatus.choices if v in allowed]
            self.initial.setdefault("expected_version", self.record.version)

    def clean(self):
        cleaned = super().clean()
        if "expected_version" in self.errors:
            del self.errors["expected_version"]
            self.add_error(None, forms.ValidationError(MISSING_VERSION, code="missing_version"))
        return cleaned


class CaseAssignForm(ActionForm):
    officers = OfficersChoiceField(
        queryset=None, label=_("assigned officers"), widget=forms.SelectMultiple(attrs={"size": 6}), required=False
    )
    lead_officer = OfficerChoiceField(queryset=None, required=False, label=_("lead officer"))
    due_date = forms.DateField(label=_("due date"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = case_officers(self.user, station_id=self.record.station_id)
        self.fields["officers"].queryset = staff
        self.fields["lead_officer"].queryset = staff


def _person_field(name: str):
    return CasePerson._meta.get_field(name).formfield()


class CasePersonForm(ActionForm):
    """Add a suspect, victim or witness to the case (`record`)."""

    role = _person_field("role")
    name = _person_field("name")
    status = _person_field("status")
    id_number = _person_field("id_number")
    phone = _person_field("phone")
    note = _person_field("note")
    # The register's resident with the ID number typed, linked when the officer confirms the suggestion.
    resident = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from community.models import Resident

        self.fields["resident"].queryset = Resident.objects.visible_to(self.user)
        self.fields["name"].required = False  # a linked resident lends their name

    def clean_id_number(self):
        return clean_optional_id_number(self.cleaned_data.get("id_number"))

    def clean(self):
        cleaned = super().clean()
        resident = cleaned.get("resident")
        if not cleaned.get("name") and resident is None and "name" not in self.errors:
            self.add_error("name", forms.ValidationError(_("Name the person, or link them to a resident."), "required"))
        if resident is not None and cleaned.get("id_number") and resident.id_number != cleaned["id_number"]:
            self.add_error("id_number", _("This is not the ID number of the resident linked: link them again."))
        return cleaned


class CasePersonStatusForm(ActionForm):
    status = forms.ChoiceField(label=_("status"), choices=PersonStatus.choices)


class SeriesLinkForm(ActionForm):
    other_number = forms.CharField(label=_("case number to link"), max_length=30)
    name = forms.CharField(label=_("series name"), required=False, max_length=100)

    def clean_other_number(self):
        number = self.cleaned_data["other_number"].strip()
        case = Case.objects.visible_to(self.user).filter(number=number).first()
        if case is None:
            raise forms.ValidationError(_("No case with this number at your station."))
        return case


CUSTODY_FORM_FIELDS = [
    "person",
    "person_name",
    "time_in",
    "photo_taken",
    "fingerprints_taken",
    "dna_taken",
    "belongings_kept",
    "belongings_notes",
    "custody",
    "time_out",
    "escort_destination",
    "notes",
]


class CustodyRecordForm(ScopedModelForm):
    class Meta:
        model = CustodyRecord
        fields = CUSTODY_FORM_FIELDS
        widgets = {
            "time_in": DateTimeLocalInput(),
            "time_out": DateTimeLocalInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = CasePerson.objects.filter(case=case)
        self.fields["person_name"].required = False
        for name in ("time_in", "time_out"):
            self.fields[name].input_formats = [DATETIME_LOCAL_FORMAT, "%Y-%m-%d %H:%M"]
        if self.instance.pk is None:
            self.initial.setdefault("time_in", _now_local())
            suspects = [p for p in self.fields["person"].queryset if p.role == PersonRole.SUSPECT]
            if len(suspects) == 1:
                self.initial.setdefault("person", suspects[0].pk)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("person_name") and not cleaned.get("person"):
            self.add_error("person_name", _("Name the person brought in, or pick them from the case."))
        return cleaned

    def service_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in CUSTODY_FORM_FIELDS}
