from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from stations.navigation import NavItem, register_nav

        register_nav(NavItem(_("Statistics"), "stats:home", "stats.view_statrow", icon="bar-chart-line", order=80))
