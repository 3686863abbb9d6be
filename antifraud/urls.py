from django.urls import path

from antifraud import views

app_name = "antifraud"

urlpatterns = [
    path("", views.FraudWarningListView.as_view(), name="warning-list"),
    path("new/", views.FraudWarningCreateView.as_view(), name="warning-create"),
    path("<int:pk>/", views.FraudWarningDetailView.as_view(), name="warning-detail"),
    path("<int:pk>/edit/", views.FraudWarningUpdateView.as_view(), name="warning-update"),
    path("<int:pk>/handle/", views.FraudWarningHandleView.as_view(), name="warning-handle"),
    path("<int:pk>/reveal/", views.FraudWarningRevealView.as_view(), name="warning-reveal"),
    path("imports/", views.WarningImportListView.as_view(), name="import-list"),
    path("imports/new/", views.WarningImportCreateView.as_view(), name="import-create"),
    path("imports/<int:pk>/", views.WarningImportDetailView.as_view(), name="import-detail"),
    path("imports/<int:pk>/progress/", views.WarningImportProgressView.as_view(), name="import-progress"),
    path("imports/<int:pk>/errors.xlsx", views.WarningImportErrorReportView.as_view(), name="import-errors"),
    path("imports/template.xlsx", views.import_template, name="import-template"),
]
