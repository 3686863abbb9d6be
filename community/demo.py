"""Demo data of the community app: registers, two years of work log and patrols, teams, posts.

Part of `manage.py seed_demo`. Rows are written with bulk_create (no
history rows: demo data has no author), and a second run adds nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import connection, models
from django.utils import timezone

from community.choices import (
    ActivityKind,
    Affiliation,
    HazardCategory,
    HazardStatus,
    HelpOutcome,
    HouseholdKind,
    PlaceKind,
    PostKind,
    TeamKind,
)
from community.models import (
    Activity,
    Address,
    Hazard,
    Household,
    Patrol,
    PatrolTeam,
    Place,
    PolicePost,
    Resident,
    ResidentTag,
    TeamMember,
)
from kit.personal import Sex, build_id_number
from stations.choices import StaffKind, Unit
from stations.models import StaffProfile

SHANGHAI = ZoneInfo("Asia/Shanghai")
REGION = "430702"  # 武陵区
STREETS = ["建设路", "人民路", "朗州路", "武陵大道", "洞庭大道", "滨湖路", "紫缘路", "育英路", "桃花源路", "沅安路",
           "三闾路", "芙蓉路", "柳叶大道", "丹阳街", "北正街"]  # fmt: skip
PLACE_NAMES = {
    PlaceKind.SHOP: ["便利店", "超市", "五金店", "手机店", "药店"],
    PlaceKind.RESTAURANT: ["米粉店", "餐馆", "烧烤店"],
    PlaceKind.HOTEL: ["宾馆", "酒店"],
    PlaceKind.SCHOOL: ["小学", "幼儿园"],
    PlaceKind.INTERNET_CAFE: ["网吧"],
    PlaceKind.RENTAL_HOUSING: ["出租屋"],
    PlaceKind.ENTERTAINMENT: ["KTV", "棋牌室"],
    PlaceKind.FACTORY: ["加工厂"],
    PlaceKind.HOSPITAL: ["诊所"],
}
VISIT_NOTES = ["入户走访，了解家庭情况", "走访独居老人，检查用电用气安全", "走访出租屋，核对租户信息",
               "走访留守儿童家庭", "回访邻里纠纷当事人，情况稳定"]  # fmt: skip
HAZARDS = [
    (HazardCategory.FIRE, "灭火器过期"),
    (HazardCategory.FIRE, "消防通道堆放杂物"),
    (HazardCategory.ELECTRICAL, "电动车室内充电"),
    (HazardCategory.ELECTRICAL, "电线私拉乱接"),
    (HazardCategory.SECURITY, "监控设备损坏"),
    (HazardCategory.REGISTRATION, "住宿登记不全"),
]
RESIDENTS_PER_COMMUNITY = 60
PLACES_PER_COMMUNITY = 10
DAYS = 730


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    """INSERT the rows with one executemany: tens of thousands of work-log rows go in
    in a second, where bulk_create spends most of a minute preparing each value."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in columns]
    adapt = []
    for field in fields:
        if isinstance(field, models.DateTimeField):
            adapt.append(connection.ops.adapt_datetimefield_value)
        elif isinstance(field, models.DateField):
            adapt.append(connection.ops.adapt_datefield_value)
        else:
            adapt.append(None)
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    prepared = [tuple(a(v) if a and v is not None else v for a, v in zip(adapt, row, strict=True)) for row in rows]
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), 5000):
            cursor.executemany(sql, prepared[start : start + 5000])


def seed(ctx) -> None:
    if not ctx.stations:
        ctx.say("community: no stations, skipped")
        return
    if Address.objects.filter(station=ctx.stations[0]).exists():
        ctx.say("community: exists, skipped")
        return
    tags = list(ResidentTag.objects.all())
    officers_by_station: dict[int, list] = {}
    for profile in StaffProfile.objects.filter(
        unit=Unit.COMMUNITY_SQUAD, kind__in=[StaffKind.POLICE, StaffKind.AUXILIARY], station__isnull=False
    ).prefetch_related("communities"):
        officers_by_station.setdefault(profile.station_id, []).append(profile)

    communities = [c for station in ctx.stations for c in station.communities.all()]
    addresses = _addresses(ctx, communities)
    households = _households(ctx, addresses)
    residents = _residents(ctx, communities, addresses, households, tags)
    places = _places(ctx, communities, addresses)
    activities, hazards = _work_log(ctx, officers_by_station, households, places)
    teams, patrols = _patrols(ctx, communities)
    posts = _posts(ctx, officers_by_station)
    ctx.say(
        f"community: {len(addresses)} addresses, {len(households)} households, {residents} residents, "
        f"{len(places)} places, {activities} work-log entries, {hazards} hazards, {teams} teams, "
        f"{patrols} patrols, {posts} police posts"
    )


