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
from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils.encoding import force_str
from django_tables2.columns import Column, DateColumn, DateTimeColumn, ManyToManyColumn
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
    if not isinstance(data, QuerySet):
        return iter(data)
    joined = _select_related_paths(data.query.select_related)
    if joined:
        # The few stations, communities and officers of a chunk fetched once each, instead of a
        # joined copy of them in every row (made into a model instance every row).
        data = data.select_related(None).prefetch_related(*joined)
    return data.iterator(chunk_size=EXPORT_CHUNK)


def _select_related_paths(tree, prefix: str = "") -> list[str]:
    if not isinstance(tree, dict):
        return []
    paths = []
    for name, subtree in tree.items():
        path = f"{prefix}{name}"
        deeper = _select_related_paths(subtree, f"{path}__")
        paths.extend(deeper or [path])
    return paths


def _column_reader(table, bound_column):
    """record → the cell's export value, as BoundRow.get_cell_value would give it."""
    column = bound_column.column

    def slow(record):
        return BoundRow(record, table=table).get_cell_value(bound_column.name)

    path = static_path(table, bound_column.accessor)
    if path is None or isinstance(column, ManyToManyColumn | BaseLinkColumn):
        # A property, a method or a to-many relation on the way: django-tables2's own reading.
        return slow
    resolve, labels = path
    value_fn = bound_column.value
    # Column.value is call_with_appropriate(column.render, …): take the render function directly.
    if getattr(value_fn, "__func__", None) is Column.value:
        value_fn = column.render
    empty = column.empty_values

    if getattr(value_fn, "__func__", None) is Column.render:  # the value itself

        def finish(record, value):
            return value

    elif getattr(value_fn, "__func__", None) in (DateTimeColumn.value, DateColumn.value):
        iso = {DateTimeColumn.value: lambda v: v.isoformat(sep=" "), DateColumn.value: lambda v: v.isoformat()}
        write, kind = iso[value_fn.__func__], datetime if value_fn.__func__ is DateTimeColumn.value else date

        def finish(record, value):
            return write(value) if isinstance(value, kind) else slow(record)

    else:
        arg_names, takes_any = signature(value_fn)
        if "bound_row" in arg_names or takes_any:
            return slow
        fixed = {"column": column, "bound_column": bound_column, "table": table}
        if any(name not in fixed and name not in ("value", "record") for name in arg_names):
            return lambda record: None  # call_with_appropriate's rule: an argument it cannot give → None

        def finish(record, value):
            given = {"value": value, "record": record, **fixed}
            return value_fn(**{name: given[name] for name in arg_names})

    def read(record):
        value = resolve(record)
        if labels is not None and isinstance(value, Hashable):
            value = labels.get(value, value)
        if value in empty:
            return None
        return finish(record, value)

    return read


def static_path(table, accessor):
    """(resolve, choice labels) for an accessor made of model fields only, many-to-one all the way;
    None for anything else. `resolve(record)` is the accessor's value (None past an empty foreign
    key, as django-tables2's reading gives); the labels are get_FOO_display's, when the last field
    has choices."""
    model = getattr(table._meta, "model", None)
    bits = Accessor(accessor).bits
    if model is None or not bits:
        return None
    field = None
    for bit in bits:
        if field is not None:
            model = field.related_model
        try:
            field = model._meta.get_field(bit)
        except FieldDoesNotExist:
            return None
        if field.is_relation and (field.many_to_many or field.one_to_many):
            return None
        if not field.concrete and not field.is_relation:
            return None
    labels = {k: force_str(v, strings_only=True) for k, v in field.flatchoices} if field.choices else None
    names = list(bits)

    def resolve(record):
        value = record
        for name in names:
            if value is None:
                return None
            value = getattr(value, name)
        return value

    return resolve, labels


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
