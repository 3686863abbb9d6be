"""The station supervisor's view of community work: presence, open hazards, communities gone unvisited."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from community import selectors
from stations.models import person_name


class SupervisionView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "community.view_presence"
    template_name = "community/supervision.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        try:
            weeks = max(1, min(26, int(self.request.GET.get("weeks", 8))))
        except ValueError:
            weeks = 8
        week_list, presence = selectors.presence_for(user, weeks=weeks)
        context.update(
            weeks=week_list,
            weeks_count=weeks,
            target=selectors.PRESENCE_TARGET_DAYS,
            presence_rows=[
                {
                    "officer": p.officer,
                    "name": person_name(p.officer),
                    "days": p.row(week_list),
                    "below": p.weeks_below_target(week_list[:-1]),
                }
                for p in presence
            ],
            chart={
                "weeks": [w.strftime("%m-%d") for w in week_list],
                "target": selectors.PRESENCE_TARGET_DAYS,
                "target_label": str(_("target")),
                "series": [{"name": person_name(p.officer), "data": p.row(week_list)} for p in presence],
            },
            open_hazards=list(selectors.open_hazards(user)[:50]),
            stale_communities=list(selectors.communities_without_visit(user)[:50]),
            today=timezone.localdate(),
        )
        return context
