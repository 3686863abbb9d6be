"""One history per person and per place; merging duplicates moves every link; watch tags and disputes
turning criminal (民转刑) raise queue items."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.choices import IncidentCategory, PersonRole
from cases.models import CasePerson, Incident
from cases.services import case_person_add, incident_create
from community.choices import ActivityKind
from community.models import Activity, Resident, ResidentTag
from mediation.choices import RiskGrade
from mediation.models import Dispute, Party
from places.models import ResidentMerge
from places.selectors import possible_duplicates
from places.services import resident_merge
from stations.models import Reminder
from stations.queue import queue_for
from tests.cases.factories import CaseFactory, IncidentFactory
from tests.community.factories import (
    ActivityFactory,
    AddressFactory,
    HazardFactory,
    HouseholdFactory,
    PlaceFactory,
    ResidentFactory,
    next_id_number,
)
from tests.places.factories import dispute_at


@pytest.fixture
def resident(station_a, community_a):
    return ResidentFactory(station=station_a, community=community_a, name="张国华")


def _party(dispute, resident):
    return Party.objects.create(dispute=dispute, name=resident.name, resident=resident)


def test_the_resident_page_has_every_incident_case_dispute_and_visit_masked(
    resident, station_a, community_a, community_officer_a, supervisor_a, client_for, api_for
):
    incident = IncidentFactory(station=station_a, community=community_a, reporter_resident=resident)
    case = CaseFactory(station=station_a, community=community_a)
    CasePerson.objects.create(case=case, role=PersonRole.VICTIM, name=resident.name, resident=resident)
    dispute = dispute_at(station_a, community=community_a)
    _party(dispute, resident)
    visit = ActivityFactory(
        station=station_a,
        community=community_a,
        kind=ActivityKind.HOUSEHOLD_VISIT,
        resident=resident,
        officer=community_officer_a,
    )
    IncidentFactory(station=station_a, community=community_a)  # someone else's
    response = client_for(supervisor_a).get(reverse("places:resident-history", kwargs={"pk": resident.pk}))
    assert response.status_code == 200
    kinds = {(e.kind, e.url) for e in response.context["entries"]}
    assert kinds == {
        ("incident", incident.get_absolute_url()),
        ("case", case.get_absolute_url()),
        ("dispute", dispute.get_absolute_url()),
        ("visit", visit.get_absolute_url()),
    }
    page = response.content.decode()
    assert resident.id_number not in page and resident.id_number_masked in page
    body = api_for(supervisor_a).get(reverse("api:resident-history", kwargs={"pk": resident.pk})).json()
    assert {e["kind"] for e in body["entries"]} == {"incident", "case", "dispute", "visit"}
    assert resident.id_number not in str(body)


def test_histories_answer_404_for_another_station(resident, officer_b, api_for):
    from tests.factories import grant_all_model_permissions

    outsider = api_for(grant_all_model_permissions(officer_b))
    assert outsider.get(reverse("api:resident-history", kwargs={"pk": resident.pk})).status_code == 404
    address = AddressFactory(station=resident.station, community=resident.community)
    assert outsider.get(reverse("api:address-history", kwargs={"pk": address.pk})).status_code == 404
    assert outsider.get(reverse("api:address-history", kwargs={"pk": 10**30})).status_code == 404


def test_the_address_page_has_everything_at_the_address_in_one_timeline(
    station_a, community_a, community_officer_a, supervisor_a, client_for, api_for, django_assert_max_num_queries
):
    address = AddressFactory(station=station_a, community=community_a)
    household = HouseholdFactory(station=station_a, community=community_a, address=address)
    resident = ResidentFactory(station=station_a, community=community_a, address=address, household=household)
    place = PlaceFactory(station=station_a, community=community_a, address=address)
    incident = IncidentFactory(station=station_a, community=community_a, standard_address=address)
    case = CaseFactory(station=station_a, community=community_a)
    case.incidents.add(incident)
    dispute = dispute_at(station_a, community=community_a, standard_address=address)
    hazard = HazardFactory(station=station_a, community=community_a, place=place)
    visit = ActivityFactory(
        station=station_a,
        community=community_a,
        kind=ActivityKind.HOUSEHOLD_VISIT,
        household=household,
        officer=community_officer_a,
    )
    IncidentFactory(station=station_a, community=community_a, address=address.full_text)  # text only: not linked
    url = reverse("api:address-history", kwargs={"pk": address.pk})
    with django_assert_max_num_queries(20):
        body = api_for(supervisor_a).get(url).json()
    found = {(e["kind"], e["url"]) for e in body["entries"]}
    assert found == {
        ("household", household.get_absolute_url()),
        ("resident", reverse("places:resident-history", kwargs={"pk": resident.pk})),
        ("place", place.get_absolute_url()),
        ("incident", incident.get_absolute_url()),
        ("case", case.get_absolute_url()),
        ("dispute", dispute.get_absolute_url()),
        ("hazard", hazard.get_absolute_url()),
        ("visit", visit.get_absolute_url()),
    }
    for _n in range(4):
        IncidentFactory(station=station_a, community=community_a, standard_address=address)
        ResidentFactory(station=station_a, community=community_a, address=address)
    with django_assert_max_num_queries(20):
        assert len(api_for(supervisor_a).get(url).json()["entries"]) == len(found) + 8
    page = client_for(supervisor_a).get(reverse("places:address-history", kwargs={"pk": address.pk}))
    assert page.status_code == 200 and incident.number in page.content.decode()


# --- Merging duplicates ---------------------------------------------------------------------------


def _typo_of(number: str) -> str:
    """Another valid number with the same region, birth date and sex (one sequence digit apart)."""
    from kit.personal import build_id_number, parse_id_number

    facts = parse_id_number(number)
    sequence = int(number[14:16]) + 1
    return build_id_number(number[:6], facts.birth_date, sequence, facts.sex)


def test_a_merge_moves_every_link_to_the_kept_record(resident, station_a, community_a, community_officer_a):
    duplicate = ResidentFactory(
        station=station_a,
        community=community_a,
        name=resident.name,
        id_number=_typo_of(resident.id_number),
        phone="13900002222",
    )
    watched = ResidentTag.objects.get(code="released_prisoner")
    duplicate.tags.add(watched)
    incident = IncidentFactory(station=station_a, reporter_resident=duplicate)
    case = CaseFactory(station=station_a)
    person = CasePerson.objects.create(case=case, role=PersonRole.SUSPECT, name=duplicate.name, resident=duplicate)
    party = _party(dispute_at(station_a, community=community_a), duplicate)
    visit = ActivityFactory(station=station_a, community=community_a, resident=duplicate, officer=community_officer_a)

    record = resident_merge(kept=resident, merged=duplicate, by=community_officer_a)

    assert not Resident.objects.filter(pk=duplicate.pk).exists()
    incident.refresh_from_db()
    person.refresh_from_db()
    party.refresh_from_db()
    visit.refresh_from_db()
    assert incident.reporter_resident_id == person.resident_id == party.resident_id == visit.resident_id == resident.pk
    resident.refresh_from_db()
    assert (watched in resident.tags.all() and resident.phone == "13900002222") or resident.phone
    assert record.moved == {
        "cases.Incident": 1,
        "cases.CasePerson": 1,
        "mediation.Party": 1,
        "community.Activity": 1,
        "community.ResidentTag": 1,
    }
    assert record.merged_id_number_masked == duplicate.id_number_masked and record.by == community_officer_a
    assert ResidentMerge.objects.get().kept == resident
    # Every relation to a resident was walked: none still points at the merged id.
    for relation in Resident._meta.related_objects:
        if relation.hidden or relation.many_to_many:
            continue
        assert not relation.related_model._base_manager.filter(**{relation.field.attname: duplicate.pk}).exists()


def test_a_merge_is_refused_across_stations_for_conflicting_numbers_and_with_itself(
    resident, station_b, community_b, community_officer_a
):
    other_station = ResidentFactory(station=station_b, community=community_b, name=resident.name)
    with pytest.raises(ValidationError, match="different stations"):
        resident_merge(kept=resident, merged=other_station, by=community_officer_a)
    other_person = ResidentFactory(
        station=resident.station,
        community=resident.community,
        name=resident.name,
        id_number=next_id_number(birth_date=resident.birth_date + timedelta(days=900)),
    )
    with pytest.raises(ValidationError, match="not one person"):
        resident_merge(kept=resident, merged=other_person, by=community_officer_a)
    with pytest.raises(ValidationError):
        resident_merge(kept=resident, merged=resident, by=community_officer_a)
    assert Resident.objects.filter(pk__in=[other_station.pk, other_person.pk]).count() == 2
    assert not ResidentMerge.objects.exists()


def test_the_merge_action_on_the_page_and_the_api(
    resident, station_a, community_a, community_officer_a, officer_b, client_for, api_for
):
    first = ResidentFactory(
        station=station_a, community=community_a, name=resident.name, id_number=_typo_of(resident.id_number)
    )
    client = client_for(community_officer_a)
    url = reverse("places:resident-merge", kwargs={"pk": resident.pk})
    form = client.get(url)
    assert form.status_code == 200 and list(form.context["form"].fields["merged"].queryset) == [first]
    assert client.post(url, {"merged": first.pk}).status_code == 302
    assert not Resident.objects.filter(pk=first.pk).exists()
    second = ResidentFactory(
        station=station_a, community=community_a, name=resident.name, id_number=_typo_of(_typo_of(resident.id_number))
    )
    api_url = reverse("api:resident-merge", kwargs={"pk": resident.pk})
    api = api_for(community_officer_a)
    assert api.post(api_url, {"merged": resident.pk}, format="json").status_code == 400
    assert api.post(api_url, {"merged": "x"}, format="json").status_code == 400
    done = api.post(api_url, {"merged": second.pk}, format="json")
    assert done.status_code == 200 and done.json()["kept"] == resident.pk
    assert api_for(officer_b).post(api_url, {"merged": second.pk}, format="json").status_code in (403, 404)


def test_possible_duplicates_are_flagged(resident, station_a, station_b, community_a, community_b, supervisor_a):
    twin = ResidentFactory(
        station=station_a, community=community_a, name=resident.name, id_number=_typo_of(resident.id_number)
    )
    ResidentFactory(station=station_a, community=community_a, name="别人")
    ResidentFactory(station=station_b, community=community_b, name=resident.name, id_number=_typo_of(twin.id_number))
    groups = possible_duplicates(supervisor_a)
    assert [[r.pk for r in group] for group in groups] == [[resident.pk, twin.pk]]


# --- Watch tags -------------------------------------------------------------------------------------


def test_a_watched_resident_in_a_new_incident_or_case_tells_the_community_officer_and_the_supervisor(
    resident, station_a, community_a, officer_a, community_officer_a, supervisor_a
):
    resident.tags.add(ResidentTag.objects.get(code="community_correction"))
    incident = incident_create(
        by=officer_a,
        station=station_a,
        category=IncidentCategory.PUBLIC_ORDER,
        channel="110",
        summary="酒后滋事",
        community=community_a,
        reporter_resident=resident,
    )
    reminders = Reminder.objects.filter(key__startswith=f"places:watch:incident:{incident.pk}")
    assert {r.assignee_id for r in reminders} == {None, community_officer_a.pk}
    assert any(incident.number in e.title for e in queue_for(community_officer_a))
    assert any(incident.number in e.title for e in queue_for(supervisor_a))
    case = CaseFactory(station=station_a)
    case_person_add(case=case, by=officer_a, role=PersonRole.SUSPECT, name=resident.name, resident=resident)
    assert Reminder.objects.filter(key__startswith=f"places:watch:case:{case.pk}").count() == 2
    # Not watched: nothing.
    plain = ResidentFactory(station=station_a, community=community_a)
    quiet = IncidentFactory(station=station_a, reporter_resident=plain)
    assert not Reminder.objects.filter(key__contains=f"incident:{quiet.pk}:").exists()


# --- 民转刑 -----------------------------------------------------------------------------------------


def _fight(station, community, *, by, **fields):
    return incident_create(
        by=by,
        station=station,
        category=IncidentCategory.PUBLIC_ORDER,
        channel="110",
        subtype="打架斗殴",
        summary="双方发生肢体冲突",
        community=community,
        **fields,
    )


def test_a_dispute_whose_party_comes_back_in_a_fight_turns_red_at_once(
    resident, station_a, community_a, officer_a, supervisor_a
):
    dispute = dispute_at(station_a, community=community_a, registered_at=timezone.now() - timedelta(days=30))
    _party(dispute, resident)
    incident = _fight(station_a, community_a, by=officer_a, reporter_resident=resident)
    dispute.refresh_from_db()
    assert dispute.risk == RiskGrade.RED and dispute.turned_criminal_incident == incident
    assert dispute.turned_criminal_at is not None
    assert Reminder.objects.filter(key=f"places:turned-criminal:{dispute.pk}", assignee=None).exists()
    assert any(dispute.number in e.title for e in queue_for(supervisor_a))


def test_a_dispute_at_the_address_turns_within_the_window_only(station_a, community_a, officer_a, settings):
    address = AddressFactory(station=station_a, community=community_a)
    now = timezone.now()
    window = settings.WULING["TURNED_CRIMINAL_WINDOW_DAYS"]
    inside = dispute_at(
        station_a, community=community_a, standard_address=address, registered_at=now - timedelta(days=window - 1)
    )
    outside = dispute_at(
        station_a, community=community_a, standard_address=address, registered_at=now - timedelta(days=window + 1)
    )
    elsewhere = dispute_at(station_a, community=community_a, registered_at=now - timedelta(days=3))
    calm = incident_create(
        by=officer_a,
        station=station_a,
        category=IncidentCategory.DISPUTE,
        channel="110",
        summary="邻里争吵",
        community=community_a,
        standard_address=address,
    )
    assert not Dispute.objects.filter(turned_criminal_at__isnull=False).exists()
    _fight(station_a, community_a, by=officer_a, standard_address=address)
    turned = set(Dispute.objects.filter(turned_criminal_at__isnull=False).values_list("pk", flat=True))
    assert turned == {inside.pk}
    assert elsewhere.pk not in turned and outside.pk not in turned
    assert calm.pk


def test_disputes_turned_criminal_is_a_metric_of_the_dashboards(
    station_a, community_a, officer_a, supervisor_a, resident, api_for
):
    from stats.rollup import run_rollup

    for _n in range(2):
        dispute = dispute_at(station_a, community=community_a, registered_at=timezone.now() - timedelta(days=5))
        _party(dispute, resident)
    _fight(station_a, community_a, by=officer_a, reporter_resident=resident)
    run_rollup()
    body = api_for(supervisor_a).get(reverse("api:stats-summary"), {"period": "month"}).json()
    assert (
        body["metrics"]["disputes_turned_criminal"]["value"]
        == Dispute.objects.filter(turned_criminal_at__isnull=False).count()
        == 2
    )
    listed = api_for(supervisor_a).get(
        reverse("api:dispute-list"),
        {"turned_criminal_after": timezone.localdate().isoformat(), "turned_criminal_before": timezone.localdate()},
    )
    assert listed.json()["count"] == 2
    assert Incident.objects.count() == 1 and Activity.objects.count() == 0
