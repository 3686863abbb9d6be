"""Administration screens. Numbers, statuses and versions are read-only here:
state changes go through the services (the pages and the API), which keep the
timeline; administrators correct particulars and reference data. Nothing is
deleted here: a record deleted from under its timeline, numbers and statistics
leaves no trace of why (a case is withdrawn, a person removed through the service)."""

from django.contrib import admin

from cases.models import Case, CasePerson, CaseSeries, CustodyRecord, Incident, TimelineEvent
from stations.admin import HistoryAdmin, ReadOnlyAdmin


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None):
        return False


class CasePersonInline(NoDeleteMixin, admin.TabularInline):
    model = CasePerson
    extra = 0
    fields = ["role", "name", "status", "note"]


@admin.register(Incident)
class IncidentAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["number", "reported_at", "station", "category", "channel", "summary", "status"]
    list_filter = ["station", "status", "category", "channel"]
    search_fields = ["number", "summary", "address", "reporter_name"]
    date_hierarchy = "reported_at"
    readonly_fields = ["number", "status", "version", "submitted_at", "reviewed_by", "reviewed_at", "created_by"]
    raw_id_fields = ["reporter_resident", "responding_officer", "community"]
    list_select_related = ["station"]


@admin.register(Case)
class CaseAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["number", "registered_at", "station", "kind", "offense_type", "title", "status", "due_date"]
    list_filter = ["station", "status", "kind", "offense_type"]
    search_fields = ["number", "title", "address"]
    date_hierarchy = "registered_at"
    readonly_fields = ["number", "status", "version", "solved_at", "closed_at", "created_by"]
    raw_id_fields = ["incidents", "officers", "lead_officer", "community", "series"]
    inlines = [CasePersonInline]
    list_select_related = ["station"]


@admin.register(CaseSeries)
class CaseSeriesAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["name", "station", "created_at"]
    list_filter = ["station"]


@admin.register(CustodyRecord)
class CustodyRecordAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["person_name", "case", "station", "time_in", "time_out", "custody"]
    list_filter = ["station", "custody"]
    search_fields = ["person_name", "case__number"]
    raw_id_fields = ["case", "person"]
    readonly_fields = ["version", "recorded_by"]


@admin.register(TimelineEvent)
class TimelineEventAdmin(ReadOnlyAdmin):
    """The timeline is a record of what happened."""

    list_display = ["at", "station", "kind", "incident", "case", "by", "text"]
    list_filter = ["station", "kind"]
    raw_id_fields = ["incident", "case", "by"]
