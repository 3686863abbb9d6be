import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CustodyRecord, Incident
from stations.models import person_name

STATUS_BADGES = {
    "draft": "secondary",
    "submitted": "info",
    "returned": "warning",
    "approved": "success",
    "registered": "secondary",
    "investigating": "primary",
    "solved": "success",
    "closed": "dark",
    "suspended": "warning",
    "withdrawn": "light",
}


def _badge(value, label):
    return format_html('<span class="badge text-bg-{}">{}</span>', STATUS_BADGES.get(value, "secondary"), label)


def _person(user):
    return person_name(user) if user else "—"


class IncidentTable(tables.Table):
    number = tables.Column(linkify=True)
    summary = tables.Column(attrs={"td": {"class": "wl-wrap"}})
    responding_officer = tables.Column(
        verbose_name=_("responding officer"), order_by=("responding_officer__last_name",)
    )

    class Meta:
        model = Incident
        fields = [
            "number",
            "reported_at",
            "station",
            "community",
            "category",
            "channel",
            "summary",
            "address",
            "responding_officer",
            "disposition",
            "status",
        ]
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_status(self, value, record):
        return _badge(record.status, value)

    def render_responding_officer(self, value):
        return _person(value)

    def value_responding_officer(self, value):
        return _person(value)

    def value_status(self, value, record):
        return record.get_status_display()


class CaseTable(tables.Table):
    number = tables.Column(linkify=True)
    title = tables.Column(attrs={"td": {"class": "wl-wrap"}})
    lead_officer = tables.Column(verbose_name=_("lead officer"), order_by=("lead_officer__last_name",))
    officers = tables.Column(verbose_name=_("assigned officers"), orderable=False, empty_values=())

    class Meta:
        model = Case
        fields = [
            "number",
            "registered_at",
            "station",
            "kind",
            "offense_type",
            "title",
            "community",
            "lead_officer",
            "officers",
            "due_date",
            "loss_amount",
            "recovered_amount",
            "status",
            "solved_at",
        ]
        attrs = {"class": "table table-sm table-hover align-middle"}
        row_attrs = {"class": lambda record: f"wl-urgency-{record.urgency}" if record.urgency else ""}

    def render_status(self, value, record):
        return _badge(record.status, value)

    def render_due_date(self, value, record):
        if not value:
            return "—"
        css = {"red": "text-danger fw-semibold", "yellow": "text-warning-emphasis fw-semibold"}.get(record.urgency, "")
        return format_html('<span class="{}">{}</span>', css, value.strftime("%Y-%m-%d"))

    def render_lead_officer(self, value):
        return _person(value)

    def value_lead_officer(self, value):
        return _person(value)

    def render_officers(self, record):
        return "、".join(_person(u) for u in record.officers.all()) or "—"

    def value_officers(self, record):
        return "、".join(_person(u) for u in record.officers.all())

    def value_status(self, value, record):
        return record.get_status_display()

    def value_due_date(self, value, record):
        return value.isoformat() if value else ""


class CustodyRecordTable(tables.Table):
    person_name = tables.Column(linkify=True)
    case = tables.Column(linkify=True)

    class Meta:
        model = CustodyRecord
        fields = [
            "person_name",
            "case",
            "station",
            "time_in",
            "time_out",
            "photo_taken",
            "fingerprints_taken",
            "dna_taken",
            "belongings_kept",
            "custody",
            "escort_destination",
        ]
        attrs = {"class": "table table-sm table-hover align-middle"}
