from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    default = True  # this module holds AxesConfig too: Django must know which is the app's own
    name = "stations"
    verbose_name = _("Organisation and access")

    def ready(self) -> None:
        from stations import selectors, signals  # noqa: F401 - connects receivers
        from stations.navigation import NavItem, register_nav
        from stations.queue import register_provider

        register_provider(selectors.reminder_queue)
        register_nav(NavItem(_("Work queue"), "home", icon="inbox", order=0))
        register_nav(NavItem(_("Communities"), "community-list", "stations.view_community", icon="houses", order=90))


class AxesConfig(AxesAppConfig):
    """django-axes (sign-in lockouts) under a name officers read; axes ships no Chinese.
    Its own words are translated in stations/third_party_words.py."""

    default = False
    verbose_name = _("Sign-in attempts and lockouts")
