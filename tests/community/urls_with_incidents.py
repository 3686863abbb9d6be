"""A URLconf where the cases app offers an incident form, to test the patrol's link to it."""

from django.http import HttpResponse
from django.urls import include, path

urlpatterns = [
    path("cases/", include(([path("incidents/new/", lambda r: HttpResponse(), name="incident-create")], "cases"))),
    path("community/", include("community.urls")),
    path("", include("stations.urls")),
]
