import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from staffing.models import Assignment, Award, CommitteeSeat
from stations.models import person_name


class _PersonTable(tables.Table):
    person = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("person__last_name",))

    def render_person(self, value):
        return person_name(value)

    def value_person(self, value):
        return person_name(value)


class AssignmentTable(_PersonTable):
    class Meta:
        model = Assignment
        fields = ["person", "station", "unit", "kind", "start", "end"]
        empty_text = _("No assignments recorded.")


class CommitteeSeatTable(_PersonTable):
    class Meta:
        model = CommitteeSeat
        fields = ["person", "station", "level", "community", "committee", "since", "until"]


class AwardTable(_PersonTable):
    class Meta:
        model = Award
        fields = ["person", "station", "unit", "kind", "title", "awarded_on"]
