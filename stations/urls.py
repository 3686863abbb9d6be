from django.contrib.auth import views as auth_views
from django.urls import path

from stations.views import auth, home, organisation

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("communities/", organisation.CommunityListView.as_view(), name="community-list"),
    path("communities/<int:pk>/", organisation.CommunityDetailView.as_view(), name="community-detail"),
]
