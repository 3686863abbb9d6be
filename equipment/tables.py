import django_tables2 as tables
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from equipment.models import EquipmentItem, Footage
from stations.models import person_name


class EquipmentItemTable(tables.Table):
    serial = tables.Column(linkify=True)
    holder = tables.Column(verbose_name=_("held by"))
    maintenance_due_on = tables.Column(verbose_name=_("maintenance due"), orderable=False, empty_values=())
    battery_due_on = tables.Column(verbose_name=_("battery due"), orderable=False, empty_values=())

    class Meta:
        model = EquipmentItem
        fields = ["serial", "type", "station", "status", "holder", "maintenance_due_on", "battery_due_on"]
        empty_text = _("No equipment recorded.")

    def render_holder(self, value):
        return person_name(value)

    def value_holder(self, value):
        return person_name(value)

    def _due(self, value):
        if value is None:
            return "—"
        return value.isoformat() + (" !" if value <= timezone.localdate() else "")

    def render_maintenance_due_on(self, value):
        return self._due(value)

    def render_battery_due_on(self, value):
        return self._due(value)


class FootageTable(tables.Table):
    file_id = tables.Column(linkify=True)
    holder = tables.Column(verbose_name=_("worn by"))
    incident_count = tables.Column(verbose_name=_("incidents matched"), orderable=False, empty_values=())

    class Meta:
        model = Footage
        fields = ["file_id", "device", "station", "holder", "started_at", "ended_at", "incident_count"]

    def render_holder(self, value):
        return person_name(value)

    def value_holder(self, value):
        return person_name(value)

    def render_incident_count(self, record):
        return len(record.incidents.all())

    def render_started_at(self, value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")

    def render_ended_at(self, value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
