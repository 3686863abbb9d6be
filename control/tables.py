import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from control.models import Order, StationTask, TargetList, TaskItem
from kit.urgency import urgency
from stations.models import person_name


def _urgency_badge(deadline, is_open: bool):
    text = timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")
    colour = urgency(timezone.localdate(deadline)) if is_open else ""
    if is_open and deadline < timezone.now():
        return format_html('<span class="badge text-bg-danger" data-urgency="red">{} · {}</span>', _("overdue"), text)
    if colour == "red":
        return format_html('<span class="badge text-bg-danger" data-urgency="red">{}</span>', text)
    if colour == "yellow":
        return format_html('<span class="badge text-bg-warning" data-urgency="yellow">{}</span>', text)
    return text


class OrderTable(tables.Table):
    number = tables.Column(linkify=True)
    deadline = tables.Column()
    issued_by = tables.Column(order_by=("issued_by__last_name", "issued_by__first_name"))

    class Meta:
        model = Order
        fields = ["number", "kind", "title", "department", "priority", "deadline", "status", "issued_by"]

    def render_deadline(self, record):
        return _urgency_badge(record.deadline, record.status == "admitted")

    def value_deadline(self, record):
        return timezone.localtime(record.deadline).strftime("%Y-%m-%d %H:%M")

    def render_issued_by(self, value):
        return person_name(value)


class PartTable(tables.Table):
    order = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("order__number",))
    deadline = tables.Column(accessor="order__deadline", verbose_name=_("deadline"))
    kind = tables.Column(accessor="order__kind", verbose_name=_("kind"))

    class Meta:
        model = StationTask
        fields = ["order", "kind", "station", "status", "received_at", "sign_due", "signed_at", "deadline"]

    def render_kind(self, record):
        return record.order.get_kind_display()

    def render_deadline(self, record):
        return _urgency_badge(record.order.deadline, record.status not in ("submitted", "verified"))

    def value_deadline(self, record):
        return timezone.localtime(record.order.deadline).strftime("%Y-%m-%d %H:%M")


class ItemTable(tables.Table):
    label = tables.Column(linkify=True)
    order = tables.Column(accessor="part__order__title", verbose_name=_("order"), order_by=("part__order__title",))
    deadline = tables.Column(accessor="part__order__deadline", verbose_name=_("deadline"))
    assignee = tables.Column(order_by=("assignee__last_name", "assignee__first_name"))

    class Meta:
        model = TaskItem
        fields = ["label", "order", "community", "assignee", "status", "deadline", "station"]

    def render_assignee(self, value):
        return person_name(value)

    def render_deadline(self, record):
        return _urgency_badge(record.part.order.deadline, record.status != "done")

    def value_deadline(self, record):
        return timezone.localtime(record.part.order.deadline).strftime("%Y-%m-%d %H:%M")


class TargetListTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = TargetList
        fields = ["name", "rule", "days", "tag", "station", "created_at"]
