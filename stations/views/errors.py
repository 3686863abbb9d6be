import sys

from django.shortcuts import render

from stations.middleware import DATABASE_UNAVAILABLE, database_unavailable


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Django calls this inside its except block: a database that stopped answering before any view
    # ran (in a middleware) is the same 503 as one that stopped inside a view.
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    # No context processors that could fail again: the 500 page is plain.
    reference = getattr(request, "error_reference", "")
    return render(request, "500.html", {"reference": reference}, status=500)
