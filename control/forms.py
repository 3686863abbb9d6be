"""Forms of the control-centre pages: they parse input; services do the writing."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Incident
from community.choices import ActivityKind
from community.models import Activity, Hazard
from control.choices import Department, Evidence, ItemResult, OrderKind, Priority
from control.models import Order, TargetList, TaskItem
from kit.forms import ActionForm, ScopedModelForm
from kit.widgets import DATETIME_LOCAL_FORMAT, DateTimeLocalInput
from stations.models import Station, person_name
from stations.selectors import station_staff

DATETIME_FORMATS = [DATETIME_LOCAL_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class OrderForm(ScopedModelForm):
    """Drafting or revising an order. A warning order's deadline is in hours."""

    deadline_hours = forms.IntegerField(
        label=_("deadline in hours"),
        required=False,
        min_value=1,
        max_value=168,
        help_text=_("Warning orders only: hours from now."),
    )

    class Meta:
        model = Order
        fields = [
            "kind",
            "title",
            "standard",
            "evidence",
            "priority",
            "deadline",
            "deadline_hours",
            "department",
            "stations",
            "communities",
            "about",
        ]
        widgets = {
            "deadline": DateTimeLocalInput(),
            "standard": forms.Textarea(attrs={"rows": 3}),
            "stations": forms.CheckboxSelectMultiple,
            "communities": forms.SelectMultiple(attrs={"size": 6}),
        }

    service_field_names = (
        "kind",
        "title",
        "standard",
        "evidence",
        "priority",
        "deadline",
        "deadline_hours",
        "department",
        "stations",
        "communities",
        "about",
    )

    def __init__(self, *args, user, record=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["kind"].choices = [c for c in OrderKind.choices if c[0] != OrderKind.URGING]
        self.fields["deadline"].required = False
        self.fields["deadline"].input_formats = DATETIME_FORMATS
        self.fields["communities"].queryset = self.fields["communities"].queryset.select_related("station")
        self.fields["communities"].label_from_instance = lambda c: f"{c.station.name} · {c.name}"
        if not self.instance.pk:
            self.fields["deadline"].initial = (timezone.localtime() + timedelta(days=7)).replace(
                hour=18, minute=0, second=0, microsecond=0
            )
        else:
            del self.fields["kind"]
            self.service_field_names = tuple(n for n in self.service_field_names if n != "kind")

    def service_fields(self) -> dict:
        fields = super().service_fields()
        for name in ("stations", "communities"):
            if name in fields:
                fields[name] = list(fields[name] or [])
        if fields.get("deadline_hours") is None:
            fields.pop("deadline_hours", None)
        else:
            fields.pop("deadline", None)
        return fields


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class AdmitForm(ActionForm):
    stations = forms.ModelMultipleChoiceField(
        label=_("stations to dispatch to"),
        queryset=Station.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick a station to cut it from the order's scope."),
    )
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args, planned=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stations"].queryset = Station.objects.filter(pk__in=list(planned)).order_by("code")
        self.fields["stations"].initial = list(planned)


class MergeForm(ActionForm):
    into = forms.ModelChoiceField(label=_("merge into"), queryset=Order.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Order.objects.visible_to(self.user)
            .filter(status__in=("pending", "admitted"), kind=self.record.kind)
            .exclude(pk=self.record.pk)
        )


class UrgeForm(ActionForm):
    stations = forms.ModelMultipleChoiceField(
        label=_("stations"),
        queryset=Station.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every station where the order is overdue."),
    )
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args, overdue=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stations"].queryset = Station.objects.filter(pk__in=list(overdue)).order_by("code")


class SplitForm(ActionForm):
    by_community = forms.BooleanField(label=_("one item per community of the station"), required=False, initial=True)
    labels = forms.CharField(
        label=_("more items, one a line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("by_community") and not (cleaned.get("labels") or "").strip():
            raise forms.ValidationError(_("Split by community, or write the items."))
        return cleaned

    def items(self) -> list[dict]:
        return [
            {"label": line.strip()} for line in (self.cleaned_data.get("labels") or "").splitlines() if line.strip()
        ]


class AssignForm(ActionForm):
    """One officer picker per open item; empty: the officer of the item's community."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        part = self.record
        staff = list(station_staff(self.user, station_id=part.station_id))
        choices = [("", _("— the community's officer —"))] + [(u.pk, person_name(u)) for u in staff]
        self._staff = {u.pk: u for u in staff}
        self.open_items = list(
            part.items.filter(status__in=("open", "returned")).select_related("community", "assignee")
        )
        for item in self.open_items:
            self.fields[f"item_{item.pk}"] = forms.TypedChoiceField(
                label=f"{item.label}" + (f" · {item.community}" if item.community_id else ""),
                choices=choices,
                required=False,
                coerce=int,
                empty_value=None,
                initial=item.assignee_id,
            )

    def assignments(self) -> dict:
        result = {}
        for item in self.open_items:
            pk = self.cleaned_data.get(f"item_{item.pk}")
            if pk is not None:
                result[item.pk] = self._staff[pk]
        return result


class SubmitForm(ActionForm):
    answer = forms.CharField(
        label=_("answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for urging and cooperation orders."),
    )


class VerifyForm(ActionForm):
    returned_items = forms.ModelMultipleChoiceField(
        label=_("items to return"),
        queryset=TaskItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: the part is accepted."),
    )
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        items = self.record.items.order_by("-sampled", "label", "pk")
        self.fields["returned_items"].queryset = items
        self.fields["returned_items"].label_from_instance = lambda i: (
            f"{'【' + str(_('sampled')) + '】' if i.sampled else ''}{i.label} · {i.get_result_display()} {i.note}"
        )


class CompleteForm(ActionForm):
    """Completing an item on a phone: the result, a note, and the evidence picked from what the officer's
    station recorded in the last 30 days."""

    result = forms.ChoiceField(label=_("result"), choices=ItemResult.choices, initial=ItemResult.DONE)
    note = forms.CharField(label=_("note"), max_length=300, required=False)
    evidence_activity = forms.ModelChoiceField(
        label=_("evidence: work log entry"), queryset=Activity.objects.none(), required=False
    )
    evidence_hazard = forms.ModelChoiceField(
        label=_("evidence: hazard"), queryset=Hazard.objects.none(), required=False
    )
    evidence_incident = forms.ModelChoiceField(
        label=_("evidence: incident"), queryset=Incident.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.record
        since = timezone.now() - timedelta(days=30)
        evidence = item.part.order.evidence
        kinds = {Evidence.VISIT: [ActivityKind.HOUSEHOLD_VISIT], Evidence.INSPECTION: [ActivityKind.PLACE_INSPECTION]}
        activities = Activity.objects.visible_to(self.user).filter(station_id=item.station_id, occurred_at__gte=since)
        if evidence in kinds:
            activities = activities.filter(kind__in=kinds[evidence])
        mine = activities.filter(officer=self.user)
        if item.resident_id:
            mine = activities.filter(resident_id=item.resident_id) | mine
        self.fields["evidence_activity"].queryset = mine.order_by("-occurred_at")
        self.fields["evidence_hazard"].queryset = Hazard.objects.visible_to(self.user).filter(
            station_id=item.station_id
        )
        self.fields["evidence_incident"].queryset = Incident.objects.visible_to(self.user).filter(
            station_id=item.station_id, reported_at__gte=since
        )
        keep = {
            Evidence.VISIT: "evidence_activity",
            Evidence.INSPECTION: "evidence_activity",
            Evidence.HAZARD: "evidence_hazard",
            Evidence.INCIDENT: "evidence_incident",
        }.get(evidence)
        for name in ("evidence_activity", "evidence_hazard", "evidence_incident"):
            if name != keep:
                del self.fields[name]


class TargetListForm(ScopedModelForm):
    class Meta:
        model = TargetList
        fields = ["name", "rule", "days", "tag", "min_incidents", "station"]


class IssueForm(ActionForm):
    title = forms.CharField(label=_("title"), max_length=200)
    standard = forms.CharField(label=_("standard of done"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateTimeField(label=_("deadline"), widget=DateTimeLocalInput(), input_formats=DATETIME_FORMATS)
    priority = forms.ChoiceField(label=_("priority"), choices=Priority.choices, initial=Priority.NORMAL)
    department = forms.ChoiceField(
        label=_("issuing department"), choices=Department.choices, initial=Department.CONTROL_CENTRE
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].initial = self.record.name
        self.fields["deadline"].initial = (timezone.localtime() + timedelta(days=7)).replace(
            hour=18, minute=0, second=0, microsecond=0
        )
