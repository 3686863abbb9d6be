from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from community.choices import (
    ActivityKind,
    Affiliation,
    HazardCategory,
    HazardStatus,
    HelpOutcome,
    HouseholdKind,
    ImportKind,
    ImportStatus,
    PlaceKind,
    PostKind,
    TeamKind,
    TeamSize,
)
from kit.constraints import FieldConstraintsMixin
from kit.personal import Sex, mask_id_number, mask_phone
from kit.versioning import VersionedModel
from stations.scoping import StationOwnedModel, StationScopedQuerySet

# Size classes of the five-in-one teams (党政警保民): small 5–10 members, medium more than 10.
SMALL_TEAM_MIN = 5
SMALL_TEAM_MAX = 10


class Address(StationOwnedModel, VersionedModel):
    """A standard address (标准地址): the backbone residents, households and places hang on."""

    community = models.ForeignKey(
        "stations.Community", on_delete=models.PROTECT, related_name="addresses", verbose_name=_("community")
    )
    district = models.CharField(_("district"), max_length=50, default="武陵区")
    street = models.CharField(_("street / road"), max_length=100)
    number = models.CharField(pgettext_lazy("address", "number"), max_length=20)
    building = models.CharField(_("building"), max_length=20, blank=True)
    unit = models.CharField(pgettext_lazy("address", "unit"), max_length=20, blank=True)
    floor = models.CharField(_("floor"), max_length=10, blank=True)
    room = models.CharField(_("room"), max_length=20, blank=True)
    # A GeoJSON Point ({"type": "Point", "coordinates": [longitude, latitude]}), set by a pin on the map
    # (places app); validated by places.geometry.
    point = models.JSONField(_("location on the map"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standard address")
        verbose_name_plural = _("standard addresses")
        ordering = ["street", "number", "building", "unit", "room"]

    def __str__(self) -> str:
        return self.full_text

    @property
    def full_text(self) -> str:
        parts = [self.district, self.street, f"{self.number}号"]
        if self.building:
            parts.append(f"{self.building}栋")
        if self.unit:
            parts.append(f"{self.unit}单元")
        if self.room:
            parts.append(f"{self.room}室")
        return "".join(parts)

    def get_absolute_url(self) -> str:
        return reverse("community:address-detail", kwargs={"pk": self.pk})


class Resident(StationOwnedModel, VersionedModel):
    """A registered resident (实有人口); the national ID number is stored once."""

    community = models.ForeignKey(
        "stations.Community", on_delete=models.PROTECT, related_name="residents", verbose_name=_("community")
    )
    address = models.ForeignKey(
        Address, on_delete=models.SET_NULL, null=True, blank=True, related_name="residents", verbose_name=_("address")
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    id_number = models.CharField(_("national ID number"), max_length=18, unique=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    household = models.ForeignKey(
        "community.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("household"),
    )
    tags = models.ManyToManyField("community.ResidentTag", blank=True, related_name="residents", verbose_name=_("tags"))
    anti_fraud_app = models.BooleanField(_("anti-fraud app installed"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["name"]
        permissions = [("reveal_resident_identity", _("Can reveal a resident's full ID number and phone"))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:resident-detail", kwargs={"pk": self.pk})

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


class ResidentTag(models.Model):
    """A tag from the reference list (elderly living alone, rental tenant…) put on residents."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    # Watch tags (重点关注人员, 社区矫正人员, 刑满释放人员): a resident carrying one who appears in a new
    # incident or case puts an item in the community officer's and the supervisor's queue.
    watched = models.BooleanField(_("watched"), default=False)

    class Meta:
        verbose_name = _("resident tag")
        verbose_name_plural = _("resident tags")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Household(StationOwnedModel, VersionedModel):
    """A household (户) living at a standard address."""

    community = models.ForeignKey(
        "stations.Community", on_delete=models.PROTECT, related_name="households", verbose_name=_("community")
    )
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="households", verbose_name=_("address"))
    number = models.CharField(_("household number"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=HouseholdKind.choices, default=HouseholdKind.OWNER)
    head_name = models.CharField(_("head of household"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["address__street", "address__number", "address__room", "id"]

    def __str__(self) -> str:
        return f"{self.head_name or self.number or self.pk} · {self.address}"

    def get_absolute_url(self) -> str:
        return reverse("community:household-detail", kwargs={"pk": self.pk})


class Place(FieldConstraintsMixin, StationOwnedModel, VersionedModel):
    """A place or organisation (场所/单位: shop, hotel, school…) of the community."""

    constraint_fields = {"place_unique_name_per_community": "name"}

    community = models.ForeignKey(
        "stations.Community", on_delete=models.PROTECT, related_name="places", verbose_name=_("community")
    )
    address = models.ForeignKey(
        Address, on_delete=models.SET_NULL, null=True, blank=True, related_name="places", verbose_name=_("address")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=PlaceKind.choices)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"],
                name="place_unique_name_per_community",
                violation_error_code="place_unique_name_per_community",
                violation_error_message=_("A place with this name is already registered in this community."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:place-detail", kwargs={"pk": self.pk})

    @property
    def contact_phone_masked(self) -> str:
        return mask_phone(self.contact_phone)


class Activity(StationOwnedModel, VersionedModel):
    """One entry of the community work log (社区工作日志): what an officer did, where, when.

    Why one model with a `kind` rather than one model per kind: everything the
    log feeds counts across kinds. Officer presence (days in the community per
    week) is "distinct local dates of any entry", the stats app counts entries
    by kind per community and day, and the officer's day is one list. With one
    table each of those is a single indexed query; with six tables it is six
    queries and a union. The kind-specific data is small (a household or a
    resident for a visit, a place for an inspection, people reached for
    publicity, an outcome for help, a count for app installs), so it lives in
    a few nullable columns, and `clean()` says which kind needs which.
    Hazards are a separate model because they outlive the entry: they have
    their own deadline, status and reminders after the inspection is logged.
    """

    community = models.ForeignKey(
        "stations.Community", on_delete=models.PROTECT, related_name="activities", verbose_name=_("community")
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="community_activities",
        verbose_name=_("officer"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    summary = models.CharField(pgettext_lazy("work log", "summary"), max_length=200)
    household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="visits", verbose_name=_("household")
    )
    resident = models.ForeignKey(
        Resident,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("resident"),
    )
    place = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="inspections", verbose_name=_("place")
    )
    people_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    help_outcome = models.CharField(_("outcome"), max_length=20, choices=HelpOutcome.choices, blank=True)
    installs = models.PositiveIntegerField(_("apps installed"), null=True, blank=True)
    created_at = models.DateTimeField(_("logged at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work log entry")
        verbose_name_plural = _("community work log")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["officer", "occurred_at"], name="activity_officer_time")]
        permissions = [("view_presence", _("Can see officers' presence in the communities"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.summary}"

    def get_absolute_url(self) -> str:
        return reverse("community:activity-detail", kwargs={"pk": self.pk})


class Hazard(FieldConstraintsMixin, StationOwnedModel, VersionedModel):
    """A hazard (隐患) found in the community, with its rectification (整改) deadline and result."""

    constraint_fields = {"hazard_due_after_found": "due_on"}

    community = models.ForeignKey(
        "stations.Community", on_delete=models.PROTECT, related_name="hazards", verbose_name=_("community")
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="hazards", verbose_name=_("found in")
    )
    place = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="hazards", verbose_name=_("place")
    )
    standard_address = models.ForeignKey(
        Address,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hazards",
        verbose_name=_("standard address"),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="community_hazards",
        verbose_name=_("responsible officer"),
    )
    category = models.CharField(_("category"), max_length=20, choices=HazardCategory.choices)
    description = models.CharField(_("description"), max_length=300)
    found_on = models.DateField(_("found on"), default=timezone.localdate, db_index=True)
    due_on = models.DateField(_("rectification due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=HazardStatus.choices, default=HazardStatus.FOUND)
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True, db_index=True)
    rectification_note = models.TextField(_("rectification"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        ordering = ["due_on", "-found_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=F("found_on")),
                name="hazard_due_after_found",
                violation_error_code="hazard_due_after_found",
                violation_error_message=_("The rectification deadline cannot be before the hazard was found."),
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return reverse("community:hazard-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status != HazardStatus.RECTIFIED


class PatrolTeam(StationOwnedModel, VersionedModel):
    """A patrol team (巡逻队) or community policing team (社区警务团队) of five-in-one members."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=TeamKind.choices, default=TeamKind.PATROL)
    communities = models.ManyToManyField(
        "stations.Community", blank=True, related_name="patrol_teams", verbose_name=_("communities")
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords(m2m_fields=[communities])

    class Meta:
        verbose_name = _("patrol team")
        verbose_name_plural = _("patrol teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:patrolteam-detail", kwargs={"pk": self.pk})

    @staticmethod
    def size_class_for(member_count: int) -> TeamSize:
        if member_count > SMALL_TEAM_MAX:
            return TeamSize.MEDIUM
        if member_count >= SMALL_TEAM_MIN:
            return TeamSize.SMALL
        return TeamSize.UNDER

    @property
    def size_class(self) -> TeamSize:
        """Derived from the active members (annotated as `active_members` by the selectors)."""
        count = getattr(self, "active_members", None)
        if count is None:
            count = self.members.filter(active=True).count()
        return self.size_class_for(count)


class TeamMember(models.Model):
    """A member of a patrol team, with the affiliation that makes the team five-in-one (党政警保民)."""

    team = models.ForeignKey(PatrolTeam, on_delete=models.CASCADE, related_name="members", verbose_name=_("team"))
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    affiliation = models.CharField(_("affiliation"), max_length=20, choices=Affiliation.choices)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = StationScopedQuerySet.as_manager()
    station_lookup = "team__station_id"

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["affiliation", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_affiliation_display()})"


class Patrol(FieldConstraintsMixin, StationOwnedModel, VersionedModel):
    """One patrol (巡逻) of a team: when, where, how many police and volunteers, what was found."""

    constraint_fields = {"patrol_ends_after_start": "ended_at"}

    team = models.ForeignKey(PatrolTeam, on_delete=models.PROTECT, related_name="patrols", verbose_name=_("team"))
    community = models.ForeignKey(
        "stations.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="patrols",
        verbose_name=_("community"),
    )
    started_at = models.DateTimeField(_("started at"), db_index=True)
    ended_at = models.DateTimeField(_("ended at"))
    area = models.CharField(_("area / route"), max_length=200)
    police_count = models.PositiveSmallIntegerField(_("police"), default=0)
    volunteer_count = models.PositiveSmallIntegerField(_("volunteers"), default=0)
    findings = models.TextField(_("what was found"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__gte=F("started_at")),
                name="patrol_ends_after_start",
                violation_error_code="patrol_ends_after_start",
                violation_error_message=_("A patrol cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} · {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("community:patrol-detail", kwargs={"pk": self.pk})


class PolicePost(StationOwnedModel, VersionedModel):
    """A police room (警务室) or kiosk (岗亭) of a station in a community."""

    kind = models.CharField(_("kind"), max_length=10, choices=PostKind.choices)
    name = models.CharField(_("name"), max_length=100)
    community = models.ForeignKey(
        "stations.Community", on_delete=models.PROTECT, related_name="police_posts", verbose_name=_("community")
    )
    location = models.CharField(_("location"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="police_posts", verbose_name=_("officers posted")
    )
    history = HistoricalRecords(m2m_fields=[officers])

    class Meta:
        verbose_name = _("police room or kiosk")
        verbose_name_plural = _("police rooms and kiosks")
        ordering = ["community", "kind", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:policepost-detail", kwargs={"pk": self.pk})


class ImportJob(StationOwnedModel):
    """One upload of a residents or places register (xlsx), imported by a background job."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    community = models.ForeignKey(
        "stations.Community", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    file_name = models.CharField(_("file"), max_length=200)
    # The upload itself (at most a few MB): kept in the database so that any
    # worker on any host can read it.
    content = models.BinaryField(_("content"), editable=False)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("community:importjob-detail", kwargs={"pk": self.pk})

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(100, int(100 * self.processed_rows / self.total_rows))

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)
