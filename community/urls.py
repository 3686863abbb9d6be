from django.urls import path

from community.views import imports, patrols, registers, supervision, worklog

app_name = "community"


def crud(prefix: str, name: str, module, model: str):
    return [
        path(f"{prefix}/", getattr(module, f"{model}ListView").as_view(), name=f"{name}-list"),
        path(f"{prefix}/new/", getattr(module, f"{model}CreateView").as_view(), name=f"{name}-create"),
        path(f"{prefix}/<int:pk>/", getattr(module, f"{model}DetailView").as_view(), name=f"{name}-detail"),
        path(f"{prefix}/<int:pk>/edit/", getattr(module, f"{model}UpdateView").as_view(), name=f"{name}-update"),
    ]


urlpatterns = [
    path("addresses/lookup/", registers.AddressLookupView.as_view(), name="address-lookup"),
    *crud("addresses", "address", registers, "Address"),
    *crud("households", "household", registers, "Household"),
    *crud("residents", "resident", registers, "Resident"),
    path("residents/match/", registers.ResidentMatchView.as_view(), name="resident-match"),
    path("residents/<int:pk>/reveal/", registers.ResidentRevealView.as_view(), name="resident-reveal"),
    *crud("places", "place", registers, "Place"),
    *crud("log", "activity", worklog, "Activity"),
    path("log/pickers/", worklog.ActivityPickersView.as_view(), name="activity-pickers"),
    *crud("hazards", "hazard", worklog, "Hazard"),
    path("hazards/<int:pk>/rectify/", worklog.HazardRectifyView.as_view(), name="hazard-rectify"),
    *crud("teams", "patrolteam", patrols, "PatrolTeam"),
    path("teams/<int:pk>/members/", patrols.TeamMemberAddView.as_view(), name="teammember-add"),
    path("members/<int:pk>/leave/", patrols.TeamMemberLeaveView.as_view(), name="teammember-leave"),
    *crud("patrols", "patrol", patrols, "Patrol"),
    *crud("posts", "policepost", patrols, "PolicePost"),
    path("imports/", imports.ImportJobListView.as_view(), name="importjob-list"),
    path("imports/new/", imports.ImportJobCreateView.as_view(), name="importjob-create"),
    path("imports/<int:pk>/", imports.ImportJobDetailView.as_view(), name="importjob-detail"),
    path("imports/<int:pk>/progress/", imports.ImportJobProgressView.as_view(), name="importjob-progress"),
    path("imports/<int:pk>/errors.xlsx", imports.ImportJobErrorReportView.as_view(), name="importjob-errors"),
    path("imports/template/<slug:kind>.xlsx", imports.import_template, name="import-template"),
    path("supervision/", supervision.SupervisionView.as_view(), name="supervision"),
]
