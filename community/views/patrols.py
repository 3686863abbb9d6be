"""Pages of patrol teams, patrols, police rooms and kiosks."""

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community import services
from community.filters import PatrolFilter, PatrolTeamFilter, PolicePostFilter
from community.forms import PatrolForm, PatrolTeamForm, PolicePostForm, TeamMemberForm
from community.models import Patrol, PatrolTeam, PolicePost, TeamMember
from community.selectors import teams_with_size
from community.tables import PatrolTable, PatrolTeamTable, PolicePostTable
from kit.views import (
    DetailRowsMixin,
    RecordActionView,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from stations.models import person_name


class PatrolTeamListView(ScopedListView):
    model = PatrolTeam
    table_class = PatrolTeamTable
    filterset_class = PatrolTeamFilter
    create_url_name = "community:patrolteam-create"

    def get_queryset(self):
        return teams_with_size(super().get_queryset()).prefetch_related("communities")


class PatrolTeamDetailView(DetailRowsMixin, ScopedDetailView):
    model = PatrolTeam
    template_name = "community/patrolteam_detail.html"
    detail_fields = ("station", "name", "kind", "notes")

    def get_queryset(self):
        return teams_with_size(super().get_queryset()).prefetch_related("communities", "members")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        team = self.object
        members = list(team.members.all())
        context["members"] = members
        context["detail_rows"] += [
            (_("communities"), "、".join(c.name for c in team.communities.all())),
            (_("size class"), team.size_class.label),
        ]
        context["affiliations"] = sorted({m.get_affiliation_display() for m in members if m.active})
        context.setdefault("member_form", TeamMemberForm())
        context["patrols"] = team.patrols.select_related("community")[:10]
        return context


class PatrolTeamCreateView(ScopedCreateView):
    model = PatrolTeam
    form_class = PatrolTeamForm
    create_service = staticmethod(services.patrol_team_create)


class PatrolTeamUpdateView(ScopedUpdateView):
    model = PatrolTeam
    form_class = PatrolTeamForm
    update_service = staticmethod(services.patrol_team_update)
    record_arg = "team"


class TeamMemberAddView(RecordActionView):
    """A member joins the team (the form on the team's page)."""

    model = PatrolTeam
    form_class = TeamMemberForm
    heading = gettext_lazy("Add member")
    submit_label = gettext_lazy("Add member")
    success_message = gettext_lazy("Member added.")

    def perform(self, form):
        return services.team_member_add(team=self.object, by=self.request.user, **form.cleaned_data)


class TeamMemberLeaveView(RecordActionView):
    """The member leaves the team (kept as inactive, so that past patrols still add up)."""

    model = TeamMember
    permission_required = "community.change_patrolteam"
    heading = gettext_lazy("Leaves")
    submit_label = gettext_lazy("Leaves")

    def get_queryset(self):
        return super().get_queryset().select_related("team")

    def target(self):
        return self.object.team

    def perform(self, form):
        return services.team_member_leave(member=self.object, by=self.request.user)


class PatrolListView(ScopedListView):
    model = Patrol
    table_class = PatrolTable
    filterset_class = PatrolFilter
    create_url_name = "community:patrol-create"

    def get_queryset(self):
        return super().get_queryset().select_related("team", "community")


def incident_from_patrol_url(patrol: Patrol) -> str | None:
    """The incident form, prefilled from the patrol, if the cases app offers one.

    community does not import cases (cases depends on community); the link is
    found by URL name and hidden when there is none.
    """
    try:
        base = reverse("cases:incident-create")
    except NoReverseMatch:
        return None
    params = {"channel": "patrol", "summary": (patrol.findings or patrol.area)[:200]}
    if patrol.community_id:
        params["community"] = patrol.community_id
    return f"{base}?{urlencode(params)}"


class PatrolDetailView(DetailRowsMixin, ScopedDetailView):
    model = Patrol
    template_name = "community/patrol_detail.html"
    detail_fields = ("station", "team", "community", "started_at", "ended_at", "area", "police_count",
                     "volunteer_count", "findings")  # fmt: skip

    def get_queryset(self):
        return super().get_queryset().select_related("team", "community", "station")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm("cases.add_incident"):
            context["incident_url"] = incident_from_patrol_url(self.object)
        return context


class PatrolCreateView(ScopedCreateView):
    model = Patrol
    form_class = PatrolForm
    create_service = staticmethod(services.patrol_create)


class PatrolUpdateView(ScopedUpdateView):
    model = Patrol
    form_class = PatrolForm
    update_service = staticmethod(services.patrol_update)


class PolicePostListView(ScopedListView):
    model = PolicePost
    table_class = PolicePostTable
    filterset_class = PolicePostFilter
    create_url_name = "community:policepost-create"

    def get_queryset(self):
        return super().get_queryset().select_related("community")


class PolicePostDetailView(DetailRowsMixin, ScopedDetailView):
    model = PolicePost
    template_name = "community/policepost_detail.html"
    detail_fields = ("station", "kind", "name", "community", "location", "latitude", "longitude", "opening_hours",
                     "phone")  # fmt: skip

    def get_queryset(self):
        return super().get_queryset().select_related("community", "station").prefetch_related("officers")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["detail_rows"].append(
            (_("officers posted"), "、".join(person_name(o) for o in self.object.officers.all()))
        )
        return context


class PolicePostCreateView(ScopedCreateView):
    model = PolicePost
    form_class = PolicePostForm
    create_service = staticmethod(services.police_post_create)


class PolicePostUpdateView(ScopedUpdateView):
    model = PolicePost
    form_class = PolicePostForm
    update_service = staticmethod(services.police_post_update)
    record_arg = "post"
