from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class LoginForm(AuthenticationForm):
    # One message for a wrong password and an unknown user: the page must not
    # tell an attacker which usernames exist.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": gettext_lazy("Wrong username or password."),
    }


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
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
