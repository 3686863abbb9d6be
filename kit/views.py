"""Base views: every page over station-owned records derives from these.

They read through `Model.objects.visible_to(user)` (stations.scoping), check
the model permission of the action, and render the shared layouts in
templates/generic/. Lists combine django-filter (one FilterSet per model,
shared with the API) and django-tables2 (columns, sorting, pagination,
CSV/xlsx export that is written to the audit log).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import FormView
from django_filters.views import FilterView
from django_htmx.http import HttpResponseClientRedirect
from django_tables2 import RequestConfig, SingleTableMixin
from django_tables2.export import ExportMixin

from kit.collation import by_pinyin, is_name_field
from kit.exports import SafeTableExport, export_rows, streaming_csv_response
from kit.fields import id_out_of_range
from kit.forms import ActionForm, ScopedModelForm
from kit.pagination import BoundedPaginator, TablePaginator, past_bound_message
from kit.versioning import StaleVersionError
from stations.choices import AuditEventType
from stations.models import person_name
from stations.scoping import is_bureau_level
from stations.services import audit_record
from wuling.replica import ReadingTrafficMixin

NO_STATION = _("Your account belongs to no station: ask an administrator to assign one.")


class ScopedMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Scoped queryset + the model permission named by `permission_action`."""

    model = None
    permission_action = "view"

    def get_permission_required(self):
        if self.permission_required is not None:
            return super().get_permission_required()
        opts = self.model._meta
        return [f"{opts.app_label}.{self.permission_action}_{opts.model_name}"]

    def get_queryset(self):
        return self.model._default_manager.visible_to(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        # `<int:pk>` accepts any number of digits; one no column can hold is simply not there.
        if any(id_out_of_range(value) for value in kwargs.values() if isinstance(value, int)):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["opts"] = self.model._meta
        return context


class ScopedListView(ReadingTrafficMixin, ScopedMixin, ExportMixin, SingleTableMixin, FilterView):
    """A filtered, searchable, sortable, paginated, exportable list. Its exports are reading traffic
    (the read replica's, when there is one); the page itself reads from the primary."""

    template_name = "generic/object_list.html"
    paginate_by = 25
    export_formats = ("csv", "xlsx")
    export_trigger_param = "_export"
    export_class = SafeTableExport
    strict = False
    create_url_name: str | None = None
    empty_text: str | None = None

    def is_reading_traffic(self, request) -> bool:
        return self.export_trigger_param in request.GET

    def get_paginate_by(self, queryset):
        # The table pages the list (get_table_pagination): ListView paging it too counted every row
        # again, exactly and unbounded, on every page.
        return None

    def get_table_pagination(self, table):
        return {"per_page": self.paginate_by, "paginator_class": TablePaginator}

    def get_queryset(self):
        queryset = super().get_queryset()
        ordering = queryset.model._meta.ordering
        if any(isinstance(field, str) and is_name_field(field) for field in ordering):
            queryset = queryset.order_by(*by_pinyin(*ordering))
        return queryset

    def get_table(self, **kwargs):
        # As SingleTableMixin.get_table, with one step between making the table and ordering it
        # by the request: a click on a name column sorts by pinyin too.
        table_class = self.get_table_class()
        exporting = self.export_trigger_param in self.request.GET
        if "station" in table_class.base_columns and not exporting and not is_bureau_level(self.request.user):
            # A station's own staff see only their station: the column says nothing and costs the width
            # that the status column needs at 1366 px.
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "station")
        table = table_class(data=self.get_table_data(), **kwargs)
        for column in table.columns:
            accessors = [str(accessor) for accessor in column.order_by]
            if column.orderable and accessors and all(is_name_field(a) for a in accessors):
                column.order = _pinyin_order(accessors)
        return RequestConfig(self.request, paginate=self.get_table_pagination(table)).configure(table)

    def get_export_filename(self, export_format):
        return f"{self.model._meta.model_name}s.{export_format}"

    def create_export(self, export_format):
        """CSV streams, row by row from the database (kit.exports); xlsx is built here in memory.
        Either way the export is in the audit log, with its filters and its number of rows, before
        the first row leaves."""
        table = self.get_table(**self.get_table_kwargs())
        records = table.data.data
        audit_record(
            event_type=AuditEventType.EXPORT,
            user=self.request.user,
            request=self.request,
            detail={
                "model": self.model._meta.label,
                "format": export_format,
                "filters": {k: v for k, v in self.request.GET.items() if k != self.export_trigger_param},
                "rows": records.count() if isinstance(records, models.QuerySet) else len(records),
            },
        )
        filename = self.get_export_filename(export_format)
        rows = export_rows(table, exclude_columns=self.exclude_columns)
        if export_format == "csv":
            return streaming_csv_response(rows, filename)
        dataset_kwargs = {
            "title": str(self.model._meta.verbose_name_plural).title(),
            **(self.get_dataset_kwargs() or {}),
        }
        return SafeTableExport.from_rows(export_format, rows, dataset_kwargs).response(filename=filename)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["create_url_name"] = self.create_url_name
        table = context.get("table")
        paginator = getattr(table, "paginator", None)
        if isinstance(paginator, BoundedPaginator) and paginator.is_bounded:
            asked = self.request.GET.get(table.prefixed_page_field, "")
            context["past_bound"] = asked.isdecimal() and int(asked) > paginator.num_pages
            context["bound_message"] = past_bound_message(paginator.max_rows)
        context["empty_text"] = self.empty_text
        context["export_formats"] = self.export_formats
        context["can_add"] = self.request.user.has_perm(
            f"{self.model._meta.app_label}.add_{self.model._meta.model_name}"
        )
        return context


