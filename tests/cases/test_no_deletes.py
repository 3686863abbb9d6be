"""Incidents and cases are never deleted: no role holds the right, and the admin offers no delete."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from stations.roles import Role
from tests.cases.factories import CaseFactory, IncidentFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CASE_RECORDS = ("incident", "case", "caseseries", "custodyrecord", "timelineevent")


@pytest.mark.parametrize("role", Role.values)
def test_no_role_may_delete_incidents_cases_or_their_records(role):
    group = Group.objects.get(name=role)
    deletes = set(
        group.permissions.filter(content_type__app_label="cases", codename__startswith="delete_").values_list(
            "codename", flat=True
        )
    )
    assert not deletes & {f"delete_{model}" for model in CASE_RECORDS}


def test_removing_a_person_recorded_in_error_stays_with_the_case_officer():
    assert Group.objects.get(name=Role.CASE_OFFICER).permissions.filter(codename="delete_caseperson").exists()


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize(
    ("model", "make"),
    [("incident", lambda: IncidentFactory()), ("case", lambda: CaseFactory())],
    ids=["incident", "case"],
)
def test_the_admin_offers_no_delete_even_to_a_superuser(model, make, superuser_client):
    record = make()
    delete_url = reverse(f"admin:cases_{model}_delete", args=[record.pk])

    assert superuser_client.get(delete_url).status_code == 403
    changelist = superuser_client.get(reverse(f"admin:cases_{model}_changelist"))
    assert "delete_selected" not in changelist.content.decode()
    assert type(record)._base_manager.filter(pk=record.pk).exists()
