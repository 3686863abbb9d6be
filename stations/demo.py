"""Demo data for the organisation: 常德市公安局 (the city), 武陵分局 with 14 stations and 鼎城分局 with 3,
communities, staff, the demo logins.

Part of `manage.py seed_demo`, which runs every app's `demo.seed(context)` in
dependency order. Each seeder checks what already exists, so a second run
adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from stations.choices import CommunityKind, StaffKind, Unit
from stations.models import Bureau, City, Community, CommunityPopulation, StaffProfile, Station
from stations.roles import Role

DEMO_PASSWORD = "Wuling-demo-2026"

STATION_NAMES = [
    "城东",
    "城西",
    "丹阳",
    "芦荻山",
    "河洑",
    "东江",
    "南坪",
    "穿紫河",
    "白马湖",
    "永安",
    "府坪",
    "启明",
    "长庚",
    "芙蓉",
]
COMMUNITY_STEMS = [
    "朝阳",
    "建设",
    "和平",
    "新华",
    "文昌",
    "紫桥",
    "桃花",
    "柳叶",
    "沅安",
    "龙港",
    "洞庭",
    "武陵",
    "滨湖",
    "金丹",
    "玉霞",
    "春申",
    "北正",
    "三闾",
    "丝瓜井",
    "育英",
    "常青",
    "鼎城",
    "护城",
    "德山",
]

# The second sub-bureau of the city: its own stations, numbered with its own prefix.
SECOND_BUREAU = ("DC", "鼎城分局", ["郭家铺", "灌溪", "斗姆湖"])

# (username, last name, first name, unit, kind, roles, where they sit: a station index, or "bureau",
# "bureau2" or "city" for the levels above)
DEMO_LOGINS = [
    ("officer", "李", "明", Unit.COMMAND_ROOM, StaffKind.POLICE, [Role.STATION_OFFICER], 0),
    (
        "community",
        "王",
        "芳",
        Unit.COMMUNITY_SQUAD,
        StaffKind.POLICE,
        [Role.COMMUNITY_OFFICER, Role.STATION_OFFICER],
        0,
    ),
    ("caseofficer", "张", "伟", Unit.CASE_SQUAD, StaffKind.POLICE, [Role.CASE_OFFICER, Role.STATION_OFFICER], 0),
    ("mediator", "刘", "秀英", Unit.COMMUNITY_SQUAD, StaffKind.MEDIATOR, [Role.MEDIATOR], 0),
    ("supervisor", "陈", "强", Unit.LEADERSHIP, StaffKind.POLICE, [Role.STATION_SUPERVISOR], 0),
    ("officer2", "杨", "洋", Unit.COMMAND_ROOM, StaffKind.POLICE, [Role.STATION_OFFICER], 1),
    ("bureau", "赵", "军", Unit.BUREAU, StaffKind.POLICE, [Role.BUREAU_SUPERVISOR], "bureau"),
    ("bureau2", "孙", "立", Unit.BUREAU, StaffKind.POLICE, [Role.BUREAU_SUPERVISOR], "bureau2"),
    ("city", "周", "平", Unit.CITY, StaffKind.POLICE, [Role.BUREAU_SUPERVISOR], "city"),
]

# Generated staff per station, by unit: (unit, kind, roles, how many)
STATION_STAFF = [
    (Unit.LEADERSHIP, StaffKind.POLICE, [Role.STATION_SUPERVISOR], 2),
    (Unit.COMMAND_ROOM, StaffKind.POLICE, [Role.STATION_OFFICER], 3),
    (Unit.COMMAND_ROOM, StaffKind.AUXILIARY, [Role.STATION_OFFICER], 2),
    (Unit.COMMUNITY_SQUAD, StaffKind.POLICE, [Role.COMMUNITY_OFFICER, Role.STATION_OFFICER], 4),
    (Unit.CASE_SQUAD, StaffKind.POLICE, [Role.CASE_OFFICER, Role.STATION_OFFICER], 4),
    (Unit.COMMUNITY_SQUAD, StaffKind.MEDIATOR, [Role.MEDIATOR], 1),
]


@dataclass
class DemoContext:
    """Shared by the apps' seeders: a seeded random source and what earlier seeders made."""

    rng: object
    faker: object
    today: object = field(default_factory=timezone.localdate)
    stations: list = field(default_factory=list)
    log: list = field(default_factory=list)

    def say(self, message: str) -> None:
        self.log.append(message)


