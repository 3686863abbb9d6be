"""Pages of the registers (一标三实): standard addresses, households, residents, places."""

import re

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View

from community import services
from community.choices import ImportKind
from community.filters import AddressFilter, HouseholdFilter, PlaceFilter, ResidentFilter
from community.forms import AddressForm, HouseholdForm, PlaceForm, ResidentForm, ResidentUpdateForm
from community.models import Address, Household, Place, Resident
from community.tables import AddressTable, HouseholdTable, PlaceTable, ResidentTable
from kit.views import (
    DetailRowsMixin,
    RecordActionView,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)


# --- Addresses ------------------------------------------------------------------
class AddressListView(ScopedListView):
    model = Address
    table_class = AddressTable
    filterset_class = AddressFilter
    create_url_name = "community:address-create"

    def get_queryset(self):
        return super().get_queryset().select_related("community")


class AddressDetailView(DetailRowsMixin, ScopedDetailView):
    model = Address
    template_name = "community/address_detail.html"
    detail_fields = ("station", "community", "district", "street", "number", "building", "unit", "floor", "room")

    def get_queryset(self):
        return super().get_queryset().select_related("community", "station")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["households"] = self.object.households.all()
        context["residents"] = self.object.residents.all()
        context["places"] = self.object.places.all()
        return context


class AddressCreateView(ScopedCreateView):
    model = Address
    form_class = AddressForm
    create_service = staticmethod(services.address_create)


class AddressUpdateView(ScopedUpdateView):
    model = Address
    form_class = AddressForm
    update_service = staticmethod(services.address_update)


# --- Households -----------------------------------------------------------------
class HouseholdListView(ScopedListView):
    model = Household
    table_class = HouseholdTable
    filterset_class = HouseholdFilter
    create_url_name = "community:household-create"

    def get_queryset(self):
        return super().get_queryset().select_related("community", "address")


class HouseholdDetailView(DetailRowsMixin, ScopedDetailView):
    model = Household
    template_name = "community/household_detail.html"
    detail_fields = ("station", "community", "address", "number", "kind", "head_name", "notes")

    def get_queryset(self):
        return super().get_queryset().select_related("community", "address", "station")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = self.object.members.all()
        context["visits"] = self.object.visits.select_related("officer")[:20]
        return context


class HouseholdCreateView(ScopedCreateView):
    model = Household
    form_class = HouseholdForm
    create_service = staticmethod(services.household_create)


class HouseholdUpdateView(ScopedUpdateView):
    model = Household
    form_class = HouseholdForm
    update_service = staticmethod(services.household_update)


# --- Residents ------------------------------------------------------------------
class ResidentListView(ScopedListView):
    model = Resident
    table_class = ResidentTable
    filterset_class = ResidentFilter
    create_url_name = "community:resident-create"
    template_name = "community/register_list.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "import_kind": ImportKind.RESIDENTS}

    def get_queryset(self):
        return super().get_queryset().select_related("community", "address").prefetch_related("tags")


class ResidentDetailView(DetailRowsMixin, ScopedDetailView):
    """Masked by default; the reveal button (htmx) shows the full number to those allowed, and logs it."""

    model = Resident
    template_name = "community/resident_detail.html"
    # Not the birth date: it is the eight digits the ID mask hides; the year says what is needed.
    detail_fields = ("station", "community", "name", "sex", "address", "household", "anti_fraud_app", "notes")

    def get_detail_rows(self):
        rows = super().get_detail_rows()
        birth = self.object.birth_date
        at = next(
            (i + 1 for i, (label, _v) in enumerate(rows) if label == Resident._meta.get_field("sex").verbose_name), 0
        )
        rows.insert(at, (_("birth year"), birth.year if birth else None))
        return rows

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("community", "address", "household", "station")
            .prefetch_related("tags")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_reveal"] = self.request.user.has_perm("community.reveal_resident_identity")
        context["activities"] = self.object.activities.select_related("officer")[:20]
        return context


class ResidentRevealView(RecordActionView):
    """POST (htmx): the full ID number and phone of this one resident, in place of the masked ones; audited."""

    model = Resident
    permission_required = "community.reveal_resident_identity"
    panel_template = "community/_resident_revealed.html"
    heading = _("Show full numbers (logged)")
    submit_label = _("Show full numbers (logged)")

    def perform(self, form):
        self.revealed = services.resident_reveal(resident=self.object, by=self.request.user, request=self.request)

    def panel_context(self, target, **extra) -> dict:
        return {"resident": target, "revealed": getattr(self, "revealed", None), **extra}


class ResidentCreateView(ScopedCreateView):
    model = Resident
    form_class = ResidentForm
    create_service = staticmethod(services.resident_create)


class ResidentUpdateView(ScopedUpdateView):
    model = Resident
    form_class = ResidentUpdateForm
    update_service = staticmethod(services.resident_update)


# --- Places -----------------------------------------------------------------------
class PlaceListView(ScopedListView):
    model = Place
    table_class = PlaceTable
    filterset_class = PlaceFilter
    create_url_name = "community:place-create"
    template_name = "community/register_list.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "import_kind": ImportKind.PLACES}

    def get_queryset(self):
        return super().get_queryset().select_related("community", "address")


class PlaceDetailView(DetailRowsMixin, ScopedDetailView):
    model = Place
    template_name = "community/place_detail.html"
    detail_fields = ("station", "community", "name", "kind", "address", "credit_code", "contact_name", "notes")

    def get_queryset(self):
        return super().get_queryset().select_related("community", "address", "station")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["detail_rows"].append((_("contact phone"), self.object.contact_phone_masked))
        context["inspections"] = self.object.inspections.select_related("officer")[:20]
        context["hazards"] = self.object.hazards.all()[:20]
        return context


class PlaceCreateView(ScopedCreateView):
    model = Place
    form_class = PlaceForm
    create_service = staticmethod(services.place_create)


class PlaceUpdateView(ScopedUpdateView):
    model = Place
    form_class = PlaceForm
    update_service = staticmethod(services.place_update)


# --- The address picker (incidents, disputes, hazards) --------------------------
class AddressLookupView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """htmx: standard addresses of the caller's station matching what is typed ("人民路12", "朝阳社区"),
    to pick as a record's place; nothing found, the free text stays for a place not in the register."""

    permission_required = "community.view_address"

    def get(self, request):
        q = request.GET.get("address_q", "").strip()[:60]
        addresses = []
        if len(q) >= 2:
            match = re.match(r"^\s*(\D*)\s*(\d*)", q)
            street, number = match.group(1).strip(), match.group(2)
            found = Address.objects.visible_to(request.user).select_related("community")
            if street:
                found = found.filter(Q(street__contains=street) | Q(community__name__contains=street))
            if number:
                found = found.filter(number__startswith=number)
            addresses = list(found.order_by("street", "number", "building", "unit", "room")[:8])
        return render(request, "community/_address_results.html", {"addresses": addresses, "q": q})


class ResidentMatchView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """htmx: the registered resident whose ID number is being typed (a person in a case, a dispute party),
    suggested for the officer to confirm with one click; the number itself is never echoed."""

    permission_required = "community.view_resident"

    def get(self, request):
        typed = ""
        for key, value in request.GET.items():
            if key.endswith("id_number"):
                typed = value.strip().upper()[:18]
        resident = None
        if len(typed) == 18:
            resident = (
                Resident.objects.visible_to(request.user).filter(id_number=typed).select_related("community").first()
            )
        return render(request, "community/_resident_match.html", {"resident": resident, "typed": typed})
