from django.utils.translation import gettext_lazy as _

from kit.views import ScopedDetailView, ScopedListView
from stations.filters import CommunityFilter
from stations.models import Community
from stations.tables import CommunityTable


class CommunityListView(ScopedListView):
    model = Community
    table_class = CommunityTable
    filterset_class = CommunityFilter
    empty_text = _("No communities yet: an administrator adds them under 管理后台.")

    def get_queryset(self):
        return super().get_queryset().select_related("station").prefetch_related("populations")


class CommunityDetailView(ScopedDetailView):
    model = Community
    template_name = "stations/community_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("station").prefetch_related("populations", "officers__user")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        community = self.object
        context["detail_rows"] = [
            (_("station"), community.station),
            (_("kind"), community.get_kind_display()),
            (_("officers"), "、".join(str(p) for p in community.officers.all())),
        ]
        context["populations"] = community.populations.all()
        return context
