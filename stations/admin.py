from datetime import datetime

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from stations.models import (
    AuditEvent,
    Bureau,
    City,
    Community,
    CommunityPopulation,
    NumberCounter,
    Reminder,
    StaffProfile,
    Station,
    person_name,
)


def history_value(field, value):
    """A value in a record's history as the pages show it: a choice's label, not its code;
    local time, not UTC; a person's name; "—" for nothing (not "Deleted 用户 (pk=None)")."""
    if isinstance(value, list):
        return [history_value(field, item) for item in value]
    if value is None or value == "" or (isinstance(value, DeletedObject) and value.pk is None):
        return "—"
    if isinstance(value, AbstractBaseUser):
        return person_name(value)
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value


class HistoryDisplay(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        return history_value(field, super().prepare_delta_change_value(change, value))


class HistoryAdmin(SimpleHistoryAdmin):
    """Every admin screen with a history: the changes read in officers' terms
    (templates/simple_history/object_history_list.html does the rest)."""

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryDisplay(self.model, historical_record)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of what happened (audit log, timelines, number counters): searched, never
    added, edited or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CommunityInline(admin.TabularInline):
    model = Community
    extra = 0
    show_change_link = True


class PopulationInline(admin.TabularInline):
    model = CommunityPopulation
    extra = 1


@admin.register(City)
class CityAdmin(HistoryAdmin):
    list_display = ["name", "code"]


@admin.register(Bureau)
class BureauAdmin(HistoryAdmin):
    list_display = ["name", "code", "city"]
    list_filter = ["city"]


@admin.register(Station)
class StationAdmin(HistoryAdmin):
    list_display = ["code", "name", "bureau", "phone"]
    list_filter = ["bureau"]
    search_fields = ["name", "code"]
    inlines = [CommunityInline]


@admin.register(Community)
class CommunityAdmin(HistoryAdmin):
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
    list_display = ["username", "last_name", "first_name", "is_active", "where"]
    list_select_related = ["staff_profile__station", "staff_profile__bureau", "staff_profile__city"]
    list_filter = ["groups", "staff_profile__station", "staff_profile__bureau", "is_active"]

    @admin.display(description=_("Where they sit"))
    def where(self, obj):
        profile = getattr(obj, "staff_profile", None)
        if profile is None:
            return "—"
        return profile.station or profile.bureau or profile.city or "—"


@admin.register(StaffProfile)
class StaffProfileAdmin(HistoryAdmin):
    list_display = ["user", "station", "bureau", "city", "unit", "kind", "badge_number"]
    list_filter = ["city", "bureau", "station", "unit", "kind"]
    search_fields = ["user__username", "user__last_name", "badge_number"]
    filter_horizontal = ["communities"]
    list_select_related = ["user", "station", "bureau", "city"]


@admin.register(Reminder)
class ReminderAdmin(HistoryAdmin):
    list_display = ["title", "station", "kind", "assignee", "due_date", "done_at"]
    list_filter = ["station", "kind"]
    search_fields = ["title", "key"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the audit log can be searched, never edited or deleted."""

    list_display = ["at", "username", "event_type", "object_type", "object_repr", "outcome", "ip_address"]
    list_filter = ["event_type", "outcome"]
    search_fields = ["username", "object_repr", "object_id"]
    date_hierarchy = "at"


@admin.register(NumberCounter)
class NumberCounterAdmin(ReadOnlyAdmin):
    """Read-only: lowering a counter would hand out a number twice; the services keep it."""

    list_display = ["station", "kind", "year", "last"]
    list_filter = ["kind", "year"]
