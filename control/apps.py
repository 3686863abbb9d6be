from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ControlConfig(AppConfig):
    name = "control"
    verbose_name = _("Control centre")

    def ready(self) -> None:
        from control import selectors, signals  # noqa: F401 - connects receivers
        from stations.navigation import NavItem, register_nav
        from stations.queue import register_provider

        register_provider(selectors.centre_queue)
        register_provider(selectors.issuer_queue)
        register_provider(selectors.post_queue)
        register_provider(selectors.officer_queue)
        register_nav(NavItem(_("Orders"), "control:order-list", "control.view_order", icon="clipboard-check", order=60))
        register_nav(NavItem(_("My items"), "control:item-list", "control.view_taskitem", icon="list-check", order=61))
        register_nav(
            NavItem(
                _("Target lists"),
                "control:target-list-list",
                "control.view_targetlist",
                icon="bullseye",
                order=62,
                bureau_only=True,
            )
        )
        register_nav(
            NavItem(
                _("Scoreboard"),
                "control:scoreboard",
                "control.oversee_order",
                icon="speedometer2",
                order=63,
                bureau_only=True,
            )
        )
