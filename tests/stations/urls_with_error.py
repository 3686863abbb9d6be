"""A URLconf with a view that fails, to see the 500 page as a user would."""

from django.urls import include, path

from wuling.urls import handler404, handler500  # noqa: F401 - the handlers under test


def broken_view(request):
    raise RuntimeError("secret internals that must not reach the page")


urlpatterns = [path("broken/", broken_view), path("", include("wuling.urls"))]
