"""Cells that are safe to open in a spreadsheet, for every export of every list and report.

A cell that begins with = + - @ (or a tab or carriage return before them) is run as a formula by
Excel and LibreOffice: a name typed as `=HYPERLINK(...)` or imported from someone's workbook would
act on the machine of whoever opens the export. Such a cell is written as text, with the leading
apostrophe OWASP's CSV-injection rule prescribes. Control characters other than tab and newline
cannot be stored in an xlsx file at all (openpyxl refuses the whole workbook), so they are dropped:
an export survives whatever text was stored.
"""

from __future__ import annotations

import re

from django_tables2.export import TableExport

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# C0 controls but tab and line breaks (\x09, \x0a, \x0d), and DEL: never meaningful in a record's text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_cell(value):
    """The value as a spreadsheet should receive it: text that cannot run, numbers and dates as they are."""
    if not isinstance(value, str):
        return value
    text = CONTROL_CHARACTERS.sub("", value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_row(values) -> list:
    return [safe_cell(v) for v in values]


class SafeTableExport(TableExport):
    """django-tables2's export with every header and cell through `safe_cell`."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        safe = type(dataset)(title=dataset.title)
        safe.headers = safe_row(dataset.headers or [])
        for row in dataset:
            safe.append(safe_row(row))
        return safe
