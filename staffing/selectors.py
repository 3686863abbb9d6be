"""What the staffing page, its API and the statistics read: shares of the force against their targets,
service periods, seats and team sizes. Every function runs a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from kit.collation import by_pinyin
from staffing.choices import SECONDMENTS, AssignmentKind, SeatLevel
from staffing.models import Assignment, Award, CommitteeSeat
from stations.choices import StaffKind, Unit
from stations.models import Community, StaffProfile, Station
from stations.scoping import is_bureau_level, user_station_id

# The seed's targets (派出所主防): shares of police, in per cent.
COMMUNITY_SQUAD_TARGET = 40  # of each station's police in the community policing squad
FRONT_LINE_TARGET = 60  # of the sub-bureau's police at its stations
AWARDS_TO_STATIONS_TARGET = 70  # of awards and promotions going to the stations' people
HISTORY_MONTHS = 12


def people_for(user):
    """The people `user` may record a post, seat or award for: the staff of the stations they see, and
    for bureau-level users the bureau's own staff too."""
    users = get_user_model().objects.filter(staff_profile__isnull=False)
    if user.is_superuser:
        return users
    if is_bureau_level(user):
        from stations.models import Bureau

        return users.filter(
            Q(staff_profile__station__in=Station.objects.visible_to(user))
            | Q(staff_profile__bureau__in=Bureau.objects.visible_to(user))
        )
    station_id = user_station_id(user)
    if station_id is None:
        return users.none()
    return users.filter(staff_profile__station_id=station_id)


def people_choices(user):
    return (
        people_for(user)
        .filter(is_active=True)
        .select_related("staff_profile")
        .order_by(*by_pinyin("last_name", "first_name", "username"))
    )


# --- Service periods (read by the statistics) ---------------------------------------


@dataclass(frozen=True)
class ServicePeriod:
    officer_id: int
    start: date
    end: date | None
    station_id: int
    community_ids: frozenset


def service_periods(station_ids, *, unit: str = Unit.COMMUNITY_SQUAD) -> list[ServicePeriod]:
    """The periods the police and auxiliaries of `unit` served at these stations, from the assignments
    (officer, from, to, station, communities). An active officer with no assignment recorded at all
    counts from the day their account was opened in the unit of their staff profile, as before the
    staffing records existed. Two queries."""
    station_ids = list(station_ids)
    kinds = (StaffKind.POLICE, StaffKind.AUXILIARY)
    rows = (
        Assignment.objects.filter(station_id__in=station_ids, unit=unit, person__staff_profile__kind__in=kinds)
        # A deactivated officer's ended posts still count; an open one of theirs has no end to count to.
        .filter(Q(person__is_active=True) | Q(end__isnull=False))
        .values_list("pk", "person_id", "start", "end", "station_id", "communities")
        .order_by("pk")
    )
    by_assignment: dict[int, list] = {}
    for pk, person_id, start, end, station_id, community_id in rows:
        entry = by_assignment.setdefault(pk, [person_id, start, end, station_id, set()])
        if community_id is not None:
            entry[4].add(community_id)
    periods = [ServicePeriod(p, s, e, st, frozenset(c)) for p, s, e, st, c in by_assignment.values()]
    profiles = (
        StaffProfile.objects.filter(station_id__in=station_ids, unit=unit, kind__in=kinds, user__is_active=True)
        .exclude(user__assignments__isnull=False)
        .values_list("user_id", "user__date_joined", "station_id", "communities")
    )
    fallback: dict[int, list] = {}
    for user_id, joined, station_id, community_id in profiles:
        entry = fallback.setdefault(user_id, [timezone.localdate(joined), station_id, set()])
        if community_id is not None:
            entry[2].add(community_id)
    periods += [ServicePeriod(u, s, None, st, frozenset(c)) for u, (s, st, c) in fallback.items()]
    return periods


# --- The force on a day -------------------------------------------------------------


@dataclass
class Share:
    label: str
    part: int
    whole: int
    target: int

    @property
    def percent(self) -> float | None:
        return 100.0 * self.part / self.whole if self.whole else None

    @property
    def missed(self) -> bool:
        return self.percent is not None and self.percent < self.target


@dataclass
class StationRow:
    station: Station
    police: int = 0
    community_squad: int = 0
    auxiliaries: int = 0
    secondments: int = 0
    new_recruits: int = 0
    teams: dict[str, int] = field(default_factory=dict)
    has_township_seat: bool = False
    communities_without_seat: list = field(default_factory=list)

    @property
    def community_share(self) -> Share:
        return Share(self.station.name, self.community_squad, self.police, COMMUNITY_SQUAD_TARGET)


@dataclass
class Overview:
    on: date
    stations: list[StationRow]
    front_line: Share
    awards: Share
    office_police: int
    secondments: dict[str, int]
    new_recruits_at_stations: int
    new_recruits_elsewhere: int
    teams: dict[str, int]
    seats: dict[str, int]
    history: list[dict]

    @property
    def missed_count(self) -> int:
        return sum(r.community_share.missed for r in self.stations) + self.front_line.missed + self.awards.missed


