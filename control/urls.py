from django.urls import path
from django.views.generic import RedirectView

from control import views

app_name = "control"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="control:order-list"), name="index"),
    path("orders/", views.OrderListView.as_view(), name="order-list"),
    path("orders/new/", views.OrderCreateView.as_view(), name="order-create"),
    path("orders/<int:pk>/", views.OrderDetailView.as_view(), name="order-detail"),
    path("orders/<int:pk>/revise/", views.OrderReviseView.as_view(), name="order-revise"),
    path("orders/<int:pk>/submit/", views.OrderSubmitView.as_view(), name="order-submit"),
    path("orders/<int:pk>/admit/", views.OrderAdmitView.as_view(), name="order-admit"),
    path("orders/<int:pk>/return/", views.OrderReturnView.as_view(), name="order-return"),
    path("orders/<int:pk>/merge/", views.OrderMergeView.as_view(), name="order-merge"),
    path("orders/<int:pk>/urge/", views.OrderUrgeView.as_view(), name="order-urge"),
    path("parts/", views.PartListView.as_view(), name="part-list"),
    path("parts/<int:pk>/", views.PartDetailView.as_view(), name="part-detail"),
    path("parts/<int:pk>/sign/", views.PartSignView.as_view(), name="part-sign"),
    path("parts/<int:pk>/split/", views.PartSplitView.as_view(), name="part-split"),
    path("parts/<int:pk>/assign/", views.PartAssignView.as_view(), name="part-assign"),
    path("parts/<int:pk>/submit/", views.PartSubmitView.as_view(), name="part-submit"),
    path("parts/<int:pk>/verify/", views.PartVerifyView.as_view(), name="part-verify"),
    path("items/", views.ItemListView.as_view(), name="item-list"),
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="item-detail"),
    path("items/<int:pk>/complete/", views.ItemCompleteView.as_view(), name="item-complete"),
    path("target-lists/", views.TargetListListView.as_view(), name="target-list-list"),
    path("target-lists/new/", views.TargetListCreateView.as_view(), name="target-list-create"),
    path("target-lists/<int:pk>/", views.TargetListDetailView.as_view(), name="target-list-detail"),
    path("target-lists/<int:pk>/edit/", views.TargetListUpdateView.as_view(), name="target-list-update"),
    path("target-lists/<int:pk>/issue/", views.TargetListIssueView.as_view(), name="target-list-issue"),
    path("scoreboard/", views.ScoreboardView.as_view(), name="scoreboard"),
]
