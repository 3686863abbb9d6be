"""What officers hit every day, in a real browser (issue 17, part 2): a confirm that is
cancelled does nothing, limits are shown while typing, lists are usable on a phone."""

import pytest
from playwright.sync_api import expect

from cases.choices import TimelineKind
from cases.models import CasePerson, TimelineEvent
from tests.cases.factories import CaseFactory, CasePersonFactory, IncidentFactory
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username):
    # The login page has other submit buttons (the language switch): click the form's own.
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("[data-testid=whoami]", state="attached")


def test_cancelling_the_confirm_keeps_the_person_and_accepting_removes_them(phone_page, case_officer_a, station_a):
    page = phone_page
    case = CaseFactory(station=station_a, lead_officer=case_officer_a)
    person = CasePersonFactory(case=case, name="张三丰")
    sign_in(page, "case_officer_a")
    page.goto(case.get_absolute_url())
    people = page.get_by_test_id("people")
    remove = people.locator("li", has_text="张三丰").locator("form[action$='/remove/'] button")

    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    remove.click()
    page.wait_for_timeout(500)  # long enough for a request that should not be sent
    assert asked == ["从案件中移除此人？"]
    assert CasePerson.objects.filter(pk=person.pk).exists()
    assert not TimelineEvent.objects.filter(case=case, kind=TimelineKind.PERSON).exists()
    expect(people).to_contain_text("张三丰")

    page.once("dialog", lambda dialog: dialog.accept())
    remove.click()
    expect(page.get_by_test_id("people")).not_to_contain_text("张三丰")
    assert not CasePerson.objects.filter(pk=person.pk).exists()
    assert TimelineEvent.objects.filter(case=case, kind=TimelineKind.PERSON).count() == 1


def test_a_typed_limit_is_counted_under_the_field(page, officer_a):
    sign_in(page, "officer_a")
    page.goto("/cases/incidents/new/")
    summary = page.locator("input[name=summary]")
    counter = page.locator("[data-counter-for=id_summary]")
    expect(counter).to_have_text("0/200")
    summary.fill("楼上噪音扰民")
    expect(counter).to_have_text("6/200")
    summary.fill("字" * 300)  # maxlength stops it at 200, and the officer sees why
    expect(counter).to_have_text("200/200")
    expect(counter).to_have_class(__import__("re").compile(r"\btext-danger\b"))


def test_the_incident_list_is_cards_on_a_phone_with_a_usable_filter_bar(phone_page, officer_a, station_a):
    page = phone_page
    IncidentFactory(station=station_a, summary="楼道堆放杂物" * 20, status="draft")
    IncidentFactory(station=station_a, summary="电动车被盗", status="submitted")
    sign_in(page, "officer_a")
    page.goto("/cases/incidents/")
    # No sideways scrolling: the page is as wide as the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    # Each row is a card whose cells say what they are.
    first_cell = rows.first.locator("td").first
    assert first_cell.get_attribute("data-label")
    assert rows.first.evaluate("row => getComputedStyle(row).display") == "block"

    # Status is a dropdown of checkboxes, not a Ctrl-click list.
    page.get_by_test_id("filter-toggle").click()
    status = page.get_by_test_id("filter-status")
    status.locator("button[data-bs-toggle=dropdown]").click()
    status.get_by_label("已提交待审核").check()
    page.screenshot(path="/tmp/fe_shots/phone_filter_open.png")
    page.get_by_test_id("filter-submit").click()
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody")).to_contain_text("电动车被盗")
    assert "status=submitted" in page.url


def test_at_1366_px_the_status_column_is_in_view_and_people_are_named(page, officer_a, colleague_a, station_a):
    colleague_a.last_name, colleague_a.first_name = "王", "小明"
    colleague_a.save()
    for n in range(3):
        IncidentFactory(station=station_a, responding_officer=colleague_a, summary=f"占道停车堵塞消防通道{n}" * 3)
    page.set_viewport_size({"width": 1366, "height": 800})
    sign_in(page, "officer_a")
    page.goto("/cases/incidents/")
    status_header = page.locator("table thead th").last
    assert status_header.inner_text().strip() == "状态"
    box = status_header.bounding_box()
    assert box["x"] + box["width"] <= 1366 - 12  # inside the page's padding, not cut off
    # The officer filter names people as the table does, and "any" says 全部.
    officer_options = page.locator("select[name=officer] option").all_inner_texts()
    assert "王小明" in officer_options and "colleague_a" not in officer_options
    assert page.locator("select[name=overdue] option").first.inner_text() == "全部"


def test_the_form_does_not_jump_when_warnings_come_and_go(page, officer_a):
    sign_in(page, "officer_a")
    page.goto("/cases/incidents/new/")
    summary = page.locator("input[name=summary]")
    before = summary.bounding_box()["y"]
    page.select_option("select[name=category]", "dispute")  # the live check answers with warnings
    expect(page.get_by_test_id("check-warning").first).to_be_visible()
    assert summary.bounding_box()["y"] == before
    # The warnings sit beside Save, in view.
    footer = page.get_by_test_id("form-footer")
    expect(footer.get_by_test_id("check-warning").first).to_be_in_viewport()
    page.screenshot(path="/tmp/fe_shots/incident_form_warnings.png")


def test_a_field_error_is_shown_beside_its_field(page, officer_a):
    sign_in(page, "officer_a")
    page.goto("/cases/incidents/new/")
    page.fill("input[name=summary]", "")
    page.click("form.wl-form button[type=submit].btn-primary")
    summary_box = page.locator("#div_id_summary")
    expect(summary_box.locator(".invalid-feedback")).to_be_visible()
    expect(page.get_by_test_id("form-errors-hint")).to_be_visible()


def test_in_english_the_menu_stays_on_one_line_at_1366_px_and_labels_are_capitalised(
    page, bureau_supervisor, station_a
):
    CaseFactory(station=station_a, title="沅安路54号打架斗殴" * 2)
    page.set_viewport_size({"width": 1366, "height": 800})
    sign_in(page, bureau_supervisor.username)
    page.get_by_role("button", name="English").click()
    page.wait_for_selector("html[lang=en]")
    page.goto("/cases/")
    tops = page.evaluate(
        "() => [...document.querySelectorAll('.wl-navbar .nav-link, .wl-navbar .btn, .wl-navbar .navbar-brand')]"
        ".map(e => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2))"
    )
    assert max(tops) - min(tops) <= 4, tops  # one line: every item on the same middle
    headers = page.locator("table thead th").all_inner_texts()
    assert "Station" in [h.strip() for h in headers]
    assert page.get_by_test_id("filter-offense_type").locator("label").first.inner_text().startswith("Offense type")
    # The status column is in view even though the bureau's case table is wider than the page.
    box = page.locator("table thead th[data-status-column]").bounding_box()
    assert box["x"] + box["width"] <= 1366
