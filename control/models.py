"""The control centre's records (基础管控中心): orders, each station's part of one, its items, the
timeline, and the saved target lists.

An order (`Order`) belongs to one bureau; the stations it is addressed to each get a part
(`StationTask`, station-owned), split into items (`TaskItem`) that officers complete with evidence.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from control.choices import (
    Department,
    Evidence,
    ItemResult,
    ItemStatus,
    OrderAction,
    OrderKind,
    OrderStatus,
    PartStatus,
    Priority,
    TargetRule,
)
from kit.versioning import VersionedModel
from stations.scoping import (
    BureauScopedQuerySet,
    StationOwnedModel,
    StationScopedQuerySet,
    is_bureau_level,
    user_station_id,
)

#: What station staff see of an order: from the moment it is dispatched to them.
DISPATCHED = (OrderStatus.ADMITTED, OrderStatus.CLOSED)


def _bureau_records(queryset, user):
    """The one place a bureau-level user's bureau narrows what they see: the city's people the records of
    the city's bureaus, a bureau's people their own bureau's (stations.scoping.BureauScopedQuerySet)."""
    return BureauScopedQuerySet.visible_to(queryset, user)


class OrderQuerySet(models.QuerySet):
    """Orders as each person may see them: the centre (and the bureau's supervisors) every order of
    the bureau; an issuer what they issued; a station the orders dispatched to it, and what it asked."""

    bureau_lookup = "bureau_id"

    def visible_to(self, user) -> OrderQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if is_bureau_level(user):
            mine = _bureau_records(self, user)
            if user.is_superuser or user.has_perm("control.oversee_order"):
                return mine
            return mine.filter(issued_by=user)
        station_id = user_station_id(user)
        if station_id is None:
            return self.none()
        addressed = Exists(StationTask.objects.filter(order=OuterRef("pk"), station_id=station_id))
        return self.filter(Q(addressed, status__in=DISPATCHED) | Q(issued_by=user))


class IssuedScopedQuerySet(StationScopedQuerySet):
    """Parts and items: a station's own; at the bureau, the centre's all, an issuer's of what they issued."""

    order_lookup = "order"

    def visible_to(self, user):
        scoped = super().visible_to(user)
        if is_bureau_level(user) and not (user.is_superuser or user.has_perm("control.oversee_order")):
            return scoped.filter(**{f"{self.order_lookup}__issued_by": user})
        return scoped


class ItemQuerySet(IssuedScopedQuerySet):
    order_lookup = "part__order"


class TargetListQuerySet(models.QuerySet):
    """Bureau staff see the bureau's lists; a station's staff the lists kept for their station."""

    def visible_to(self, user) -> TargetListQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if is_bureau_level(user):
            return _bureau_records(self, user)
        station_id = user_station_id(user)
        return self.filter(station_id=station_id) if station_id is not None else self.none()


class TargetList(VersionedModel):
    """A saved, named filter over the registers (目标清单): who or what an order should reach."""

    bureau = models.ForeignKey("stations.Bureau", on_delete=models.PROTECT, related_name="+", verbose_name=_("bureau"))
    station = models.ForeignKey(
        "stations.Station",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("station"),
        help_text=_("Empty: every station of the bureau."),
    )
    name = models.CharField(_("name"), max_length=100)
    rule = models.CharField(_("rule"), max_length=30, choices=TargetRule.choices)
    days = models.PositiveSmallIntegerField(
        _("days"), default=90, help_text=_("Not visited / not checked for this many days.")
    )
    tag = models.CharField(_("resident tag"), max_length=50, blank=True, default="独居老人")
    min_incidents = models.PositiveSmallIntegerField(_("incidents at least"), default=3)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    objects = TargetListQuerySet.as_manager()

    class Meta:
        verbose_name = _("target list")
        verbose_name_plural = _("target lists")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("control:target-list-detail", kwargs={"pk": self.pk})