def _addresses(ctx, communities):
    rows = []
    for community in communities:
        streets = ctx.rng.sample(STREETS, 3)
        for n in range(24):
            rows.append(
                Address(
                    station_id=community.station_id,
                    community=community,
                    street=streets[n % 3],
                    number=str(ctx.rng.randint(1, 300)),
                    building=str(ctx.rng.randint(1, 12)),
                    unit=str(ctx.rng.randint(1, 4)),
                    floor=str(ctx.rng.randint(1, 18)),
                    room=f"{ctx.rng.randint(1, 18)}0{ctx.rng.randint(1, 4)}",
                )
            )
    return Address.objects.bulk_create(rows, batch_size=1000)


def _households(ctx, addresses):
    kinds = [HouseholdKind.OWNER] * 6 + [HouseholdKind.RENTAL] * 3 + [HouseholdKind.VACANT]
    rows = [
        Household(
            station_id=a.station_id,
            community_id=a.community_id,
            address=a,
            number=f"H{a.pk:06d}",
            kind=ctx.rng.choice(kinds),
            head_name=ctx.faker.name(),
            phone=ctx.faker.phone_number(),
        )
        for a in addresses
    ]
    return Household.objects.bulk_create(rows, batch_size=1000)


# The ages a tag can describe (inclusive; None: no bound): no 59-year-old is a left-behind child.
TAG_AGES = {
    "elderly_alone": (60, None),
    "left_behind_child": (None, 15),
    "rental_tenant": (16, None),
    "community_correction": (18, None),
    "released_prisoner": (18, None),
    "drug_user": (16, None),
    "volunteer": (16, 75),
}


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def tag_fits_age(code: str, age: int) -> bool:
    low, high = TAG_AGES.get(code, (None, None))
    return (low is None or age >= low) and (high is None or age <= high)


def _residents(ctx, communities, addresses, households, tags) -> int:
    by_community: dict[int, list] = {}
    for household in households:
        by_community.setdefault(household.community_id, []).append(household)
    used: set[str] = set(Resident.objects.values_list("id_number", flat=True))
    rows = []
    for community in communities:
        homes = by_community.get(community.pk, [])
        for _n in range(RESIDENTS_PER_COMMUNITY):
            sex = ctx.rng.choice([Sex.MALE, Sex.FEMALE])
            while True:
                birth = date(1935, 1, 1) + timedelta(days=ctx.rng.randint(0, 32000))
                if birth > ctx.today - timedelta(days=365):
                    continue
                number = build_id_number(REGION, birth, ctx.rng.randint(0, 499), sex)
                if number not in used:
                    used.add(number)
                    break
            home = ctx.rng.choice(homes) if homes else None
            rows.append(
                Resident(
                    station_id=community.station_id,
                    community=community,
                    household=home,
                    address_id=home.address_id if home else None,
                    name=ctx.faker.name_male() if sex == Sex.MALE else ctx.faker.name_female(),
                    id_number=number,
                    birth_date=birth,
                    sex=sex,
                    phone=ctx.faker.phone_number() if ctx.rng.random() < 0.85 else "",
                    anti_fraud_app=ctx.rng.random() < 0.45,
                )
            )
    created = Resident.objects.bulk_create(rows, batch_size=1000)
    Through = Resident.tags.through
    links = []
    for resident in created:
        fitting = [t for t in tags if tag_fits_age(t.code, age_on(resident.birth_date, ctx.today))]
        if fitting and ctx.rng.random() < 0.2:
            for tag in ctx.rng.sample(fitting, min(len(fitting), ctx.rng.randint(1, 2))):
                links.append(Through(resident_id=resident.pk, residenttag_id=tag.pk))
    Through.objects.bulk_create(links, batch_size=2000)
    return len(created)


