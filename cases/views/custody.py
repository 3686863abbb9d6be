"""Case-processing center (执法办案管理中心) records: who was brought in, what was collected, where they went."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import services
from cases.filters import CustodyRecordFilter
from cases.forms import CustodyRecordForm
from cases.models import Case, CustodyRecord
from cases.tables import CustodyRecordTable
from kit.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView


class CustodyRecordListView(ScopedListView):
    model = CustodyRecord
    table_class = CustodyRecordTable
    filterset_class = CustodyRecordFilter
    empty_text = gettext_lazy("Nobody recorded yet. Records are added from a case's page.")

    def get_queryset(self):
        return super().get_queryset().select_related("station", "case")


class CustodyRecordCreateView(ScopedCreateView):
    """Record a person brought in for the case whose pk is in the URL (so `model` is the case's)."""

    model = Case
    permission_required = "cases.add_custodyrecord"
    form_class = CustodyRecordForm
    template_name = "cases/custody_form.html"
    create_service = staticmethod(services.custody_record_create)

    def get_case(self) -> Case:
        if not hasattr(self, "case"):
            self.case = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return self.case

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["case"] = self.get_case()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["case"] = self.get_case()
        context["opts"] = CustodyRecord._meta
        return context

    def service_kwargs(self, form) -> dict:
        return {"case": self.get_case()}


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
    update_service = staticmethod(services.custody_record_update)
    record_arg = "record"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["case"] = self.object.case
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["case"] = self.object.case
        return context
