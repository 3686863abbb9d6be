from django.urls import path

from cases.views import cases, custody, incidents

app_name = "cases"

urlpatterns = [
    path("incidents/", incidents.IncidentListView.as_view(), name="incident-list"),
    path("incidents/new/", incidents.IncidentCreateView.as_view(), name="incident-create"),
    path("incidents/check/", incidents.IncidentCheckView.as_view(), name="incident-check"),
    path("incidents/residents/", incidents.ResidentLookupView.as_view(), name="resident-lookup"),
    path("incidents/<int:pk>/", incidents.IncidentDetailView.as_view(), name="incident-detail"),
    path("incidents/<int:pk>/edit/", incidents.IncidentUpdateView.as_view(), name="incident-update"),
    path("incidents/<int:pk>/submit/", incidents.IncidentSubmitView.as_view(), name="incident-submit"),
    path("incidents/<int:pk>/approve/", incidents.IncidentApproveView.as_view(), name="incident-approve"),
    path("incidents/<int:pk>/return/", incidents.IncidentReturnView.as_view(), name="incident-return"),
    path("", cases.CaseListView.as_view(), name="case-list"),
    path("new/", cases.CaseCreateView.as_view(), name="case-create"),
    path("<int:pk>/", cases.CaseDetailView.as_view(), name="case-detail"),
    path("<int:pk>/edit/", cases.CaseUpdateView.as_view(), name="case-update"),
    path("<int:pk>/transition/", cases.CaseTransitionView.as_view(), name="case-transition"),
    path("<int:pk>/assign/", cases.CaseAssignView.as_view(), name="case-assign"),
    path("<int:pk>/people/", cases.CasePersonAddView.as_view(), name="case-person-add"),
    path("<int:pk>/series/", cases.CaseSeriesLinkView.as_view(), name="case-series-link"),
    path("<int:pk>/custody/new/", custody.CustodyRecordCreateView.as_view(), name="custody-create"),
    path("people/<int:pk>/status/", cases.CasePersonStatusView.as_view(), name="case-person-status"),
    path("people/<int:pk>/remove/", cases.CasePersonRemoveView.as_view(), name="case-person-remove"),
    path("custody/", custody.CustodyRecordListView.as_view(), name="custody-list"),
    path("custody/<int:pk>/", custody.CustodyRecordDetailView.as_view(), name="custody-detail"),
    path("custody/<int:pk>/edit/", custody.CustodyRecordUpdateView.as_view(), name="custody-update"),
]
