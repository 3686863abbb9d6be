"""Import pages: upload, progress (htmx polling), error report, templates."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from community import importing, services
from community.choices import ImportKind
from community.filters import ImportJobFilter
from community.forms import ImportUploadForm
from community.models import ImportJob
from community.tables import ImportJobTable
from kit.views import ScopedDetailView, ScopedListView, ScopedMixin
from stations.choices import AuditEventType
from stations.services import audit_record

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ImportJobListView(ScopedListView):
    model = ImportJob
    table_class = ImportJobTable
    filterset_class = ImportJobFilter
    create_url_name = "community:importjob-create"
    export_formats = ()
    empty_text = _("No imports yet: download a template, fill it in and upload it.")

    def get_queryset(self):
        return super().get_queryset().select_related("community").defer("content")


class ImportJobCreateView(ScopedMixin, FormView):
    model = ImportJob
    permission_action = "add"
    form_class = ImportUploadForm
    template_name = "community/importjob_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        kind = self.request.GET.get("kind")
        return {"kind": kind} if kind in ImportKind.values else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kinds"] = ImportKind.choices
        return context

    def form_valid(self, form):
        community = form.cleaned_data["community"]
        job = services.import_job_create(
            by=self.request.user,
            station=community.station,
            community=community,
            kind=form.cleaned_data["kind"],
            file_name=form.cleaned_data["file"].name,
            content=form.cleaned_data["content"],
        )
        audit_record(
            event_type=AuditEventType.IMPORT,
            user=self.request.user,
            obj=job,
            request=self.request,
            detail={"kind": job.kind, "file": job.file_name, "bytes": len(form.cleaned_data["content"])},
        )
        return redirect(job)


class ImportJobDetailView(ScopedDetailView):
    model = ImportJob
    template_name = "community/importjob_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("community", "created_by").defer("content")


class ImportJobProgressView(ImportJobDetailView):
    """The progress fragment the detail page polls (htmx) until the import finishes."""

    template_name = "community/_import_progress.html"


class ImportJobErrorReportView(ImportJobDetailView):
    """The rows that were not imported, as an xlsx (row, column, message)."""

    def render_to_response(self, context, **response_kwargs):
        job = self.object
        return _xlsx_response(importing.error_report_workbook(job), f"import-{job.pk}-errors.xlsx")


@login_required
@permission_required("community.add_importjob", raise_exception=True)
def import_template(request, kind):
    if kind not in ImportKind.values:
        raise Http404
    return _xlsx_response(importing.template_workbook(kind), f"wuling-{kind}-template.xlsx")
