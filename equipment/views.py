from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from equipment import selectors, services
from equipment.filters import EquipmentItemFilter, FootageFilter
from equipment.forms import EquipmentItemForm, FootageForm, IssueForm, MaintainForm, ReturnForm, StatusForm
from equipment.models import EquipmentItem, Footage
from equipment.tables import EquipmentItemTable, FootageTable
from kit.views import (
    DetailRowsMixin,
    RecordActionView,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)


class EquipmentItemListView(ScopedListView):
    model = EquipmentItem
    table_class = EquipmentItemTable
    filterset_class = EquipmentItemFilter
    create_url_name = "equipment:item-create"

    def get_queryset(self):
        return super().get_queryset().select_related("type", "station", "holder")


class EquipmentItemDetailView(DetailRowsMixin, ScopedDetailView):
    model = EquipmentItem
    template_name = "equipment/item_detail.html"
    detail_fields = ("station", "type", "serial", "status", "holder", "received_on", "last_maintained_on",
                     "battery_replaced_on", "notes")  # fmt: skip

    def get_queryset(self):
        return super().get_queryset().select_related("type", "station", "holder")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["issues"] = self.object.issues.select_related("holder", "issued_by", "returned_to")[:50]
        context["footage"] = self.object.footage.prefetch_related("incidents")[:50]
        context["detail_rows"] += [
            (_("maintenance due"), self.object.maintenance_due_on),
            (_("battery due"), self.object.battery_due_on),
        ]
        return context


class EquipmentItemCreateView(ScopedCreateView):
    model = EquipmentItem
    form_class = EquipmentItemForm
    create_service = staticmethod(services.item_create)


class EquipmentItemUpdateView(ScopedUpdateView):
    model = EquipmentItem
    form_class = EquipmentItemForm
    update_service = staticmethod(services.item_update)


class _ItemAction(RecordActionView):
    model = EquipmentItem


class ItemIssueView(_ItemAction):
    form_class = IssueForm
    heading = _("Issue to an officer")
    submit_label = _("Issue")
    success_message = _("Item issued.")

    def perform(self, form):
        data = form.cleaned_data
        return services.item_issue(
            item=self.object, by=self.request.user, holder=data["holder"], signature=data["signature"],
            issued_at=data.get("issued_at"),
        )  # fmt: skip


class ItemReturnView(_ItemAction):
    form_class = ReturnForm
    heading = _("Take the item back")
    submit_label = _("Take back")
    success_message = _("Item returned.")

    def perform(self, form):
        data = form.cleaned_data
        return services.item_return(
            item=self.object, by=self.request.user, returned_at=data.get("returned_at"), condition=data["condition"]
        )


class ItemStatusView(_ItemAction):
    form_class = StatusForm
    heading = _("Report lost or damaged, or send to maintenance")
    submit_label = _("Save")
    success_message = _("Status changed.")

    def perform(self, form):
        return services.item_set_status(
            item=self.object, by=self.request.user, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
        )


class ItemMaintainView(_ItemAction):
    form_class = MaintainForm
    heading = _("Record maintenance")
    submit_label = _("Save")
    success_message = _("Maintenance recorded.")

    def perform(self, form):
        return services.item_maintain(
            item=self.object, by=self.request.user, on=form.cleaned_data["on"], battery=form.cleaned_data["battery"]
        )


class InventoryView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "equipment.view_equipmentitem"
    template_name = "equipment/inventory.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = selectors.inventory(self.request.user)
        return context


class FootageListView(ScopedListView):
    model = Footage
    table_class = FootageTable
    filterset_class = FootageFilter
    create_url_name = "equipment:footage-create"

    def get_queryset(self):
        return super().get_queryset().select_related("device__type", "station", "holder").prefetch_related("incidents")


class FootageDetailView(DetailRowsMixin, ScopedDetailView):
    model = Footage
    template_name = "equipment/footage_detail.html"
    detail_fields = ("station", "device", "file_id", "started_at", "ended_at", "holder")

    def get_queryset(self):
        return super().get_queryset().select_related("device__type", "holder").prefetch_related("incidents")


class FootageCreateView(ScopedCreateView):
    model = Footage
    form_class = FootageForm
    create_service = staticmethod(services.footage_register)
