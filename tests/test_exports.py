"""Every export of every list opens safely in a spreadsheet, whatever text was stored.

For each exportable list page, a record is made (tests/scoping.py) and every free-text column of
it is overwritten, below the forms and services, with a formula and control characters, as if an
import or an older version had stored them. Its CSV and xlsx exports must carry the text as text
(no cell beginning with = + - @) and must not fail.
"""

import csv
import io

import openpyxl
import pytest
from django.db import models
from django.test import RequestFactory
from django.urls import resolve

from kit.exports import export_rows, safe_row
from tests.factories import grant_all_model_permissions, make_person
from tests.test_scoping import LIST_VIEWS, _maker_for, _reverse
from tests.utils import body

HOSTILE = '=HYPERLINK("http://x","点我")\x0b\x01'
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")

EXPORTABLE = [v for v in LIST_VIEWS if getattr(v[2], "export_formats", ())]


@pytest.fixture
def insider(station_a):
    return grant_all_model_permissions(make_person("insider_a", station=station_a))


def _poison(record) -> int:
    """Overwrite every free-text column of the record with HOSTILE; the number of columns changed."""
    names = [
        f.name
        for f in record._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and not f.unique
        and (f.max_length is None or f.max_length >= len(HOSTILE))
        and f.name not in {"id_number", "phone", "reporter_phone"}
    ]
    type(record)._base_manager.filter(pk=record.pk).update(**dict.fromkeys(names, HOSTILE))
    return len(names)


@pytest.mark.parametrize(("route", "pattern", "view_class"), EXPORTABLE, ids=[r[0] for r in EXPORTABLE])
def test_exports_write_formulas_as_text_and_survive_control_characters(
    route, pattern, view_class, station_a, insider, client_for
):
    record = _maker_for(view_class.model).make(station_a)
    assert _poison(record), f"{route}: no free-text column to test"
    url = _reverse(pattern, route)
    client = client_for(insider)

    as_csv = client.get(url, {"_export": "csv"})
    assert as_csv.status_code == 200
    rows = list(csv.reader(io.StringIO(body(as_csv).decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(DANGEROUS_STARTS)]

    as_xlsx = client.get(url, {"_export": "xlsx"})
    assert as_xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [v for v in values if v.startswith(DANGEROUS_STARTS)]
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    shown = [v for v in values if "HYPERLINK" in v]
    if shown:
        assert all(v.startswith("'=") and "\x0b" not in v for v in shown)


@pytest.mark.parametrize(("route", "pattern", "view_class"), EXPORTABLE, ids=[r[0] for r in EXPORTABLE])
def test_the_streamed_rows_are_the_tables_own(route, pattern, view_class, station_a, insider):
    """kit.exports.export_rows reads each column its own way for speed: it must give exactly what
    django-tables2's as_values() gives (through safe_cell), for a plain record and a hostile one."""
    record = _maker_for(view_class.model).make(station_a)
    url = _reverse(pattern, route)
    match = resolve(url)
    request = RequestFactory().get(url)
    request.user = insider

    def table():
        view = match.func.view_class(**match.func.view_initkwargs)
        view.setup(request, *match.args, **match.kwargs)
        view.object_list = view.get_filterset(view.get_filterset_class()).qs
        return view.get_table()

    for _state in ("plain", "hostile"):
        expected = [safe_row(row) for row in table().as_values()]
        assert len(expected) >= 2
        assert list(export_rows(table())) == expected
        _poison(record)
