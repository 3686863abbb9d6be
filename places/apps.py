from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = _("Map and histories")

    def ready(self) -> None:
        from places import signals  # noqa: F401  (connects the watch and 民转刑 checks)
        from stations.navigation import NavItem, register_nav

        register_nav(NavItem(_("Map"), "places:map", "places.view_communityarea", "map", 27))
        register_nav(NavItem(_("Possible duplicates"), "places:duplicates", "places.add_residentmerge", "people", 36))
