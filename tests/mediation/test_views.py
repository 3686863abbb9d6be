"""The mediation pages: register (from an incident), the timeline page, actions, lists, print view."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mediation.choices import DisputeSource, DisputeStatus, FollowUpStatus, RiskGrade, SessionOutcome
from mediation.models import Dispute, FollowUp
from stations.choices import AuditEventType
from stations.models import AuditEvent
from tests.factories import CommunityFactory
from tests.mediation.factories import IncidentFactory, make_agreement, make_dispute, make_session
from tests.utils import assert_constant_queries, body

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("mediation:dispute-create")


def _register_payload(community, **overrides):
    return {
        "source": DisputeSource.WALK_IN,
        "category": "parking",
        "risk": RiskGrade.ORANGE,
        "community": community.pk,
        "summary": "车位被占引发争执",
        "applicant_name": "赵大勇",
        "applicant_phone": "13912345678",
        "respondent_name": "钱小红",
        **overrides,
    }


def test_the_create_link_prefills_the_dispute_from_an_incident(station_a, community_a, officer_a, client_for):
    incident = IncidentFactory(station=station_a, community=community_a)

    response = client_for(officer_a).get(CREATE_URL, {"incident": incident.pk})

    form = response.context["form"]
    assert response.status_code == 200
    assert form.initial["source"] == DisputeSource.INCIDENT
    assert form.initial["summary"] == incident.summary
    assert form.initial["applicant_name"] == "王桂兰"
    assert form.initial["community"] == community_a.pk
    assert incident.number in response.content.decode()


def test_the_register_form_offers_every_risk_grade(officer_a, client_for):
    html = client_for(officer_a).get(CREATE_URL).content.decode()
    for grade in ("red", "orange", "yellow"):
        assert f'name="risk" value="{grade}"' in html


def test_an_incident_of_another_station_gives_404(station_b, officer_a, client_for):
    incident = IncidentFactory(station=station_b)
    assert client_for(officer_a).get(CREATE_URL, {"incident": incident.pk}).status_code == 404


def test_a_nonsense_incident_id_gives_404_not_500(officer_a, client_for):
    assert client_for(officer_a).get(CREATE_URL, {"incident": "1 OR 1=1"}).status_code == 404


def test_an_officer_sends_an_incident_to_mediation(station_a, community_a, officer_a, mediator_a, client_for):
    incident = IncidentFactory(station=station_a, community=community_a)
    payload = _register_payload(community_a, incident=incident.pk, mediator=mediator_a.pk)

    response = client_for(officer_a).post(f"{CREATE_URL}?incident={incident.pk}", payload)

    dispute = Dispute.objects.get()
    assert response.status_code == 302
    assert response["Location"] == dispute.get_absolute_url()
    assert dispute.incident == incident
    assert dispute.source == DisputeSource.INCIDENT
    assert dispute.station == station_a
    assert dispute.mediator == mediator_a
    assert [p.name for p in dispute.parties.all()] == ["赵大勇", "钱小红"]


def test_a_party_without_a_name_keeps_the_input_and_saves_nothing(community_a, officer_a, client_for):
    response = client_for(officer_a).post(CREATE_URL, _register_payload(community_a, applicant_name="  "))

    assert response.status_code == 200
    assert "applicant_name" in response.context["form"].errors
    assert response.context["form"]["summary"].value() == "车位被占引发争执"
    assert not Dispute.objects.exists()


def test_a_community_of_another_station_cannot_be_chosen(community_b, officer_a, client_for):
    response = client_for(officer_a).post(CREATE_URL, _register_payload(community_b))
    assert "community" in response.context["form"].errors
    assert not Dispute.objects.exists()


def test_the_dispute_page_shows_one_timeline(station_a, mediator_a, client_for):
    dispute = make_dispute(station_a, registered_at=timezone.now() - timedelta(days=2))
    make_agreement(dispute, by=mediator_a)

    response = client_for(mediator_a).get(dispute.get_absolute_url())

    kinds = [item.kind for item in response.context["timeline"]]
    assert response.status_code == 200
    assert kinds == ["event", "session", "agreement", "follow_up", "follow_up"]
    assert "楼上装修噪音扰民" in response.content.decode()


def test_the_dispute_page_names_people_family_name_first(station_a, mediator_a, client_for):
    mediator_a.last_name, mediator_a.first_name = "欧阳", "春燕"
    mediator_a.save(update_fields=["last_name", "first_name"])
    dispute = make_dispute(station_a, by=mediator_a, mediator=mediator_a)
    make_session(dispute, outcome=SessionOutcome.NONE, mediators=[mediator_a])

    page = client_for(mediator_a).get(dispute.get_absolute_url()).content.decode()

    assert 'data-testid="mediator">欧阳春燕</dd>' in page
    assert "· 欧阳春燕</dd>" in page  # registered by
    assert "春燕欧阳" not in page


def test_the_dispute_page_reads_a_constant_number_of_queries(station_a, mediator_a, client_for):
    dispute = make_dispute(station_a)
    make_session(dispute, outcome=SessionOutcome.NONE, mediators=[mediator_a])
    client = client_for(mediator_a)
    url = dispute.get_absolute_url()

    def grow():
        make_session(dispute, outcome=SessionOutcome.NONE, mediators=[mediator_a])
        make_session(dispute, outcome=SessionOutcome.ADJOURNED)

    assert_constant_queries(lambda: client.get(url), grow)


def test_a_civilian_mediator_sees_parties_id_numbers_masked(station_a, mediator_a, officer_a, client_for):

    dispute = make_dispute(station_a, parties=[{"name": "孙丽", "id_number": "430702199001011234"}])

    url = dispute.get_absolute_url()
    mediator_page = client_for(mediator_a).get(url, {"reveal": "1"}).content.decode()
    officer_page = client_for(officer_a).get(url).content.decode()

    assert "430702199001011234" not in mediator_page and 'data-testid="reveal-parties"' not in mediator_page
    assert "430702********1234" in mediator_page
    # Police see them masked too until they ask, and the asking is audited.
    assert "430702199001011234" not in officer_page and 'data-testid="reveal-parties"' in officer_page
    assert not AuditEvent.objects.filter(event_type=AuditEventType.SENSITIVE_READ).exists()
    revealed = client_for(officer_a).get(url, {"reveal": "1"}).content.decode()
    assert "430702199001011234" in revealed
    assert AuditEvent.objects.filter(event_type=AuditEventType.SENSITIVE_READ, user=officer_a).count() == 1


def test_a_mediator_of_another_station_gets_404(station_a, mediator_b, client_for):
    dispute = make_dispute(station_a)
    assert client_for(mediator_b).get(dispute.get_absolute_url()).status_code == 404


def test_the_mediator_records_a_session_with_an_agreement_and_follow_ups(station_a, mediator_a, client_for):
    dispute = make_dispute(station_a, registered_at=timezone.now() - timedelta(days=1))
    client = client_for(mediator_a)
    held = timezone.localtime() - timedelta(hours=2)

    response = client.post(
        reverse("mediation:session-create", kwargs={"pk": dispute.pk}),
        {
            "held_at": held.strftime("%Y-%m-%dT%H:%M"),
            "venue": "mediation_room",
            "mediators": [mediator_a.pk],
            "bodies": ["judicial_office", "community_committee"],
            "attendees": "双方当事人及家属",
            "notes": "经耐心调解，双方达成一致",
            "outcome": SessionOutcome.AGREEMENT,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    session = dispute.sessions.get()
    assert session.bodies == ["judicial_office", "community_committee"]

    response = client.post(
        reverse("mediation:agreement-create", kwargs={"pk": session.pk}),
        {"terms": "钱小红赔偿赵大勇500元", "signed_at": held.strftime("%Y-%m-%dT%H:%M"), "follow_up_days": "7,30"},
    )
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.RESOLVED
    assert dispute.follow_ups.count() == 2


def test_a_session_in_the_future_with_an_outcome_is_a_field_error(station_a, mediator_a, client_for):
    dispute = make_dispute(station_a)
    response = client_for(mediator_a).post(
        reverse("mediation:session-create", kwargs={"pk": dispute.pk}),
        {
            "held_at": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "venue": "on_site",
            "mediators": [mediator_a.pk],
            "outcome": SessionOutcome.AGREEMENT,
        },
    )
    assert response.status_code == 400
    assert "outcome" in response.context["form"].errors
    assert not dispute.sessions.exists()


def test_an_agreement_on_a_session_without_agreement_is_refused(station_a, mediator_a, client_for):
    dispute = make_dispute(station_a)
    session = make_session(dispute, outcome=SessionOutcome.NONE)
    response = client_for(mediator_a).post(
        reverse("mediation:agreement-create", kwargs={"pk": session.pk}),
        {"terms": "条款", "signed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not dispute.agreements.exists()


def test_follow_up_days_may_be_separated_as_officers_type_them(station_a, mediator_a, client_for):
    session = make_session(make_dispute(station_a))
    response = client_for(mediator_a).post(
        reverse("mediation:agreement-create", kwargs={"pk": session.pk}),
        {"terms": "条款", "signed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "follow_up_days": "3、7，30"},
    )
    assert response.status_code == 302, response.context["form"].errors
    agreement = session.dispute.agreements.get()
    signed = timezone.localdate(agreement.signed_at)
    assert sorted((f.due_date - signed).days for f in agreement.follow_ups.all()) == [3, 7, 30]


def test_bad_follow_up_days_are_a_field_error(station_a, mediator_a, client_for):
    session = make_session(make_dispute(station_a))
    response = client_for(mediator_a).post(
        reverse("mediation:agreement-create", kwargs={"pk": session.pk}),
        {"terms": "条款", "signed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "follow_up_days": "7,abc"},
    )
    assert "follow_up_days" in response.context["form"].errors


def test_a_superscript_digit_in_follow_up_days_is_a_field_error_not_a_500(station_a, mediator_a, client_for):
    session = make_session(make_dispute(station_a))
    response = client_for(mediator_a).post(
        reverse("mediation:agreement-create", kwargs={"pk": session.pk}),
        {"terms": "条款", "signed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "follow_up_days": "7、²"},
    )
    assert "follow_up_days" in response.context["form"].errors


def test_recording_a_relapse_reopens_the_dispute(station_a, mediator_a, client_for):
    dispute = make_dispute(station_a)
    follow_up = make_agreement(dispute, by=mediator_a).follow_ups.first()

    response = client_for(mediator_a).post(
        reverse("mediation:follow-up-record", kwargs={"pk": follow_up.pk}),
        {
            "result": "relapsed",
            "satisfaction": "dissatisfied",
            "done_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )

    assert response.status_code == 302
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.IN_MEDIATION
    assert FollowUp.objects.filter(status=FollowUpStatus.CANCELLED).count() == 1


def test_closing_with_follow_ups_due_shows_the_reason(station_a, mediator_a, client_for):
    dispute = make_dispute(station_a)
    make_agreement(dispute, by=mediator_a)
    response = client_for(mediator_a).post(reverse("mediation:dispute-close", kwargs={"pk": dispute.pk}), {})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert Dispute.objects.get(pk=dispute.pk).status == DisputeStatus.RESOLVED


def test_a_station_officer_may_register_but_not_mediate(station_a, officer_a, client_for):
    dispute = make_dispute(station_a)
    response = client_for(officer_a).get(reverse("mediation:session-create", kwargs={"pk": dispute.pk}))
    assert response.status_code == 403


def test_the_list_filters_by_risk_and_overdue_follow_up(station_a, mediator_a, client_for):
    red = make_dispute(station_a, risk=RiskGrade.RED)
    late = make_dispute(station_a, registered_at=timezone.now() - timedelta(days=40))
    make_agreement(late, by=mediator_a, signed_at=timezone.now() - timedelta(days=20))
    client = client_for(mediator_a)
    url = reverse("mediation:dispute-list")

    by_risk = client.get(url, {"risk": "red"}).context["table"].rows
    overdue = client.get(url, {"overdue_follow_up": "true"}).context["table"].rows

    assert [row.record.pk for row in by_risk] == [red.pk]
    assert [row.record.pk for row in overdue] == [late.pk]


def test_searching_by_party_name_lists_each_dispute_once(station_a, mediator_a, client_for):

    dispute = make_dispute(station_a, parties=[{"name": "周梅"}, {"name": "周梅梅"}])
    rows = client_for(mediator_a).get(reverse("mediation:dispute-list"), {"q": "周梅"}).context["table"].rows
    assert [row.record.pk for row in rows] == [dispute.pk]


def test_the_list_reads_a_constant_number_of_queries(station_a, mediator_a, client_for):
    make_dispute(station_a, mediator=mediator_a)
    client = client_for(mediator_a)
    url = reverse("mediation:dispute-list")
    community = CommunityFactory(station=station_a)

    def grow():
        for _ in range(3):
            make_dispute(station_a, mediator=mediator_a, community=community)

    assert_constant_queries(lambda: client.get(url), grow)


def test_the_export_is_written_to_the_audit_log(station_a, mediator_a, client_for):
    make_dispute(station_a)
    response = client_for(mediator_a).get(reverse("mediation:dispute-list"), {"_export": "csv", "risk": "yellow"})
    assert response.status_code == 200
    assert response.streaming
    assert "王桂兰" in body(response).decode("utf-8-sig")
    event = AuditEvent.objects.get(event_type=AuditEventType.EXPORT)
    assert event.detail["model"] == "mediation.Dispute"
    assert event.detail["filters"] == {"risk": "yellow"}


def test_the_follow_up_list_shows_overdue_visits(station_a, mediator_a, client_for):
    late = make_dispute(station_a, registered_at=timezone.now() - timedelta(days=40))
    make_agreement(late, by=mediator_a, signed_at=timezone.now() - timedelta(days=20))
    make_agreement(make_dispute(station_a), by=mediator_a)
    rows = client_for(mediator_a).get(reverse("mediation:follow-up-list"), {"overdue": "true"}).context["table"].rows
    assert [row.record.dispute_id for row in rows] == [late.pk]


def test_the_agreement_prints_as_a_clean_chinese_page(station_a, mediator_a, client_for):
    agreement = make_agreement(make_dispute(station_a), by=mediator_a)

    response = client_for(mediator_a).get(reverse("mediation:agreement-print", kwargs={"pk": agreement.pk}))

    html = response.content.decode()
    assert response.status_code == 200
    assert "人民调解协议书" in html
    assert "mediation/print.css" in html
    assert "李建国于三日内修复漏水" in html
    assert "王桂兰" in html and "李建国" in html
    assert "wl-navbar" not in html  # no menu on the printed page
    assert "<script>" not in html  # CSP: scripts only from files


def test_editing_a_dispute_that_changed_meanwhile_answers_409(station_a, mediator_a, client_for):
    from mediation import services

    dispute = make_dispute(station_a)
    url = reverse("mediation:dispute-update", kwargs={"pk": dispute.pk})
    client = client_for(mediator_a)
    form = client.get(url).context["form"]
    payload = {k: v for k, v in form.initial.items() if v is not None}
    payload.update(summary="改后", expected_version=dispute.version)
    services.dispute_refer(dispute=Dispute.objects.get(pk=dispute.pk), by=mediator_a, referred_to="court")

    response = client.post(url, payload)

    assert response.status_code == 409
    assert Dispute.objects.get(pk=dispute.pk).summary == "楼上装修噪音扰民"


def test_the_visit_form_comes_inline_for_htmx_and_answers_with_a_client_redirect(station_a, mediator_a, client_for):
    dispute = make_dispute(station_a)
    follow_up = make_agreement(dispute, by=mediator_a).follow_ups.first()
    url = reverse("mediation:follow-up-record", kwargs={"pk": follow_up.pk})
    client = client_for(mediator_a)

    partial = client.get(url, headers={"HX-Request": "true"})
    invalid = client.post(url, {"result": ""}, headers={"HX-Request": "true"})
    done = client.post(
        url,
        {"result": "stable", "done_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
        headers={"HX-Request": "true"},
    )

    assert "<html" not in partial.content.decode()
    assert 'data-testid="inline-form"' in partial.content.decode()
    assert invalid.status_code == 400 and "result" in invalid.context["form"].errors
    assert done["HX-Redirect"] == dispute.get_absolute_url()


def test_a_bureau_supervisor_reads_every_station_but_changes_nothing(
    station_a, station_b, bureau_supervisor, client_for
):
    here, there = make_dispute(station_a), make_dispute(station_b)
    client = client_for(bureau_supervisor)

    rows = client.get(reverse("mediation:dispute-list")).context["table"].rows

    assert {row.record.pk for row in rows} == {here.pk, there.pk}
    assert client.get(reverse("mediation:dispute-refer", kwargs={"pk": here.pk})).status_code == 403


def test_a_party_is_added_and_linked_to_a_registered_resident(station_a, community_a, mediator_a, client_for):
    from community.models import Resident

    resident = Resident.objects.create(
        station=station_a, community=community_a, name="孙丽", id_number="11010519491231002X", phone="13600002222"
    )
    dispute = make_dispute(station_a)

    response = client_for(mediator_a).post(
        reverse("mediation:party-create", kwargs={"pk": dispute.pk}),
        {"side": "other", "name": "孙丽", "id_number": "11010519491231002x"},
    )

    party = dispute.parties.get(name="孙丽")
    assert response.status_code == 302
    assert party.resident == resident
    assert party.phone == "13600002222"


def test_a_mediator_edits_the_dispute_and_raising_it_to_red_alerts_the_supervisors(
    station_a, mediator_a, supervisor_a, client_for
):
    from stations.queue import queue_for

    dispute = make_dispute(station_a)
    url = reverse("mediation:dispute-update", kwargs={"pk": dispute.pk})
    client = client_for(mediator_a)
    form = client.get(url).context["form"]
    payload = {k: v for k, v in form.initial.items() if v is not None}
    payload.update(risk="red", summary="噪音引发肢体冲突苗头", expected_version=form["expected_version"].value())

    response = client.post(url, payload)

    assert response.status_code == 302
    dispute.refresh_from_db()
    assert (dispute.risk, dispute.summary, dispute.version) == ("red", "噪音引发肢体冲突苗头", 2)
    assert dispute.number in queue_for(supervisor_a)[0].title


@pytest.mark.parametrize("field", ["applicant_id_number", "respondent_id_number"])
def test_a_party_id_number_with_a_wrong_check_digit_is_refused_on_register(field, community_a, officer_a, client_for):
    response = client_for(officer_a).post(CREATE_URL, _register_payload(community_a, **{field: "110105194912310021"}))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not Dispute.objects.exists()


def test_a_party_id_number_with_a_wrong_check_digit_is_refused_when_added(station_a, mediator_a, client_for):
    dispute = make_dispute(station_a)
    parties_before = dispute.parties.count()

    response = client_for(mediator_a).post(
        reverse("mediation:party-create", kwargs={"pk": dispute.pk}),
        {"side": "other", "name": "孙丽", "id_number": "110105194912310021"},
    )

    assert "id_number" in response.context["form"].errors
    assert dispute.parties.count() == parties_before


def test_the_printed_agreement_shows_id_numbers_in_full_and_the_reading_is_audited(
    station_a, mediator_a, officer_a, client_for
):
    """The parties sign it: it names them by their ID numbers, whoever prints it (a civilian mediator too)."""

    dispute = make_dispute(station_a, parties=[{"name": "孙丽", "id_number": "11010519491231002X"}])
    agreement = make_agreement(dispute, by=mediator_a)
    url = reverse("mediation:agreement-print", kwargs={"pk": agreement.pk})

    mediator_page = client_for(mediator_a).get(url).content.decode()
    officer_page = client_for(officer_a).get(url).content.decode()

    assert "11010519491231002X" in mediator_page and "110105********002X" not in mediator_page
    assert "11010519491231002X" in officer_page
    reads = AuditEvent.objects.filter(event_type=AuditEventType.SENSITIVE_READ, object_id=str(agreement.pk))
    assert sorted((e.user.username, e.object_type) for e in reads) == [
        (mediator_a.username, "mediation.Agreement"),
        (officer_a.username, "mediation.Agreement"),
    ]


def test_the_list_shows_the_risk_grade_alone_in_chinese_and_english(station_a, mediator_a, client_for):
    make_dispute(station_a, risk=RiskGrade.RED)
    client = client_for(mediator_a)
    html = client.get(reverse("mediation:dispute-list")).content.decode()
    assert '<span class="badge text-bg-danger">红色</span>' in html  # not "红色：立即报告所领导" cut short
    client.post(reverse("set_language"), {"language": "en"})
    html = client.get(reverse("mediation:dispute-list")).content.decode()
    assert '<span class="badge text-bg-danger">Red</span>' in html


def test_mediator_choices_leave_out_a_deactivated_officer(station_a, mediator_a, retired_a, client_for):
    client = client_for(mediator_a)
    dispute = make_dispute(station_a, registered_at=timezone.now() - timedelta(days=1))
    choices = [
        client.get(CREATE_URL).context["form"].fields["mediator"].queryset,
        client.get(reverse("mediation:session-create", kwargs={"pk": dispute.pk}))
        .context["form"]
        .fields["mediators"]
        .queryset,
    ]
    for queryset in choices:
        assert mediator_a in queryset and retired_a not in queryset


# --- issue 17 part 2: what officers hit ----------------------------------------------------------------


def test_a_session_dated_before_the_registration_is_a_field_error_with_the_input_kept(
    station_a, mediator_a, client_for
):
    dispute = make_dispute(station_a, registered_at=timezone.now() - timedelta(hours=1))
    early = timezone.localtime(dispute.registered_at) - timedelta(hours=6)

    response = client_for(mediator_a).post(
        reverse("mediation:session-create", kwargs={"pk": dispute.pk}),
        {"held_at": early.strftime("%Y-%m-%dT%H:%M"), "venue": "on_site", "mediators": [mediator_a.pk], "notes": "早"},
    )

    form = response.context["form"]
    assert response.status_code == 400
    assert list(form.errors) == ["held_at"]
    assert form["notes"].value() == "早"
    assert not dispute.sessions.exists()


def test_closing_from_the_wrong_state_says_why_once(station_a, mediator_a, client_for):
    dispute = make_dispute(station_a)  # registered: nothing to close yet
    url = reverse("mediation:dispute-close", kwargs={"pk": dispute.pk})
    client = client_for(mediator_a)

    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(url, {"note": "结案"}, headers=headers)

        (message,) = response.context["form"].non_field_errors()
        assert response.status_code == 400
        assert response.content.decode().count(str(message)) == 1
    assert Dispute.objects.get(pk=dispute.pk).status == DisputeStatus.REGISTERED


def test_a_relapse_is_told_once_on_the_timeline(station_a, mediator_a, client_for):
    from mediation import services

    dispute = make_dispute(station_a)
    follow_up = make_agreement(dispute, by=mediator_a).follow_ups.first()
    services.follow_up_record(follow_up=follow_up, by=mediator_a, result="relapsed", notes="双方又因漏水吵起来")

    response = client_for(mediator_a).get(dispute.get_absolute_url())

    html = response.content.decode()
    assert html.count("双方又因漏水吵起来") == 1
    assert html.count('data-testid="relapse"') == 1


def test_a_manual_reopen_does_not_show_as_a_relapse(station_a, mediator_a, client_for):
    from mediation import services

    dispute = make_dispute(station_a)
    make_session(dispute, outcome=SessionOutcome.NONE)
    services.dispute_mark_not_resolved(dispute=dispute, by=mediator_a)
    client = client_for(mediator_a)

    client.post(reverse("mediation:dispute-reopen", kwargs={"pk": dispute.pk}), {"note": "当事人要求再调"})

    page = client.get(dispute.get_absolute_url()).content.decode()
    assert Dispute.objects.get(pk=dispute.pk).status == DisputeStatus.IN_MEDIATION
    assert 'data-testid="relapse-count"' not in page
    assert "反弹次数" not in page


def test_the_printed_agreement_is_the_document_the_parties_sign(station_a, mediator_a, client_for):
    from mediation import services

    dispute = make_dispute(
        station_a,
        parties=[
            {"name": "孙丽", "id_number": "11010519491231002X"},
            {"name": "李建国", "side": "respondent", "id_number": "430702199001011234"},
        ],
    )
    session = services.session_record(
        dispute=dispute,
        by=mediator_a,
        held_at=timezone.now(),
        venue="other",
        location="朝阳社区警务室二楼",
        mediators=[mediator_a],
        outcome=SessionOutcome.AGREEMENT,
    )
    agreement = services.agreement_record(
        session=session, by=mediator_a, terms="李建国修复漏水", signed_at=timezone.now()
    )

    html = (
        client_for(mediator_a).get(reverse("mediation:agreement-print", kwargs={"pk": agreement.pk})).content.decode()
    )

    assert "11010519491231002X" in html and "430702199001011234" in html
    assert "朝阳社区警务室二楼" in html
    assert ">other<" not in html and "其他地点" not in html  # "elsewhere": the typed place says where
    assert html.count('data-testid="party-signature"') == 2
    assert 'data-testid="seal"' in html and "人民调解委员会（盖章）" in html


def test_an_incident_sent_to_mediation_and_its_dispute_link_to_each_other(
    station_a, community_a, officer_a, client_for
):
    from cases.choices import Disposition

    incident = IncidentFactory(station=station_a, community=community_a, disposition=Disposition.ON_SITE)
    client = client_for(officer_a)

    client.post(f"{CREATE_URL}?incident={incident.pk}", _register_payload(community_a, incident=incident.pk))

    dispute = Dispute.objects.get()
    incident.refresh_from_db()
    incident_page = client.get(incident.get_absolute_url()).content.decode()
    dispute_page = client.get(dispute.get_absolute_url()).content.decode()
    assert incident.disposition == Disposition.MEDIATION
    assert f'href="{dispute.get_absolute_url()}"' in incident_page
    assert f'href="{incident.get_absolute_url()}"' in dispute_page


@pytest.mark.parametrize("list_name", ["mediation:dispute-list", "mediation:follow-up-list"])
def test_a_bureau_user_filters_the_lists_by_station(list_name, station_a, station_b, bureau_supervisor, client_for):
    here = make_agreement(make_dispute(station_a)).dispute
    there = make_agreement(make_dispute(station_b)).dispute

    response = client_for(bureau_supervisor).get(reverse(list_name), {"station": station_b.pk})

    disputes = {getattr(row.record, "dispute", row.record).pk for row in response.context["table"].rows}
    assert disputes == {there.pk} and here.pk not in disputes
    assert "station" in response.context["filter"].form.fields


@pytest.mark.parametrize("list_name", ["mediation:dispute-list", "mediation:follow-up-list"])
def test_a_station_user_gets_no_station_filter(list_name, mediator_a, client_for):
    response = client_for(mediator_a).get(reverse(list_name))
    assert "station" not in response.context["filter"].form.fields
