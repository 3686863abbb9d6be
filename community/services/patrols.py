"""Writes of patrol teams and their members, patrols, police rooms and kiosks."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import (
    Patrol,
    PatrolTeam,
    PolicePost,
    TeamMember,
)
from community.services._common import (
    FUTURE_SLACK,
    _assign,
    _check_community,
    _check_phone,
    _validate,
    _write,
)
from kit.services import check_fields

# --- Patrols and posts ------------------------------------------------------------------


PATROL_TEAM_FIELDS = frozenset({"name", "kind", "communities", "notes"})


def _team_write(team: PatrolTeam, *, by, m2m: dict, expected_version=None) -> PatrolTeam:
    errors: dict = {}
    communities = m2m.get("communities")
    if communities is not None and any(c.station_id != team.station_id for c in communities):
        errors["communities"] = _("A team serves communities of its own station only.")
    _validate(team, errors)
    return _write(team, by=by, expected_version=expected_version, m2m=m2m)


def patrol_team_create(*, by, station, **fields) -> PatrolTeam:
    check_fields(fields, PATROL_TEAM_FIELDS)
    team = PatrolTeam(station=station)
    m2m = _assign(team, fields, ("communities",))
    return _team_write(team, by=by, m2m=m2m)


def patrol_team_update(*, team: PatrolTeam, by, expected_version: int, **fields) -> PatrolTeam:
    check_fields(fields, PATROL_TEAM_FIELDS)
    m2m = _assign(team, fields, ("communities",))
    return _team_write(team, by=by, m2m=m2m, expected_version=expected_version)


TEAM_MEMBER_FIELDS = frozenset({"name", "affiliation", "phone"})


def team_member_add(*, team: PatrolTeam, by, **fields) -> TeamMember:
    check_fields(fields, TEAM_MEMBER_FIELDS)
    errors: dict = {}
    member = TeamMember(team=team, **fields)
    member.name = (member.name or "").strip()
    if not member.name:
        errors["name"] = _("Give the member's name.")
    member.phone = _check_phone(member.phone, "phone", errors)
    _validate(member, errors)
    return _write(member, by=by)


def team_member_leave(*, member: TeamMember, by) -> TeamMember:
    """A member leaves the team; kept (inactive) so past patrols still add up."""
    member.active = False
    if by is not None:
        member._history_user = by
    member.save(update_fields=["active"])
    return member


PATROL_FIELDS = frozenset({"team", "community", "started_at", "ended_at", "area", "police_count", "volunteer_count",
                           "findings"})  # fmt: skip


def _patrol_write(patrol: Patrol, *, by, expected_version=None) -> Patrol:
    errors: dict = {}
    _check_community(patrol, errors)
    if patrol.team_id and patrol.team.station_id != patrol.station_id:
        errors["team"] = _("This team belongs to another station.")
    if patrol.started_at and patrol.ended_at and patrol.ended_at < patrol.started_at:
        errors["ended_at"] = _("A patrol cannot end before it starts.")
    if patrol.started_at and patrol.started_at > timezone.now() + FUTURE_SLACK:
        errors["started_at"] = _("This patrol has not started yet.")
    if patrol.started_at and patrol.ended_at and patrol.ended_at - patrol.started_at > timedelta(hours=24):
        errors["ended_at"] = _("A patrol longer than a day is a typo: check the end time.")
    if (patrol.police_count or 0) + (patrol.volunteer_count or 0) == 0:
        errors["police_count"] = _("Nobody patrolled? Give the head-counts.")
    _validate(patrol, errors)
    return _write(patrol, by=by, expected_version=expected_version)


def patrol_create(*, by, station, **fields) -> Patrol:
    check_fields(fields, PATROL_FIELDS)
    patrol = Patrol(station=station, created_by=by if getattr(by, "pk", None) else None, **fields)
    return _patrol_write(patrol, by=by)


def patrol_update(*, patrol: Patrol, by, expected_version: int, **fields) -> Patrol:
    check_fields(fields, PATROL_FIELDS)
    _assign(patrol, fields)
    return _patrol_write(patrol, by=by, expected_version=expected_version)


POLICE_POST_FIELDS = frozenset({"kind", "name", "community", "location", "latitude", "longitude", "opening_hours",
                                "phone", "officers"})  # fmt: skip


def _post_write(post: PolicePost, *, by, m2m: dict, expected_version=None) -> PolicePost:
    errors: dict = {}
    _check_community(post, errors)
    post.phone = _check_phone(post.phone, "phone", errors)
    for officer in m2m.get("officers") or ():
        profile = getattr(officer, "staff_profile", None)
        if profile is None or profile.station_id != post.station_id:
            errors["officers"] = _("Only officers of this station can be posted here.")
    _validate(post, errors)
    return _write(post, by=by, expected_version=expected_version, m2m=m2m)


def police_post_create(*, by, station, **fields) -> PolicePost:
    check_fields(fields, POLICE_POST_FIELDS)
    post = PolicePost(station=station)
    m2m = _assign(post, fields, ("officers",))
    return _post_write(post, by=by, m2m=m2m)


def police_post_update(*, post: PolicePost, by, expected_version: int, **fields) -> PolicePost:
    check_fields(fields, POLICE_POST_FIELDS)
    m2m = _assign(post, fields, ("officers",))
    return _post_write(post, by=by, m2m=m2m, expected_version=expected_version)
