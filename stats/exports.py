"""The xlsx of a dashboard: what the supervisor sees, as a workbook."""

from __future__ import annotations

from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from stats.selectors import Dashboard

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    return round(value, 4) if isinstance(value, float) else value


def dashboard_workbook(board: Dashboard) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary")[:31]
    where = board.scope.station.name if board.scope.station else _("Bureau")
    sheet.append([where, f"{board.period.start} – {board.period.end}", board.comparison_note])
    sheet.append([])
    header = [
        _("Metric key"),
        _("Metric"),
        _("Value"),
        _("Same period last year"),
        _("Year-over-year change"),
        _("Previous period"),
        _("Period-over-period change"),
        _("Significant (year-over-year)"),
        _("Significant (period-over-period)"),
        _("Unit"),
        _("Note"),
    ]
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for fig in board.totals:
        metric = fig.metric
        sheet.append(
            [
                metric.key,
                str(metric.label),
                _cell(fig.value),
                _cell(fig.previous_year),
                _cell(fig.yoy_change),
                _cell(fig.previous_period),
                _cell(fig.pop_change),
                fig.significant_yoy,
                fig.significant_pop,
                str(metric.unit),
                "" if metric.available else str(metric.reason),
            ]
        )
    units = book.create_sheet(_("Communities")[:31] if board.scope.station else _("Stations")[:31])
    keys = [fig.metric.key for fig in board.totals if fig.metric.available]
    units.append(["", *[str(fig.metric.label) for fig in board.totals if fig.metric.available]])
    units.append(["", *keys])
    for unit in board.units:
        units.append([unit.name, *[_cell(unit.figures[key].value) for key in keys]])
    parts = book.create_sheet(_("Breakdown")[:31])
    parts.append([_("Metric key"), _("Subgroup"), _("Label"), _("Value")])
    for fig in board.totals:
        for sub, label, value, _url in fig.parts:
            parts.append([fig.metric.key, sub, label, value])
    return book


def xlsx_response(book: Workbook, filename: str) -> HttpResponse:
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
