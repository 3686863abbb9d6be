"""The issue's journey in a real browser: an incident is logged, returned, fixed,
approved, turned into a case and solved, and the timeline shows every step."""

import pytest

from cases.choices import CaseStatus, IncidentStatus
from cases.models import Case, Incident
from stations.choices import Unit
from stations.roles import Role
from tests.factories import TEST_PASSWORD, CommunityFactory, StationFactory, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(db):
    station = StationFactory(code="J01", name="旅程派出所")
    community = CommunityFactory(station=station, name="旅程社区")
    return {
        "officer": make_person("j_officer", station=station, roles=[Role.STATION_OFFICER], communities=[community]),
        "supervisor": make_person(
            "j_supervisor", station=station, roles=[Role.STATION_SUPERVISOR], unit=Unit.LEADERSHIP
        ),
        "case_officer": make_person(
            "j_case", station=station, roles=[Role.CASE_OFFICER, Role.STATION_OFFICER], unit=Unit.CASE_SQUAD
        ),
    }


def _as(page, username):
    # Like tests.fixtures.browser.sign_in, but clicks the sign-in form's own
    # button: the navigation bar has other submit buttons (language switch).
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("[data-testid=home-heading]")


def test_incident_to_solved_case_with_review_and_timeline(page, people):
    # The officer logs the incident: times and community are already filled in.
    _as(page, "j_officer")
    page.goto("/cases/incidents/new/")
    page.select_option("select[name=category]", "dispute")
    page.select_option("select[name=channel]", "110")
    page.fill("input[name=summary]", "楼上噪音扰民")
    page.fill("input[name=address]", "旅程路1号")
    page.select_option("select[name=disposition]", "on_site")
    page.click("form.wl-form button[type=submit].btn-primary")
    page.wait_for_selector("[data-testid=incident-panel]")
    incident = Incident.objects.get()
    assert page.url.endswith(incident.get_absolute_url())

    page.get_by_test_id("submit-incident").click()
    page.get_by_test_id("submit-incident").wait_for(state="detached")
    assert Incident.objects.get().status == IncidentStatus.SUBMITTED

    # The supervisor finds it in the queue and returns it with a note.
    _as(page, "j_supervisor")
    page.get_by_test_id("queue").get_by_text(incident.number).click()
    page.get_by_test_id("return-note").fill("请补充处置经过")
    page.get_by_test_id("return-incident").click()
    page.wait_for_selector("[data-testid=review-note]")
    assert Incident.objects.get().status == IncidentStatus.RETURNED

    # The officer sees it returned, fixes it and submits again.
    _as(page, "j_officer")
    page.get_by_test_id("queue").get_by_text(incident.number).click()
    assert "请补充处置经过" in page.get_by_test_id("review-note").inner_text()
    page.get_by_test_id("edit-incident").click()
    page.fill("textarea[name=narrative]", "到场劝导，双方达成谅解。")
    page.click("form.wl-form button[type=submit].btn-primary")
    page.get_by_test_id("submit-incident").click()
    page.get_by_test_id("submit-incident").wait_for(state="detached")

    # The supervisor approves.
    _as(page, "j_supervisor")
    page.goto(incident.get_absolute_url())
    page.get_by_test_id("approve-incident").click()
    page.get_by_test_id("approve-incident").wait_for(state="detached")
    assert Incident.objects.get().status == IncidentStatus.APPROVED

    # A case officer registers a case from it and marks it solved, inline.
    _as(page, "j_case")
    page.goto(incident.get_absolute_url())
    page.get_by_test_id("register-case").click()
    assert page.input_value("input[name=incident_numbers]") == incident.number
    page.click("form.wl-form button[type=submit].btn-primary")
    page.wait_for_selector("[data-testid=transition-form]")
    case = Case.objects.get()
    page.select_option("[data-testid=transition-form] select[name=to_status]", "solved")
    page.get_by_test_id("transition-submit").click()
    page.locator("#case-timeline [data-kind=status]").wait_for()
    case.refresh_from_db()
    assert case.status == CaseStatus.SOLVED and case.solved_at is not None

    events = page.locator("#case-timeline [data-testid=timeline-event]")
    kinds = [events.nth(n).get_attribute("data-kind") for n in range(events.count())]
    assert kinds == [
        "created",
        "submitted",
        "returned",
        "edited",
        "submitted",
        "approved",
        "registered",
        "registered",
        "status",
    ]


def test_on_a_phone_a_second_case_from_one_incident_is_warned_and_needs_a_tick(phone_page, people):
    from tests.cases.factories import CaseFactory, IncidentFactory

    station = people["case_officer"].staff_profile.station
    incident = IncidentFactory(station=station, number="J01-2026-J00391", category="criminal")
    first = CaseFactory(station=station, number="J01-2026-A00068", title="电动车被盗")
    first.incidents.set([incident])
    page = phone_page

    _as(page, "j_case")
    page.goto(incident.get_absolute_url())
    page.get_by_test_id("register-case").click()

    # The warning names the case already registered and links to it.
    warning = page.get_by_test_id("existing-case-warning")
    assert first.number in warning.inner_text()
    assert warning.get_by_test_id("existing-case").get_attribute("href") == first.get_absolute_url()

    # Saving without the explicit choice is refused beside the incident numbers, input kept.
    page.fill("input[name=title]", "同一警情的另一起盗窃")
    page.click("form.wl-form button[type=submit].btn-primary")
    page.wait_for_selector("#id_incident_numbers.is-invalid")
    assert first.number in page.locator(".invalid-feedback").first.inner_text()
    assert page.input_value("input[name=title]") == "同一警情的另一起盗窃"
    assert Case.objects.count() == 1

    # Ticking "仍要立新案" registers the second case.
    page.get_by_label("仍要立新案").check()
    page.click("form.wl-form button[type=submit].btn-primary")
    page.wait_for_selector("[data-testid=case-panel]")
    assert Case.objects.count() == 2
    second = Case.objects.exclude(pk=first.pk).get()
    assert page.url.endswith(second.get_absolute_url())
    assert set(second.incidents.all()) == {incident}
