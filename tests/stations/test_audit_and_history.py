"""The audit log is append-only; domain records keep their history; exports are audited."""

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse

from stations.choices import AuditEventType
from stations.models import AuditEvent, Station
from stations.services import audit_record
from tests.factories import CommunityFactory, grant_all_model_permissions
from tests.utils import body

pytestmark = pytest.mark.django_db


def test_audit_rows_cannot_be_changed_or_deleted(officer_a):
    event = audit_record(event_type=AuditEventType.EXPORT, user=officer_a)
    event.username = "someone else"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(username="x")
    assert AuditEvent.objects.get().username == "officer_a"


def test_administration_offers_no_way_to_edit_audit_rows(rf, bureau_supervisor):
    admin = site._registry[AuditEvent]
    request = rf.get("/")
    request.user = bureau_supervisor
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)


def test_exporting_a_list_is_audited_with_its_filters(client_for, officer_a, community_a):
    CommunityFactory(station=community_a.station, name="建设社区")
    response = client_for(officer_a).get(reverse("community-list"), {"q": "建设", "_export": "csv"})
    assert response.status_code == 200
    assert response.streaming
    content = body(response).decode("utf-8-sig")
    assert "建设社区" in content and "朝阳社区" not in content
    event = AuditEvent.objects.get(event_type=AuditEventType.EXPORT)
    assert event.username == "officer_a"
    assert event.detail == {"model": "stations.Community", "format": "csv", "filters": {"q": "建设"}, "rows": 1}


def test_xlsx_export_is_a_real_workbook(client_for, officer_a, community_a):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_for(officer_a).get(reverse("community-list"), {"_export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.cell(row=2, column=1).value == "朝阳社区"


def test_changes_to_records_are_kept_with_who_made_them(client, station_a, bureau_supervisor):
    grant_all_model_permissions(bureau_supervisor)
    station_a._history_user = bureau_supervisor
    station_a.phone = "0736-7777110"
    station_a.save()
    latest = Station.history.filter(id=station_a.pk).latest("history_date")
    assert latest.phone == "0736-7777110"
    assert latest.history_user == bureau_supervisor
    assert Station.history.filter(id=station_a.pk).count() == 2
