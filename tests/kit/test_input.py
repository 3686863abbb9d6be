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
         "reported_at": reported.isoformat(), "summary": "第一行\r\n第二行\t完"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()


def test_json_nested_too_deeply_is_a_400_even_before_signing_in(client):
    response = client.post("/api/v1/auth/token/", "[" * 50000, content_type="application/json")
    assert response.status_code == 400
    assert "nested" in response.json()["detail"] or "嵌套" in response.json()["detail"]


def test_a_list_in_a_request_body_has_a_maximum_named_in_the_error(case_officer_a, api_for):
    from kit.text import MAX_LIST_ITEMS

    response = api_for(case_officer_a).post(
        reverse("api:case-list"),
        {"kind": "criminal", "offense_type": "theft", "title": "盗窃", "incidents": list(range(1, MAX_LIST_ITEMS + 2))},
        format="json",
    )
    assert response.status_code == 400
    assert f"最多{MAX_LIST_ITEMS}项" in response.json()["incidents"][0]


def test_a_form_refuses_more_choices_than_the_maximum():
    from django import forms
    from django.http import QueryDict

    from kit.forms import ActionForm
    from kit.text import MAX_LIST_ITEMS

    class PickMany(ActionForm):
        picks = forms.MultipleChoiceField(choices=[(str(i), str(i)) for i in range(MAX_LIST_ITEMS + 5)])

    data = QueryDict(mutable=True)
    data.setlist("picks", [str(i) for i in range(MAX_LIST_ITEMS + 1)])
    form = PickMany(data)
    assert not form.is_valid() and f"最多{MAX_LIST_ITEMS}项" in form.errors["picks"][0]
    data.setlist("picks", [str(i) for i in range(MAX_LIST_ITEMS)])
    assert PickMany(data).is_valid()


def test_length_refusals_are_in_officers_words_on_pages_services_and_the_api(officer_a, api_for):
    from django.core.exceptions import ValidationError as DjangoValidationError
    from django.core.validators import MaxLengthValidator

    occurred, reported = _times()
    response = api_for(officer_a).post(
        reverse("api:incident-list"),
        {"category": "dispute", "channel": "110", "occurred_at": occurred.isoformat(),
         "reported_at": reported.isoformat(), "summary": "很" * 10000},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["summary"][0].startswith("最多") and "字" in response.json()["summary"][0]
    with pytest.raises(DjangoValidationError) as refused:
        MaxLengthValidator(200)("很" * 201)
    assert refused.value.messages == ["最多200字（现有201字）。"]
