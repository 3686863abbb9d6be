from django.contrib import admin

from antifraud.models import FraudWarning, WarningImport
from stations.admin import HistoryAdmin


@admin.register(FraudWarning)
class FraudWarningAdmin(HistoryAdmin):
    list_display = ["reference", "station", "community", "status", "outcome", "deadline"]
    list_filter = ["station", "status", "outcome"]
    search_fields = ["reference"]
    raw_id_fields = ["community", "resident", "address", "officer", "handled_by", "victim_incident", "victim_case"]


@admin.register(WarningImport)
class WarningImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "station", "status", "created_count", "error_count", "created_at"]
    exclude = ["content"]
