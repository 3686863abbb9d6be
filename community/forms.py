"""Forms of the community pages; writes go through services (views' perform_save)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.choices import ActivityKind, HazardCategory, ImportKind
from community.importing import looks_like_xlsx
from community.models import (
    Activity,
    Address,
    Hazard,
    Household,
    Patrol,
    PatrolTeam,
    Place,
    PolicePost,
    Resident,
    TeamMember,
)
from kit.fields import BoundedModelChoiceField, bounded_formfield
from kit.forms import ActionForm
from kit.forms import ScopedModelForm as _ScopedModelForm
from kit.personal import normalize_id_number, normalize_phone, parse_id_number, validate_phone
from kit.widgets import DateInput, DateTimeLocalInput
from stations.models import Community, person_name
from stations.scoping import staff_profile
from stations.selectors import station_staff


class ScopedModelForm(_ScopedModelForm):
    """The station-scoped model form; each Meta sets `formfield_callback = bounded_formfield`
    so that choice fields refuse impossible ids (no 500)."""


def my_communities(user):
    """The communities the user serves, if any; else every community they may see."""
    visible = Community.objects.visible_to(user)
    profile = staff_profile(user)
    if profile is not None:
        mine = visible.filter(officers=profile)
        if mine.exists():
            return mine
    return visible


class PhoneFieldMixin:
    phone_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        for name in self.phone_fields:
            if cleaned.get(name):
                cleaned[name] = normalize_phone(cleaned[name])
                try:
                    validate_phone(cleaned[name])
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
        return cleaned


class AddressForm(ScopedModelForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = Address
        fields = ["station", "community", "district", "street", "number", "building", "unit", "floor", "room"]


class HouseholdForm(PhoneFieldMixin, ScopedModelForm):
    phone_fields = ("phone",)

    class Meta:
        formfield_callback = bounded_formfield
        model = Household
        fields = ["station", "community", "address", "number", "kind", "head_name", "phone", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class ResidentForm(PhoneFieldMixin, ScopedModelForm):
    """New resident: the ID number is checked as typed; birth date and sex may be left empty
    (derived from the number) and, if typed, must agree with it."""

    phone_fields = ("phone",)

    class Meta:
        formfield_callback = bounded_formfield
        model = Resident
        fields = ["station", "community", "name", "id_number", "birth_date", "sex", "phone", "address",
                  "household", "tags", "anti_fraud_app", "notes"]  # fmt: skip
        widgets = {
            "birth_date": DateInput(),
            "tags": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"birth_date": _("Leave empty: it is read from the ID number.")}

    def clean_id_number(self):
        number = normalize_id_number(self.cleaned_data.get("id_number", ""))
        parse_id_number(number)
        return number

    def validate_unique(self):
        # The service says where the duplicate is registered; the model's generic message does not.
        pass


class ResidentUpdateForm(ResidentForm):
    """Editing a resident: the ID number (and what it encodes) is stored once and not retyped here."""

    class Meta(ResidentForm.Meta):
        fields = ["name", "phone", "address", "household", "tags", "anti_fraud_app", "notes"]


class PlaceForm(PhoneFieldMixin, ScopedModelForm):
    phone_fields = ("contact_phone",)

    class Meta:
        formfield_callback = bounded_formfield
        model = Place
        fields = ["station", "community", "name", "kind", "address", "credit_code", "contact_name", "contact_phone",
                  "notes"]  # fmt: skip
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class ActivityForm(ScopedModelForm):
    """The work-log form, made for a phone: kind first, the few fields the kind needs
    (static/community/worklog.js hides the others), an optional hazard for inspections."""

    hazard_description = forms.CharField(label=_("hazard found"), max_length=300, required=False)
    hazard_category = forms.ChoiceField(
        label=_("hazard category"), choices=HazardCategory.choices, initial=HazardCategory.FIRE, required=False
    )
    hazard_due_on = forms.DateField(label=_("rectification due"), required=False, widget=DateInput())

    class Meta:
        formfield_callback = bounded_formfield
        model = Activity
        fields = ["station", "kind", "community", "occurred_at", "summary", "household", "place", "people_reached",
                  "help_outcome", "installs"]  # fmt: skip
        widgets = {
            "occurred_at": DateTimeLocalInput(),
            "kind": forms.Select(attrs={"data-worklog-kind": ""}),
            "people_reached": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "installs": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        }

    KIND_FIELDS = {
        "household": [ActivityKind.HOUSEHOLD_VISIT, ActivityKind.HELP, ActivityKind.ANTI_FRAUD_INSTALL],
        "place": [ActivityKind.PLACE_INSPECTION, ActivityKind.PUBLICITY],
        "people_reached": [ActivityKind.PUBLICITY, ActivityKind.LEGAL_CONSULTATION],
        "help_outcome": [ActivityKind.HELP],
        "installs": [ActivityKind.ANTI_FRAUD_INSTALL],
        "hazard_description": [ActivityKind.PLACE_INSPECTION],
        "hazard_category": [ActivityKind.PLACE_INSPECTION],
        "hazard_due_on": [ActivityKind.PLACE_INSPECTION],
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        communities = my_communities(self.user)
        self.fields["community"].queryset = communities
        if self.instance.pk is None and not self.initial.get("community") and communities.exists():
            # The officer's own community by default (the first, if they serve several).
            self.fields["community"].initial = communities.first().pk
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self._narrow_pickers(communities)
        self.fields["community"].widget.attrs.update(
            {
                "hx-get": reverse("community:activity-pickers"),
                "hx-target": "#activity-pickers",
                "hx-swap": "outerHTML",
                "hx-trigger": "change",
            }
        )
        for name, kinds in self.KIND_FIELDS.items():
            self.fields[name].widget.attrs["data-kinds"] = " ".join(kinds)

    def chosen_community(self, communities):
        """The community the entry is for: as posted, else as first shown; None if none is chosen."""
        if self.is_bound:
            value = self.data.get(self.add_prefix("community"))
        else:
            value = self.initial.get("community") or self.fields["community"].initial or self.instance.community_id
        value = getattr(value, "pk", value)
        if value in (None, "") or not str(value).isdigit():
            return None
        return communities.filter(pk=int(value)).first()

    def _narrow_pickers(self, communities) -> None:
        """Households and places of the chosen community only: a record of another community would only
        be refused at the save. With none chosen, those of the officer's communities, labelled with it."""
        community = self.chosen_community(communities)
        households = Household.objects.visible_to(self.user).select_related("address", "community")
        places = Place.objects.visible_to(self.user).select_related("community")
        if community is not None:
            self.fields["household"].queryset = households.filter(community=community)
            self.fields["place"].queryset = places.filter(community=community)
        else:
            self.fields["household"].queryset = households.filter(community__in=communities)
            self.fields["place"].queryset = places.filter(community__in=communities)
            for name in ("household", "place"):
                self.fields[name].label_from_instance = lambda record: f"{record.community.name} · {record}"

    def hazards(self) -> list[dict]:
        data = self.cleaned_data
        if data.get("kind") != ActivityKind.PLACE_INSPECTION or not data.get("hazard_description"):
            return []
        return [
            {
                "category": data.get("hazard_category") or HazardCategory.OTHER,
                "description": data["hazard_description"],
                "due_on": data.get("hazard_due_on"),
            }
        ]


