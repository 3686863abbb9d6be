from django.urls import path
from django.views.generic import RedirectView

from mediation.views import disputes, work

app_name = "mediation"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="mediation:dispute-list"), name="index"),
    path("disputes/", disputes.DisputeListView.as_view(), name="dispute-list"),
    path("disputes/new/", disputes.DisputeCreateView.as_view(), name="dispute-create"),
    path("disputes/<int:pk>/", disputes.DisputeDetailView.as_view(), name="dispute-detail"),
    path("disputes/<int:pk>/edit/", disputes.DisputeUpdateView.as_view(), name="dispute-update"),
    path("disputes/<int:pk>/parties/new/", work.PartyCreateView.as_view(), name="party-create"),
    path("disputes/<int:pk>/sessions/new/", work.SessionCreateView.as_view(), name="session-create"),
    path("disputes/<int:pk>/follow-ups/new/", work.FollowUpScheduleView.as_view(), name="follow-up-create"),
    path("disputes/<int:pk>/refer/", work.DisputeReferView.as_view(), name="dispute-refer"),
    path("disputes/<int:pk>/not-resolved/", work.DisputeNotResolvedView.as_view(), name="dispute-not-resolved"),
    path("disputes/<int:pk>/close/", work.DisputeCloseView.as_view(), name="dispute-close"),
    path("disputes/<int:pk>/reopen/", work.DisputeReopenView.as_view(), name="dispute-reopen"),
    path("sessions/<int:pk>/edit/", work.SessionUpdateView.as_view(), name="session-update"),
    path("sessions/<int:pk>/agreement/new/", work.AgreementCreateView.as_view(), name="agreement-create"),
    path("agreements/<int:pk>/print/", work.AgreementPrintView.as_view(), name="agreement-print"),
    path("agreements/<int:pk>/edit/", work.AgreementUpdateView.as_view(), name="agreement-update"),
    path("follow-ups/", work.FollowUpListView.as_view(), name="follow-up-list"),
    path("follow-ups/<int:pk>/record/", work.FollowUpRecordView.as_view(), name="follow-up-record"),
]