def _places(ctx, communities, addresses):
    by_community: dict[int, list] = {}
    for address in addresses:
        by_community.setdefault(address.community_id, []).append(address)
    rows = []
    for community in communities:
        names = set()
        for _n in range(PLACES_PER_COMMUNITY):
            kind = ctx.rng.choice(list(PLACE_NAMES))
            name = f"{ctx.faker.last_name()}记{ctx.rng.choice(PLACE_NAMES[kind])}"
            if name in names:
                continue
            names.add(name)
            rows.append(
                Place(
                    station_id=community.station_id,
                    community=community,
                    address=ctx.rng.choice(by_community[community.pk]),
                    name=name,
                    kind=kind,
                    contact_name=ctx.faker.name(),
                    contact_phone=ctx.faker.phone_number(),
                )
            )
    return Place.objects.bulk_create(rows, batch_size=1000)


ACTIVITY_COLUMNS = ["station", "version", "community", "officer", "kind", "occurred_at", "created_at", "summary",
                    "household", "resident", "place", "people_reached", "help_outcome", "installs"]  # fmt: skip


def _work_log(ctx, officers_by_station, households, places) -> tuple[int, int]:
    """Two years of entries: each officer is in the community on some days (a habit
    between 2.5 and 5 days a week), logging one or two entries on such a day."""
    homes: dict[int, list] = {}
    for household in households:
        homes.setdefault(household.community_id, []).append(household.pk)
    shops: dict[int, list] = {}
    for place in places:
        shops.setdefault(place.community_id, []).append((place.pk, place.name))
    kinds = [ActivityKind.HOUSEHOLD_VISIT] * 5 + [ActivityKind.PLACE_INSPECTION] * 3 + [
        ActivityKind.PUBLICITY, ActivityKind.LEGAL_CONSULTATION, ActivityKind.HELP, ActivityKind.ANTI_FRAUD_INSTALL
    ]  # fmt: skip
    rng = ctx.rng
    rows, inspections = [], []
    start = ctx.today - timedelta(days=DAYS)
    now = timezone.now()
    for profiles in officers_by_station.values():
        for profile in profiles:
            served = [c.pk for c in profile.communities.all()]
            if not served:
                continue
            habit = rng.uniform(2.5, 5.2) / 5
            for offset in range(DAYS + 1):
                day = start + timedelta(days=offset)
                if rng.random() >= (habit if day.weekday() < 5 else habit * 0.25):
                    continue
                for _n in range(rng.choice((1, 1, 2))):
                    community = rng.choice(served)
                    kind = rng.choice(kinds)
                    at = datetime.combine(day, time(rng.randint(8, 18), rng.randint(0, 59)), tzinfo=SHANGHAI)
                    if at > now:
                        continue  # the work log records what was done: nothing later than now
                    household = place = people = outcome = installs = None
                    outcome = ""
                    if kind == ActivityKind.HOUSEHOLD_VISIT and homes.get(community):
                        household, summary = rng.choice(homes[community]), rng.choice(VISIT_NOTES)
                    elif kind == ActivityKind.PLACE_INSPECTION and shops.get(community):
                        place, name = rng.choice(shops[community])
                        summary = f"检查{name}"
                        inspections.append((profile.station_id, community, place, name, profile.user_id, at))
                    elif kind == ActivityKind.HELP:
                        outcome, summary = rng.choice(HelpOutcome.values), "帮助群众办理证件"
                    elif kind == ActivityKind.ANTI_FRAUD_INSTALL:
                        installs, summary = rng.randint(1, 12), "推广安装国家反诈中心APP"
                    elif kind == ActivityKind.LEGAL_CONSULTATION:
                        people, summary = 1, "法律咨询：租房合同"
                    else:
                        kind, people, summary = ActivityKind.PUBLICITY, rng.randint(10, 150), "反诈宣传进社区"
                    rows.append((profile.station_id, 1, community, profile.user_id, kind, at, at, summary,
                                 household, None, place, people, outcome, installs))  # fmt: skip
    _insert(Activity, ACTIVITY_COLUMNS, rows)
    found_in = {
        (place, occurred): pk
        for pk, place, occurred in Activity.objects.filter(
            kind=ActivityKind.PLACE_INSPECTION, place__isnull=False, station__in=ctx.stations
        ).values_list("pk", "place_id", "occurred_at")
    }
    hazards = []
    for station_id, community, place, name, officer_id, at in inspections:
        if rng.random() >= 0.12:
            continue
        category, description = rng.choice(HAZARDS)
        found = at.date()
        due = found + timedelta(days=rng.choice([3, 7, 15, 30]))
        if due < ctx.today - timedelta(days=2) or rng.random() < 0.3:
            rectified = max(found, min(ctx.today, found + timedelta(days=rng.randint(1, 20))))
            status, note = HazardStatus.RECTIFIED, "已督促整改到位"
        else:
            rectified, note = None, ""
            status = HazardStatus.OVERDUE if due < ctx.today else HazardStatus.DUE
        hazards.append(
            Hazard(
                station_id=station_id,
                community_id=community,
                activity_id=found_in.get((place, at)),
                place_id=place,
                officer_id=officer_id,
                category=category,
                description=f"{name}：{description}",
                found_on=found,
                due_on=due,
                status=status,
                rectified_on=rectified,
                rectification_note=note,
            )
        )
    Hazard.objects.bulk_create(hazards, batch_size=2000)
    return len(rows), len(hazards)


