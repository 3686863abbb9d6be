from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    name = "staffing"
    verbose_name = _("Staffing")

    def ready(self) -> None:
        from stations.navigation import NavItem, register_nav

        register_nav(NavItem(_("Staffing"), "staffing:overview", "staffing.view_assignment", "diagram-3", 60))
        register_nav(
            NavItem(_("Assignments"), "staffing:assignment-list", "staffing.view_assignment", "person-badge", 61)
        )
        register_nav(
            NavItem(_("Committee seats"), "staffing:committeeseat-list", "staffing.view_committeeseat", "bank", 62)
        )
        register_nav(NavItem(_("Awards and promotions"), "staffing:award-list", "staffing.view_award", "award", 63))