class ActivityUpdateForm(ActivityForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("hazard_description", "hazard_category", "hazard_due_on"):
            del self.fields[name]

    def hazards(self) -> list[dict]:
        return []


class HazardForm(ScopedModelForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = Hazard
        fields = ["station", "community", "place", "standard_address", "category", "description", "found_on", "due_on",
                  "officer"]  # fmt: skip
        widgets = {"found_on": DateInput(), "due_on": DateInput(), "standard_address": forms.HiddenInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The officer already responsible stays a choice even after leaving or moving station: editing
        # the deadline must not force a new officer (the service checks a newly named one).
        officers = station_staff(self.user)
        if self.instance.officer_id:
            officers = (
                get_user_model()
                .objects.filter(Q(pk__in=officers.values("pk")) | Q(pk=self.instance.officer_id))
                .order_by("last_name", "first_name", "username")
            )
        self.fields["officer"].queryset = officers
        self.fields["officer"].label_from_instance = person_name
        self.fields["officer"].required = False


class HazardRectifyForm(ActionForm):
    rectified_on = forms.DateField(label=_("rectified on"), widget=DateInput(), initial=timezone.localdate)
    rectification_note = forms.CharField(label=_("rectification"), widget=forms.Textarea(attrs={"rows": 2}))


class PatrolTeamForm(ScopedModelForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = PatrolTeam
        fields = ["station", "name", "kind", "communities", "notes"]
        widgets = {"communities": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 2})}


class TeamMemberForm(PhoneFieldMixin, ActionForm):
    """A new member of a team (kit.views.RecordActionView on the team)."""

    phone_fields = ("phone",)
    name = TeamMember._meta.get_field("name").formfield()
    affiliation = TeamMember._meta.get_field("affiliation").formfield()
    phone = TeamMember._meta.get_field("phone").formfield()


class PatrolForm(ScopedModelForm):
    class Meta:
        formfield_callback = bounded_formfield
        model = Patrol
        fields = ["station", "team", "community", "started_at", "ended_at", "area", "police_count",
                  "volunteer_count", "findings"]  # fmt: skip
        widgets = {
            "started_at": DateTimeLocalInput(),
            "ended_at": DateTimeLocalInput(),
            "findings": forms.Textarea(attrs={"rows": 3}),
        }


class PolicePostForm(PhoneFieldMixin, ScopedModelForm):
    phone_fields = ("phone",)

    class Meta:
        formfield_callback = bounded_formfield
        model = PolicePost
        fields = ["station", "kind", "name", "community", "location", "latitude", "longitude", "opening_hours",
                  "phone", "officers"]  # fmt: skip
        widgets = {"officers": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = station_staff(self.user)
        self.fields["officers"].label_from_instance = person_name


class ImportUploadForm(forms.Form):
    """An xlsx register to import; too large or not an xlsx is refused before anything is stored."""

    kind = forms.ChoiceField(label=_("register"), choices=ImportKind.choices)
    community = BoundedModelChoiceField(label=_("community"), queryset=Community.objects.none())
    file = forms.FileField(label=_("xlsx file"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["community"].queryset = Community.objects.visible_to(user).select_related("station")

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