class ScopedDetailView(ScopedMixin, generic.DetailView):
    template_name = "generic/object_detail.html"


class ScopedFormMixin(ScopedMixin):
    """Forms get the user (for scoped choices); the write is one service call in `perform_save`."""

    form_class = ScopedModelForm
    template_name = "generic/object_form.html"
    success_message = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def perform_save(self, form):
        raise NotImplementedError(f"{type(self).__name__}: name the service that saves (create_service/update_service)")

    def form_valid(self, form):
        self.object, refused = save_or_refuse(self, form, self.perform_save)
        return refused or HttpResponseRedirect(self.get_success_url())


class ScopedCreateView(ScopedFormMixin, generic.CreateView):
    """`create_service = staticmethod(services.thing_create)`, called as
    `thing_create(by=user, **self.service_kwargs(form), **form.service_fields())`."""

    permission_action = "add"
    create_service = None

    def service_kwargs(self, form) -> dict:
        """What the record is created under: its station by default (a parent record, in subclasses)."""
        station = form.owner_station()
        if station is None:
            raise ValidationError({"station" if "station" in form.fields else NON_FIELD_ERRORS: NO_STATION})
        return {"station": station}

    def perform_save(self, form):
        if self.create_service is None:
            return super().perform_save(form)
        return self.create_service(by=self.request.user, **self.service_kwargs(form), **form.service_fields())


class ScopedUpdateView(ScopedFormMixin, generic.UpdateView):
    """`update_service = staticmethod(services.thing_update)`, called as
    `thing_update(thing=<the stored record>, by=user, expected_version=…, **form.service_fields())`."""

    permission_action = "change"
    update_service = None
    #: The service's keyword for the record; the model's name by default ("incident", "hazard").
    record_arg: str | None = None

    def perform_save(self, form):
        if self.update_service is None:
            return super().perform_save(form)
        # The form's validation has already written the new values onto self.object; the service is
        # given the record as stored, so that it sees what changed.
        stored = self.get_queryset().get(pk=self.object.pk)
        return self.update_service(
            **{self.record_arg or self.model._meta.model_name: stored},
            by=self.request.user,
            expected_version=form.cleaned_data["expected_version"],
            **form.service_fields(),
        )


