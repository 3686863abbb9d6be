from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Incidents and cases")

    def ready(self) -> None:
        from cases import selectors
        from stations.navigation import NavItem, register_nav
        from stations.queue import register_provider

        register_nav(NavItem(_("Incidents"), "cases:incident-list", "cases.view_incident", icon="telephone", order=10))
        register_nav(NavItem(_("Cases"), "cases:case-list", "cases.view_case", icon="folder2-open", order=20))
        register_nav(
            NavItem(
                _("Case-processing center"),
                "cases:custody-list",
                "cases.view_custodyrecord",
                icon="person-lock",
                order=25,
            )
        )
        register_provider(selectors.incidents_to_review_queue)
        register_provider(selectors.returned_incidents_queue)
        register_provider(selectors.cases_due_queue)
