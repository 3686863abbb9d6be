"""In the browser: the bureau opens the staffing page and sees the station that misses its target;
a community officer handles a fraud warning on a phone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from antifraud.models import FraudWarning
from stations.choices import StaffKind, Unit
from stations.roles import Role
from tests.antifraud.factories import FraudWarningFactory
from tests.factories import TEST_PASSWORD, CommunityFactory, StationFactory, make_person
from tests.staffing.factories import AssignmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, username):
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(lambda url: "/login/" not in url)


def _posts(station, unit, n):
    for i in range(n):
        person = make_person(f"{station.code}_{unit}_{i}", station=station, unit=unit)
        AssignmentFactory(station=station, person=person, unit=unit, start=timezone.localdate() - timedelta(days=300))


def test_the_bureau_opens_the_staffing_page_and_sees_the_missed_target(page, live_server):
    good = StationFactory(name="城东派出所", code="A01")
    short = StationFactory(name="芙蓉派出所", code="A14")
    _posts(good, Unit.COMMUNITY_SQUAD, 5)
    _posts(good, Unit.CASE_SQUAD, 5)
    _posts(short, Unit.COMMUNITY_SQUAD, 2)
    _posts(short, Unit.CASE_SQUAD, 8)
    make_person("zhaojun", station=None, roles=[Role.BUREAU_SUPERVISOR], unit=Unit.BUREAU)

    _sign_in(page, "zhaojun")
    page.goto("/")
    page.get_by_role("button", name="警力配置").click()  # the module's menu
    page.click("a.dropdown-item[href='/staffing/']")
    page.wait_for_url("**/staffing/")
    missed = page.locator(f"[data-testid=station-row][data-station='{short.pk}']")
    assert missed.get_attribute("data-missed") == "true"
    assert "20.0%" in missed.inner_text()
    assert "table-danger" in (missed.get_attribute("class") or "")
    # The red is really red, not just a class name.
    colour = missed.locator("td.text-danger").evaluate("el => getComputedStyle(el).color")
    assert colour.startswith("rgb(") and int(colour[4:].split(",")[0]) > 150, colour
    met = page.locator(f"[data-testid=station-row][data-station='{good.pk}']")
    assert met.get_attribute("data-missed") == "false"
    assert "1" in page.get_by_test_id("missed-count").inner_text()
    assert page.get_by_test_id("history").locator("tbody tr").count() == 12


def test_a_community_officer_handles_a_warning_on_a_phone(phone_page, live_server):
    station = StationFactory(name="城东派出所", code="A01")
    community = CommunityFactory(station=station, name="朝阳社区")
    officer = make_person(
        "wangfang", station=station, roles=[Role.COMMUNITY_OFFICER, Role.STATION_OFFICER],
        unit=Unit.COMMUNITY_SQUAD, kind=StaffKind.POLICE, communities=[community],
    )  # fmt: skip
    warning = FraudWarningFactory(
        station=station, community=community, officer=officer, person_name="张奶奶", phone="13912345678",
        reason="疑似冒充公检法诈骗，正与可疑号码通话",
    )  # fmt: skip
    page = phone_page

    _sign_in(page, "wangfang")
    page.click(".navbar-toggler")
    page.get_by_role("button", name="反诈预警").click()  # the module's menu
    page.click("a.dropdown-item[href='/antifraud/']")
    page.wait_for_url("**/antifraud/")
    page.get_by_role("link", name=warning.reference).click()
    page.wait_for_url(f"**/antifraud/{warning.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "the warning page scrolls sideways"
    assert "139****5678" in page.get_by_test_id("identity").inner_text()
    # The officer needs the number to call: shown in full on request, and logged.
    page.get_by_test_id("reveal").click()
    page.get_by_test_id("phone").wait_for()
    assert page.get_by_test_id("phone").inner_text() == "13912345678"

    # Already cheated without the loss: refused beside the field, nothing saved.
    page.get_by_label("已被骗").check()
    page.get_by_test_id("save-outcome").click()
    page.get_by_text("请填写被骗金额。").wait_for()
    assert FraudWarning.objects.get(pk=warning.pk).status == "open"

    page.get_by_label("已劝阻").check()
    page.fill("textarea[name=note]", "电话联系后上门劝阻，已挂断可疑电话")
    page.get_by_role("button", name="保存处置结果").click()
    page.wait_for_url(f"**/antifraud/{warning.pk}/")
    handled = FraudWarning.objects.get(pk=warning.pk)
    assert (handled.status, handled.outcome, handled.handled_by_id) == ("handled", "dissuaded", officer.pk)
    assert handled.on_time
    assert page.get_by_test_id("handle").count() == 0