def seed(ctx: DemoContext) -> None:
    city, _created = City.objects.get_or_create(code="CD", defaults={"name": "常德市公安局"})
    bureau, created = Bureau.objects.get_or_create(code="WL", defaults={"name": "武陵分局", "city": city})
    if not created:
        ctx.stations = list(Station.objects.filter(bureau__city=city).order_by("code"))
        ctx.say("organisation: exists, skipped")
        return
    code, name, second_names = SECOND_BUREAU
    second = Bureau.objects.create(code=code, name=name, city=city)

    password = make_password(DEMO_PASSWORD)  # hashed once: hashing per user takes minutes
    groups = {g.name: g for g in Group.objects.all()}
    stems = iter(ctx.rng.sample(COMMUNITY_STEMS * 6, len(COMMUNITY_STEMS) * 6))
    User = get_user_model()
    this_year = ctx.today.year

    places = [(bureau, "WL", index, name) for index, name in enumerate(STATION_NAMES, start=1)]
    places += [(second, code, index, name) for index, name in enumerate(second_names, start=1)]
    for owner, prefix, index, name in places:
        phone = f"0736-{72 if prefix == 'WL' else 73}{index:02d}110"
        station = Station.objects.create(bureau=owner, code=f"{prefix}{index:02d}", name=f"{name}派出所", phone=phone)
        ctx.stations.append(station)
        used = set()
        for _n in range(ctx.rng.randint(4, 7)):
            stem = next(stems)
            kind = CommunityKind.VILLAGE if ctx.rng.random() < 0.3 else CommunityKind.URBAN
            label = f"{stem}{'村' if kind == CommunityKind.VILLAGE else '社区'}"
            if label in used:
                continue
            used.add(label)
            community = Community.objects.create(station=station, name=label, kind=kind)
            base = ctx.rng.randint(3000, 18000)
            CommunityPopulation.objects.bulk_create(
                CommunityPopulation(
                    community=community, year=year, population=int(base * (1 + 0.02 * (year - this_year)))
                )
                for year in range(this_year - 2, this_year + 1)
            )

    serial = 0
    for station in ctx.stations:
        communities = list(station.communities.all())
        for unit, kind, roles, count in STATION_STAFF:
            for _n in range(count):
                serial += 1
                user = User.objects.create(
                    username=f"staff{serial:04d}",
                    last_name=ctx.faker.last_name(),
                    first_name=ctx.faker.first_name(),
                    password=password,
                )
                _profile(user, station, unit, kind, roles, groups, communities, ctx, serial)

    levels = {"bureau": {"bureau": bureau}, "bureau2": {"bureau": second}, "city": {"city": city}}
    for username, last, first, unit, kind, roles, where in DEMO_LOGINS:
        station = ctx.stations[where] if isinstance(where, int) else None
        user = User.objects.create(username=username, last_name=last, first_name=first, password=password)
        communities = list(station.communities.all()) if station else []
        serial += 1
        _profile(user, station, unit, kind, roles, groups, communities, ctx, serial, **levels.get(where, {}))

    admin = User.objects.create(
        username="admin", last_name="系统", first_name="管理员", password=password, is_staff=True, is_superuser=True
    )
    admin.groups.add(groups[Role.ADMINISTRATOR])
    StaffProfile.objects.create(user=admin, city=city, unit=Unit.CITY, kind=StaffKind.POLICE)
    ctx.say(f"organisation: 1 city, 2 bureaus, {len(ctx.stations)} stations, {serial + 1} users")


def _profile(user, station, unit, kind, roles, groups, communities, ctx, serial, **level):
    user.groups.add(*(groups[role] for role in roles))
    if kind == StaffKind.MEDIATOR:
        badge = ""
    else:
        badge = f"{'J' if kind == StaffKind.AUXILIARY else ''}{430000 + serial}"
    profile = StaffProfile.objects.create(
        user=user, station=station, unit=unit, kind=kind, badge_number=badge, phone=ctx.faker.phone_number(), **level
    )
    if unit == Unit.COMMUNITY_SQUAD and communities:
        profile.communities.set(ctx.rng.sample(communities, min(2, len(communities))))
