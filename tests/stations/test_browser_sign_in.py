"""Each demo role signs in with a real Chromium and sees its home page in Chinese."""

import pytest

from stations import demo
from stations.demo import DEMO_PASSWORD
from tests.fixtures.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLE_BADGES = {
    "officer": "派出所民警",
    "community": "社区民警",
    "caseofficer": "办案民警",
    "mediator": "调解员",
    "supervisor": "所领导",
    "officer2": "派出所民警",
    "bureau": "分局领导",
    "admin": "系统管理员",
}


@pytest.fixture
def demo_organisation(db):
    import random

    from faker import Faker

    demo.seed(demo.DemoContext(rng=random.Random(1), faker=Faker("zh_CN")))


def test_every_demo_role_signs_in_and_sees_its_home_in_chinese(page, demo_organisation):
    for username, badge in ROLE_BADGES.items():
        sign_in(page, username, DEMO_PASSWORD)
        assert page.get_by_test_id("home-heading").inner_text() == "我的待办"
        assert badge in page.get_by_test_id("role").all_inner_texts()
        assert page.locator("html").get_attribute("lang") == "zh-hans"
        page.get_by_role("button", name="退出").click()
        page.wait_for_url("**/login/")


def test_wrong_password_is_refused_in_the_browser(page, demo_organisation):
    sign_in(page, "officer", "not-the-password")
    assert "用户名或密码不正确" in page.get_by_test_id("login-error").inner_text()
