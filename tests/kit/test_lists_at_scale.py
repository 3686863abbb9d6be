"""What keeps the lists fast at a million rows (bench/lists.py times them) without changing what
they answer: the search finds the same rows, the several-choice filters the same rows without
DISTINCT, and counts and pages stop at a bound that the page and the API state clearly."""

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from cases.filters import IncidentFilter
from cases.models import Case, Incident
from kit.filters import _one_row_per_record
from kit.pagination import MAX_PER_PAGE, BoundedPaginator, past_bound_message
from kit.search import trigram_index_name
from tests.cases.factories import IncidentFactory

TEXTS = [
    ("长江二路12号", "地铁站手机被盗", "王建国", "J-ABC-001"),
    ("长江路3号", "超市电动车被盗", "张伟", "j-abc-002"),
    ("黄河大道7号", "地铁站 发生口角", "李娜", "X-XYZ-003"),
    ("人民路88号", "Noisy neighbours", "Zhang Wei", "abc-004"),
    ("", "老人走失", "", "Q-005"),
]
SEARCHES = ["长江", "长江二路", "地铁站 手机", "张伟", "伟", "abc", "ABC", "zhang w", "j-a", "被盗 长江", "无此", "Q"]


def _search(user, q):
    request = RequestFactory().get("/")
    request.user = user
    return set(
        IncidentFilter({"q": q}, queryset=Incident.objects.all(), request=request).qs.values_list("pk", flat=True)
    )


def _icontains_everywhere(q):
    """The search as it was written before: every word icontains in one of the four fields."""
    queryset = Incident.objects.all()
    for word in q.split():
        any_field = Q()
        for field in IncidentFilter.search_fields:
            any_field |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(any_field)
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.parametrize("q", SEARCHES)
def test_the_search_finds_the_same_rows_as_icontains_in_every_field(q, station_a, bureau_supervisor):
    for address, summary, reporter, number in TEXTS:
        IncidentFactory(station=station_a, address=address, summary=summary, reporter_name=reporter, number=number)
    assert _search(bureau_supervisor, q) == _icontains_everywhere(q)


def test_a_search_with_a_short_word_matches_where_it_stands(station_a, bureau_supervisor):
    # Short words (no trigram) are tested another way: still anywhere in any field, still any case.
    wanted = IncidentFactory(station=station_a, summary="电动车被盗", reporter_name="Ab")
    IncidentFactory(station=station_a, summary="手机被盗", reporter_name="Cd")
    assert _search(bureau_supervisor, "ab 电动") == {wanted.pk}
    assert _search(bureau_supervisor, "车") == {wanted.pk}


def test_the_search_indexes_exist_on_postgresql_only(db):
    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, "cases_incident"))
    wanted = {trigram_index_name("cases_incident", column) for column in IncidentFilter.search_fields}
    if connection.vendor == "postgresql":
        assert wanted <= names
    else:
        assert not wanted & names  # the migration is a no-op on SQLite


def test_on_postgresql_a_search_reads_the_trigram_indexes(station_a, bureau_supervisor):
    IncidentFactory.create_batch(3, station=station_a)
    request = RequestFactory().get("/")
    request.user = bureau_supervisor
    queryset = IncidentFilter({"q": "长江二路 王建国"}, queryset=Incident.objects.all(), request=request).qs
    if connection.vendor != "postgresql":
        assert "LIKE" in str(queryset.query)
        return
    with connection.cursor() as cursor:
        # Three rows: the planner would rightly read them all, or walk reported_at; at a million it does not.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = queryset.explain()
    for column in IncidentFilter.search_fields:
        assert trigram_index_name("cases_incident", column) in plan


def test_a_several_choice_filter_over_a_column_adds_no_distinct(station_a, bureau_supervisor):
    fraud = IncidentFactory(station=station_a, category="fraud")
    traffic = IncidentFactory(station=station_a, category="traffic")
    IncidentFactory(station=station_a, category="help")
    request = RequestFactory().get("/")
    request.user = bureau_supervisor
    data = {"category": ["fraud", "traffic"], "status": ["draft", "approved"]}
    queryset = IncidentFilter(data, queryset=Incident.objects.all(), request=request).qs
    assert not queryset.query.distinct
    assert set(queryset.values_list("pk", flat=True)) == {fraud.pk, traffic.pk}


def test_only_to_many_paths_keep_their_distinct():
    assert _one_row_per_record(Incident, "category")
    assert _one_row_per_record(Incident, "station__name")
    assert not _one_row_per_record(Case, "officers")
    assert not _one_row_per_record(Case, "people__name")


@pytest.fixture
def bound_of_5(monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "max_rows", 5)


def test_a_list_past_the_bound_counts_to_it_and_says_so(bound_of_5, station_a, bureau_supervisor, client_for):
    IncidentFactory.create_batch(8, station=station_a)
    client = client_for(bureau_supervisor)
    page = client.get(reverse("cases:incident-list"), {"per_page": 2})
    assert page.status_code == 200
    assert page.context["table"].paginator.num_pages == 3  # 5 rows paged, not 8
    html = page.content.decode()
    assert 'data-testid="result-count">5+<' in html
    assert 'data-testid="bounded-note"' in html and "past-bound" not in html
    past = client.get(reverse("cases:incident-list"), {"per_page": 2, "page": 4})
    assert past.status_code == 200
    assert 'data-testid="past-bound"' in past.content.decode()
    assert past.context["table"].page.number == 3


def test_a_list_within_the_bound_counts_exactly(bound_of_5, station_a, bureau_supervisor, client_for):
    IncidentFactory.create_batch(5, station=station_a)
    page = client_for(bureau_supervisor).get(reverse("cases:incident-list"))
    html = page.content.decode()
    assert 'data-testid="result-count">5<' in html and "bounded-note" not in html


def test_the_api_counts_to_the_bound_and_refuses_pages_past_it(bound_of_5, station_a, bureau_supervisor, api_for):
    IncidentFactory.create_batch(8, station=station_a)
    api = api_for(bureau_supervisor)
    first = api.get("/api/v1/incidents/", {"page_size": 2}).json()
    assert first["count"] == 5 and first["count_is_bounded"] is True and len(first["results"]) == 2
    assert api.get("/api/v1/incidents/", {"page_size": 2, "page": 3}).status_code == 200
    past = api.get("/api/v1/incidents/", {"page_size": 2, "page": 4})
    assert past.status_code == 404
    with translation.override(settings.LANGUAGE_CODE):
        assert past.json()["detail"] == past_bound_message(5)


def test_the_api_count_is_exact_below_the_bound(station_a, bureau_supervisor, api_for):
    IncidentFactory.create_batch(3, station=station_a)
    answer = api_for(bureau_supervisor).get("/api/v1/incidents/").json()
    assert answer["count"] == 3 and answer["count_is_bounded"] is False
    assert api_for(bureau_supervisor).get("/api/v1/incidents/", {"page": 2}).status_code == 404


def test_an_html_page_holds_at_most_max_per_page_rows(station_a, bureau_supervisor, client_for):
    page = client_for(bureau_supervisor).get(reverse("cases:incident-list"), {"per_page": 100_000})
    assert page.context["table"].paginator.per_page == MAX_PER_PAGE
