"""Start-up checks of the deployment that Django's own checks do not cover."""

import sys

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

SECRET_KEY_MISSING = (
    "Environment variable SECRET_KEY is required when DEBUG is off (or SECRET_KEY_FILE naming a file that holds it;"
    " set DEBUG=true for a development default)."
)


def secret_key_missing() -> bool:
    try:
        return not settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        return True


# Commands that never sign or encrypt anything: they run in build steps and CI
# without secrets (Django runs every check before each command).
TOOLING_COMMANDS = {
    "makemigrations", "migrate", "showmigrations", "sqlmigrate", "collectstatic",
    "makemessages", "compilemessages", "spectacular",
}  # fmt: skip


@register(Tags.security)
def secret_key_is_set(app_configs, **kwargs):
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command in TOOLING_COMMANDS or not secret_key_missing():
        return []
    return [Error(SECRET_KEY_MISSING, id="wuling.E001")]


def require_secret_key() -> None:
    """Called by wsgi.py: a web server never starts without a secret key."""
    if secret_key_missing():
        raise ImproperlyConfigured(SECRET_KEY_MISSING)
