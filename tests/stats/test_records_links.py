"""Every count figure opens the records it counted: the list its link opens, filtered by the same
station or community, period and status, holds as many records as the figure says, for the
bureau, a station and a community. (Sums of people, 人次 and 人, count people, not records.)"""

import re
from datetime import timedelta

import pytest

from mediation.services import dispute_reopen
from stats.choices import MetricKind
from stats.metrics import REGISTRY
from stats.periods import Period
from stats.rollup import run_rollup
from stats.selectors import BUREAU, STATION, Scope, dashboard
from tests.mediation.factories import make_agreement, make_dispute, make_session
from tests.stats import independent as raw
from tests.stats.factories import local

pytestmark = pytest.mark.django_db

COUNT_METRICS = [
    m for m in REGISTRY if m.kind == MetricKind.COUNT and m.available and str(m.unit) not in ("人次", "人")
]


def _listed(client, url) -> int:
    page = client.get(url)
    assert page.status_code == 200, url
    found = re.search(r'data-testid="result-count">\s*([\d,]+)\s*<', page.content.decode())
    assert found, url
    return int(found.group(1).replace(",", ""))


@pytest.fixture
def relapse(work_data, station_a, community_a, today):
    """A dispute settled twice in this month (a relapse) and one only mediated, with another in the
    month before: each dispute counts once, and the rate is over the disputes mediated."""
    month_first = today.replace(day=1)
    twice = make_dispute(station_a, community=community_a, registered_at=local(month_first - timedelta(days=40), 9))
    make_agreement(twice, signed_at=local(month_first, 8))
    # The dispute flares up again, is mediated again and settled by a second agreement.
    twice.refresh_from_db()
    dispute_reopen(dispute=twice, by=None, note="复发")
    make_agreement(twice, signed_at=local(month_first, 11))
    only_mediated = make_dispute(station_a, community=community_a, registered_at=local(month_first, 1))
    make_session(only_mediated, held_at=local(month_first, 3))
    run_rollup()
    return twice


def test_a_dispute_settled_twice_counts_once_and_the_rate_is_over_the_disputes_mediated(
    relapse, station_a, supervisor_a, api_for, today
):
    period = Period(today.replace(day=1), today, "range")
    body = api_for(supervisor_a).get("/api/v1/stats/summary/", {"from": period.start, "to": period.end}).json()
    metrics = body["metrics"]
    resolved = raw.disputes_resolved(period.start, period.end, station_id=station_a.pk)
    mediated = raw.disputes_mediated(period.start, period.end, station_id=station_a.pk)
    assert metrics["disputes_resolved"]["value"] == len(resolved) == 2
    assert metrics["disputes_mediated"]["value"] == len(mediated) == 3
    assert metrics["dispute_resolution_rate"]["value"] == pytest.approx(
        raw.dispute_resolution_rate(period.start, period.end, station_id=station_a.pk)
    )
    assert metrics["dispute_resolution_rate"]["value"] <= 100


@pytest.mark.parametrize("where", ["bureau", "station", "community"])
def test_every_count_figure_opens_as_many_records_as_it_counts(
    edge_data, relapse, where, station_a, community_a, supervisor_a, bureau_supervisor, client_for, today
):
    user = bureau_supervisor if where == "bureau" else supervisor_a
    scope = Scope(BUREAU, bureau=station_a.bureau) if where == "bureau" else Scope(STATION, station_a)
    board = dashboard(user=user, scope=scope, period=Period(today - timedelta(days=400), today))
    if where == "community":
        figures = next(unit for unit in board.units if unit.id == community_a.pk).figures
    else:
        figures = board.figures_by_key
    client = client_for(user)
    counted = {}
    for metric in COUNT_METRICS:
        fig = figures[metric.key]
        assert fig.records_url, metric.key
        counted[metric.key] = (fig.value, _listed(client, fig.records_url))
    assert {k: v for k, v in counted.items() if v[0] != v[1]} == {}
    assert sum(value for value, _listed_count in counted.values()) > len(COUNT_METRICS)
