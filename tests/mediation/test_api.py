"""The mediation API: /api/v1/disputes/, /mediation-sessions/, /agreements/, /follow-ups/."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mediation.choices import DisputeStatus, RiskGrade, SessionOutcome
from mediation.models import Dispute
from stations.models import Reminder
from tests.factories import CommunityFactory
from tests.mediation.factories import make_agreement, make_dispute, make_session
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db

DISPUTES = reverse("api:dispute-list")


def _action(basename, name, pk):
    return reverse(f"api:{basename}-{name}", kwargs={"pk": pk})


def test_a_mediator_registers_a_dispute_with_parties(community_a, mediator_a, api_for):
    response = api_for(mediator_a).post(
        DISPUTES,
        {
            "source": "wechat",
            "category": "rental",
            "risk": "red",
            "summary": "房东扣押押金",
            "community": community_a.pk,
            "mediator": mediator_a.pk,
            "parties": [{"name": "吴敏", "phone": "13700001111"}, {"name": "郑房东", "side": "respondent"}],
        },
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == DisputeStatus.REGISTERED
    assert [p["name"] for p in body["parties"]] == ["吴敏", "郑房东"]
    assert Reminder.objects.filter(priority=0).count() == 1  # red: supervisors alerted


def test_a_party_without_a_name_is_a_400_with_the_field(community_a, mediator_a, api_for):
    response = api_for(mediator_a).post(
        DISPUTES,
        {"source": "walk_in", "category": "noise", "summary": "噪音", "parties": [{"name": ""}]},
    )
    assert response.status_code == 400
    assert "parties" in response.json()
    assert not Dispute.objects.exists()


def test_nonsense_input_is_a_400_not_a_500(mediator_a, api_for):
    response = api_for(mediator_a).post(
        DISPUTES, {"source": "x", "category": 5, "risk": "purple", "summary": "", "parties": "nobody"}
    )
    assert response.status_code == 400
    assert {"source", "risk", "parties"} <= set(response.json())


def test_the_list_reads_a_constant_number_of_queries(station_a, mediator_a, api_for):
    api = api_for(mediator_a)
    community = CommunityFactory(station=station_a)
    make_dispute(station_a, mediator=mediator_a, community=community)

    def grow():
        for _ in range(3):
            make_agreement(make_dispute(station_a, mediator=mediator_a, community=community), by=mediator_a)

    for url in (DISPUTES, reverse("api:mediation-session-list"), reverse("api:agreement-list")):
        assert_constant_queries(lambda url=url: api.get(url), grow)
    assert_constant_queries(lambda: api.get(reverse("api:follow-up-list")), grow)


def test_transitions_are_post_actions_and_invalid_ones_say_why(station_a, mediator_a, api_for):
    dispute = make_dispute(station_a)
    api = api_for(mediator_a)

    refused = api.post(_action("dispute", "close", dispute.pk), {})
    referred = api.post(_action("dispute", "refer", dispute.pk), {"referred_to": "court", "note": "产权纠纷"})
    closed = api.post(_action("dispute", "close", dispute.pk), {})

    assert refused.status_code == 400
    assert "status" in refused.json()
    assert referred.json()["status"] == DisputeStatus.REFERRED
    assert closed.json()["status"] == DisputeStatus.CLOSED


def test_a_station_officer_cannot_close_a_dispute(station_a, officer_a, api_for):
    dispute = make_dispute(station_a)
    assert api_for(officer_a).post(_action("dispute", "refer", dispute.pk), {"referred_to": "court"}).status_code == 403


def test_session_agreement_follow_up_and_relapse_through_the_api(station_a, mediator_a, api_for):
    dispute = make_dispute(station_a, registered_at=timezone.now() - timedelta(days=1))
    api = api_for(mediator_a)
    held = (timezone.now() - timedelta(hours=3)).isoformat()

    session = api.post(
        reverse("api:mediation-session-list"),
        {
            "dispute": dispute.pk,
            "held_at": held,
            "venue": "on_site",
            "mediators": [mediator_a.pk],
            "bodies": ["law_firm", "judicial_office"],
            "outcome": SessionOutcome.AGREEMENT,
        },
    )
    assert session.status_code == 201, session.json()
    agreement = api.post(
        reverse("api:agreement-list"),
        {"session": session.json()["id"], "terms": "双方各让一步", "signed_at": held, "follow_up_days": [7]},
    )
    assert agreement.status_code == 201, agreement.json()
    follow_ups = api.get(reverse("api:follow-up-list"), {"dispute": dispute.pk}).json()["results"]
    assert len(follow_ups) == 1

    recorded = api.post(_action("follow-up", "record", follow_ups[0]["id"]), {"result": "relapsed", "notes": "复发"})

    assert recorded.status_code == 200, recorded.json()
    assert api.get(reverse("api:dispute-detail", kwargs={"pk": dispute.pk})).json()["status"] == "in_mediation"


def test_an_agreement_without_an_agreeing_session_is_a_400(station_a, mediator_a, api_for):
    session = make_session(make_dispute(station_a), outcome=SessionOutcome.ADJOURNED)
    response = api_for(mediator_a).post(
        reverse("api:agreement-list"), {"session": session.pk, "terms": "x", "signed_at": timezone.now().isoformat()}
    )
    assert response.status_code == 400
    assert "session" in response.json()


def test_a_follow_up_before_the_agreement_is_a_400(station_a, mediator_a, api_for):
    dispute = make_dispute(station_a)
    response = api_for(mediator_a).post(
        reverse("api:follow-up-list"), {"dispute": dispute.pk, "due_date": timezone.localdate().isoformat()}
    )
    assert response.status_code == 400
    assert "due_date" in response.json()


def test_a_future_session_with_an_outcome_is_a_400(station_a, mediator_a, api_for):
    dispute = make_dispute(station_a)
    response = api_for(mediator_a).post(
        reverse("api:mediation-session-list"),
        {
            "dispute": dispute.pk,
            "held_at": (timezone.now() + timedelta(days=1)).isoformat(),
            "venue": "phone",
            "mediators": [mediator_a.pk],
            "outcome": "agreement",
        },
    )
    assert response.status_code == 400
    assert "outcome" in response.json()


def test_updating_needs_the_current_version(station_a, mediator_a, api_for):
    dispute = make_dispute(station_a)
    url = reverse("api:dispute-detail", kwargs={"pk": dispute.pk})
    api = api_for(mediator_a)

    missing = api.patch(url, {"summary": "新摘要"})
    ok = api.patch(url, {"summary": "新摘要", "version": dispute.version})
    stale = api.patch(url, {"summary": "再改", "version": dispute.version})

    assert missing.status_code == 400
    assert ok.status_code == 200 and ok.json()["summary"] == "新摘要"
    assert stale.status_code == 409


def test_raising_a_dispute_to_red_alerts_the_supervisors(station_a, mediator_a, api_for):
    dispute = make_dispute(station_a, risk=RiskGrade.YELLOW)
    api_for(mediator_a).patch(
        reverse("api:dispute-detail", kwargs={"pk": dispute.pk}), {"risk": "red", "version": dispute.version}
    )
    assert Reminder.objects.filter(key=f"mediation:dispute:{dispute.pk}:red").exists()


def test_a_civilian_mediator_gets_id_numbers_masked(station_a, mediator_a, officer_a, api_for):
    dispute = make_dispute(station_a, parties=[{"name": "孙丽", "id_number": "430702199001011234"}])
    url = reverse("api:dispute-detail", kwargs={"pk": dispute.pk})

    assert api_for(mediator_a).get(url).json()["parties"][0]["id_number"] == "430702********1234"
    assert api_for(mediator_a).get(url, {"reveal": "id_number"}).status_code == 403
    # Police see them masked too, and in full only when they ask (audited).
    assert api_for(officer_a).get(url).json()["parties"][0]["id_number"] == "430702********1234"
    revealed = api_for(officer_a).get(url, {"reveal": "id_number"}).json()
    assert revealed["parties"][0]["id_number"] == "430702199001011234"


def test_a_mediator_of_another_station_gets_404(station_a, mediator_b, api_for):
    dispute = make_dispute(station_a)
    api = api_for(mediator_b)
    assert api.get(reverse("api:dispute-detail", kwargs={"pk": dispute.pk})).status_code == 404
    assert api.post(_action("dispute", "refer", dispute.pk), {"referred_to": "court"}).status_code == 404


def test_the_schema_documents_the_mediation_endpoints(mediator_a, client_for):
    schema = client_for(mediator_a).get(reverse("api-schema")).content.decode()
    for path in ("/api/v1/disputes/", "/api/v1/mediation-sessions/", "/api/v1/agreements/", "/api/v1/follow-ups/"):
        assert path in schema
    assert "/api/v1/disputes/{id}/reopen/" in schema
    assert "/api/v1/follow-ups/{id}/record/" in schema


def test_an_id_too_big_for_the_database_is_a_400_not_a_500(mediator_a, api_for):
    api = api_for(mediator_a)
    big = "9" * 30
    assert api.get(reverse("api:follow-up-list"), {"dispute": big}).status_code == 400
    assert api.get(DISPUTES, {"incident": big}).status_code == 400


def test_a_party_id_number_with_a_wrong_check_digit_is_a_400_with_the_field(community_a, mediator_a, api_for):
    response = api_for(mediator_a).post(
        DISPUTES,
        {
            "source": "walk_in",
            "category": "noise",
            "summary": "噪音",
            "parties": [{"name": "吴敏", "id_number": "110105194912310021"}],
        },
        format="json",
    )

    assert response.status_code == 400
    assert "id_number" in response.json()["parties"]["0"]
    assert not Dispute.objects.exists()


def test_a_party_id_number_is_stored_upper_case(community_a, mediator_a, api_for):
    response = api_for(mediator_a).post(
        DISPUTES,
        {
            "source": "walk_in",
            "category": "noise",
            "summary": "噪音",
            "parties": [{"name": "吴敏", "id_number": "11010519491231002x"}],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert Dispute.objects.get().parties.get().id_number == "11010519491231002X"


def test_a_deactivated_officer_cannot_be_named_mediator(community_a, mediator_a, retired_a, api_for):
    response = api_for(mediator_a).post(
        DISPUTES,
        {"source": "wechat", "category": "rental", "summary": "押金", "community": community_a.pk,
         "mediator": retired_a.pk, "parties": [{"name": "吴敏"}]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400 and "mediator" in response.json()
    assert not Dispute.objects.exists()


def test_a_second_agreement_on_a_session_is_refused_in_words(station_a, mediator_a, api_for):
    from django.utils import translation

    agreement = make_agreement(make_dispute(station_a), by=mediator_a)

    response = api_for(mediator_a).post(
        reverse("api:agreement-list"),
        {"session": agreement.session_id, "terms": "再签一份", "signed_at": timezone.now().isoformat()},
        format="json",
    )

    assert response.status_code == 400
    with translation.override("zh-hans"):
        assert response.json()["session"] == [translation.gettext("This session already has an agreement.")]


def test_moving_a_visit_through_the_api_needs_its_version(station_a, mediator_a, api_for):
    follow_up = make_agreement(make_dispute(station_a), by=mediator_a).follow_ups.first()
    url = reverse("api:follow-up-detail", kwargs={"pk": follow_up.pk})
    later = (follow_up.due_date + timedelta(days=3)).isoformat()
    api = api_for(mediator_a)

    missing = api.patch(url, {"due_date": later}, format="json")
    moved = api.patch(url, {"due_date": later, "version": follow_up.version}, format="json")

    assert missing.status_code == 400 and "version" in missing.json()
    assert moved.status_code == 200 and moved.json()["due_date"] == later
