"""Base views: every page over station-owned records derives from these.

They read through `Model.objects.visible_to(user)` (stations.scoping), check
the model permission of the action, and render the shared layouts in
templates/generic/. Lists combine django-filter (one FilterSet per model,
shared with the API) and django-tables2 (columns, sorting, pagination,
CSV/xlsx export that is written to the audit log).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views import generic
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin
from django_tables2.export import ExportMixin

from stations.choices import AuditEventType
from stations.collation import by_pinyin, is_name_field
from stations.fields import id_out_of_range
from stations.forms import ScopedModelForm
from stations.scoping import is_bureau_level
from stations.services import audit_record
from stations.versioning import StaleVersionError, save_versioned


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


class ScopedListView(ScopedMixin, ExportMixin, SingleTableMixin, FilterView):
    """A filtered, searchable, sortable, paginated, exportable list."""

    template_name = "generic/object_list.html"
    paginate_by = 25
    export_formats = ("csv", "xlsx")
    export_trigger_param = "_export"
    strict = False
    create_url_name: str | None = None
    empty_text: str | None = None

    def get_table_pagination(self, table):
        return {"per_page": self.paginate_by}

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
        response = super().create_export(export_format)
        audit_record(
            event_type=AuditEventType.EXPORT,
            user=self.request.user,
            request=self.request,
            detail={
                "model": self.model._meta.label,
                "format": export_format,
                "filters": {k: v for k, v in self.request.GET.items() if k != self.export_trigger_param},
                "rows": len(self.object_list),
            },
        )
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["create_url_name"] = self.create_url_name
        context["empty_text"] = self.empty_text
        context["export_formats"] = self.export_formats
        context["can_add"] = self.request.user.has_perm(
            f"{self.model._meta.app_label}.add_{self.model._meta.model_name}"
        )
        return context


class ScopedDetailView(ScopedMixin, generic.DetailView):
    template_name = "generic/object_detail.html"


class ScopedFormMixin(ScopedMixin):
    """Forms get the user (for scoped choices); writes go through `perform_save`."""

    form_class = ScopedModelForm
    template_name = "generic/object_form.html"
    success_message = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def perform_save(self, form):
        """Save the form's object; views override this to call a service."""
        return form.save()

    def form_valid(self, form):
        self.object, refused = save_or_refuse(self, form, self.perform_save)
        return refused or HttpResponseRedirect(self.get_success_url())


class ScopedCreateView(ScopedFormMixin, generic.CreateView):
    permission_action = "add"

    def get_queryset(self):  # nothing to read yet; kept scoped for subclasses
        return super().get_queryset()


class ScopedUpdateView(ScopedFormMixin, generic.UpdateView):
    permission_action = "change"

    def perform_save(self, form):
        instance = form.save(commit=False)
        expected = form.cleaned_data.get("expected_version")
        if hasattr(instance, "version") and expected is not None:
            save_versioned(instance, expected_version=expected)
        else:
            instance.save()
        form.save_m2m()
        return instance


class ScopedDeleteView(ScopedMixin, generic.DeleteView):
    permission_action = "delete"
    template_name = "generic/confirm_delete.html"

    def form_valid(self, form):
        messages.success(self.request, _("Deleted: %(object)s") % {"object": self.object})
        return super().form_valid(form)


def _pinyin_order(accessors):
    def order(queryset, is_descending):
        return queryset.order_by(*by_pinyin(*(("-" if is_descending else "") + a.lstrip("-") for a in accessors))), True

    return order


def save_or_refuse(view, form, save):
    """Run `save(form)` in one transaction: (its result, None) when done, with the view's success
    message; (None, the response) when refused: the form again with the errors of a
    ValidationError, or with a 409 when the record changed since it was opened."""
    try:
        with transaction.atomic():
            result = save(form)
    except StaleVersionError as exc:
        form.add_error(None, str(exc))
        return None, view.render_to_response(view.get_context_data(form=form), status=409)
    except ValidationError as exc:
        add_validation_error(form, exc)
        return None, view.form_invalid(form)
    if view.success_message:
        messages.success(view.request, view.success_message)
    return result, None


def add_validation_error(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
