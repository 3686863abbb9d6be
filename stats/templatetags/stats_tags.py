"""Formatting of figures: values with their unit, changes (empty when the base is 0), and the noise mark."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


def _number(value, kind) -> str:
    """The bare number: its unit is written beside it (a rate in per cent is 12.3, not 12.3%)."""
    if value is None:
        return "—"
    if kind == "ratio":
        return f"{value:.1f}"
    if kind in ("per_10k", "mean"):
        return f"{value:.2f}"
    if kind == "per_day":
        return f"{value:.1f}"
    if kind == "median":
        return f"{value:g}"
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def with_unit(number: str, unit) -> str:
    if number == "—":
        return number
    unit = str(unit)
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


@register.filter
def figure_value(fig):
    return _number(fig.value, fig.metric.kind)


@register.filter
def figure_with_unit(fig):
    return with_unit(_number(fig.value, fig.metric.kind), fig.metric.unit)


@register.filter
def previous_value(value, fig):
    return _number(value, fig.metric.kind)


@register.filter
def change(value):
    """A relative change as a signed percentage; "—" when the base was 0."""
    if value is None:
        return "—"
    return f"{value * 100:+.1f}%"


@register.filter
def points(value):
    if value is None:
        return ""
    return f"{value:+.1f}"


def figure_change(fig, which: str) -> str:
    """同比 or 环比 of a figure as read: counts and medians by a relative change in per cent,
    a rate in per cent by percentage points, a rate per 10,000 residents by its own unit."""
    kind = fig.metric.kind
    if kind in ("ratio", "per_10k"):
        difference = getattr(fig, f"{which}_difference")
        if difference is None:
            return "—"
        if kind == "ratio":
            return f"{difference:+.1f} {_('percentage points')}"
        return f"{difference:+.2f} {fig.metric.unit}"
    return change(getattr(fig, f"{which}_change"))


@register.simple_tag
def change_of(fig, which):
    return figure_change(fig, which)


@register.simple_tag
def noise_mark(significant):
    if not significant:
        return ""
    return format_html('<span class="badge text-bg-warning wl-significant" title="{}">!</span>', significance_note())


@register.simple_tag
def significance_explained():
    return significance_note()


def significance_note() -> str:
    return _(
        "! marks a change beyond noise: for counts of events a Poisson score 2·(√now − √before) beyond ±2, "
        "for rates in per cent a two-proportion z score beyond ±2; means, medians, daily figures and sums of "
        "people get no mark."
    )
