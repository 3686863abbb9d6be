"""Pages of the anti-fraud app: the warnings (list, one warning with its outcome form, quick on a
phone), a warning typed in, and the import of the anti-fraud centre's lists."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from antifraud import importing, services
from antifraud.filters import FraudWarningFilter, WarningImportFilter
from antifraud.forms import FraudWarningEditForm, FraudWarningForm, HandleForm, WarningImportForm
from antifraud.models import FraudWarning, WarningImport
from antifraud.tables import FraudWarningTable, WarningImportTable
from kit.personal import sees_personal_data
from kit.views import (
    DetailRowsMixin,
    RecordActionView,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedMixin,
    ScopedUpdateView,
)
from stations.choices import AuditEventType
from stations.models import Station
from stations.scoping import user_station_id
from stations.services import audit_record

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class FraudWarningListView(ScopedListView):
    model = FraudWarning
    table_class = FraudWarningTable
    filterset_class = FraudWarningFilter
    create_url_name = "antifraud:warning-create"
    empty_text = _("No warnings: they arrive from the anti-fraud centre by import or the API.")

    def get_queryset(self):
        return super().get_queryset().select_related("station", "community", "officer")


class FraudWarningDetailView(DetailRowsMixin, ScopedDetailView):
    model = FraudWarning
    template_name = "antifraud/warning_detail.html"
    detail_fields = ("station", "reference", "person_name", "reason", "warned_at", "received_at", "deadline",
                     "community", "resident", "address", "officer", "status", "outcome", "loss_amount",
                     "outcome_note", "handled_at", "handled_by", "cheated_after", "victim_incident",
                     "victim_case")  # fmt: skip

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "station", "community", "resident", "address", "officer", "handled_by", "victim_incident", "victim_case"
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["handle_form"] = HandleForm(user=self.request.user, record=self.object)
        context["can_handle"] = self.request.user.has_perm("antifraud.change_fraudwarning")
        context["may_reveal"] = sees_personal_data(self.request.user)
        return context


class FraudWarningCreateView(ScopedCreateView):
    model = FraudWarning
    form_class = FraudWarningForm
    create_service = staticmethod(services.warning_create)
    success_message = _("Warning recorded and sent to the community's officer.")


class FraudWarningUpdateView(ScopedUpdateView):
    model = FraudWarning
    form_class = FraudWarningEditForm
    update_service = staticmethod(services.warning_update)


class FraudWarningHandleView(RecordActionView):
    model = FraudWarning
    form_class = HandleForm
    heading = _("Record the outcome")
    submit_label = _("Save the outcome")
    success_message = _("Outcome recorded.")

    def perform(self, form):
        data = form.cleaned_data
        return services.warning_handle(
            warning=self.object, by=self.request.user, outcome=data["outcome"], loss_amount=data.get("loss_amount"),
            note=data.get("note", ""),
        )  # fmt: skip


class FraudWarningRevealView(RecordActionView):
    """POST (htmx): the warned person's full ID number and phone, to call them; audited."""

    model = FraudWarning
    permission_action = "view"
    panel_template = "antifraud/_revealed.html"
    heading = _("Show full numbers (logged)")
    submit_label = _("Show full numbers (logged)")

    def perform(self, form):
        if not sees_personal_data(self.request.user):
            raise ValidationError(_("You may not see personal data in full."))
        audit_record(
            event_type=AuditEventType.SENSITIVE_READ,
            user=self.request.user,
            obj=self.object,
            request=self.request,
            detail={"fields": ["id_number", "phone"], "via": "page"},
        )
        self.revealed = {"id_number": self.object.id_number, "phone": self.object.phone}

    def panel_context(self, target, **extra) -> dict:
        return {"warning": target, "revealed": getattr(self, "revealed", None), **extra}


class WarningImportListView(ScopedListView):
    model = WarningImport
    table_class = WarningImportTable
    filterset_class = WarningImportFilter
    create_url_name = "antifraud:import-create"
    export_formats = ()

    def get_queryset(self):
        return super().get_queryset().select_related("station").defer("content")


class WarningImportCreateView(ScopedMixin, FormView):
    model = WarningImport
    permission_action = "add"
    form_class = WarningImportForm
    template_name = "antifraud/import_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        station = form.cleaned_data.get("station")
        if station is None:
            station = Station.objects.filter(pk=user_station_id(self.request.user)).first()
        if station is None:
            form.add_error(None, _("Your account belongs to no station: ask an administrator to assign one."))
            return self.form_invalid(form)
        job = services.warning_import_create(
            by=self.request.user,
            station=station,
            file_name=form.cleaned_data["file"].name,
            content=form.cleaned_data["content"],
        )
        audit_record(
            event_type=AuditEventType.IMPORT,
            user=self.request.user,
            obj=job,
            request=self.request,
            detail={"kind": "fraud_warnings", "file": job.file_name, "bytes": len(form.cleaned_data["content"])},
        )
        return redirect(job)


class WarningImportDetailView(ScopedDetailView):
    model = WarningImport
    template_name = "antifraud/import_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("station", "created_by").defer("content")


class WarningImportProgressView(WarningImportDetailView):
    template_name = "antifraud/_import_progress.html"


class WarningImportErrorReportView(WarningImportDetailView):
    def render_to_response(self, context, **response_kwargs):
        return _xlsx(importing.error_report_workbook(self.object), f"warnings-{self.object.pk}-errors.xlsx")


@login_required
@permission_required("antifraud.add_warningimport", raise_exception=True)
def import_template(request):
    return _xlsx(importing.template_workbook(), "wuling-fraud-warnings-template.xlsx")
