from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated

from stations.views import errors, health

urlpatterns = [
    path("", include("stations.urls")),
    path("cases/", include("cases.urls")),
    path("community/", include("community.urls")),
    path("mediation/", include("mediation.urls")),
    path("staffing/", include("staffing.urls")),
    path("equipment/", include("equipment.urls")),
    path("antifraud/", include("antifraud.urls")),
    path("control/", include("control.urls")),
    path("stats/", include("stats.urls")),
    path("places/", include("places.urls")),
    path("api/v1/", include(("wuling.api_urls", "api"))),
    # They describe a police system: for signed-in users only (a token client gets 401, a browser the sign-in page).
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]), name="api-schema"),
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]

handler404 = errors.page_not_found
handler500 = errors.server_error

admin.site.site_header = "武陵分局 · 管理后台"
admin.site.site_title = "Wuling"
