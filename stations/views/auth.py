from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


def locked_out(request, credentials=None, *args, **kwargs):
    """What django-axes answers once an account has too many failed sign-ins."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "This account is locked after %(limit)d failed sign-ins. Try again in %(minutes)d minutes, "
        "or ask an administrator to unlock it."
    ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "account_locked"}, status=429)
    return render(request, "registration/locked.html", {"message": message, "minutes": minutes}, status=429)
