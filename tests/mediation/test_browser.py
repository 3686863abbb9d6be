"""The issue's journey in a real browser: an officer sends an incident to mediation, the mediator
records a session with an agreement, schedules follow-ups, records a relapse, the dispute reopens."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mediation.choices import DisputeStatus, FollowUpStatus
from mediation.models import Dispute
from tests.factories import TEST_PASSWORD
from tests.mediation.factories import IncidentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVE = "form.wl-form button[type=submit]"


def sign_in(page, username):
    # tests.fixtures.browser.sign_in clicks the first submit button of the page,
    # which on the login page is the language switch; this one clicks the form's own.
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_selector("[data-testid=whoami]")


def test_incident_to_agreement_to_relapse(page, station_a, community_a, officer_a, mediator_a):
    incident = IncidentFactory(station=station_a, community=community_a, summary="邻里因漏水发生争吵")

    # The officer follows the incident's "send to mediation" link.
    sign_in(page, "officer_a")
    page.goto(f"/mediation/disputes/new/?incident={incident.pk}")
    assert page.input_value("input[name=summary]") == "邻里因漏水发生争吵"
    assert page.input_value("input[name=applicant_name]") == "王桂兰"
    page.select_option("select[name=category]", "neighbours")
    page.check("input[name=risk][value=orange]")
    page.fill("input[name=respondent_name]", "李建国")
    page.select_option("select[name=mediator]", str(mediator_a.pk))
    page.click(SAVE)
    page.wait_for_url(re.compile(r"/mediation/disputes/\d+/$"))
    dispute = Dispute.objects.get()
    assert dispute.incident_id == incident.pk
    page.click("form[action='/logout/'] button[type=submit]")  # sign out
    page.wait_for_url(re.compile(r"/login/"))

    # The mediator records a session that reached an agreement.
    sign_in(page, "mediator_a")
    page.goto(dispute.get_absolute_url())
    page.click(f"a[href='/mediation/disputes/{dispute.pk}/sessions/new/']")
    page.check("input[name=bodies][value=community_committee]")
    page.fill("textarea[name=attendees]", "王桂兰、李建国")
    page.fill("textarea[name=notes]", "双方同意由李建国修复水管并赔偿")
    page.select_option("select[name=outcome]", "agreement")
    page.click(SAVE)
    page.wait_for_url(re.compile(rf"/mediation/disputes/{dispute.pk}/$"))

    page.click("[data-testid=record-agreement]")
    page.fill("textarea[name=terms]", "一、李建国于三日内修复水管；\n二、赔偿王桂兰500元。")
    assert page.input_value("input[name=follow_up_days]") == "7,30"
    page.click(SAVE)
    page.wait_for_url(re.compile(rf"/mediation/disputes/{dispute.pk}/$"))
    assert page.locator("[data-testid=follow-up]").count() == 2

    # One more visit, then the print view of the agreement.
    page.click(f"a[href='/mediation/disputes/{dispute.pk}/follow-ups/new/']")
    page.fill("input[name=due_date]", (timezone.localdate() + timedelta(days=14)).isoformat())
    page.click(SAVE)
    page.wait_for_url(re.compile(rf"/mediation/disputes/{dispute.pk}/$"))
    assert page.locator("[data-testid=follow-up]").count() == 3
    page.click("[data-testid=print-agreement]")
    assert "李建国于三日内修复水管" in page.inner_text("[data-testid=agreement-document]")
    page.go_back()

    # The first visit finds the quarrel flared up again: the dispute reopens.
    page.locator("[data-testid=record-follow-up]").first.click()
    page.wait_for_selector("[data-testid=inline-form]")
    page.check("input[name=result][value=relapsed]")
    page.select_option("select[name=satisfaction]", "dissatisfied")
    page.fill("textarea[name=notes]", "水管仍漏，双方又起争执")
    page.click("[data-testid=inline-form] button[type=submit]")  # the form came inline (htmx)
    expect(page.locator("[data-testid=status]")).to_have_text(str(DisputeStatus.IN_MEDIATION.label))

    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.IN_MEDIATION
    assert dispute.relapse_count == 1
    assert dispute.follow_ups.filter(status=FollowUpStatus.CANCELLED).count() == 2
    assert page.inner_text("[data-testid=status]") == str(DisputeStatus.IN_MEDIATION.label)
    assert "水管仍漏，双方又起争执" in page.inner_text("[data-testid=timeline]")
    assert page.locator(f"a[href='/mediation/disputes/{dispute.pk}/sessions/new/']").is_visible()
