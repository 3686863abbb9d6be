"""The project's URLs plus a stand-in for the mediation app's dispute form, to
prove the incident page links to it once mediation exists."""

from django.http import HttpResponse
from django.urls import include, path

from wuling.urls import urlpatterns as project_urlpatterns

mediation_patterns = ([path("disputes/new/", lambda request: HttpResponse("ok"), name="dispute-create")], "mediation")

urlpatterns = [path("mediation-stand-in/", include(mediation_patterns)), *project_urlpatterns]
