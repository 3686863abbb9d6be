"""Sign-in, lockout after failures, sign-out, and the audit trail they leave."""

import pytest
from django.urls import reverse

from stations.choices import AuditEventType, AuditOutcome
from stations.models import AuditEvent
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_is_chinese_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_officer_signs_in_and_lands_on_the_work_queue(client, officer_a):
    response = attempt(client, "officer_a", TEST_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_and_unknown_user_get_the_same_message(client, officer_a):
    wrong = attempt(client, "officer_a", "not-the-password").content.decode()
    unknown = attempt(client, "nobody_here", "not-the-password").content.decode()
    message = "用户名或密码不正确"
    assert message in wrong
    assert message in unknown


def test_five_failures_lock_the_account_for_ten_minutes(client, officer_a):
    for _ in range(4):
        assert attempt(client, "officer_a", "wrong").status_code == 200
    locked = attempt(client, "officer_a", "wrong")
    assert locked.status_code == 429
    assert "10 分钟" in locked.content.decode()
    # Even the right password is refused while locked.
    assert attempt(client, "officer_a", TEST_PASSWORD).status_code == 429
    assert AuditEvent.objects.filter(event_type=AuditEventType.LOCKOUT, username="officer_a").exists()


def test_lockout_ends_after_the_cool_off(client, officer_a, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    for _ in range(5):
        attempt(client, "officer_a", "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=11))
    assert attempt(client, "officer_a", TEST_PASSWORD).status_code == 302


def test_sign_ins_and_failures_are_audited(client, officer_a):
    attempt(client, "officer_a", "wrong")
    attempt(client, "officer_a", TEST_PASSWORD)
    client.post(reverse("logout"))
    events = list(AuditEvent.objects.order_by("id").values_list("event_type", "outcome", "username"))
    assert events == [
        (AuditEventType.LOGIN_FAILURE, AuditOutcome.FAILURE, "officer_a"),
        (AuditEventType.LOGIN_SUCCESS, AuditOutcome.SUCCESS, "officer_a"),
        (AuditEventType.LOGOUT, AuditOutcome.SUCCESS, "officer_a"),
    ]


def test_pages_need_a_signed_in_user(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_sign_out_needs_post_and_ends_the_session(client_for, officer_a):
    client = client_for(officer_a)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


class TestApiToken:
    url = "/api/v1/auth/token/"

    def test_token_for_right_credentials_works_as_authorization(self, client, officer_a):
        from rest_framework.test import APIClient

        response = client.post(self.url, {"username": "officer_a", "password": TEST_PASSWORD})
        assert response.status_code == 200
        token = response.json()["token"]
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert api.get("/api/v1/stations/").status_code == 200

    def test_wrong_credentials_get_400_with_a_message(self, client, officer_a):
        response = client.post(self.url, {"username": "officer_a", "password": "nope"})
        assert response.status_code == 400
        assert response.json()["non_field_errors"]

    def test_missing_fields_get_field_errors(self, client):
        response = client.post(self.url, {})
        assert response.status_code == 400
        assert set(response.json()) == {"username", "password"}

    def test_token_requests_count_towards_the_lockout(self, client, officer_a):
        for _ in range(5):
            client.post(self.url, {"username": "officer_a", "password": "nope"})
        response = client.post(self.url, {"username": "officer_a", "password": TEST_PASSWORD})
        assert response.status_code == 429
        assert response.json()["code"] == "account_locked"

    def test_api_without_credentials_is_refused(self, client):
        assert client.get("/api/v1/stations/").status_code in (401, 403)


class TestApiTokenLifetime:
    """Tokens expire, are revoked at sign-out, password change and deactivation, and are audited."""

    url = "/api/v1/auth/token/"

    def _token(self, client, username="officer_a"):
        response = client.post(self.url, {"username": username, "password": TEST_PASSWORD})
        assert response.status_code == 200, response.content
        return response.json()

    def _api(self, token):
        from rest_framework.test import APIClient

        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return api

    def test_each_sign_in_issues_a_new_token_for_a_working_shift_and_audits_it(self, client, officer_a):
        from datetime import timedelta

        from django.utils import timezone
        from django.utils.dateparse import parse_datetime

        first, second = self._token(client), self._token(client)
        assert first["token"] != second["token"]
        expiry = parse_datetime(second["expiry"])
        assert timedelta(hours=11) < expiry - timezone.now() <= timedelta(hours=12)
        issued = AuditEvent.objects.filter(event_type=AuditEventType.TOKEN_ISSUED, user=officer_a)
        assert issued.count() == 2

    def test_an_expired_token_is_refused(self, client, officer_a):
        from datetime import timedelta

        from django.utils import timezone
        from knox.models import AuthToken

        token = self._token(client)["token"]
        AuthToken.objects.filter(user=officer_a).update(expiry=timezone.now() - timedelta(seconds=1))
        assert self._api(token).get("/api/v1/stations/").status_code == 401

    def test_signing_out_of_the_pages_revokes_the_users_tokens(self, client, officer_a):
        token = self._token(client)["token"]
        api = self._api(token)
        assert api.get("/api/v1/stations/").status_code == 200
        client.post(reverse("login"), {"username": "officer_a", "password": TEST_PASSWORD})
        client.post(reverse("logout"))
        assert api.get("/api/v1/stations/").status_code == 401
        assert AuditEvent.objects.filter(event_type=AuditEventType.TOKEN_REVOKED, user=officer_a).exists()

    def test_the_api_sign_out_revokes_that_token(self, client, officer_a):
        token = self._token(client)["token"]
        api = self._api(token)
        assert api.post("/api/v1/auth/token/revoke/").status_code == 204
        assert api.get("/api/v1/stations/").status_code == 401

    def test_a_password_change_or_deactivation_revokes_the_tokens(self, client, officer_a, colleague_a):
        mine, theirs = self._api(self._token(client)["token"]), self._api(self._token(client, "colleague_a")["token"])
        officer_a.set_password("Another-long-password-7")
        officer_a.save()
        colleague_a.is_active = False
        colleague_a.save()
        assert mine.get("/api/v1/stations/").status_code == 401
        assert theirs.get("/api/v1/stations/").status_code == 401

    def test_an_unrelated_save_keeps_the_token(self, client, officer_a):
        api = self._api(self._token(client)["token"])
        officer_a.first_name = "新"
        officer_a.save()
        assert api.get("/api/v1/stations/").status_code == 200