class RecordActionView(ScopedMixin, SingleObjectMixin, FormView):
    """One action on one scoped record — a confirm button or a small form on its page — done by one
    service call in `perform(form)` on `self.object`. The only view for htmx POST actions.

    - GET shows the form: inline (`inline_template_name`) when htmx asks for it, else a page.
    - Done: with `panel_template`, htmx gets the record's panel re-rendered (`panel_context`); without,
      htmx is sent to `get_success_url()`; a plain POST is redirected there with `success_message`.
    - Refused (a form error, the service's ValidationError: 400; a stale version: 409): the same panel or
      form again with the errors beside their fields and the input kept. htmx swaps 400 and 409 answers
      (see the htmx-config meta tag in base.html).
    """

    form_class = ActionForm
    permission_action = "change"
    template_name = "generic/action_form.html"
    inline_template_name = "generic/_action_form.html"
    panel_template: str | None = None
    heading = ""
    submit_label = ""
    danger = False
    success_message = ""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, record=self.object)
        return kwargs

    def perform(self, form):
        raise NotImplementedError

    def target(self):
        """The record whose page the action returns to (a case for an action on one of its people)."""
        return self.object

    def get_success_url(self):
        return self.target().get_absolute_url()

    def panel_context(self, target, **extra) -> dict:
        raise NotImplementedError

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return [self.panel_template or self.inline_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        target = self.target()
        context.update(
            record=target,
            heading=self.heading,
            submit_label=self.submit_label,
            danger=self.danger,
            back_url=target.get_absolute_url(),
            action_url=self.request.path,
        )
        if self.panel_template and getattr(self.request, "htmx", False):
            context.update(self.panel_context(target, action_form=context["form"], action_name=self.action_name()))
        return context

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        _done, refused = save_or_refuse(self, form, self.perform, quiet=True)
        if refused:
            return refused
        if getattr(self.request, "htmx", False):
            if self.panel_template:
                context = self.panel_context(self.target(), action_name=self.action_name())
                return render(self.request, self.panel_template, context)
            return HttpResponseClientRedirect(self.get_success_url())
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def action_name(self) -> str:
        return type(self).__name__


def _pinyin_order(accessors):
    def order(queryset, is_descending):
        return queryset.order_by(*by_pinyin(*(("-" if is_descending else "") + a.lstrip("-") for a in accessors))), True

    return order


def save_or_refuse(view, form, save, *, quiet=False):
    """Run `save(form)` in one transaction: (its result, None) when done, with the view's success
    message (unless `quiet`: the caller says it); (None, the response) when refused: the form again
    with the errors of a ValidationError, or with a 409 when the record changed since it was opened."""
    try:
        with transaction.atomic():
            result = save(form)
    except StaleVersionError as exc:
        form.add_error(None, str(exc))
        return None, view.render_to_response(view.get_context_data(form=form), status=409)
    except ValidationError as exc:
        add_validation_error(form, exc)
        return None, view.form_invalid(form)
    if view.success_message and not quiet:
        messages.success(view.request, view.success_message)
    return result, None


def add_validation_error(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def display(obj, name: str):
    field = obj._meta.get_field(name)
    if field.choices:
        return getattr(obj, f"get_{name}_display")()
    value = getattr(obj, name)
    if field.is_relation and field.related_model is get_user_model():
        return person_name(value)
    if isinstance(field, models.DateTimeField) and value is not None:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(field, models.BooleanField):
        return gettext("yes") if value else gettext("no")
    return value


class DetailRowsMixin:
    """`detail_fields`: the model fields shown as (label, value) rows on the generic detail layout."""

    detail_fields: tuple[str, ...] = ()

    def get_detail_rows(self):
        obj = self.object
        rows = []
        for name in self.detail_fields:
            if name == "station" and not is_bureau_level(self.request.user):
                continue
            rows.append((obj._meta.get_field(name).verbose_name, display(obj, name)))
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["detail_rows"] = self.get_detail_rows()
        context["can_change"] = self.request.user.has_perm(
            f"{self.model._meta.app_label}.change_{self.model._meta.model_name}"
        )
        return context
