from django.urls import path

from places import views

app_name = "places"

urlpatterns = [
    path("map/", views.MapView.as_view(), name="map"),
    path("residents/<int:pk>/", views.ResidentHistoryView.as_view(), name="resident-history"),
    path("residents/<int:pk>/merge/", views.ResidentMergeView.as_view(), name="resident-merge"),
    path("addresses/<int:pk>/", views.AddressHistoryView.as_view(), name="address-history"),
    path("addresses/<int:pk>/pin/", views.AddressPinView.as_view(), name="address-pin"),
    path("duplicates/", views.DuplicatesView.as_view(), name="duplicates"),
    path("boundaries/import/", views.BoundaryImportView.as_view(), name="boundary-import"),
]
