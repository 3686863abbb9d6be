"""The community officer's day on a phone: a household visit, then an inspection that finds a hazard."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import Activity, Hazard
from stations.choices import Unit
from stations.roles import Role
from tests.community.factories import AddressFactory, HouseholdFactory, PlaceFactory, with_community_permissions
from tests.factories import TEST_PASSWORD, CommunityFactory, StationFactory, make_person


def _sign_in(page, username, password):
    # tests.fixtures.browser.sign_in clicks the first submit button, which on the
    # login page is the language switch in the navbar; submit the form itself instead.
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(lambda url: "/login/" not in url)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_community_officer_logs_a_visit_and_an_inspection_with_a_hazard_on_a_phone(phone_page, live_server):
    station = StationFactory(name="城东派出所", code="A01")
    community = CommunityFactory(station=station, name="朝阳社区")
    officer = make_person(
        "wangfang", station=station, roles=[Role.COMMUNITY_OFFICER, Role.STATION_OFFICER],
        unit=Unit.COMMUNITY_SQUAD, communities=[community],
    )  # fmt: skip
    with_community_permissions(officer)
    household = HouseholdFactory(address=AddressFactory(station=station, community=community), head_name="张奶奶")
    place = PlaceFactory(station=station, community=community, name="好又多超市")
    page = phone_page

    _sign_in(page, officer.username, TEST_PASSWORD)
    page.click(".navbar-toggler")
    page.get_by_role("button", name="社区警务").click()  # the module's menu
    page.click("a.dropdown-item[href='/community/log/']")
    page.goto("/community/log/new/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "the form scrolls sideways on a phone"

    # A household visit: the form shows the household, not the inspection's fields.
    page.select_option("select[name=kind]", "visit")
    assert page.is_visible("select[name=household]")
    assert not page.is_visible("select[name=place]")
    assert not page.is_visible("input[name=hazard_description]")
    page.select_option("select[name=household]", str(household.pk))
    page.fill("input[name=summary]", "走访独居老人，检查燃气")
    page.click("[data-testid=save-and-new]")
    page.wait_for_url("**/community/log/new/?**")

    # An inspection that finds a hazard with a rectification deadline.
    page.select_option("select[name=kind]", "inspection")
    assert page.is_visible("select[name=place]")
    assert not page.is_visible("select[name=household]")
    page.select_option("select[name=place]", str(place.pk))
    page.fill("input[name=summary]", "消防安全检查")
    page.fill("input[name=hazard_description]", "灭火器过期")
    due = timezone.localdate() + timedelta(days=7)
    page.fill("input[name=hazard_due_on]", due.isoformat())
    page.click("[data-testid=save]")
    page.wait_for_selector("text=灭火器过期")

    assert list(Activity.objects.order_by("occurred_at", "id").values_list("kind", flat=True)) == [
        "visit",
        "inspection",
    ]
    hazard = Hazard.objects.get()
    assert (hazard.place_id, hazard.due_on, hazard.officer_id) == (place.pk, due, officer.pk)

    page.goto("/community/hazards/")
    assert page.locator("[data-testid=hazard-due]").first.inner_text() == due.isoformat()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_revealing_a_residents_full_id_number_happens_in_place_and_is_audited(page, live_server):
    from kit.personal import mask_id_number
    from stations.choices import AuditEventType
    from stations.models import AuditEvent
    from tests.community.factories import ResidentFactory

    station = StationFactory(name="城东派出所", code="A01")
    community = CommunityFactory(station=station, name="朝阳社区")
    officer = with_community_permissions(make_person("wangfang", station=station, unit=Unit.COMMUNITY_SQUAD))
    resident = ResidentFactory(station=station, community=community)

    _sign_in(page, officer.username, TEST_PASSWORD)
    page.goto(resident.get_absolute_url())
    assert page.inner_text("[data-testid=id-number]") == mask_id_number(resident.id_number)
    page.click("[data-testid=reveal]")
    page.wait_for_selector(f"text={resident.id_number}")
    assert page.url.endswith(resident.get_absolute_url())
    assert AuditEvent.objects.filter(event_type=AuditEventType.SENSITIVE_READ, user=officer).count() == 1


@pytest.mark.browser
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_uploaded_register_shows_its_progress_and_result_without_reloading(page, live_server, celery_worker):
    from tests.community.test_import import person, xlsx

    station = StationFactory(name="城东派出所", code="A01")
    community = CommunityFactory(station=station, name="朝阳社区")
    officer = with_community_permissions(make_person("wangfang", station=station, unit=Unit.COMMUNITY_SQUAD))
    content = xlsx([person(n, 标签="") for n in range(1, 41)] + [person(99, 联系电话="12345")])

    _sign_in(page, officer.username, TEST_PASSWORD)
    page.goto("/community/imports/new/")
    page.select_option("select[name=kind]", "residents")
    page.select_option("select[name=community]", str(community.pk))
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "名册.xlsx", "mimeType": "application/octet-stream", "buffer": content}],
    )
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=import-progress][data-status=done]", timeout=90_000)
    assert page.inner_text("[data-testid=created]") == "40"
    assert page.inner_text("[data-testid=errors]") == "1"
    assert page.is_visible("[data-testid=error-report]")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_household_list_follows_the_chosen_community_and_log_another_keeps_it_on_a_phone(phone_page, live_server):
    station = StationFactory(name="城东派出所", code="A01")
    first = CommunityFactory(station=station, name="朝阳社区")
    second = CommunityFactory(station=station, name="光明社区")
    officer = make_person(
        "lina", station=station, roles=[Role.COMMUNITY_OFFICER, Role.STATION_OFFICER],
        unit=Unit.COMMUNITY_SQUAD, communities=[first, second],
    )  # fmt: skip
    with_community_permissions(officer)
    here = HouseholdFactory(address=AddressFactory(station=station, community=first), head_name="张奶奶")
    there = HouseholdFactory(address=AddressFactory(station=station, community=second), head_name="李爷爷")
    page = phone_page

    _sign_in(page, officer.username, TEST_PASSWORD)
    page.goto("/community/log/new/")
    page.select_option("select[name=kind]", "visit")
    community = page.input_value("select[name=community]")
    shown, other = (here, there) if community == str(first.pk) else (there, here)

    def households():
        return [
            v for v in page.eval_on_selector_all("select[name=household] option", "os => os.map(o => o.value)") if v
        ]

    assert households() == [str(shown.pk)], "only the chosen community's households are offered"
    page.select_option("select[name=community]", str(other.community_id))
    page.wait_for_function(
        "v => [...document.querySelectorAll('select[name=household] option')].some(o => o.value === v)",
        arg=str(other.pk),
    )
    assert households() == [str(other.pk)]
    assert page.is_visible("select[name=household]") and not page.is_visible("select[name=place]")
    page.select_option("select[name=household]", str(other.pk))
    page.fill("input[name=summary]", "走访")
    page.click("[data-testid=save-and-new]")
    page.wait_for_url("**/community/log/new/?**")

    assert Activity.objects.get().household_id == other.pk
    assert page.input_value("select[name=kind]") == "visit"
    assert page.input_value("select[name=community]") == str(other.community_id)
    assert households() == [str(other.pk)]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
