"""Case-processing center (执法办案管理中心) records: who was brought in, what was collected, where they went."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.generic.detail import SingleObjectMixin

from cases import services
from cases.filters import CustodyRecordFilter
from cases.forms import CustodyRecordForm
from cases.models import Case, CustodyRecord
from cases.tables import CustodyRecordTable
from kit.views import ScopedDetailView, ScopedFormMixin, ScopedListView, ScopedUpdateView


class CustodyRecordListView(ScopedListView):
    model = CustodyRecord
    table_class = CustodyRecordTable
    filterset_class = CustodyRecordFilter
    empty_text = gettext_lazy("Nobody recorded yet. Records are added from a case's page.")

    def get_queryset(self):
        return super().get_queryset().select_related("station", "case")


class CustodyRecordCreateView(ScopedFormMixin, SingleObjectMixin, generic.FormView):
    """Record a person brought in for the case whose pk is in the URL."""

    model = Case
    permission_required = "cases.add_custodyrecord"
    form_class = CustodyRecordForm
    template_name = "cases/custody_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.case = None
        return super().dispatch(request, *args, **kwargs)

    def get_case(self):
        if self.case is None:
            self.case = self.get_object()
        return self.case

    def get(self, request, *args, **kwargs):
        self.object = self.get_case()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_case()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["case"] = self.get_case()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["case"] = self.get_case()
        context["opts"] = CustodyRecord._meta
        return context

    def perform_save(self, form):
        return services.custody_record_create(case=self.get_case(), by=self.request.user, **form.service_fields())

    def get_success_url(self):
        return self.object.get_absolute_url()


class CustodyRecordDetailView(ScopedDetailView):
    model = CustodyRecord
    template_name = "cases/custody_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("station", "case", "person", "recorded_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        r = self.object
        yes, no = _("yes"), _("no")
        context["detail_rows"] = [
            (_("case"), r.case),
            (_("person brought in"), r.person_name),
            (_("time in"), r.time_in),
            (_("time out"), r.time_out),
            (_("photo taken"), yes if r.photo_taken else no),
            (_("fingerprints taken"), yes if r.fingerprints_taken else no),
            (_("DNA sample taken"), yes if r.dna_taken else no),
            (
                _("belongings kept"),
                (yes if r.belongings_kept else no) + (f" · {r.belongings_notes}" if r.belongings_notes else ""),
            ),
            (_("custody"), r.get_custody_display()),
            (_("escorted to"), r.escort_destination),
            (_("notes"), r.notes),
        ]
        return context


class CustodyRecordUpdateView(ScopedUpdateView):
    model = CustodyRecord
    form_class = CustodyRecordForm
    template_name = "cases/custody_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["case"] = self.object.case
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["case"] = self.object.case
        return context

    def perform_save(self, form):
        fresh = CustodyRecord.objects.get(pk=self.object.pk)
        expected = form.cleaned_data.get("expected_version")
        if expected is None:
            raise ValidationError(_("The form lost its version: reload the page."))
        return services.custody_record_update(
            record=fresh, by=self.request.user, expected_version=expected, **form.service_fields()
        )
