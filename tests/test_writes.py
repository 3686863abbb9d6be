"""One way to write, proven for every endpoint and every edit page (README: "How a write flows").

- DELETE answers 405 on every API route unless its viewset names the service that decides what
  deleting means (`destroy_service`), and the record is still there afterwards.
- Every edit of a versioned record carries the version it was based on: an API update without
  `version` is a 400 naming it, a stale one a 409; an edit page posted without `expected_version`
  is refused with a message and the input kept, a stale one answers 409; the record is unchanged.
"""

import pytest
from django.urls import reverse

from kit.views import ScopedUpdateView
from tests.factories import grant_all_model_permissions, make_person
from tests.test_scoping import API_ROUTES, PK_VIEWS, _maker_for, _reverse


@pytest.fixture
def insider(station_a):
    return grant_all_model_permissions(make_person("insider_a", station=station_a))


def _versioned(model) -> bool:
    return any(f.name == "version" for f in model._meta.concrete_fields)


@pytest.mark.parametrize(("prefix", "viewset", "basename"), API_ROUTES, ids=[r[0] for r in API_ROUTES])
def test_delete_goes_through_a_service_or_answers_405(prefix, viewset, basename, station_a, insider, api_for):
    model = viewset.queryset.model
    record = _maker_for(model).make(station_a)
    url = reverse(f"api:{basename}-detail", kwargs={"pk": record.pk})

    response = api_for(insider).delete(url)

    if getattr(viewset, "destroy_service", None) is None:
        assert response.status_code == 405, response.content
        assert model._base_manager.filter(pk=record.pk).exists()
    else:
        assert response.status_code in (204, 400, 409), response.content


UPDATABLE_API_ROUTES = [
    r
    for r in API_ROUTES
    if "put" in r[1].http_method_names and _versioned(r[1].queryset.model) and hasattr(r[1], "update")
]


@pytest.mark.parametrize(
    ("prefix", "viewset", "basename"), UPDATABLE_API_ROUTES, ids=[r[0] for r in UPDATABLE_API_ROUTES]
)
def test_api_edit_needs_the_version_it_was_based_on(prefix, viewset, basename, station_a, insider, api_for):
    model = viewset.queryset.model
    record = _maker_for(model).make(station_a)
    url = reverse(f"api:{basename}-detail", kwargs={"pk": record.pk})
    api = api_for(insider)

    without = api.patch(url, {}, format="json")
    assert without.status_code == 400, without.content
    assert "version" in without.json()

    stale = api.patch(url, {"version": record.version + 7}, format="json")
    assert stale.status_code == 409, stale.content

    assert model._base_manager.get(pk=record.pk).version == record.version


EDIT_PAGES = [v for v in PK_VIEWS if v[2] is not None and issubclass(v[2], ScopedUpdateView)]


def _form_data(form) -> dict:
    """What the browser would send back for the form as shown."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False or (isinstance(value, str | list | tuple) and not value):
            continue
        if value is True:
            data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in bound.field.prepare_value(value)]
        else:
            shown = bound.field.widget.format_value(bound.field.prepare_value(value))
            # Select widgets format their value as a list of the chosen options.
            data[bound.html_name] = shown if isinstance(shown, list) else ("" if shown is None else str(shown))
    return data


@pytest.mark.parametrize(("route", "pattern", "view_class"), EDIT_PAGES, ids=[r[0] for r in EDIT_PAGES])
def test_edit_page_needs_the_version_it_was_opened_on(route, pattern, view_class, station_a, insider, client_for):
    model = view_class.model
    record = _maker_for(model).make(station_a)
    version = record.version
    url = _reverse(pattern, route, pk=record.pk)
    client = client_for(insider)
    shown = client.get(url)
    assert shown.status_code == 200
    data = _form_data(shown.context["form"])
    assert data.get("expected_version") == str(version), "the edit form must carry the version it shows"

    without = client.post(url, {k: v for k, v in data.items() if k != "expected_version"})
    assert without.status_code in (200, 400)
    assert without.context["form"].non_field_errors(), "refused with a message"
    assert model._base_manager.get(pk=record.pk).version == version

    stale = client.post(url, {**data, "expected_version": str(version + 7)})
    assert stale.status_code == 409, stale.context["form"].errors if stale.context else stale.content
    assert model._base_manager.get(pk=record.pk).version == version

    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved.content
