"""The browser's own date and time pickers, one widget each for every form of every app."""

from django import forms

DATE_FORMAT = "%Y-%m-%d"
# What <input type="datetime-local"> sends and shows (minutes, no seconds).
DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATE_FORMAT)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_LOCAL_FORMAT)