PATROL_COLUMNS = ["station", "version", "team", "community", "started_at", "ended_at", "area", "police_count",
                  "volunteer_count", "findings"]  # fmt: skip


def _patrols(ctx, communities) -> tuple[int, int]:
    by_station: dict[int, list] = {}
    for community in communities:
        by_station.setdefault(community.station_id, []).append(community)
    teams, members, patrols = [], [], []
    affiliations = list(Affiliation.values)
    for station in ctx.stations:
        served = by_station.get(station.pk, [])
        for label, kind, size in (("平安巡逻队", TeamKind.PATROL, ctx.rng.randint(6, 10)),
                                  ("社区警务团队", TeamKind.COMMUNITY_POLICING, ctx.rng.randint(11, 16))):  # fmt: skip
            team = PatrolTeam.objects.create(station=station, name=f"{station.name[:-3]}{label}", kind=kind)
            team.communities.set(served[: max(1, len(served) // 2)] if kind == TeamKind.PATROL else served)
            teams.append(team)
            for n in range(size):
                members.append(
                    TeamMember(
                        team=team,
                        name=ctx.faker.name(),
                        affiliation=affiliations[n % len(affiliations)] if n < 5 else ctx.rng.choice(affiliations),
                        phone=ctx.faker.phone_number(),
                    )
                )
            start = ctx.today - timedelta(days=DAYS)
            for offset in range(0, DAYS, ctx.rng.choice([3, 4])):
                day = start + timedelta(days=offset)
                begin = datetime.combine(day, time(ctx.rng.choice([9, 19, 20]), 0), tzinfo=SHANGHAI)
                community = ctx.rng.choice(served) if served else None
                patrols.append(
                    (station.pk, 1, team.pk, community.pk if community else None, begin, begin + timedelta(hours=2),
                     f"{ctx.rng.choice(STREETS)}沿线", ctx.rng.randint(1, 3), ctx.rng.randint(3, size),
                     "未发现异常" if ctx.rng.random() < 0.85 else "发现电动车违规停放，已劝导")
                )  # fmt: skip
    TeamMember.objects.bulk_create(members, batch_size=2000)
    _insert(Patrol, PATROL_COLUMNS, patrols)
    return len(teams), len(patrols)


def _posts(ctx, officers_by_station) -> int:
    User = get_user_model()
    count = 0
    for station in ctx.stations:
        officers = [p.user_id for p in officers_by_station.get(station.pk, [])]
        for index, community in enumerate(station.communities.all()):
            kind = PostKind.ROOM if index % 2 == 0 else PostKind.KIOSK
            post = PolicePost.objects.create(
                station=station,
                community=community,
                kind=kind,
                name=f"{community.name}{'警务室' if kind == PostKind.ROOM else '岗亭'}",
                location=f"{ctx.rng.choice(STREETS)}{ctx.rng.randint(1, 200)}号",
                opening_hours="08:30-17:30" if kind == PostKind.ROOM else "全天",
                phone=f"0736-72{ctx.rng.randint(10000, 99999)}",
            )
            if officers:
                post.officers.set(User.objects.filter(pk__in=ctx.rng.sample(officers, min(2, len(officers)))))
            count += 1
    return count
