"""The issue's journey in a real browser, in Chinese: the department drafts an order, the centre admits
it, the station's post signs for it and assigns it, the community officer completes the item on a phone
with the visit they logged, the centre verifies; an overdue order is urged."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from community.choices import ActivityKind
from community.services import activity_create
from control.choices import OrderKind, OrderStatus, PartStatus
from control.models import Order, StationTask
from stations.models import Reminder
from tests.control.factories import admitted, centre_person, community_person, department_person, post_person
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVE = "form.wl-form button[type=submit]"


def sign_in(page, username):
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_selector("[data-testid=home-heading]")  # the work queue (the menu folds away on a phone)


def sign_out(page):
    page.click("form[action='/logout/'] button[type=submit]")
    page.wait_for_url(re.compile(r"/login/"))


def test_draft_admit_sign_assign_complete_on_a_phone_verify_and_urge(page, phone_page, station_a, community_a):
    department_person(), centre_person()
    post_person(station_a, "post_a")
    officer = community_person(station_a, community_a, "cop_a")

    # The department drafts a dispatch order to one community and sends it for admission.
    sign_in(page, "department")
    page.goto("/control/orders/new/")
    expect(page.locator("h1")).to_contain_text("任务单")
    page.fill("input[name=title]", "走访辖区独居老人")
    page.fill("textarea[name=standard]", "逐户上门看望，核实身体与居住情况，录入走访记录")
    page.select_option("select[name=evidence]", "visit")
    page.select_option("select[name=communities]", [str(community_a.pk)])
    page.click(SAVE)
    page.wait_for_url(re.compile(r"/control/orders/\d+/$"))
    order = Order.objects.get()
    page.click("[data-testid=order-submit]")
    page.click(SAVE)
    page.wait_for_url(re.compile(rf"/control/orders/{order.pk}/$"))
    expect(page.locator("[data-testid=order-status]")).to_have_text("待准入")
    sign_out(page)

    # The centre finds it in its queue, sees the stations' load and admits it.
    sign_in(page, "centre")
    expect(page.locator("[data-testid=queue]")).to_contain_text("走访辖区独居老人")
    page.goto(order.get_absolute_url())
    expect(page.locator("[data-testid=admission-load]")).to_contain_text(station_a.name)
    page.click("[data-testid=order-admit]")
    expect(page.locator(f"input[name=stations][value='{station_a.pk}']")).to_be_checked()
    page.click(SAVE)
    page.wait_for_url(re.compile(rf"/control/orders/{order.pk}/$"))
    expect(page.locator("[data-testid=order-status]")).to_have_text("办理中")
    sign_out(page)

    # The station's post signs for it and assigns the item (to the community's officer, by default).
    part = StationTask.objects.get(order=order)
    sign_in(page, "post_a")
    expect(page.locator("[data-testid=queue]")).to_contain_text("待签收")
    page.goto(part.get_absolute_url())
    page.click("[data-testid=part-sign]")
    page.click(SAVE)
    page.wait_for_url(re.compile(rf"/control/parts/{part.pk}/$"))
    page.click("[data-testid=part-assign]")
    page.click(SAVE)
    page.wait_for_url(re.compile(rf"/control/parts/{part.pk}/$"))
    expect(page.locator("[data-testid=part-status]")).to_have_text("办理中")
    expect(page.locator("[data-testid=items]")).to_contain_text(f"{officer.last_name}{officer.first_name}")

    # On a phone, the officer completes the item with the visit they logged.
    visit = activity_create(
        by=officer,
        station=station_a,
        community=community_a,
        kind=ActivityKind.HOUSEHOLD_VISIT,
        summary="走访独居老人张大爷",
    )
    sign_in(phone_page, "cop_a")
    phone_page.locator("[data-testid=queue] a", has_text="走访辖区独居老人").click()
    phone_page.wait_for_selector("[data-testid=complete-form]")
    phone_page.select_option("select[name=evidence_activity]", str(visit.pk))
    phone_page.fill("input[name=note]", "老人身体良好，已留联系电话")
    button = phone_page.locator("[data-testid=complete-submit]")
    box = button.bounding_box()
    assert box["width"] <= 360 and box["height"] >= 36  # a thumb-sized button within the screen
    button.click()
    expect(phone_page.locator("[data-testid=item-status]")).to_have_text("已完成")
    part.refresh_from_db()
    assert part.items.get().evidence_activity_id == visit.pk

    # The post submits it; the centre verifies it and the order is closed.
    page.goto(part.get_absolute_url())
    page.click("[data-testid=part-submit]")
    page.click(SAVE)
    page.wait_for_url(re.compile(rf"/control/parts/{part.pk}/$"))
    sign_out(page)
    sign_in(page, "centre")
    page.goto(part.get_absolute_url())
    page.click("[data-testid=part-verify]")
    page.click(SAVE)
    page.wait_for_url(re.compile(rf"/control/parts/{part.pk}/$"))
    expect(page.locator("[data-testid=part-status]")).to_have_text("已核查")
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED
    part.refresh_from_db()
    assert part.status == PartStatus.VERIFIED

    # An overdue order is urged into the station supervisors' queue.
    late = admitted(Order.objects.get().issued_by, order.admitted_by, stations=[station_a], title="出租屋消防检查")
    Order.objects.filter(pk=late.pk).update(deadline=timezone.now() - timedelta(days=1))
    page.goto(late.get_absolute_url())
    expect(page.locator("[data-testid=parts]")).to_contain_text("逾期")
    page.click("[data-testid=order-urge]")
    page.fill("input[name=note]", "请于今日内说明原因")
    page.click(SAVE)
    page.wait_for_url(re.compile(rf"/control/orders/{late.pk}/$"))
    expect(page.locator(".alert")).to_contain_text("督办")
    urging = Order.objects.get(parent=late, kind=OrderKind.URGING)
    assert Reminder.objects.filter(station=station_a, url=urging.parts.get().get_absolute_url(), done_at=None).exists()
