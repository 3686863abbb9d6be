from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EquipmentConfig(AppConfig):
    name = "equipment"
    verbose_name = _("Equipment")

    def ready(self) -> None:
        from equipment import signals  # noqa: F401  (footage follows the incidents it matches)
        from stations.navigation import NavItem, register_nav

        register_nav(NavItem(_("Equipment"), "equipment:item-list", "equipment.view_equipmentitem", "tools", 64))
        register_nav(NavItem(_("Inventory"), "equipment:inventory", "equipment.view_equipmentitem", "boxes", 65))
        register_nav(
            NavItem(_("Body-camera footage"), "equipment:footage-list", "equipment.view_footage", "camera-video", 66)
        )
