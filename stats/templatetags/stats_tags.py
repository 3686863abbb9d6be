"""Formatting of figures: values, changes (empty when the base is 0), and the noise mark."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


def _number(value, kind) -> str:
    if value is None:
        return "—"
    if kind in ("ratio",):
        return f"{value:.1f}%"
    if kind in ("per_10k", "mean"):
        return f"{value:.2f}"
    if kind == "median":
        return f"{value:g}"
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


@register.filter
def figure_value(fig):
    return _number(fig.value, fig.metric.kind)


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


@register.simple_tag
def noise_mark(significant):
    if not significant:
        return ""
    return format_html(
        '<span class="badge text-bg-warning wl-significant" title="{}">!</span>',
        _("Beyond noise: Poisson score 2·(√now − √before) beyond ±2"),
    )
