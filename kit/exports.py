"""Cells that are safe to open in a spreadsheet, for every export of every list and report.

A cell that begins with = + - @ (or a tab or carriage return before them) is run as a formula by
Excel and LibreOffice: a name typed as `=HYPERLINK(...)` or imported from someone's workbook would
act on the machine of whoever opens the export. Such a cell is written as text, with the leading
apostrophe OWASP's CSV-injection rule prescribes. Control characters other than tab and newline
cannot be stored in an xlsx file at all (openpyxl refuses the whole workbook), so they are dropped:
an export survives whatever text was stored.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Hashable

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils.encoding import force_str
from django_tables2.columns import Column, ManyToManyColumn
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.export import TableExport
from django_tables2.rows import BoundRow
from django_tables2.utils import Accessor, signature
from tablib import Dataset

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

    @classmethod
    def from_rows(cls, export_format: str, rows, dataset_kwargs=None) -> TableExport:
        """The export of rows from `export_rows` (already safe), without a table to read again."""
        export = cls.__new__(cls)
        export.format = export_format
        export.dataset = Dataset(**(dataset_kwargs or {}))
        for i, row in enumerate(rows):
            if i == 0:
                export.dataset.headers = row
            else:
                export.dataset.append(row)
        return export

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        safe = type(dataset)(title=dataset.title)
        safe.headers = safe_row(dataset.headers or [])
        for row in dataset:
            safe.append(safe_row(row))
        return safe


# --- Exports that stream -----------------------------------------------------------------
#
# django-tables2 builds an export whole in memory (a tablib Dataset, then the file), and reads
# each cell through BoundRow.get_cell_value, which inspects the signature of the column's value
# function and looks up the choice labels again for every cell: at a million incidents a
# 9,600-row CSV took 8.1 s and 27 MiB, a 100,000-row one minutes and hundreds of MiB. Here each
# column's way to its value is worked out once (`_column_reader`), the same way django-tables2
# does it per cell, and the rows are read from the database in chunks and written out as they
# come: memory stays flat whatever the number of rows. `export_rows(table)` gives the same rows
# as `table.as_values()` (tests/test_exports.py holds them to it), through `safe_row`.

EXPORT_CHUNK = 2000  # rows read from the database at a time


def export_columns(table, exclude_columns=()):
    return [
        column
        for column in table.columns.iterall()
        if not (column.column.exclude_from_export or column.name in exclude_columns)
    ]


def export_rows(table, records=None, exclude_columns=()):
    """The header, then one row per record (the table's own, in its order, unless `records` are
    given): the values of `table.as_values()`, each through `safe_cell`."""
    columns = export_columns(table, exclude_columns)
    yield safe_row(force_str(column.header, strings_only=True) for column in columns)
    readers = [_column_reader(table, column) for column in columns]
    if records is None:
        records = table_records(table)
    for record in records:
        yield [safe_cell(force_str(read(record), strings_only=True)) for read in readers]


def table_records(table):
    """The table's records in its order, read in chunks when they come from a queryset."""
    data = table.data.data
    if isinstance(data, QuerySet):
        return data.iterator(chunk_size=EXPORT_CHUNK)
    return iter(data)


def _column_reader(table, bound_column):
    """record → the cell's export value, as BoundRow.get_cell_value would give it."""
    accessor = Accessor(bound_column.accessor)
    column = bound_column.column
    value_fn = bound_column.value
    # Column.value is call_with_appropriate(column.render, …): take the render function directly.
    if getattr(value_fn, "__func__", None) is Column.value:
        value_fn = column.render
    arg_names, takes_any = signature(value_fn)
    if "bound_row" in arg_names or takes_any or isinstance(column, ManyToManyColumn | BaseLinkColumn):
        # Rare shapes: the table's own row object, a catch-all, related managers, link texts.
        return lambda record: BoundRow(record, table=table).get_cell_value(bound_column.name)
    fixed = {"column": column, "bound_column": bound_column, "table": table}
    labels_by_model = {}

    def labels(record):
        """The choice labels of the accessor's last field, if it has choices (get_FOO_display)."""
        penultimate, remainder = accessor.penultimate(record)
        if not isinstance(penultimate, models.Model):
            return None, remainder
        key = type(penultimate)
        if key not in labels_by_model:
            try:
                field = accessor.get_field(record)
            except FieldDoesNotExist:
                field = None
            if getattr(field, "choices", ()) and hasattr(penultimate, f"get_{remainder}_display"):
                labels_by_model[key] = {k: force_str(v, strings_only=True) for k, v in field.flatchoices}
            else:
                labels_by_model[key] = None
        return labels_by_model[key], (penultimate, remainder)

    def read(record):
        choice_labels, where = labels(record)
        if choice_labels is not None:
            penultimate, remainder = where
            raw = getattr(penultimate, remainder)
            value = choice_labels.get(raw, raw) if isinstance(raw, Hashable) else raw
        else:
            try:
                value = accessor.resolve(record)
            except Exception:  # noqa: BLE001 - django-tables2's own rule: a cell it cannot reach is empty
                value = None
        if value in column.empty_values:
            return None
        given = {"value": value, "record": record, **fixed}
        if any(name not in given for name in arg_names):
            return None
        return value_fn(**{name: given[name] for name in arg_names})

    return read


class _Echo:
    """The file-like object csv.writer wants: each write hands back the line."""

    def write(self, value):
        return value


# Excel reads a CSV without a byte-order mark in the machine's code page (GBK on a Chinese
# Windows), which garbles every Chinese cell: the mark tells it the file is UTF-8.
UTF8_BOM = "\ufeff"


def csv_chunks(rows, rows_per_chunk: int = 500):
    """Bytes of a CSV file (UTF-8 with a byte-order mark, CRLF lines), a few hundred rows at a time."""
    writer = csv.writer(_Echo())
    chunk = [UTF8_BOM]
    for row in rows:
        chunk.append(writer.writerow(row))
        if len(chunk) >= rows_per_chunk:
            yield "".join(chunk).encode("utf-8")
            chunk = []
    if chunk:
        yield "".join(chunk).encode("utf-8")


def streaming_csv_response(rows, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
