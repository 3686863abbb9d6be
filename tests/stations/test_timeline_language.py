"""Timeline entries the system writes are stored as a kind and values and worded in the
reader's language (issue 17, part 2, item 9): a Chinese entry no longer stays Chinese in English."""

import pytest
from django.utils import translation

from cases import services as case_services
from cases.choices import PersonRole, TimelineKind
from cases.models import Case, TimelineEvent
from mediation import services as mediation_services
from mediation.choices import FollowUpResult
from tests.cases.factories import CaseFactory
from tests.mediation.factories import make_agreement, make_dispute

pytestmark = pytest.mark.django_db


def test_removing_a_person_reads_in_each_readers_language(station_a, case_officer_a):
    case = CaseFactory(station=station_a)
    person = case_services.case_person_add(
        case=case, by=case_officer_a, role=PersonRole.SUSPECT, name="张三", status="none"
    )
    case_services.case_person_remove(person=person, by=case_officer_a)
    added, removed = TimelineEvent.objects.filter(case=case, kind=TimelineKind.PERSON).order_by("id")
    with translation.override("en"):
        assert added.display_text == "Suspect 张三 · Not applicable"
        assert removed.display_text == "Removed: Suspect 张三"
    with translation.override("zh-hans"):
        assert removed.display_text == "已移除：嫌疑人 张三"


def test_an_edit_names_the_changed_fields_in_the_readers_language(station_a, case_officer_a):
    case = CaseFactory(station=station_a)
    case_services.case_update(case=case, by=case_officer_a, expected_version=case.version, title="新标题")
    event = TimelineEvent.objects.get(case=case, kind=TimelineKind.EDITED)
    with translation.override("en"):
        assert event.display_text == "title"
    with translation.override("zh-hans"):
        assert event.display_text == str(Case._meta.get_field("title").verbose_name) != "title"


def test_entries_written_before_kinds_were_stored_still_show_their_text(station_a):
    case = CaseFactory(station=station_a)
    old = TimelineEvent.objects.create(
        station=station_a, case=case, kind=TimelineKind.PERSON, text="已移除：嫌疑人 李四"
    )
    with translation.override("en"):
        assert old.display_text == "已移除：嫌疑人 李四"


def test_the_case_page_shows_the_timeline_in_english(client_for, station_a, case_officer_a):
    case = CaseFactory(station=station_a)
    case_services.case_person_add(case=case, by=case_officer_a, role=PersonRole.SUSPECT, name="张三", status="none")
    client = client_for(case_officer_a)
    client.cookies["django_language"] = "en"  # what the language switch sets
    with translation.override("zh-hans"):  # the request switches this thread to English: put it back after
        page = client.get(case.get_absolute_url()).content.decode()
    assert "Suspect 张三 · Not applicable" in page
    assert "嫌疑人 张三" not in page


def test_a_relapse_worded_by_the_system_reads_in_english(station_a, mediator_a):
    dispute = make_dispute(station_a, by=mediator_a, mediator=mediator_a)
    agreement = make_agreement(dispute, by=mediator_a, follow_up_days=[7])
    follow_up = agreement.follow_ups.first()
    mediation_services.follow_up_record(follow_up=follow_up, by=mediator_a, result=FollowUpResult.RELAPSED)
    event = dispute.events.last()
    with translation.override("en"):
        assert event.display_note == f"Relapsed at the follow-up visit of {follow_up.due_date.isoformat()}."
    with translation.override("zh-hans"):
        assert event.display_note == f"{follow_up.due_date.isoformat()}回访发现矛盾反弹。"
