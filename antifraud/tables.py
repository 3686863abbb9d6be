import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from antifraud.models import FraudWarning, WarningImport
from stations.models import person_name


class FraudWarningTable(tables.Table):
    reference = tables.Column(linkify=True)
    phone = tables.Column(verbose_name=_("phone"), accessor="masked_phone", orderable=False)
    officer = tables.Column()
    deadline = tables.Column()

    class Meta:
        model = FraudWarning
        fields = ["reference", "person_name", "phone", "station", "community", "officer", "received_at", "deadline",
                  "status", "outcome", "cheated_after"]  # fmt: skip
        empty_text = _("No warnings.")
        row_attrs = {"class": lambda record: "table-danger" if record.overdue else "", "data-testid": "warning-row"}

    def render_officer(self, value):
        return person_name(value)

    def value_officer(self, value):
        return person_name(value)

    def render_received_at(self, value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")

    def render_deadline(self, value, record):
        text = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        return format_html('<span class="text-danger fw-bold">{}</span>', text) if record.overdue else text

    def value_deadline(self, value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


class WarningImportTable(tables.Table):
    file_name = tables.Column(linkify=True)

    class Meta:
        model = WarningImport
        fields = ["file_name", "station", "status", "created_count", "matched_count", "error_count", "created_at"]

    def render_created_at(self, value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
