from django.urls import path

from stats import views

app_name = "stats"
urlpatterns = [
    path("", views.home, name="home"),
    path("city/", views.CityDashboardView.as_view(), name="city"),
    path("bureau/", views.DashboardView.as_view(), name="bureau"),
    path("station/", views.StationDashboardView.as_view(), name="station"),
    path("report/", views.MonthlyReportView.as_view(), name="report"),
    path("definitions/", views.DefinitionsView.as_view(), name="definitions"),
]
