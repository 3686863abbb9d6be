"""Pages of the registers (一标三实): standard addresses, households, residents, places."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from community import services
from community.filters import AddressFilter, HouseholdFilter, PlaceFilter, ResidentFilter
from community.forms import AddressForm, HouseholdForm, PlaceForm, ResidentForm, ResidentUpdateForm
from community.models import Address, Household, Place, Resident
from community.tables import AddressTable, HouseholdTable, PlaceTable, ResidentTable
from community.views.base import ServiceSaveMixin
from kit.views import DetailRowsMixin, ScopedCreateView, ScopedDetailView, ScopedListView, ScopedMixin, ScopedUpdateView


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


class AddressSaveMixin(ServiceSaveMixin):
    model = Address
    form_class = AddressForm

    def save_with_service(self, form, instance, expected):
        return services.address_save(address=instance, by=self.request.user, expected_version=expected)


class AddressCreateView(AddressSaveMixin, ScopedCreateView):
    pass


class AddressUpdateView(AddressSaveMixin, ScopedUpdateView):
    pass


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


class HouseholdSaveMixin(ServiceSaveMixin):
    model = Household
    form_class = HouseholdForm

    def save_with_service(self, form, instance, expected):
        return services.household_save(household=instance, by=self.request.user, expected_version=expected)


class HouseholdCreateView(HouseholdSaveMixin, ScopedCreateView):
    pass


class HouseholdUpdateView(HouseholdSaveMixin, ScopedUpdateView):
    pass


# --- Residents ------------------------------------------------------------------
class ResidentListView(ScopedListView):
    model = Resident
    table_class = ResidentTable
    filterset_class = ResidentFilter
    create_url_name = "community:resident-create"

    def get_queryset(self):
        return super().get_queryset().select_related("community", "address").prefetch_related("tags")


class ResidentDetailView(DetailRowsMixin, ScopedDetailView):
    """Masked by default; the reveal button (htmx) shows the full number to those allowed, and logs it."""

    model = Resident
    template_name = "community/resident_detail.html"
    detail_fields = ("station", "community", "name", "sex", "birth_date", "address", "household",
                     "anti_fraud_app", "notes")  # fmt: skip

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


class ResidentRevealView(ScopedMixin, SingleObjectMixin, View):
    """POST: the full ID number and phone of this one resident, as an htmx fragment; audited."""

    model = Resident
    permission_required = "community.reveal_resident_identity"

    def get_queryset(self):
        return super().get_queryset()

    def post(self, request, *args, **kwargs):
        resident = self.get_object()
        revealed = services.resident_reveal(resident=resident, by=request.user, request=request)
        return render(request, "community/_resident_revealed.html", {"resident": resident, "revealed": revealed})


class ResidentCreateView(ServiceSaveMixin, ScopedCreateView):
    model = Resident
    form_class = ResidentForm

    def save_with_service(self, form, instance, expected):
        return services.resident_save(resident=instance, by=self.request.user, tags=form.cleaned_data.get("tags"))


class ResidentUpdateView(ServiceSaveMixin, ScopedUpdateView):
    model = Resident
    form_class = ResidentUpdateForm

    def save_with_service(self, form, instance, expected):
        return services.resident_save(
            resident=instance, by=self.request.user, tags=form.cleaned_data.get("tags"), expected_version=expected
        )


# --- Places -----------------------------------------------------------------------
class PlaceListView(ScopedListView):
    model = Place
    table_class = PlaceTable
    filterset_class = PlaceFilter
    create_url_name = "community:place-create"

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


class PlaceSaveMixin(ServiceSaveMixin):
    model = Place
    form_class = PlaceForm

    def save_with_service(self, form, instance, expected):
        return services.place_save(place=instance, by=self.request.user, expected_version=expected)


class PlaceCreateView(PlaceSaveMixin, ScopedCreateView):
    pass


class PlaceUpdateView(PlaceSaveMixin, ScopedUpdateView):
    pass
