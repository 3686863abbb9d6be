"""`{% table_rows table %}`: the body rows of a list's table, written in Python.

templates/django_tables2/wuling.html drew each cell through a dozen template lookups (the column's
attributes, its header for data-label, the status flag, striptags for data-long, localisation):
about 0.35 ms a cell, most of an HTML list's time. Here what belongs to a column is worked out
once per table, and each cell costs django-tables2's own rendering of its value plus one
format string. The markup is the template's, to the character (tests/kit/test_table_rows.py).
"""

from __future__ import annotations

from collections.abc import Hashable

from django import template
from django.template.base import render_value_in_context
from django.template.defaultfilters import striptags
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django_tables2.columns import ManyToManyColumn
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.utils import signature

from kit.exports import static_path

register = template.Library()


def _cell_renderer(table, bound_column):
    """row → the cell's HTML, as BoundRow.get_cell gives it, with the column's way to its value
    and the signature of its render function worked out once (kit.exports does the same for values)."""
    column = bound_column.column

    def slow(row):
        return row.get_cell(bound_column.name)

    path = static_path(table, bound_column.accessor)
    if path is None or isinstance(column, ManyToManyColumn | BaseLinkColumn):
        return slow
    resolve, labels = path
    render_fn, link, default, empty = bound_column.render, bound_column.link, bound_column.default, column.empty_values
    arg_names, takes_any = signature(render_fn)

    def cell(row):
        record = row.record
        value = resolve(record)
        if labels is not None and isinstance(value, Hashable):
            value = labels.get(value, value)
        if value in empty:
            return default
        given = {
            "value": value,
            "record": record,
            "column": column,
            "bound_column": bound_column,
            "bound_row": row,
            "table": table,
        }
        if takes_any:
            content = render_fn(**given)
        elif any(name not in given for name in arg_names):
            content = None  # call_with_appropriate's rule
        else:
            content = render_fn(**{name: given[name] for name in arg_names})
        return link(content, **given) if link else content

    return cell


def _has_callables(attrs) -> bool:
    if callable(attrs):
        return True
    if isinstance(attrs, dict):
        return any(_has_callables(v) for v in attrs.values())
    return False


def _localised(cell, localize, context) -> str:
    if localize is None:
        return render_value_in_context(cell, context)
    # {{ cell|localize }} / {{ cell|unlocalize }}: the filters' own conversion, then autoescape.
    return render_value_in_context(str(formats.localize(cell, use_l10n=bool(localize))), context)


@register.simple_tag(takes_context=True)
def table_rows(context, table):
    columns = list(table.columns)
    plans = []
    for column in columns:
        label = conditional_escape(capfirst(column.header))
        status = " data-status-column" if column.name == "status" else ""
        static_td = None if _has_callables(column.column.attrs) else column.attrs["td"].as_html()
        plans.append((_cell_renderer(table, column), column, label, status, static_td, column.localize))
    out = []
    for row in table.paginated_rows:
        out.append(f"\n<tr {row.attrs.as_html()}>\n  ")
        for render, column, label, status, static_td, localize in plans:
            cell = render(row)
            if static_td is None:  # attributes computed from the record or value
                column.current_value, column.current_record = cell, row.record
                td = column.attrs["td"].as_html()
            else:
                td = static_td
            text = str(cell)
            long = " data-long" if len(striptags(text) if "<" in text else text) > 18 else ""
            out.append(f'<td {td} data-label="{label}"{status}{long}>{_localised(cell, localize, context)}</td>\n  ')
        out.append("\n</tr>\n")
    if not out and table.empty_text:
        colspan = len(table.columns)
        out.append(f'<tr><td colspan="{colspan}">{conditional_escape(table.empty_text)}</td></tr>')
    return mark_safe("".join(out))
