"""Personal data in the API: masked by default, on every endpoint that answers it; revealed only on
request, for one record, to someone with the right, and audited (issue: "a mask must hide").

For each API route whose model holds an ID number or a phone, a record is made and given known
values; neither its list nor its detail answer may contain them, nor the birth date that an ID
number's masked digits are. `?reveal=` gives them in full and writes one audit row per record.
"""

import json
from datetime import date

import pytest
from django.urls import reverse

from kit.personal import build_id_number
from stations.choices import AuditEventType, StaffKind
from stations.models import AuditEvent
from tests.factories import grant_all_model_permissions, make_person
from tests.test_scoping import API_ROUTES, _maker_for

PHONE = "13912345678"
BIRTH = date(1988, 7, 14)
ID_NUMBER = build_id_number("430702", BIRTH, 123, "M")
PERSONAL = {"id_number": ID_NUMBER, "phone": PHONE, "reporter_phone": PHONE, "contact_phone": PHONE}

# A station's and a police room's phone are duty numbers put up on the wall, not anyone's own.
PUBLIC_NUMBERS = {"stations.Station", "community.PolicePost"}
PERSONAL_ROUTES = [
    r
    for r in API_ROUTES
    if {f.name for f in r[1].queryset.model._meta.concrete_fields} & set(PERSONAL)
    and r[1].queryset.model._meta.label not in PUBLIC_NUMBERS
]


@pytest.fixture
def insider(station_a):
    """A police officer of station A with every model permission (the reveal right included)."""
    return grant_all_model_permissions(make_person("insider_a", station=station_a))


def _give_known_values(record) -> list[str]:
    names = {f.name for f in record._meta.concrete_fields} & set(PERSONAL)
    type(record)._base_manager.filter(pk=record.pk).update(**{n: PERSONAL[n] for n in names})
    if "id_number" in names and hasattr(record, "birth_date"):
        type(record)._base_manager.filter(pk=record.pk).update(birth_date=BIRTH)
    return sorted(names)


def _leaks(body: str) -> list[str]:
    return [v for v in (ID_NUMBER, PHONE, BIRTH.isoformat(), ID_NUMBER[6:14]) if v in body]


@pytest.mark.parametrize(("prefix", "viewset", "basename"), PERSONAL_ROUTES, ids=[r[0] for r in PERSONAL_ROUTES])
def test_personal_data_is_masked_in_lists_and_details_and_revealed_only_on_request(
    prefix, viewset, basename, station_a, insider, api_for
):
    record = _maker_for(viewset.queryset.model).make(station_a)
    names = _give_known_values(record)
    api = api_for(insider)
    detail = reverse(f"api:{basename}-detail", kwargs={"pk": record.pk})

    for url in (reverse(f"api:{basename}-list"), detail):
        answer = api.get(url)
        assert answer.status_code == 200
        assert not _leaks(json.dumps(answer.json(), ensure_ascii=False)), url
    assert not AuditEvent.objects.filter(event_type=AuditEventType.SENSITIVE_READ).exists()

    revealed = api.get(detail, {"reveal": ",".join(names)})
    assert revealed.status_code == 200, revealed.content
    body = revealed.json()
    assert all(body[name] == PERSONAL[name] for name in names)
    audit = AuditEvent.objects.get(event_type=AuditEventType.SENSITIVE_READ)
    assert audit.user == insider and audit.object_id == str(record.pk) and audit.detail["fields"] == names

    assert api.get(detail, {"reveal": "name"}).status_code == 400


def test_a_civilian_mediator_is_refused_a_reveal_and_nothing_is_audited(station_a, mediator_a, api_for):
    from tests.mediation.factories import make_dispute

    grant_all_model_permissions(mediator_a)
    assert mediator_a.staff_profile.kind == StaffKind.MEDIATOR
    dispute = make_dispute(station_a)
    answer = api_for(mediator_a).get(reverse("api:dispute-detail", kwargs={"pk": dispute.pk}), {"reveal": "id_number"})
    assert answer.status_code == 403
    assert not AuditEvent.objects.filter(event_type=AuditEventType.SENSITIVE_READ).exists()


def test_dispute_parties_are_masked_unless_revealed(station_a, insider, api_for):
    from mediation.models import Party
    from tests.mediation.factories import make_dispute

    dispute = make_dispute(station_a)
    Party.objects.create(dispute=dispute, side="a", name="王某", phone=PHONE, id_number=ID_NUMBER)
    url = reverse("api:dispute-detail", kwargs={"pk": dispute.pk})
    api = api_for(insider)
    assert not _leaks(json.dumps(api.get(url).json(), ensure_ascii=False))
    assert not _leaks(json.dumps(api.get(reverse("api:dispute-list")).json(), ensure_ascii=False))
    parties = api.get(url, {"reveal": "id_number,phone"}).json()["parties"]
    assert any(p["id_number"] == ID_NUMBER and p["phone"] == PHONE for p in parties)


def test_a_resident_shows_the_birth_year_not_the_birth_date_unless_revealed(station_a, insider, api_for):
    from tests.community.factories import ResidentFactory

    resident = ResidentFactory(station=station_a, id_number=ID_NUMBER, birth_date=BIRTH)
    url = reverse("api:resident-detail", kwargs={"pk": resident.pk})
    masked = api_for(insider).get(url).json()
    assert masked["birth_date"] is None and masked["birth_year"] == BIRTH.year and masked["revealed"] is False
    full = api_for(insider).get(url, {"reveal": "id_number"}).json()
    assert full["birth_date"] == BIRTH.isoformat() and full["id_number"] == ID_NUMBER