def _assignment_rows(user, since: date, until: date):
    """(person, kind of staff, station, unit, kind of posting, start, end, bureau) of every post visible to `user`
    overlapping [since, until]. One query."""
    return list(
        Assignment.objects.visible_to(user)
        .filter(start__lte=until)
        .filter(Q(end__isnull=True) | Q(end__gte=since))
        .values_list(
            "person_id", "person__staff_profile__kind", "station_id", "unit", "kind", "start", "end", "bureau_id"
        )
    )


def force_on(rows, day: date) -> dict:
    """Head-counts of police on `day` from assignment rows: {station_id (None: offices): {unit: n}}."""
    counts: dict = defaultdict(lambda: defaultdict(int))
    for _person, staff_kind, station_id, unit, _kind, start, end, *_bureau in rows:
        if staff_kind == StaffKind.POLICE and start <= day and (end is None or end >= day):
            counts[station_id][unit] += 1
    return counts


def _front_line(counts) -> tuple[int, int]:
    at_stations = sum(sum(units.values()) for station_id, units in counts.items() if station_id is not None)
    total = at_stations + sum(counts.get(None, {}).values())
    return at_stations, total


def awards_share(user, start: date, end: date, station_id: int | None = None) -> tuple[int, int]:
    """(awards and promotions to the stations' people, all of them) given in [start, end]."""
    awards = Award.objects.visible_to(user).filter(awarded_on__gte=start, awarded_on__lte=end)
    if station_id is not None:
        awards = awards.filter(station_id=station_id)
    rows = list(awards.values_list("station_id", flat=True))
    return sum(1 for s in rows if s is not None), len(rows)


def month_ends(today: date, months: int = HISTORY_MONTHS) -> list[tuple[date, date]]:
    """(first day, last day counted) of the last `months` months, the current one up to today."""
    result = []
    first = today.replace(day=1)
    for _n in range(months):
        last = min(today, (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1))
        result.append((first, last))
        first = (first - timedelta(days=1)).replace(day=1)
    return list(reversed(result))


def overview(user, *, on: date | None = None, station_id: int | None = None) -> Overview:
    """The staffing page: every share against its target on `on` (today), history by month."""
    from community.choices import TeamKind, TeamSize
    from community.models import PatrolTeam

    today = on or timezone.localdate()
    stations = Station.objects.visible_to(user).order_by("code")
    if station_id is not None:
        stations = stations.filter(pk=station_id)
    stations = list(stations)
    station_ids = [s.pk for s in stations]
    months = month_ends(today)
    rows = _assignment_rows(user, months[0][0], today)
    if station_id is not None:
        rows = [r for r in rows if r[2] == station_id]
    counts = force_on(rows, today)
    by_station = {s.pk: StationRow(station=s) for s in stations}
    for _person, staff_kind, sid, _unit, kind, start, end, *_bureau in rows:
        if sid not in by_station or not (start <= today and (end is None or end >= today)):
            continue
        row = by_station[sid]
        if staff_kind == StaffKind.AUXILIARY:
            row.auxiliaries += 1
        if kind in SECONDMENTS:
            row.secondments += 1
        if kind == AssignmentKind.NEW_RECRUIT:
            row.new_recruits += 1
    for sid, row in by_station.items():
        row.police = sum(counts.get(sid, {}).values())
        row.community_squad = counts.get(sid, {}).get(Unit.COMMUNITY_SQUAD, 0)
    at_stations, total = _front_line(counts)
    front_line = Share("", at_stations, total, FRONT_LINE_TARGET)
    year_start = today.replace(month=1, day=1)
    awards = Share("", *awards_share(user, year_start, today, station_id), AWARDS_TO_STATIONS_TARGET)
    active_now = [r for r in rows if r[5] <= today and (r[6] is None or r[6] >= today)]
    secondments = {kind: sum(1 for r in active_now if r[4] == kind and r[2] is not None) for kind in SECONDMENTS}
    recruits_at = sum(1 for r in active_now if r[4] == AssignmentKind.NEW_RECRUIT and r[2] is not None)
    recruits_elsewhere = sum(1 for r in active_now if r[4] == AssignmentKind.NEW_RECRUIT and r[2] is None)

    # Community policing teams by size (medium: more than 10 members; small: 5 to 10).
    from community.selectors import teams_with_size

    teams_total = {TeamSize.MEDIUM: 0, TeamSize.SMALL: 0, TeamSize.UNDER: 0}
    teams = teams_with_size(PatrolTeam.objects.filter(station_id__in=station_ids, kind=TeamKind.COMMUNITY_POLICING))
    for station_of_team, members in teams.values_list("station_id", "active_members"):
        size = PatrolTeam.size_class_for(members)
        teams_total[size] += 1
        by_station[station_of_team].teams[size] = by_station[station_of_team].teams.get(size, 0) + 1

    # Seats (两进) held today against the stations and communities with none.
    seats = list(
        CommitteeSeat.objects.filter(station_id__in=station_ids, since__lte=today)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .values_list("station_id", "level", "community_id")
    )
    with_seat = {c for _s, level, c in seats if level == SeatLevel.COMMUNITY}
    for sid, level, _c in seats:
        if level == SeatLevel.TOWNSHIP:
            by_station[sid].has_township_seat = True
    communities = Community.objects.filter(station_id__in=station_ids).order_by("name")
    for community in communities:
        if community.pk not in with_seat:
            by_station[community.station_id].communities_without_seat.append(community)
    seat_counts = {
        "township": sum(1 for _s, level, _c in seats if level == SeatLevel.TOWNSHIP),
        "community": sum(1 for _s, level, _c in seats if level == SeatLevel.COMMUNITY),
        "stations_without": sum(1 for r in by_station.values() if not r.has_township_seat),
        "communities_without": sum(len(r.communities_without_seat) for r in by_station.values()),
    }

    # History by month: each share at the month's last day (today for this month), awards within the month.
    award_rows = list(
        Award.objects.visible_to(user)
        .filter(awarded_on__gte=months[0][0], awarded_on__lte=today)
        .filter(**({"station_id": station_id} if station_id is not None else {}))
        .values_list("station_id", "awarded_on")
    )
    history = []
    for first, last in months:
        month_counts = force_on(rows, last)
        at, whole = _front_line(month_counts)
        in_month = [s for s, day in award_rows if first <= day <= last]
        station_shares = {}
        for sid in station_ids:
            units = month_counts.get(sid, {})
            station_shares[sid] = Share(
                "", units.get(Unit.COMMUNITY_SQUAD, 0), sum(units.values()), COMMUNITY_SQUAD_TARGET
            )
        history.append(
            {
                "month": first,
                "front_line": Share("", at, whole, FRONT_LINE_TARGET),
                "awards": Share(
                    "", sum(1 for s in in_month if s is not None), len(in_month), AWARDS_TO_STATIONS_TARGET
                ),
                "stations": station_shares,
                "stations_missed": sum(1 for s in station_shares.values() if s.missed),
            }
        )
    return Overview(
        on=today,
        stations=list(by_station.values()),
        front_line=front_line,
        awards=awards,
        office_police=sum(counts.get(None, {}).values()),
        secondments=secondments,
        new_recruits_at_stations=recruits_at,
        new_recruits_elsewhere=recruits_elsewhere,
        teams=teams_total,
        seats=seat_counts,
        history=history,
    )


