"""Every API endpoint under /api/v1/.

Each app's `api` module exposes a `router` (its viewsets) and optionally
`urlpatterns` (plain API views); they are gathered into one router here so
that the browsable root and the scoping test see every endpoint.
"""

from importlib import import_module

from django.urls import path
from rest_framework.routers import DefaultRouter

from stations.api.views import ObtainTokenView, RevokeTokenView

APP_API_MODULES = (
    "stations.api.urls",
    "community.api",
    "cases.api",
    "mediation.api",
    "staffing.api",
    "equipment.api",
    "antifraud.api",
    "places.api",
    "control.api",
    "stats.api",
)

router = DefaultRouter()
extra_patterns = []
for module_name in APP_API_MODULES:
    module = import_module(module_name)
    router.registry.extend(module.router.registry)
    extra_patterns.extend(getattr(module, "urlpatterns", []))

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("auth/token/revoke/", RevokeTokenView.as_view(), name="api-token-revoke"),
    *extra_patterns,
    *router.urls,
]
