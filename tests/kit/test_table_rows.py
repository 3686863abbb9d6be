"""The lists' body rows, written in Python (kit/templatetags/kit_tables.py), are the markup the
template wrote cell by cell before: same cells, attributes, data-label, data-long, localisation."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from kit.templatetags.kit_tables import table_rows
from tests.factories import grant_all_model_permissions, make_person
from tests.test_exports import _poison
from tests.test_scoping import LIST_VIEWS, _maker_for, _reverse

# templates/django_tables2/wuling.html's row block as it was, for the comparison.
TEMPLATE_ROWS = Template(
    """{% load l10n %}{% for row in table.paginated_rows %}<tr {{ row.attrs.as_html }}>
  {% for column, cell in row.items %}
  <td {{ column.attrs.td.as_html }} data-label="{{ column.header|capfirst }}"{% if column.name == "status" %} data-status-column{% endif %}{% if cell|striptags|length > 18 %} data-long{% endif %}>{% if column.localize == None %}{{ cell }}{% else %}{% if column.localize %}{{ cell|localize }}{% else %}{{ cell|unlocalize }}{% endif %}{% endif %}</td>
  {% endfor %}
</tr>{% empty %}{% if table.empty_text %}<tr><td colspan="{{ table.columns|length }}">{{ table.empty_text }}</td></tr>{% endif %}{% endfor %}"""  # noqa: E501
)


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize(("route", "pattern", "view_class"), LIST_VIEWS, ids=[r[0] for r in LIST_VIEWS])
def test_the_rows_are_the_templates_own(route, pattern, view_class, station_a):
    insider = grant_all_model_permissions(make_person("insider_rows", station=station_a))
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

    with translation.override("zh-hans"):
        for _state in ("plain", "hostile"):
            expected = _squeeze(TEMPLATE_ROWS.render(Context({"table": table()})))
            written = _squeeze(table_rows(Context({}), table()))
            assert "<td" in written
            assert written == expected
            _poison(record)
