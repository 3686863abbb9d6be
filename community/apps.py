from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community work")

    def ready(self) -> None:
        from community import selectors
        from stations.navigation import NavItem, register_nav
        from stations.queue import register_provider

        register_provider(selectors.hazard_queue)
        register_nav(NavItem(_("Work log"), "community:activity-list", "community.view_activity", "journal-text", 20))
        register_nav(NavItem(_("Residents"), "community:resident-list", "community.view_resident", "people", 30))
        register_nav(NavItem(_("Households"), "community:household-list", "community.view_household", "house", 29))
        register_nav(NavItem(_("Addresses"), "community:address-list", "community.view_address", "geo-alt", 28))
        register_nav(NavItem(_("Places"), "community:place-list", "community.view_place", "shop", 31))
        register_nav(NavItem(_("Hazards"), "community:hazard-list", "community.view_hazard", "cone-striped", 32))
        register_nav(NavItem(_("Patrols"), "community:patrol-list", "community.view_patrol", "signpost-split", 33))
        register_nav(
            NavItem(_("Patrol teams"), "community:patrolteam-list", "community.view_patrolteam", "people-fill", 33)
        )
        register_nav(
            NavItem(_("Police posts"), "community:policepost-list", "community.view_policepost", "building", 33)
        )
        register_nav(
            NavItem(_("Import registers"), "community:importjob-list", "community.view_importjob", "upload", 35)
        )
        register_nav(
            NavItem(_("Community supervision"), "community:supervision", "community.view_presence", "speedometer2", 34)
        )
