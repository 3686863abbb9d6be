"""Reading text that officers type."""

import re

# Officers separate items with spaces, ASCII or full-width commas and semicolons,
# or the enumeration comma 、 (顿号), often mixed in one field.
_SEPARATORS = re.compile(r"[\s,，;；、]+")


def split_list(text: str | None) -> list[str]:
    """The items of a typed list, in order, without empty ones: "3、7，30" → ["3", "7", "30"]."""
    return [item for item in _SEPARATORS.split(text or "") if item]
