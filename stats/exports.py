"""The xlsx of a dashboard: what the supervisor sees, as a workbook, in the words and units of the page.

Every cell goes through `kit.exports.safe_cell` (a station or community name is typed by people);
numbers stay numbers, with a number format, so that the workbook sums and charts as it is.
"""

from __future__ import annotations

from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from kit.exports import safe_cell
from stats.choices import MetricKind
from stats.selectors import Dashboard

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

RELATIVE = "+0.0%;-0.0%;0.0%"


def value_format(metric) -> str:
    """How a metric's value reads: counts whole, rates in per cent (stored as a fraction), rates per
    10,000 residents and means with two decimals, medians with one."""
    if metric.kind == MetricKind.RATIO:
        return "0.0%"
    if metric.kind in (MetricKind.PER_10K, MetricKind.MEAN):
        return "0.00"
    if metric.kind in (MetricKind.MEDIAN, MetricKind.PER_DAY):
        return "0.0"
    return "#,##0"


def _value(metric, value):
    """A rate in per cent becomes the fraction Excel's 0.0% format shows as the same per cent."""
    if value is not None and metric.kind == MetricKind.RATIO:
        return value / 100
    return value


def _change(fig, which: str) -> tuple[float | None, str]:
    """同比/环比 as on the page: percentage points for rates in per cent, the unit for rates per
    10,000 residents, a relative change for the rest."""
    metric = fig.metric
    if metric.kind == MetricKind.RATIO:
        unit = _("percentage points")
        return getattr(fig, f"{which}_difference"), f'+0.0" {unit}";-0.0" {unit}";0.0" {unit}"'
    if metric.kind == MetricKind.PER_10K:
        unit = str(metric.unit)
        return getattr(fig, f"{which}_difference"), f'+0.00" {unit}";-0.00" {unit}";0.00" {unit}"'
    return getattr(fig, f"{which}_change"), RELATIVE


def yes_no(flag: bool | None) -> str:
    if flag is None:
        return ""
    return _("Yes") if flag else _("No")


def _append(sheet, values, formats=()) -> None:
    sheet.append([safe_cell(v) for v in values])
    row = sheet.max_row
    for column, number_format in formats:
        sheet.cell(row=row, column=column).number_format = number_format


def _bold(sheet, row: int) -> None:
    for cell in sheet[row]:
        cell.font = Font(bold=True)


UNIT_SHEETS = {
    "city": gettext_lazy("Sub-bureaus"),
    "bureau": gettext_lazy("Stations"),
    "station": gettext_lazy("Communities"),
}


def dashboard_workbook(board: Dashboard) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary")[:31]
    where = board.scope.name
    _append(sheet, [where, f"{board.period.start} – {board.period.end}", board.comparison_note])
    sheet.append([])
    header = [
        _("Metric"),
        _("Value"),
        _("Unit"),
        _("Same period last year"),
        _("Year-over-year (同比)"),
        _("Previous period"),
        _("Period-over-period (环比)"),
        _("Beyond noise (同比)"),
        _("Beyond noise (环比)"),
        _("Note"),
    ]
    _append(sheet, header)
    _bold(sheet, 3)
    for fig in board.totals:
        metric = fig.metric
        number = value_format(metric)
        yoy, yoy_format = _change(fig, "yoy")
        pop, pop_format = _change(fig, "pop")
        _append(
            sheet,
            [
                str(metric.label),
                _value(metric, fig.value),
                str(metric.unit),
                _value(metric, fig.previous_year),
                yoy,
                _value(metric, fig.previous_period),
                pop,
                yes_no(fig.significant_yoy),
                yes_no(fig.significant_pop),
                "" if metric.available else str(metric.reason),
            ],
            [(2, number), (4, number), (5, yoy_format), (6, number), (7, pop_format)],
        )
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["J"].width = 40
    units = book.create_sheet(str(UNIT_SHEETS[board.scope.kind])[:31])
    shown = [fig.metric for fig in board.totals if fig.metric.available]
    _append(units, ["", *[f"{metric.label}（{metric.unit}）" for metric in shown]])
    _bold(units, 1)
    for unit in board.units:
        _append(
            units,
            [unit.name, *[_value(metric, unit.figures[metric.key].value) for metric in shown]],
            [(column, value_format(metric)) for column, metric in enumerate(shown, start=2)],
        )
    units.column_dimensions["A"].width = 20
    parts = book.create_sheet(_("Breakdown")[:31])
    _append(parts, [_("Metric"), _("Subgroup"), _("Value")])
    _bold(parts, 1)
    for fig in board.totals:
        for _sub, label, value, _url in fig.parts:
            _append(parts, [str(fig.metric.label), label, value], [(3, "#,##0")])
    return book


def xlsx_response(book: Workbook, filename: str) -> HttpResponse:
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
