from django.contrib import admin

from community.models import (
    Activity,
    Address,
    Hazard,
    Household,
    ImportJob,
    Patrol,
    PatrolTeam,
    Place,
    PolicePost,
    Resident,
    ResidentTag,
    TeamMember,
)
from stations.admin import HistoryAdmin


@admin.register(ResidentTag)
class ResidentTagAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(Address)
class AddressAdmin(HistoryAdmin):
    list_display = ["__str__", "community", "station"]
    list_filter = ["station"]
    search_fields = ["street", "number"]
    raw_id_fields = ["community"]


@admin.register(Household)
class HouseholdAdmin(HistoryAdmin):
    list_display = ["__str__", "kind", "community"]
    list_filter = ["station", "kind"]
    raw_id_fields = ["community", "address"]


@admin.register(Resident)
class ResidentAdmin(HistoryAdmin):
    list_display = ["name", "masked_id", "community", "station"]
    list_filter = ["station", "tags"]
    search_fields = ["name"]
    raw_id_fields = ["community", "address", "household", "created_by"]
    # The full number is shown only on the detail page, where revealing it is logged.
    exclude = ["id_number"]

    @admin.display(description="ID")
    def masked_id(self, obj):
        return obj.id_number_masked


@admin.register(Place)
class PlaceAdmin(HistoryAdmin):
    list_display = ["name", "kind", "community", "station"]
    list_filter = ["station", "kind"]
    search_fields = ["name"]
    raw_id_fields = ["community", "address"]


@admin.register(Activity)
class ActivityAdmin(HistoryAdmin):
    list_display = ["occurred_at", "kind", "summary", "officer", "community"]
    list_filter = ["station", "kind"]
    raw_id_fields = ["community", "officer", "household", "resident", "place"]


@admin.register(Hazard)
class HazardAdmin(HistoryAdmin):
    list_display = ["description", "status", "due_on", "community"]
    list_filter = ["station", "status"]
    raw_id_fields = ["community", "activity", "place", "officer"]


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0


@admin.register(PatrolTeam)
class PatrolTeamAdmin(HistoryAdmin):
    list_display = ["name", "kind", "station"]
    list_filter = ["station", "kind"]
    inlines = [TeamMemberInline]


@admin.register(Patrol)
class PatrolAdmin(HistoryAdmin):
    list_display = ["started_at", "team", "area", "police_count", "volunteer_count"]
    list_filter = ["station"]
    raw_id_fields = ["team", "community", "created_by"]


@admin.register(PolicePost)
class PolicePostAdmin(HistoryAdmin):
    list_display = ["name", "kind", "community", "station"]
    list_filter = ["station", "kind"]
    raw_id_fields = ["community"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["file_name", "kind", "status", "created_at", "station"]
    list_filter = ["station", "status"]
    exclude = ["content"]
    readonly_fields = ["errors"]
