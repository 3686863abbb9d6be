"""Scoping at all three levels, proven for every endpoint and every page, not a sample.

Walks every route of the API router and every HTML URL with a `pk`, and every
scoped list page. For each station-owned model a record is made at station A
of 武陵分局 (tests/scoping.py). Two outsiders holding every model permission get
404 for it and never find it in a list, a search or an export: an officer of
station B (same bureau) and the supervisor of another sub-bureau (鼎城分局).
Three insiders do find it, so the test can fail: a colleague at station A, the
supervisor of A's bureau and a supervisor of the city bureau.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kit.views import ScopedListView
from stations.scoping import is_scoped_model
from tests.factories import grant_all_model_permissions, make_person
from tests.scoping import RECORD_MAKERS
from wuling.api_urls import router


def _api_routes():
    return [(prefix, viewset, basename) for prefix, viewset, basename in router.registry]


def _walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _html_patterns():
    pk_views, list_views = [], []
    for route, pattern in _walk(get_resolver()):
        if route.startswith(("api/", "admin/")):
            continue
        view_class = getattr(pattern.callback, "view_class", None)
        if "<int:pk>" in route:
            pk_views.append((route, pattern, view_class))
        elif view_class is not None and issubclass(view_class, ScopedListView) and "<" not in route:
            list_views.append((route, pattern, view_class))
    return pk_views, list_views


def _reverse(pattern, route, **kwargs):
    name = _qualified_name(pattern)
    assert name, f"{route}: give the URL pattern a name"
    return reverse(name, kwargs=kwargs)


def _qualified_name(target, resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found = _qualified_name(target, entry, ns)
            if found:
                return found
        elif entry is target and entry.name:
            return namespace + entry.name
    return None


@pytest.fixture
def outsiders(station_b, other_bureau):
    """An officer of station B and another sub-bureau's supervisor, with every model permission:
    only scoping stands in the way."""
    return [
        grant_all_model_permissions(make_person("outsider_b", station=station_b)),
        grant_all_model_permissions(make_person("outsider_bureau", station=None, bureau=other_bureau)),
    ]


@pytest.fixture
def insiders(station_a):
    """A colleague at station A, the supervisor of A's bureau and one of the city bureau."""
    return [
        grant_all_model_permissions(make_person("insider_a", station=station_a)),
        grant_all_model_permissions(make_person("insider_bureau", station=None, bureau=station_a.bureau)),
        grant_all_model_permissions(make_person("insider_city", station=None, city=station_a.bureau.city)),
    ]


API_ROUTES = _api_routes()
PK_VIEWS, LIST_VIEWS = _html_patterns()


def _maker_for(model):
    assert model in RECORD_MAKERS, (
        f"{model._meta.label} has a page or endpoint but no record maker: "
        "register one with tests.scoping.register_record_maker"
    )
    return RECORD_MAKERS[model]


@pytest.mark.parametrize(("prefix", "viewset", "basename"), API_ROUTES, ids=[r[0] for r in API_ROUTES])
def test_api_hides_other_stations_records(prefix, viewset, basename, station_a, outsiders, insiders, api_for):
    model = viewset.queryset.model
    assert is_scoped_model(model), f"/api/v1/{prefix}/ serves {model._meta.label}, which is not station-scoped"
    maker = _maker_for(model)
    record = maker.make(station_a)
    list_url = reverse(f"api:{basename}-list")
    detail_url = reverse(f"api:{basename}-detail", kwargs={"pk": record.pk})
    search = {"q": maker.search(record)} if maker.search else {}

    for outsider in outsiders:
        outsider_api = api_for(outsider)
        assert outsider_api.get(detail_url).status_code == 404, outsider
        for method, action in (("put", "update"), ("patch", "partial_update"), ("delete", "destroy")):
            if hasattr(viewset, action) and method in viewset.http_method_names:
                assert getattr(outsider_api, method)(detail_url, {}, format="json").status_code == 404, method
        for params in ({}, search, {"station": station_a.pk}, {"bureau": station_a.bureau_id}):
            listed = outsider_api.get(list_url, params)
            assert listed.status_code in (200, 400), listed.content
            if listed.status_code == 200:
                assert record.pk not in [row["id"] for row in listed.json()["results"]], (outsider, params)
    impossible = reverse(f"api:{basename}-detail", kwargs={"pk": 10**30})
    assert api_for(insiders[0]).get(impossible).status_code == 404
    for insider in insiders:
        insider_api = api_for(insider)
        assert insider_api.get(detail_url).status_code == 200, insider
        for params in ({}, search):
            assert record.pk in [row["id"] for row in insider_api.get(list_url, params).json()["results"]], insider


@pytest.mark.parametrize(("route", "pattern", "view_class"), PK_VIEWS, ids=[r[0] for r in PK_VIEWS])
def test_page_answers_404_for_other_stations_record(
    route, pattern, view_class, station_a, outsiders, insiders, client_for
):
    model = getattr(view_class, "model", None)
    assert model is not None and is_scoped_model(model), (
        f"{route}: a page with a pk must be a scoped class-based view with `model` set"
    )
    record = _maker_for(model).make(station_a)
    url = _reverse(pattern, route, pk=record.pk)
    method = "get" if hasattr(view_class, "get") else "post"

    for outsider in outsiders:
        assert getattr(client_for(outsider), method)(url).status_code == 404, outsider
    for insider in insiders:
        assert getattr(client_for(insider), method)(url).status_code != 404, insider
    # An id no database column can hold is a 404 too, not a 500.
    assert getattr(client_for(insiders[0]), method)(_reverse(pattern, route, pk=10**30)).status_code == 404


@pytest.mark.parametrize(("route", "pattern", "view_class"), LIST_VIEWS, ids=[r[0] for r in LIST_VIEWS])
def test_list_page_hides_other_stations_records(route, pattern, view_class, station_a, outsiders, insiders, client_for):
    maker = _maker_for(view_class.model)
    record = maker.make(station_a)
    url = _reverse(pattern, route)
    search = {"q": maker.search(record)} if maker.search else {}

    for outsider in outsiders:
        client = client_for(outsider)
        for params in ({}, search, {"station": station_a.pk}, {"bureau": station_a.bureau_id}):
            response = client.get(url, params)
            assert response.status_code in (200, 400)
            assert record.pk not in [row.record.pk for row in response.context["table"].rows], (outsider, params)
        # Nor in what the list exports.
        if search:
            assert search["q"] not in _exported(client, url), outsider
    for insider in insiders:
        for params in ({}, search):
            response = client_for(insider).get(url, params)
            assert record.pk in [row.record.pk for row in response.context["table"].rows], insider
    if search:
        assert search["q"] in _exported(client_for(insiders[1]), url)


def _exported(client, url) -> str:
    """The list's CSV export, every row of it ("" where the list offers none)."""
    response = client.get(url, {"_export": "csv"})
    if response.status_code != 200 or "csv" not in response.get("Content-Type", ""):
        return ""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")


def test_every_scoped_model_with_an_endpoint_is_covered():
    """The walk found the endpoints; a model with one but no maker fails above."""
    assert API_ROUTES, "no API routes found: the walk is broken"
