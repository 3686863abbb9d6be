from django.urls import path

from staffing import views

app_name = "staffing"


def crud(prefix: str, name: str, model: str):
    return [
        path(f"{prefix}/", getattr(views, f"{model}ListView").as_view(), name=f"{name}-list"),
        path(f"{prefix}/new/", getattr(views, f"{model}CreateView").as_view(), name=f"{name}-create"),
        path(f"{prefix}/<int:pk>/", getattr(views, f"{model}DetailView").as_view(), name=f"{name}-detail"),
        path(f"{prefix}/<int:pk>/edit/", getattr(views, f"{model}UpdateView").as_view(), name=f"{name}-update"),
    ]


urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    *crud("assignments", "assignment", "Assignment"),
    path("assignments/<int:pk>/end/", views.AssignmentEndView.as_view(), name="assignment-end"),
    *crud("seats", "committeeseat", "CommitteeSeat"),
    *crud("awards", "award", "Award"),
]
