from django.contrib import admin

from staffing.models import Assignment, Award, CommitteeSeat
from stations.admin import HistoryAdmin


@admin.register(Assignment)
class AssignmentAdmin(HistoryAdmin):
    list_display = ["__str__", "station", "unit", "kind", "start", "end"]
    list_filter = ["station", "unit", "kind"]
    raw_id_fields = ["person"]


@admin.register(CommitteeSeat)
class CommitteeSeatAdmin(HistoryAdmin):
    list_display = ["__str__", "station", "level", "since", "until"]
    list_filter = ["station", "level"]
    raw_id_fields = ["person", "community"]


@admin.register(Award)
class AwardAdmin(HistoryAdmin):
    list_display = ["__str__", "station", "unit", "kind", "awarded_on"]
    list_filter = ["station", "kind"]
    raw_id_fields = ["person"]
