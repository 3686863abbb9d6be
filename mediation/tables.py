import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mediation.choices import RISK_SHORT_LABELS
from mediation.models import Dispute, FollowUp
from stations.models import person_name

RISK_CLASSES = {"red": "text-bg-danger", "orange": "text-bg-warning", "yellow": "text-bg-light border"}


class DisputeTable(tables.Table):
    number = tables.Column(linkify=True)
    registered_at = tables.DateTimeColumn(format="Y-m-d")
    risk = tables.Column()
    parties = tables.Column(verbose_name=_("parties"), orderable=False, empty_values=())
    mediator = tables.Column(verbose_name=_("mediator"), order_by=("mediator__last_name", "mediator__first_name"))
    has_overdue_follow_up = tables.BooleanColumn(verbose_name=_("follow-up overdue"), orderable=False)

    class Meta:
        model = Dispute
        fields = [
            "number",
            "registered_at",
            "risk",
            "category",
            "summary",
            "parties",
            "community",
            "mediator",
            "status",
            "has_overdue_follow_up",
            "station",
        ]
        row_attrs = {"data-risk": lambda record: record.risk}

    def render_risk(self, record):
        label = RISK_SHORT_LABELS.get(record.risk, record.get_risk_display())
        return format_html('<span class="badge {}">{}</span>', RISK_CLASSES.get(record.risk, ""), label)

    def value_risk(self, record):
        return record.get_risk_display()

    def render_parties(self, record):
        return "、".join(p.name for p in record.parties.all())  # prefetched

    def value_parties(self, record):
        return self.render_parties(record)

    def render_mediator(self, value):
        return person_name(value)


class FollowUpTable(tables.Table):
    dispute = tables.Column(linkify=True, verbose_name=_("dispute"), order_by=("dispute__number",))
    due_date = tables.DateColumn(format="Y-m-d")
    mediator = tables.Column(
        accessor="dispute__mediator", verbose_name=_("mediator"), order_by=("dispute__mediator__last_name",)
    )
    done_at = tables.DateTimeColumn(format="Y-m-d H:i")

    station = tables.Column(accessor="dispute__station", verbose_name=_("station"), order_by=("dispute__station",))

    class Meta:
        model = FollowUp
        fields = ["dispute", "due_date", "status", "done_at", "result", "satisfaction", "mediator", "station"]
        row_attrs = {"class": lambda record: "table-danger" if record.is_overdue else ""}

    def render_mediator(self, value):
        return person_name(value)
