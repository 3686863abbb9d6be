from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "mediation"
    verbose_name = _("Disputes and mediation")

    def ready(self) -> None:
        from stations.navigation import NavItem, register_nav

        register_nav(
            NavItem(_("Disputes"), "mediation:dispute-list", "mediation.view_dispute", icon="people", order=40)
        )
        register_nav(
            NavItem(
                _("Follow-up visits"), "mediation:follow-up-list", "mediation.view_followup", icon="telephone", order=41
            )
        )
