"""Pages of the control centre: orders, each station's part, items, target lists, the scoreboard.

Every action is a `kit.views.RecordActionView` whose `perform(form)` is one service call (README:
"How a write flows"); lists are `ScopedListView`s over the app's scoped querysets.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView

from control import selectors, services
from control.choices import ItemStatus, OrderKind, OrderStatus, PartStatus
from control.filters import ItemFilter, OrderFilter, PartFilter, TargetListFilter
from control.forms import (
    AdmitForm,
    AssignForm,
    CompleteForm,
    IssueForm,
    MergeForm,
    OrderForm,
    ReasonForm,
    SplitForm,
    SubmitForm,
    TargetListForm,
    UrgeForm,
    VerifyForm,
)
from control.models import Order, StationTask, TargetList, TaskItem
from control.tables import ItemTable, OrderTable, PartTable, TargetListTable
from control.targets import targets_of
from kit.views import RecordActionView, ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView
from stations.models import Station
from stations.scoping import is_bureau_level, user_station_id

# --- Orders ------------------------------------------------------------------------------------------


class OrderListView(ScopedListView):
    model = Order
    table_class = OrderTable
    filterset_class = OrderFilter
    create_url_name = "control:order-create"
    empty_text = _("No orders yet. Draft one with “New”.")

    def get_queryset(self):
        return selectors.order_list(self.request.user)


class OrderCreateView(ScopedCreateView):
    model = Order
    form_class = OrderForm
    create_service = staticmethod(services.order_create)
    success_message = _("Order drafted. Send it for admission when it is ready.")

    def service_kwargs(self, form) -> dict:
        return {"bureau": services.user_bureau(self.request.user)}

    def get_success_url(self):
        return self.object.get_absolute_url()


class OrderDetailView(ScopedDetailView):
    model = Order
    template_name = "control/order_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("issued_by", "admitted_by", "target_list", "parent", "merged_into")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order, user = self.object, self.request.user
        parts = list(
            StationTask.objects.visible_to(user).filter(order=order).select_related("station").order_by("station__code")
        )
        counts = selectors.part_counts([p.pk for p in parts])
        for part in parts:
            part.order = order  # the same order: no query per station for its deadline
            part.item_count, part.done_count = counts.get(part.pk, (0, 0))
        mine = user.pk is not None and order.issued_by_id == user.pk
        overdue = set(services.overdue_parts().filter(order=order).values_list("station_id", flat=True))
        context.update(
            parts=parts,
            events=order.events.select_related("by", "part__station").order_by("at", "id"),
            stations_addressed=list(order.stations.order_by("code")),
            communities_addressed=list(order.communities.select_related("station")),
            targets_count=len(order.targets),
            is_issuer=mine,
            can_edit=mine and order.is_editable,
            can_submit=mine and order.is_editable,
            can_admit=user.has_perm("control.admit_order") and order.status == OrderStatus.PENDING,
            can_urge=user.has_perm("control.urge_order")
            and order.status == OrderStatus.ADMITTED
            and order.kind != OrderKind.URGING
            and bool(overdue),
            load=selectors.station_load(user) if order.status == OrderStatus.PENDING and is_bureau_level(user) else [],
        )
        return context


class OrderAction(RecordActionView):
    model = Order
    template_name = "control/action_form.html"
    permission_required = "control.view_order"


class OrderReviseView(OrderAction):
    """Revising a draft, or an order the centre returned (the issuer only)."""

    form_class = OrderForm
    heading = _("Revise the order")
    submit_label = _("Save")
    success_message = _("Order saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def perform(self, form):
        stored = self.get_queryset().get(pk=self.object.pk)
        services.order_update(
            order=stored,
            by=self.request.user,
            expected_version=form.cleaned_data["expected_version"],
            **form.service_fields(),
        )


class OrderSubmitView(OrderAction):
    heading = _("Send the order for admission")
    submit_label = _("Send")
    success_message = _("Sent to the control centre for admission.")

    def perform(self, form):
        services.order_submit(order=self.object, by=self.request.user)


class OrderAdmitView(OrderAction):
    permission_required = "control.admit_order"
    form_class = AdmitForm
    heading = _("Admit and dispatch")
    submit_label = _("Admit")
    success_message = _("Admitted and dispatched to the stations.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["planned"] = sorted(services._plan(self.object))
        return kwargs

    def perform(self, form):
        services.order_admit(
            order=self.object,
            by=self.request.user,
            stations=list(form.cleaned_data["stations"]),
            note=form.cleaned_data.get("note", ""),
        )


class OrderReturnView(OrderAction):
    permission_required = "control.admit_order"
    form_class = ReasonForm
    heading = _("Return to the issuer")
    submit_label = _("Return")
    danger = True
    success_message = _("Returned to the issuer.")

    def perform(self, form):
        services.order_return(order=self.object, by=self.request.user, reason=form.cleaned_data["reason"])


class OrderMergeView(OrderAction):
    permission_required = "control.admit_order"
    form_class = MergeForm
    heading = _("Merge into another order")
    submit_label = _("Merge")
    success_message = _("Merged.")

    def perform(self, form):
        services.order_merge(order=self.object, by=self.request.user, into=form.cleaned_data["into"])


class OrderUrgeView(OrderAction):
    permission_required = "control.urge_order"
    form_class = UrgeForm
    heading = _("Urge the overdue stations")
    submit_label = _("Urge")
    success_message = _("Urging order raised: it is in the station supervisors' queue.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["overdue"] = list(
            services.overdue_parts().filter(order=self.object).values_list("station_id", flat=True)
        )
        return kwargs

    def perform(self, form):
        stations = list(form.cleaned_data.get("stations") or []) or None
        services.order_urge(
            order=self.object, by=self.request.user, stations=stations, note=form.cleaned_data.get("note", "")
        )


# --- A station's part ------------------------------------------------------------------------------


class PartListView(ScopedListView):
    model = StationTask
    table_class = PartTable
    filterset_class = PartFilter
    empty_text = _("No orders have reached a station yet.")

    def get_queryset(self):
        return selectors.part_list(self.request.user)


class PartDetailView(ScopedDetailView):
    model = StationTask
    template_name = "control/part_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("order", "station", "signed_by", "verified_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        part, user = self.object, self.request.user
        items = list(
            TaskItem.objects.visible_to(user)
            .filter(part=part)
            .select_related("community", "assignee", "evidence_activity", "evidence_hazard", "evidence_incident")
            .order_by("-sampled", "community__name", "label", "pk")
        )
        at_station = user_station_id(user) == part.station_id
        post = at_station and user.has_perm("control.sign_stationtask")
        status = part.status
        working = status in services.WORKING
        context.update(
            order=part.order,
            items=items,
            done_count=sum(1 for i in items if i.status == ItemStatus.DONE),
            sampled_count=sum(1 for i in items if i.sampled),
            can_sign=post and status == PartStatus.TO_SIGN,
            can_split=post and working,
            can_assign=post and working and any(i.status != ItemStatus.DONE for i in items),
            can_submit=post and working,
            can_verify=status == PartStatus.SUBMITTED
            and (user.has_perm("control.verify_order") or part.order.issued_by_id == user.pk),
            officer_load=selectors.officer_load(part.station_id) if post or is_bureau_level(user) else [],
        )
        return context


class PartAction(RecordActionView):
    model = StationTask
    template_name = "control/action_form.html"
    permission_required = "control.sign_stationtask"

    def get_queryset(self):
        return super().get_queryset().select_related("order", "station")


class PartSignView(PartAction):
    heading = _("Sign for the order")
    submit_label = _("Sign for it")
    success_message = _("Signed for.")

    def perform(self, form):
        services.part_sign(part=self.object, by=self.request.user)


class PartSplitView(PartAction):
    form_class = SplitForm
    heading = _("Split into items")
    submit_label = _("Split")
    success_message = _("Items added.")

    def perform(self, form):
        services.part_split(
            part=self.object, by=self.request.user, items=form.items(), by_community=form.cleaned_data["by_community"]
        )


class PartAssignView(PartAction):
    form_class = AssignForm
    heading = _("Assign the items")
    submit_label = _("Assign")
    success_message = _("Items assigned: they are in the officers' queues.")

    def perform(self, form):
        services.part_assign(part=self.object, by=self.request.user, assignments=form.assignments())


class PartSubmitView(PartAction):
    form_class = SubmitForm
    heading = _("Submit for verification")
    submit_label = _("Submit")
    success_message = _("Submitted to the control centre.")

    def perform(self, form):
        services.part_submit(part=self.object, by=self.request.user, answer=form.cleaned_data.get("answer", ""))


class PartVerifyView(PartAction):
    permission_required = "control.view_stationtask"
    form_class = VerifyForm
    heading = _("Verify")
    submit_label = _("Save the verification")
    success_message = _("Verification saved.")

    def perform(self, form):
        services.part_verify(
            part=self.object,
            by=self.request.user,
            returned_items=list(form.cleaned_data.get("returned_items") or []),
            note=form.cleaned_data.get("note", ""),
        )


# --- Items -------------------------------------------------------------------------------------------------


class ItemListView(ScopedListView):
    model = TaskItem
    table_class = ItemTable
    filterset_class = ItemFilter
    empty_text = _("No task items.")

    def get_queryset(self):
        return selectors.item_list(self.request.user)


class ItemDetailView(ScopedDetailView):
    model = TaskItem
    template_name = "control/item_detail.html"

    def get_queryset(self):
        return selectors.item_list(self.request.user).select_related(
            "evidence_activity", "evidence_hazard", "evidence_incident", "completed_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item, user = self.object, self.request.user
        can_complete = (
            item.assignee_id == user.pk
            and item.status != ItemStatus.DONE
            and item.part.status in (PartStatus.ASSIGNED, PartStatus.RETURNED)
        )
        context.update(
            order=item.part.order,
            can_complete=can_complete,
            complete_form=CompleteForm(user=user, record=item) if can_complete else None,
            complete_url=reverse("control:item-complete", kwargs={"pk": item.pk}),
        )
        return context


class ItemCompleteView(RecordActionView):
    model = TaskItem
    form_class = CompleteForm
    template_name = "control/action_form.html"
    permission_required = "control.complete_taskitem"
    heading = _("Complete the item")
    submit_label = pgettext_lazy("control", "Done")
    success_message = _("Item completed.")

    def get_queryset(self):
        return super().get_queryset().select_related("part__order")

    def perform(self, form):
        services.item_complete(
            item=self.object,
            by=self.request.user,
            **{name: form.cleaned_data.get(name) for name in services.ITEM_COMPLETE_FIELDS if name in form.fields},
        )


# --- Target lists --------------------------------------------------------------------------------------------


class TargetListListView(ScopedListView):
    model = TargetList
    table_class = TargetListTable
    filterset_class = TargetListFilter
    create_url_name = "control:target-list-create"

    def get_queryset(self):
        return super().get_queryset().select_related("station")


class TargetListCreateView(ScopedCreateView):
    model = TargetList
    form_class = TargetListForm
    create_service = staticmethod(services.target_list_create)
    success_message = _("Target list saved.")

    def service_kwargs(self, form) -> dict:
        return {"bureau": services.user_bureau(self.request.user)}

    def get_success_url(self):
        return self.object.get_absolute_url()


class TargetListUpdateView(ScopedUpdateView):
    model = TargetList
    form_class = TargetListForm
    update_service = staticmethod(services.target_list_update)
    record_arg = "target_list"
    success_message = _("Target list saved.")

    def get_success_url(self):
        return self.object.get_absolute_url()


PREVIEW_ROWS = 50


class TargetListDetailView(ScopedDetailView):
    model = TargetList
    template_name = "control/target_list_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        targets = targets_of(self.object)
        names = dict(Station.objects.filter(pk__in={t.station_id for t in targets}).values_list("pk", "name"))
        by_station: dict[str, int] = {}
        for target in targets:
            by_station[names[target.station_id]] = by_station.get(names[target.station_id], 0) + 1
        context.update(
            targets=[(names[t.station_id], t) for t in targets[:PREVIEW_ROWS]],
            targets_count=len(targets),
            by_station=sorted(by_station.items()),
            can_issue=self.request.user.has_perm("control.add_order") and bool(targets),
            orders=self.object.orders.order_by("-created_at")[:20],
        )
        return context


class TargetListIssueView(RecordActionView):
    model = TargetList
    form_class = IssueForm
    template_name = "control/action_form.html"
    permission_required = "control.add_order"
    heading = _("Issue the list as an order")
    submit_label = _("Issue")
    success_message = _("Order issued from the list and sent for admission.")

    def perform(self, form):
        self.issued = services.target_list_issue(target_list=self.object, by=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        issued = getattr(self, "issued", None)
        return issued.get_absolute_url() if issued is not None else self.object.get_absolute_url()


# --- The centre's scoreboard ---------------------------------------------------------------------------------


class ScoreboardView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Each station's load now and its assessment over a period (this month by default)."""

    permission_required = "control.oversee_order"
    template_name = "control/scoreboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        start, end = _period(self.request.GET, today)
        loads = selectors.station_load(user, today=today)
        figures = selectors.assessment(user, start=start, end=end)
        for load in loads:
            load.assessment = figures.get(load.station.pk, {})
            received = load.assessment.get("received") or 0
            signed = load.assessment.get("signed") or 0
            done = load.assessment.get("done") or 0
            load.signed_rate = round(100 * load.assessment["signed_on_time"] / signed) if signed else None
            load.done_rate = round(100 * load.assessment["done_on_time"] / done) if done else None
            load.received = received
        context.update(loads=loads, start=start, end=end)
        return context


def _period(params, today: date) -> tuple[date, date]:
    try:
        start = date.fromisoformat(params.get("from", ""))
        end = date.fromisoformat(params.get("to", ""))
    except ValueError:
        return today.replace(day=1), today
    if start > end or (end - start).days > 3 * 366:
        return today.replace(day=1), today
    return start, end
