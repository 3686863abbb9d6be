from django.shortcuts import render


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors that could fail again: the 500 page is plain.
    reference = getattr(request, "error_reference", "")
    return render(request, "500.html", {"reference": reference}, status=500)
