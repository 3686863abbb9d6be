from django.urls import path

from equipment import views

app_name = "equipment"

urlpatterns = [
    path("", views.EquipmentItemListView.as_view(), name="item-list"),
    path("new/", views.EquipmentItemCreateView.as_view(), name="item-create"),
    path("<int:pk>/", views.EquipmentItemDetailView.as_view(), name="item-detail"),
    path("<int:pk>/edit/", views.EquipmentItemUpdateView.as_view(), name="item-update"),
    path("<int:pk>/issue/", views.ItemIssueView.as_view(), name="item-issue"),
    path("<int:pk>/return/", views.ItemReturnView.as_view(), name="item-return"),
    path("<int:pk>/status/", views.ItemStatusView.as_view(), name="item-status"),
    path("<int:pk>/maintain/", views.ItemMaintainView.as_view(), name="item-maintain"),
    path("inventory/", views.InventoryView.as_view(), name="inventory"),
    path("footage/", views.FootageListView.as_view(), name="footage-list"),
    path("footage/new/", views.FootageCreateView.as_view(), name="footage-create"),
    path("footage/<int:pk>/", views.FootageDetailView.as_view(), name="footage-detail"),
]
