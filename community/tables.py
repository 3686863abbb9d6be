"""django-tables2 tables of the community lists. Personal data is masked here, so exports are masked too."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import (
    Activity,
    Address,
    Hazard,
    Household,
    ImportJob,
    Patrol,
    PatrolTeam,
    Place,
    PolicePost,
    Resident,
)
from stations.models import person_name


class AddressTable(tables.Table):
    full_text = tables.Column(verbose_name=_("address"), linkify=True, order_by=("street", "number", "room"))

    class Meta:
        model = Address
        fields = ["full_text", "community", "floor"]


class HouseholdTable(tables.Table):
    head_name = tables.Column(linkify=True)
    address = tables.Column()

    class Meta:
        model = Household
        fields = ["head_name", "number", "kind", "address", "community"]


class ResidentTable(tables.Table):
    name = tables.Column(linkify=True)
    # Not sortable: the order of hidden digits would leak what the mask hides.
    id_number = tables.Column(verbose_name=_("national ID number"), orderable=False)
    phone = tables.Column(verbose_name=_("phone"), orderable=False)
    tags = tables.Column(verbose_name=_("tags"), orderable=False, empty_values=())
    # The age, not the birth date: the date is what the ID mask hides.
    age = tables.Column(verbose_name=_("age"), accessor="birth_date", order_by=("-birth_date",))

    class Meta:
        model = Resident
        fields = ["name", "id_number", "sex", "age", "phone", "community", "address", "tags", "anti_fraud_app"]

    def render_age(self, value):
        today = timezone.localdate()
        return today.year - value.year - ((today.month, today.day) < (value.month, value.day))

    value_age = render_age

    def render_id_number(self, record):
        return record.id_number_masked

    def render_phone(self, record):
        return record.phone_masked

    def render_tags(self, record):
        return "、".join(t.name for t in record.tags.all()) or "—"

    value_id_number = render_id_number
    value_phone = render_phone

    def value_tags(self, record):
        return "、".join(t.name for t in record.tags.all())


class PlaceTable(tables.Table):
    name = tables.Column(linkify=True)
    contact_phone = tables.Column(verbose_name=_("contact phone"))

    class Meta:
        model = Place
        fields = ["name", "kind", "community", "address", "contact_name", "contact_phone"]

    def render_contact_phone(self, record):
        return record.contact_phone_masked

    value_contact_phone = render_contact_phone


class ActivityTable(tables.Table):
    occurred_at = tables.DateTimeColumn(format="Y-m-d H:i", linkify=True)
    summary = tables.Column(attrs={"td": {"class": "wl-wrap"}})

    def render_officer(self, value):
        return person_name(value)

    value_officer = render_officer

    class Meta:
        model = Activity
        fields = ["occurred_at", "kind", "summary", "community", "officer", "place", "people_reached"]


class HazardTable(tables.Table):
    description = tables.Column(linkify=True, attrs={"td": {"class": "wl-wrap"}})
    due_on = tables.DateColumn(format="Y-m-d", attrs={"td": {"data-testid": "hazard-due"}})

    class Meta:
        model = Hazard
        fields = ["description", "status", "category", "community", "place", "found_on", "due_on", "officer"]
        row_attrs = {"class": lambda record: "table-danger" if record.status == "overdue" else ""}

    def render_officer(self, value):
        return person_name(value)

    value_officer = render_officer


class PatrolTeamTable(tables.Table):
    name = tables.Column(linkify=True)
    members = tables.Column(verbose_name=_("members"), accessor="active_members", orderable=True)
    size_class = tables.Column(verbose_name=_("size class"), empty_values=(), orderable=False)
    communities = tables.Column(verbose_name=_("communities"), orderable=False, empty_values=())

    class Meta:
        model = PatrolTeam
        fields = ["name", "kind", "members", "size_class", "communities"]

    def render_size_class(self, record):
        return record.size_class.label

    def render_communities(self, record):
        return "、".join(c.name for c in record.communities.all()) or "—"


class PatrolTable(tables.Table):
    started_at = tables.DateTimeColumn(format="Y-m-d H:i", linkify=True)
    ended_at = tables.DateTimeColumn(format="H:i")

    class Meta:
        model = Patrol
        fields = ["started_at", "ended_at", "team", "community", "area", "police_count", "volunteer_count"]


class PolicePostTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = PolicePost
        fields = ["name", "kind", "community", "location", "opening_hours"]


class ImportJobTable(tables.Table):
    file_name = tables.Column(linkify=True)
    created_at = tables.DateTimeColumn(format="Y-m-d H:i")

    class Meta:
        model = ImportJob
        fields = ["file_name", "kind", "community", "status", "created_count", "updated_count", "error_count",
                  "created_at"]  # fmt: skip

    def render_created_at(self, value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
