"""Pages of patrol teams, patrols, police rooms and kiosks."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from community import services
from community.filters import PatrolFilter, PatrolTeamFilter, PolicePostFilter
from community.forms import PatrolForm, PatrolTeamForm, PolicePostForm, TeamMemberForm
from community.models import Patrol, PatrolTeam, PolicePost, TeamMember
from community.selectors import teams_with_size
from community.tables import PatrolTable, PatrolTeamTable, PolicePostTable
from community.views.base import ServiceSaveMixin
from kit.views import DetailRowsMixin, ScopedCreateView, ScopedDetailView, ScopedListView, ScopedMixin, ScopedUpdateView
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


class PatrolTeamSaveMixin(ServiceSaveMixin):
    model = PatrolTeam
    form_class = PatrolTeamForm

    def save_with_service(self, form, instance, expected):
        return services.patrol_team_save(
            team=instance, by=self.request.user, communities=form.cleaned_data.get("communities"),
            expected_version=expected,
        )  # fmt: skip


class PatrolTeamCreateView(PatrolTeamSaveMixin, ScopedCreateView):
    pass


class PatrolTeamUpdateView(PatrolTeamSaveMixin, ScopedUpdateView):
    pass


class TeamMemberAddView(ScopedMixin, SingleObjectMixin, View):
    """POST: add a member to the team."""

    model = PatrolTeam
    permission_required = "community.change_patrolteam"

    def get_queryset(self):
        return super().get_queryset()

    def post(self, request, *args, **kwargs):
        team = self.get_object()
        form = TeamMemberForm(request.POST)
        if form.is_valid():
            try:
                services.team_member_add(team=team, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Member added."))
        else:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(team.get_absolute_url())


class TeamMemberLeaveView(ScopedMixin, SingleObjectMixin, View):
    """POST: the member leaves the team (kept as inactive)."""

    model = TeamMember
    permission_required = "community.change_patrolteam"

    def get_queryset(self):
        return super().get_queryset().select_related("team")

    def post(self, request, *args, **kwargs):
        member = self.get_object()
        services.team_member_leave(member=member, by=request.user)
        return HttpResponseRedirect(member.team.get_absolute_url())


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


class PatrolSaveMixin(ServiceSaveMixin):
    model = Patrol
    form_class = PatrolForm

    def save_with_service(self, form, instance, expected):
        return services.patrol_save(patrol=instance, by=self.request.user, expected_version=expected)


class PatrolCreateView(PatrolSaveMixin, ScopedCreateView):
    pass


class PatrolUpdateView(PatrolSaveMixin, ScopedUpdateView):
    pass


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


class PolicePostSaveMixin(ServiceSaveMixin):
    model = PolicePost
    form_class = PolicePostForm

    def save_with_service(self, form, instance, expected):
        return services.police_post_save(
            post=instance, by=self.request.user, officers=form.cleaned_data.get("officers"), expected_version=expected
        )


class PolicePostCreateView(PolicePostSaveMixin, ScopedCreateView):
    pass


class PolicePostUpdateView(PolicePostSaveMixin, ScopedUpdateView):
    pass
