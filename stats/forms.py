"""Reading a period and a scope from the query string, for pages, the API and exports alike."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kit.fields import id_out_of_range
from stats.choices import Interval, PeriodKind
from stats.conf import stats_setting
from stats.metrics import METRICS
from stats.periods import Period


class PeriodForm(forms.Form):
    """period=week|month|quarter|year with a day inside it (`date`), or period=range with from/to."""

    period = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, required=False)
    date = forms.DateField(label=_("Day in the period"), required=False)
    from_ = forms.DateField(label=_("From"), required=False)
    to = forms.DateField(label=_("To"), required=False)

    def __init__(self, data=None, **kwargs):
        data = data.copy() if data is not None else {}
        if "from" in data:
            data["from_"] = data.get("from")
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        kind = cleaned.get("period") or ""
        start, end = cleaned.get("from_"), cleaned.get("to")
        if not kind:
            kind = PeriodKind.RANGE if (start or end) else PeriodKind.MONTH
        if kind == PeriodKind.RANGE:
            today = timezone.localdate()
            start = start or today.replace(day=1)
            end = end or today
            if start > end:
                raise ValidationError({"to": _("The end of the period is before its start.")})
            limit = stats_setting("STATS_MAX_RANGE_DAYS")
            if (end - start).days + 1 > limit:
                raise ValidationError({"to": _("The period is longer than %(days)d days.") % {"days": limit}})
            if start.year < 1949 or end.year > 9998:
                raise ValidationError({"from_": _("The period is outside the years on record.")})
            cleaned["period_obj"] = Period(start, end, PeriodKind.RANGE)
        else:
            day = cleaned.get("date") or timezone.localdate()
            if day.year < 1949 or day.year > 9998:
                raise ValidationError({"date": _("The day is outside the years on record.")})
            cleaned["period_obj"] = Period.containing(kind, day)
        return cleaned

    @property
    def period_obj(self) -> Period:
        return self.cleaned_data["period_obj"]

    def api_errors(self) -> dict:
        return {("from" if k == "from_" else k): v for k, v in self.errors.items()}


class SeriesForm(PeriodForm):
    metric = forms.CharField(label=_("Metric"))
    interval = forms.ChoiceField(label=_("Interval"), choices=Interval.choices, required=False)

    def clean_metric(self):
        key = self.cleaned_data["metric"]
        if key not in METRICS:
            raise ValidationError(_("Unknown metric %(key)s.") % {"key": key[:60]})
        return METRICS[key]

    def clean_interval(self):
        return self.cleaned_data.get("interval") or Interval.MONTH


def parse_station_id(raw, name: str = "station") -> int | None:
    """A station (or, with `name="bureau"`, a sub-bureau) id from the query string; ValidationError
    for anything else."""
    if raw in (None, ""):
        return None
    message = _("Station must be a number.") if name == "station" else _("Sub-bureau must be a number.")
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValidationError({name: [message]}) from None
    if value <= 0 or id_out_of_range(value):
        raise ValidationError({name: [message]})
    return value


def parse_bureau_id(raw) -> int | None:
    return parse_station_id(raw, "bureau")


def parse_scope(raw) -> str | None:
    if raw in (None, ""):
        return None
    if raw not in ("city", "bureau", "station"):
        raise ValidationError({"scope": [_("Scope is city, bureau or station.")]})
    return raw


def today() -> date:
    return timezone.localdate()
