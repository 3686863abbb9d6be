"""Text with control characters is refused at the input boundary, on pages and in the API alike."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Incident

pytestmark = pytest.mark.django_db

HIDDEN = "楼上噪音\x0b\x01"


def _times():
    now = timezone.localtime()
    return now - timedelta(minutes=30), now - timedelta(minutes=20)


def test_the_api_refuses_control_characters_with_the_field_named(officer_a, api_for):
    occurred, reported = _times()
    response = api_for(officer_a).post(
        reverse("api:incident-list"),
        {"category": "dispute", "channel": "110", "occurred_at": occurred.isoformat(),
         "reported_at": reported.isoformat(), "summary": HIDDEN},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "控制字符" in response.json()["summary"][0]
    assert not Incident.objects.exists()


def test_a_form_refuses_control_characters_beside_the_field_and_keeps_the_input(officer_a, client_for):
    occurred, reported = _times()
    response = client_for(officer_a).post(
        reverse("cases:incident-create"),
        {"category": "dispute", "channel": "110", "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"),
         "reported_at": reported.strftime("%Y-%m-%dT%H:%M"), "summary": HIDDEN, "address": "朝阳路12号"},
    )  # fmt: skip
    form = response.context["form"]
    assert "控制字符" in form.errors["summary"][0]
    assert form["address"].value() == "朝阳路12号"
    assert not Incident.objects.exists()


def test_tab_and_newline_are_ordinary_text(officer_a, api_for):
    occurred, reported = _times()
    response = api_for(officer_a).post(
        reverse("api:incident-list"),
        {"category": "dispute", "channel": "110", "occurred_at": occurred.isoformat(),
         "reported_at": reported.isoformat(), "summary": "第一行\n第二行\t完"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