class Order(VersionedModel):
    """An order (任务单) of one of four kinds, issued by a department (or a station, for cooperation),
    admitted by the centre and dispatched to stations."""

    bureau = models.ForeignKey("stations.Bureau", on_delete=models.PROTECT, related_name="+", verbose_name=_("bureau"))
    number = models.CharField(_("number"), max_length=30, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrderKind.choices, default=OrderKind.DISPATCH)
    title = models.CharField(_("title"), max_length=200)
    standard = models.TextField(
        _("standard of done"), help_text=_("What to do, and to what standard (干什么、干到什么程度).")
    )
    evidence = models.CharField(
        _("evidence"),
        max_length=20,
        choices=Evidence.choices,
        default=Evidence.VISIT,
        help_text=_("The record that proves an item done."),
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    deadline = models.DateTimeField(_("deadline"), db_index=True)
    department = models.CharField(
        _("issuing department"), max_length=20, choices=Department.choices, default=Department.PUBLIC_ORDER
    )
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.DRAFT, db_index=True
    )
    stations = models.ManyToManyField(
        "stations.Station", blank=True, related_name="+", verbose_name=_("stations addressed")
    )
    communities = models.ManyToManyField(
        "stations.Community", blank=True, related_name="+", verbose_name=_("communities addressed")
    )
    target_list = models.ForeignKey(
        TargetList,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("target list"),
    )
    about = models.CharField(
        _("about"), max_length=200, blank=True, help_text=_("The record a cooperation order asks help with.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="urgings",
        verbose_name=_("urges the order"),
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged", verbose_name=_("merged into")
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
        help_text=_("Empty: raised by the system (an automatic urging)."),
    )
    #: The targets a list found when the order was drafted from it (TaskItem fields each): what is dispatched.
    targets = models.JSONField(_("targets"), default=list, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("sent for admission at"), null=True, blank=True)
    admitted_at = models.DateTimeField(_("admitted at"), null=True, blank=True)
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("admitted by"),
    )
    return_reason = models.CharField(_("reason returned"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[stations, communities])

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("control", "order")
        verbose_name_plural = pgettext_lazy("control", "orders")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("admit_order", _("Can admit, return and merge orders (control centre)")),
            ("verify_order", _("Can verify what stations submit (control centre)")),
            ("urge_order", _("Can urge overdue orders")),
            ("oversee_order", _("Can see every order of the bureau")),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def get_absolute_url(self) -> str:
        return reverse("control:order-detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in (OrderStatus.DRAFT, OrderStatus.RETURNED)


class StationTask(StationOwnedModel, VersionedModel):
    """One station's part of an order: signed for by its control post, split into items and assigned,
    submitted back and verified by the centre."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="parts", verbose_name=_("order"))
    station = models.ForeignKey(
        "stations.Station", on_delete=models.PROTECT, related_name="control_tasks", verbose_name=_("station")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PartStatus.choices, default=PartStatus.TO_SIGN, db_index=True
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    sign_due = models.DateTimeField(_("sign for by"))
    signed_at = models.DateTimeField(pgettext_lazy("control", "signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by"),
    )
    submitted_at = models.DateTimeField(pgettext_lazy("control", "submitted at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True, help_text=_("What the station reports back."))
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verify_note = models.CharField(_("verification note"), max_length=300, blank=True)
    times_returned = models.PositiveSmallIntegerField(_("times returned at verification"), default=0)
    history = HistoricalRecords()

    objects = IssuedScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("station's part of an order")
        verbose_name_plural = _("stations' parts of orders")
        ordering = ["order__deadline", "station__code", "id"]
        constraints = [models.UniqueConstraint(fields=["order", "station"], name="control_one_part_per_station")]
        permissions = [("sign_stationtask", _("Can sign for, split, assign and submit a station's part"))]

    def __str__(self) -> str:
        return f"{self.order} · {self.station}"

    def get_absolute_url(self) -> str:
        return reverse("control:part-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status != PartStatus.VERIFIED

    @property
    def overdue(self) -> bool:
        return self.is_open and self.status != PartStatus.SUBMITTED and self.order.deadline < timezone.now()


class TaskItem(StationOwnedModel, VersionedModel):
    """One standard item of a station's part: a resident to visit, a place to inspect, a hazard to see
    rectified, an address to call at, or a piece of work in a community; done with evidence."""

    part = models.ForeignKey(StationTask, on_delete=models.CASCADE, related_name="items", verbose_name=_("part"))
    station = models.ForeignKey(
        "stations.Station", on_delete=models.PROTECT, related_name="+", verbose_name=_("station")
    )
    label = models.CharField(pgettext_lazy("control", "item"), max_length=200)
    community = models.ForeignKey(
        "stations.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("community"),
    )
    resident = models.ForeignKey(
        "community.Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resident"),
    )
    household = models.ForeignKey(
        "community.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("household"),
    )
    address = models.ForeignKey(
        "community.Address",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("address"),
    )
    place = models.ForeignKey(
        "community.Place", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("place")
    )
    hazard = models.ForeignKey(
        "community.Hazard", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("hazard")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="control_items",
        verbose_name=_("assigned to"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.OPEN, db_index=True
    )
    result = models.CharField(pgettext_lazy("control", "result"), max_length=20, choices=ItemResult.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    evidence_activity = models.ForeignKey(
        "community.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evidence: work log entry"),
    )
    evidence_hazard = models.ForeignKey(
        "community.Hazard",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evidence: hazard"),
    )
    evidence_incident = models.ForeignKey(
        "cases.Incident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evidence: incident"),
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )
    auto_closed = models.BooleanField(_("closed by its evidence"), default=False)
    sampled = models.BooleanField(_("in the verification sample"), default=False)
    verify_note = models.CharField(_("verification note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("task item")
        verbose_name_plural = _("task items")
        ordering = ["part", "community__name", "label", "id"]
        indexes = [models.Index(fields=["assignee", "status"], name="control_item_assignee_status")]
        permissions = [("complete_taskitem", _("Can complete task items assigned to them"))]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("control:item-detail", kwargs={"pk": self.pk})

    @property
    def evidence_record(self):
        return self.evidence_activity or self.evidence_hazard or self.evidence_incident


class OrderEvent(models.Model):
    """One step on an order's timeline: who did what, when, to which station's part."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events", verbose_name=_("order"))
    part = models.ForeignKey(
        StationTask, on_delete=models.CASCADE, null=True, blank=True, related_name="events", verbose_name=_("part")
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=20, choices=OrderAction.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.note}"
