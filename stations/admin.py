from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from stations.models import AuditEvent, Bureau, Community, CommunityPopulation, Reminder, StaffProfile, Station


class CommunityInline(admin.TabularInline):
    model = Community
    extra = 0
    show_change_link = True


class PopulationInline(admin.TabularInline):
    model = CommunityPopulation
    extra = 1


@admin.register(Bureau)
class BureauAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code"]


@admin.register(Station)
class StationAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "bureau", "phone"]
    list_filter = ["bureau"]
    search_fields = ["name", "code"]
    inlines = [CommunityInline]


@admin.register(Community)
class CommunityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "station", "kind"]
    list_filter = ["station", "kind"]
    search_fields = ["name"]
    inlines = [PopulationInline]


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    filter_horizontal = ["communities"]
    fk_name = "user"


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [StaffProfileInline]
    list_display = ["username", "last_name", "first_name", "is_active", "station_name"]
    list_select_related = ["staff_profile__station"]
    list_filter = ["groups", "staff_profile__station", "is_active"]

    @admin.display(description="派出所")
    def station_name(self, obj):
        profile = getattr(obj, "staff_profile", None)
        return profile.station if profile and profile.station else "—"


@admin.register(StaffProfile)
class StaffProfileAdmin(SimpleHistoryAdmin):
    list_display = ["user", "station", "unit", "kind", "badge_number"]
    list_filter = ["station", "unit", "kind"]
    search_fields = ["user__username", "user__last_name", "badge_number"]
    filter_horizontal = ["communities"]
    list_select_related = ["user", "station"]


@admin.register(Reminder)
class ReminderAdmin(SimpleHistoryAdmin):
    list_display = ["title", "station", "kind", "assignee", "due_date", "done_at"]
    list_filter = ["station", "kind"]
    search_fields = ["title", "key"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log can be searched, never edited or deleted."""

    list_display = ["at", "username", "event_type", "object_type", "object_repr", "outcome", "ip_address"]
    list_filter = ["event_type", "outcome"]
    search_fields = ["username", "object_repr", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
