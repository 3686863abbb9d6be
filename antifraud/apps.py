from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AntifraudConfig(AppConfig):
    name = "antifraud"
    verbose_name = _("Anti-fraud warnings")

    def ready(self) -> None:
        from antifraud import signals  # noqa: F401  (a later fraud incident or case links to its warning)
        from stations.navigation import NavItem, register_nav

        register_nav(
            NavItem(
                _("Fraud warnings"), "antifraud:warning-list", "antifraud.view_fraudwarning", "shield-exclamation", 45
            )
        )
        register_nav(
            NavItem(_("Import warnings"), "antifraud:import-list", "antifraud.view_warningimport", "upload", 46)
        )
