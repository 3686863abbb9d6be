"""The shared pages in officers' words (issue 17, part 2): length limits, filters that say 全部 and
name people, people sorted by pinyin, capitalised labels in English."""

import pytest
from django import forms
from django.db import connection
from django.utils import translation

from cases.filters import IncidentFilter
from cases.models import Incident
from kit.forms import ScopedModelForm
from stations.models import Community
from stations.selectors import station_staff
from tests.cases.factories import CaseFactory
from tests.factories import make_person
from tests.mediation.factories import make_dispute

pytestmark = pytest.mark.django_db


class CommunityForm(ScopedModelForm):
    class Meta:
        model = Community
        fields = ["name", "kind"]


def test_the_length_message_says_how_many_characters_are_allowed(officer_a):
    form = CommunityForm(data={"name": "长" * 101, "kind": "urban"}, user=officer_a)
    assert not form.is_valid()
    assert form.errors["name"] == ["最多100字（现有101字）。"]


def test_yes_no_and_choice_filters_say_all_for_no_filter(rf, officer_a):
    request = rf.get("/")
    request.user = officer_a
    form = IncidentFilter(queryset=Incident.objects.none(), request=request).form
    assert [label for _, label in form.fields["overdue"].widget.choices] == ["全部", "是", "否"]
    assert next(iter(form.fields["community"].choices))[1] == "全部"
    # Several-choice filters are ticks, not a Ctrl-click list.
    assert isinstance(form.fields["status"].widget, forms.CheckboxSelectMultiple)


def test_the_officer_filter_names_people_not_logins(rf, officer_a, colleague_a):
    colleague_a.last_name, colleague_a.first_name = "王", "小明"
    colleague_a.save()
    request = rf.get("/")
    request.user = officer_a
    labels = [
        label
        for _, label in IncidentFilter(queryset=Incident.objects.none(), request=request).form["officer"].field.choices
    ]
    assert "王小明" in labels
    assert "colleague_a" not in labels


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pinyin order needs PostgreSQL's ICU collation")
def test_people_are_sorted_by_pinyin(officer_a, station_a):
    # Code points put 张 (U+5F20) before 李 (U+674E) before 王 (U+738B); pinyin: li, wang, zhang.
    for username, family in [("p_zhang", "张"), ("p_wang", "王"), ("p_li", "李")]:
        person = make_person(username, station=station_a)
        person.last_name, person.first_name = family, "一"
        person.save()
    names = [u.last_name for u in station_staff(officer_a) if u.username.startswith("p_")]
    assert names == ["李", "王", "张"]


def test_filter_labels_are_capitalised_in_english(rf, bureau_supervisor):
    request = rf.get("/")
    request.user = bureau_supervisor
    with translation.override("en"):
        form = IncidentFilter(queryset=Incident.objects.none(), request=request).form
        assert str(form.fields["station"].label) == "Station"
        assert str(form.fields["status"].label) == "Status"


def test_words_new_incident_has_no_stray_space_and_a_person_has_a_姓名(
    client_for, officer_a, station_a, case_officer_a
):
    page = client_for(officer_a).get("/cases/incidents/new/").content.decode()
    assert "新建警情" in page and "新建 警情" not in page
    case = CaseFactory(station=station_a)
    panel = client_for(case_officer_a).get(case.get_absolute_url()).content.decode()
    assert "姓名" in panel
    assert ">名称" not in panel


def test_a_disputes_registration_time_is_登记_not_立案(client_for, mediator_a, station_a):
    dispute = make_dispute(station_a, by=mediator_a, mediator=mediator_a)
    page = client_for(mediator_a).get(dispute.get_absolute_url()).content.decode()
    assert "登记时间" in page
    assert "立案" not in page
