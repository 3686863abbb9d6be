"""Messages of Django and Django REST framework put in officers' words.

Their own Chinese reads like a programmer's ("确保该变量包含不超过 200 字符"); these msgids are
translated in the project's locale/, which takes precedence over every app's catalogue. They are
marked here only so that `make messages` keeps them in that catalogue.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

LENGTH_MESSAGES = (
    # Django's MaxLengthValidator (a service's full_clean), with Django's own singular and plural.
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    # DRF's CharField (the API).
    gettext_noop("Ensure this field has no more than {max_length} characters."),
)
