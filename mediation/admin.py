from django.contrib import admin

from mediation.models import Agreement, Dispute, DisputeEvent, FollowUp, MediationSession, Party
from stations.admin import HistoryAdmin


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0
    raw_id_fields = ["resident"]


class EventInline(admin.TabularInline):
    model = DisputeEvent
    extra = 0
    readonly_fields = ["at", "by", "action", "from_status", "to_status", "note"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dispute)
class DisputeAdmin(HistoryAdmin):
    list_display = ["number", "station", "risk", "category", "status", "registered_at", "mediator"]
    list_filter = ["station", "status", "risk", "category", "source"]
    search_fields = ["number", "summary", "parties__name"]
    date_hierarchy = "registered_at"
    raw_id_fields = ["incident", "mediator", "registered_by"]
    list_select_related = ["station", "mediator"]
    inlines = [PartyInline, EventInline]


@admin.register(MediationSession)
class MediationSessionAdmin(HistoryAdmin):
    list_display = ["dispute", "held_at", "venue", "outcome"]
    list_filter = ["venue", "outcome"]
    search_fields = ["dispute__number"]
    raw_id_fields = ["dispute", "mediators", "recorded_by"]
    list_select_related = ["dispute"]


@admin.register(Agreement)
class AgreementAdmin(HistoryAdmin):
    list_display = ["number", "dispute", "signed_at", "fulfilment"]
    list_filter = ["fulfilment"]
    search_fields = ["number", "dispute__number"]
    raw_id_fields = ["dispute", "session", "recorded_by"]


@admin.register(FollowUp)
class FollowUpAdmin(HistoryAdmin):
    list_display = ["dispute", "due_date", "status", "result", "satisfaction", "done_at"]
    list_filter = ["status", "result", "satisfaction"]
    search_fields = ["dispute__number"]
    raw_id_fields = ["dispute", "agreement", "done_by"]
    list_select_related = ["dispute"]
