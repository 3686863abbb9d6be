"""The administration screens in officers' words (issue 17, part 2, item 13)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.sites import site

from cases.models import CustodyRecord, TimelineEvent
from stations.models import AuditEvent, NumberCounter
from tests.cases.factories import CaseFactory, CustodyRecordFactory, IncidentFactory

pytestmark = pytest.mark.django_db

UTC_07_10 = datetime(2026, 3, 2, 7, 10, tzinfo=ZoneInfo("UTC"))  # 15:10 in Beijing


def test_the_lockout_section_is_in_chinese(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert "登录尝试与锁定" in page
    assert "组织与权限" in page  # and the organisation's own section kept its name beside it
    assert "Axes" not in page and "Access attempts" not in page


def test_the_history_shows_labels_local_times_and_names(admin_client, station_a, supervisor_a):
    supervisor_a.last_name, supervisor_a.first_name = "陈", "强"
    supervisor_a.save()
    incident = IncidentFactory(station=station_a)
    incident.status, incident.reviewed_by, incident.reviewed_at = "approved", supervisor_a, UTC_07_10
    incident.save()
    page = admin_client.get(f"/admin/cases/incident/{incident.pk}/history/").content.decode()
    assert "修改内容" in page and ">Changes<" not in page
    assert "None" not in page
    assert "Deleted" not in page and "pk=None" not in page
    assert "审核通过" in page and "approved" not in page  # the label, not the code
    assert "2026-03-02 15:10" in page  # Beijing time
    assert "陈强" in page


@pytest.mark.parametrize("model", [TimelineEvent, NumberCounter, AuditEvent])
def test_records_of_what_happened_cannot_be_added_changed_or_deleted(rf, admin_user, model):
    request = rf.get("/admin/")
    request.user = admin_user
    admin = site._registry[model]
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)


def test_records_name_their_time_in_beijing_time(station_a):
    case = CaseFactory(station=station_a)
    custody = CustodyRecordFactory(case=case, person_name="李四", time_in=UTC_07_10)
    assert str(CustodyRecord.objects.get(pk=custody.pk)) == "李四 2026-03-02 15:10"
    event = TimelineEvent.objects.create(station=station_a, case=case, kind="status", at=UTC_07_10)
    assert str(event).startswith("2026-03-02 15:10")
    audit = AuditEvent.objects.create(event_type="export", username="u", at=UTC_07_10)
    assert str(audit).startswith("2026-03-02 15:10")
