"""Dashboards as plain data: the API's JSON and the xlsx export read the same shapes."""

from __future__ import annotations

from django.utils.translation import gettext as _

from stats.derive import Figure
from stats.selectors import Dashboard


def _round(value):
    return round(value, 4) if isinstance(value, float) else value


def change_unit(metric) -> str:
    if metric.kind == "ratio":
        return str(_("percentage points"))
    if metric.kind == "per_10k":
        return str(metric.unit)
    return "%"


def figure_payload(fig: Figure) -> dict:
    metric = fig.metric
    body = {
        "label": str(metric.label),
        "kind": metric.kind.value if hasattr(metric.kind, "value") else metric.kind,
        "unit": str(metric.unit),
        "available": metric.available,
        "value": _round(fig.value),
        "previous_year": _round(fig.previous_year),
        "yoy_change": _round(fig.yoy_change),
        "previous_period": _round(fig.previous_period),
        "pop_change": _round(fig.pop_change),
        "significant": {"yoy": fig.significant_yoy, "pop": fig.significant_pop},
    }
    # A rate changes by a difference in its unit (percentage points, per 10,000 residents):
    # change_unit says in what the change a reader should see is expressed.
    body["change_unit"] = change_unit(metric)
    if metric.kind in ("ratio", "per_10k"):
        body["yoy_difference"] = _round(fig.yoy_difference)
        body["pop_difference"] = _round(fig.pop_difference)
    if metric.kind == "ratio":
        body["yoy_pp"] = _round(fig.yoy_pp)
        body["pop_pp"] = _round(fig.pop_pp)
    if not metric.available:
        body["reason"] = str(metric.reason)
    if fig.records_url:
        body["records_url"] = fig.records_url
    if fig.parts:
        body["subgroups"] = {sub: value for sub, _label, value, _url in fig.parts}
    return body


def place_payload(scope) -> dict:
    """Whose figures: the station, the sub-bureau and the city bureau of the scope (None above it)."""

    def place(thing):
        return {"id": thing.pk, "name": thing.name} if thing is not None else None

    return {"station": place(scope.station), "bureau": place(scope.bureau), "city": place(scope.city)}


def summary_payload(board: Dashboard) -> dict:
    return {
        "scope": board.scope.kind,
        **place_payload(board.scope),
        "from": board.period.start.isoformat(),
        "to": board.period.end.isoformat(),
        # A period reaching past today is counted to today, and compared with the same elapsed days.
        "to_date": board.period.to_date,
        "requested_to": (board.period.requested_end or board.period.end).isoformat(),
        "comparison": board.comparison_note,
        "previous_year": {"from": board.previous_year.start.isoformat(), "to": board.previous_year.end.isoformat()},
        "previous_period": {
            "from": board.previous_period.start.isoformat(),
            "to": board.previous_period.end.isoformat(),
        },
        "metrics": {fig.metric.key: figure_payload(fig) for fig in board.totals},
        "breakdown": [
            {
                "id": unit.id,
                "name": unit.name,
                "metrics": {key: {"value": _round(fig.value)} for key, fig in unit.figures.items()},
            }
            for unit in board.units
        ],
    }
