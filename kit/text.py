"""Reading text that officers type."""

import re

from django.utils.translation import gettext_lazy as _

# Officers separate items with spaces, ASCII or full-width commas and semicolons,
# or the enumeration comma 、 (顿号), often mixed in one field.
_SEPARATORS = re.compile(r"[\s,，;；、]+")


def split_list(text: str | None) -> list[str]:
    """The items of a typed list, in order, without empty ones: "3、7，30" → ["3", "7", "30"]."""
    return [item for item in _SEPARATORS.split(text or "") if item]


# C0 control characters but tab and line breaks (\n, and the \r a browser sends before it), and DEL:
# nobody types them; pasted from elsewhere they break spreadsheets and printouts. Refused at every
# input boundary with the field named.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_CHARACTER_MESSAGE = _("This text contains invisible control characters: retype it or paste it as plain text.")


def control_character_errors(values: dict) -> dict[str, str]:
    """{field: message} for every text value (or list of texts) holding a control character."""
    errors = {}
    for name, value in values.items():
        texts = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(t, str) and _CONTROL.search(t) for t in texts):
            errors[name] = CONTROL_CHARACTER_MESSAGE
    return errors


# How many items one list in a request may hold (ids of a case's incidents, a dispute's parties, a
# team's communities): far above any real record, far below what holds a worker for seconds.
MAX_LIST_ITEMS = 100
TOO_MANY_ITEMS_MESSAGE = _("At most %(limit)d items can be given here; %(count)d were.")


def too_many_items_message(count: int) -> str:
    return str(TOO_MANY_ITEMS_MESSAGE) % {"limit": MAX_LIST_ITEMS, "count": count}