# --- Figures for the statistics (stats.selectors) -------------------------------------

STATION_POLICE = "staffing:station_police"
COMMUNITY_SQUAD_POLICE = "staffing:community_squad_police"
ALL_POLICE = "staffing:all_police"
AWARDS_TO_STATIONS = "staffing:awards_to_stations"
AWARDS_ALL = "staffing:awards"


def add_stats_counts(user, scope, periods, unit_sums, total_sums) -> None:
    """The inputs of the staffing metrics, for each period: head-counts of police at its end (at the
    stations, in their community squads, in the whole bureau) and awards given within it. Per station in
    the bureau's view; a station's figures are its own (not split by community). Two queries."""
    station_id = getattr(scope, "station_id", None)
    bureau_id = getattr(scope, "bureau_id", None) if scope.kind == "bureau" else None
    first = min(p.start for p in periods)
    last = max(p.end for p in periods)
    rows = _assignment_rows(user, first, last)
    award_rows = Award.objects.visible_to(user).filter(awarded_on__gte=first, awarded_on__lte=last)
    award_rows = list(award_rows.values_list("station_id", "awarded_on", "bureau_id"))
    if station_id is not None:
        rows = [r for r in rows if r[2] == station_id]
        award_rows = [a for a in award_rows if a[0] == station_id]
    elif bureau_id is not None:
        rows = [r for r in rows if r[7] == bureau_id]
        award_rows = [a for a in award_rows if a[2] == bureau_id]
    # The side-by-side units: stations in a bureau's view, bureaus in the city's (none in a station's).
    unit_of = {"bureau": lambda station, bureau: station, "city": lambda station, bureau: bureau}.get(scope.kind)
    for index, period in enumerate(periods):
        values: dict[str, dict] = defaultdict(lambda: defaultdict(int))
        for _p, staff_kind, sid, unit, _k, start, end, bid in rows:
            if staff_kind != StaffKind.POLICE or start > period.end or (end is not None and end < period.end):
                continue
            key = (sid, bid)
            values[ALL_POLICE][key] += 1
            if sid is not None:
                values[STATION_POLICE][key] += 1
                values[COMMUNITY_SQUAD_POLICE][key] += unit == Unit.COMMUNITY_SQUAD
        for sid, day, bid in award_rows:
            if period.start <= day <= period.end:
                values[AWARDS_ALL][(sid, bid)] += 1
                if sid is not None:
                    values[AWARDS_TO_STATIONS][(sid, bid)] += 1
        totals = total_sums[index]
        for key, per_unit in values.items():
            total = totals.setdefault(key, {})
            total[""] = total.get("", 0) + sum(per_unit.values())
            if index == 0 and unit_of is not None:
                for (sid, bid), value in per_unit.items():
                    unit_id = unit_of(sid, bid)
                    if unit_id is not None:
                        own = unit_sums[unit_id].setdefault(key, {})
                        own[""] = own.get("", 0) + value
