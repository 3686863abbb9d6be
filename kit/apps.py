from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KitConfig(AppConfig):
    """The shared kit: no models of its own; registered for its translations and templates."""

    name = "kit"
    verbose_name = _("Shared kit")
