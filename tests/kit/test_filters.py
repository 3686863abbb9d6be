"""The station filter: offered to bureau-level users on every list that has one, to nobody else."""

import pytest

from tests.factories import grant_all_model_permissions, make_person
from tests.test_scoping import LIST_VIEWS, _reverse

WITH_STATION = [v for v in LIST_VIEWS if "station" in v[2].filterset_class.base_filters]


@pytest.mark.parametrize(("route", "pattern", "view_class"), WITH_STATION, ids=[r[0] for r in WITH_STATION])
def test_only_bureau_users_are_offered_the_station_filter(route, pattern, view_class, station_a, client_for):
    officer = grant_all_model_permissions(make_person("officer_all", station=station_a))
    bureau = grant_all_model_permissions(make_person("bureau_all", station=None))
    url = _reverse(pattern, route)
    assert "station" not in client_for(officer).get(url).context["filter"].form.fields
    assert "station" in client_for(bureau).get(url).context["filter"].form.fields


def test_most_lists_have_a_station_filter():
    assert len(WITH_STATION) >= 10
