from django.contrib import admin

from equipment.models import Allocation, EquipmentItem, EquipmentType, Footage, Issue
from stations.admin import HistoryAdmin


@admin.register(EquipmentType)
class EquipmentTypeAdmin(HistoryAdmin):
    list_display = ["name", "category", "maintenance_days", "battery_days"]


@admin.register(Allocation)
class AllocationAdmin(HistoryAdmin):
    list_display = ["station", "type", "quantity"]
    list_filter = ["station", "type"]


@admin.register(EquipmentItem)
class EquipmentItemAdmin(HistoryAdmin):
    list_display = ["serial", "type", "station", "status"]
    list_filter = ["station", "type", "status"]
    search_fields = ["serial"]
    raw_id_fields = ["holder"]


@admin.register(Issue)
class IssueAdmin(HistoryAdmin):
    list_display = ["item", "holder", "issued_at", "returned_at"]
    raw_id_fields = ["item", "holder", "issued_by", "returned_to"]


@admin.register(Footage)
class FootageAdmin(admin.ModelAdmin):
    list_display = ["file_id", "device", "started_at", "ended_at", "holder"]
    raw_id_fields = ["device", "holder", "incidents", "recorded_by"]
