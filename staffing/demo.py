"""Demo staffing: every station person's post with history, the bureau's own offices, secondments
and new recruits, committee seats (两进) and awards. Shaped like the seed but short of the targets at
some stations, so the staffing page shows red: four stations keep the community squad under 40%, two
stations' chiefs sit on no township committee, and some communities have no seat."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from staffing.choices import AssignmentKind, AwardKind, SeatLevel
from staffing.models import Assignment, Award, CommitteeSeat
from stations.choices import StaffKind, Unit
from stations.demo import DEMO_PASSWORD
from stations.models import Bureau, StaffProfile

# Stations (by index) whose community squad stays under 40% of their police, and whose chief sits on
# no township committee.
SHORT_STATIONS = (10, 11, 12, 13)
NO_TOWNSHIP_SEAT = (6, 13)
OFFICE_POLICE = 80
AWARD_TITLES = ["个人嘉奖", "个人三等功", "优秀共产党员", "优秀社区民警", "晋升一级警长", "晋升二级警长"]


def seed(ctx) -> None:
    if not ctx.stations:
        ctx.say("staffing: no stations, skipped")
        return
    if Assignment.objects.exists():
        ctx.say("staffing: exists, skipped")
        return
    rng, today = ctx.rng, ctx.today
    home = Bureau.objects.get(pk=ctx.stations[0].bureau_id)  # 武陵分局: its offices are staffed below
    station_index = {s.pk: i for i, s in enumerate(ctx.stations)}
    assignments = []
    moved_profiles = []
    by_station: dict[int, list] = {}
    for profile in (
        StaffProfile.objects.filter(station__in=ctx.stations)
        .exclude(kind=StaffKind.MEDIATOR)
        .select_related("user")
        .prefetch_related("communities")
        .order_by("pk")
    ):
        by_station.setdefault(profile.station_id, []).append(profile)

    for station in ctx.stations:
        bureau = station.bureau
        index = station_index[station.pk]
        profiles = by_station.get(station.pk, [])
        case_police = [p for p in profiles if p.unit == Unit.CASE_SQUAD and p.kind == StaffKind.POLICE]
        # Most stations moved two case officers into the community squad some months ago (the history
        # by month shows the share rising); the short stations did not.
        movers = [] if index in SHORT_STATIONS else case_police[:2]
        command = [p for p in profiles if p.unit == Unit.COMMAND_ROOM and p.kind == StaffKind.POLICE]
        for profile in profiles:
            start = today - timedelta(days=rng.randint(400, 2500))
            kind = AssignmentKind.REGULAR
            if command and profile is command[-1]:
                kind, start = AssignmentKind.NEW_RECRUIT, today - timedelta(days=rng.randint(30, 200))
            elif command and profile is command[0] and index % 3 != 2:
                kind = AssignmentKind.CITY_SECONDMENT
                start = today - timedelta(days=rng.randint(90, 600))
            communities = list(profile.communities.all())
            if profile in movers:
                moved_on = today - timedelta(days=rng.randint(60, 240))
                assignments.append(
                    (Assignment(bureau=bureau, station=station, person=profile.user, unit=Unit.CASE_SQUAD,
                                start=start, end=moved_on - timedelta(days=1)), [])
                )  # fmt: skip
                communities = rng.sample(list(station.communities.all()), min(2, station.communities.count()))
                assignments.append(
                    (Assignment(bureau=bureau, station=station, person=profile.user, unit=Unit.COMMUNITY_SQUAD,
                                kind=AssignmentKind.BUREAU_SECONDMENT if index % 2 else AssignmentKind.REGULAR,
                                start=moved_on), communities)
                )  # fmt: skip
                profile.unit = Unit.COMMUNITY_SQUAD
                moved_profiles.append((profile, communities))
                continue
            assignments.append(
                (Assignment(bureau=bureau, station=station, person=profile.user, unit=profile.unit, kind=kind,
                            start=start), communities if profile.unit == Unit.COMMUNITY_SQUAD else [])
            )  # fmt: skip

    # The bureau's own offices (机关): police with no station, a few of them recent arrivals.
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)
    office_people = []
    for n in range(OFFICE_POLICE):
        user = User.objects.create(
            username=f"office{n + 1:03d}", last_name=ctx.faker.last_name(), first_name=ctx.faker.first_name(),
            password=password,
        )  # fmt: skip
        StaffProfile.objects.create(user=user, bureau=home, unit=Unit.BUREAU, kind=StaffKind.POLICE)
        office_people.append(user)
        assignments.append(
            (Assignment(bureau=home, station=None, person=user, unit=Unit.BUREAU,
                        start=today - timedelta(days=rng.randint(30, 3000))), [])
        )  # fmt: skip
    for existing in StaffProfile.objects.filter(bureau__isnull=False, unit=Unit.BUREAU, kind=StaffKind.POLICE).exclude(
        user__in=office_people
    ):
        assignments.append(
            (Assignment(bureau_id=existing.bureau_id, station=None, person=existing.user, unit=Unit.BUREAU,
                        start=today - timedelta(days=900)), [])
        )  # fmt: skip

    Assignment.objects.bulk_create([a for a, _c in assignments])
    through = Assignment.communities.through
    through.objects.bulk_create(
        through(assignment_id=a.pk, community_id=c.pk) for a, communities in assignments for c in communities
    )
    for profile, communities in moved_profiles:
        profile.save(update_fields=["unit"])
        profile.communities.set(communities)

    # Committee seats (两进): the chief on the township or street committee, a community officer on each
    # community's committee — most, not all.
    seats = []
    for station in ctx.stations:
        bureau = station.bureau
        index = station_index[station.pk]
        profiles = by_station.get(station.pk, [])
        chief = next((p for p in profiles if p.unit == Unit.LEADERSHIP), None)
        if chief and index not in NO_TOWNSHIP_SEAT:
            seats.append(
                CommitteeSeat(bureau=bureau, station=station, person=chief.user, level=SeatLevel.TOWNSHIP,
                              committee=f"{station.name.removesuffix('派出所')}街道党工委", position="委员",
                              since=today - timedelta(days=rng.randint(100, 900)))
            )  # fmt: skip
        officers = list(StaffProfile.objects.filter(station=station, unit=Unit.COMMUNITY_SQUAD)
                    .exclude(kind=StaffKind.MEDIATOR).prefetch_related("communities"))  # fmt: skip
        for community in station.communities.all():
            serving = [p for p in officers if community in p.communities.all()]
            if serving and rng.random() < 0.8:
                seats.append(
                    CommitteeSeat(bureau=bureau, station=station, person=serving[0].user, level=SeatLevel.COMMUNITY,
                                  community=community, committee=f"{community.name}党委", position="兼职副书记",
                                  since=today - timedelta(days=rng.randint(30, 700)))
                )  # fmt: skip
    CommitteeSeat.objects.bulk_create(seats)

    # Awards and promotions over the last year, tilted to the stations (about three in four).
    awards = []
    station_people = [(p, s) for s in ctx.stations if s.bureau_id == home.pk for p in by_station.get(s.pk, [])]
    for _n in range(60):
        on = today - timedelta(days=rng.randint(0, 360))
        kind = AwardKind.PROMOTION if rng.random() < 0.3 else AwardKind.AWARD
        title = rng.choice(AWARD_TITLES[4:] if kind == AwardKind.PROMOTION else AWARD_TITLES[:4])
        if rng.random() < 0.76:
            profile, station = rng.choice(station_people)
            awards.append(Award(bureau=station.bureau, station=station, person=profile.user, unit=profile.unit,
                                kind=kind, title=title, awarded_on=on))  # fmt: skip
        else:
            awards.append(Award(bureau=home, station=None, person=rng.choice(office_people), unit=Unit.BUREAU,
                                kind=kind, title=title, awarded_on=on))  # fmt: skip
    Award.objects.bulk_create(awards)
    ctx.say(f"staffing: {len(assignments)} assignments, {len(seats)} committee seats, {len(awards)} awards")
