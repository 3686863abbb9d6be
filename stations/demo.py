"""Demo data for the organisation: 武陵分局, 14 stations, communities, staff, the demo logins.

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
from stations.models import Bureau, Community, CommunityPopulation, StaffProfile, Station
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

# (username, last name, first name, unit, kind, roles, station index or None for bureau)
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
    ("bureau", "赵", "军", Unit.BUREAU, StaffKind.POLICE, [Role.BUREAU_SUPERVISOR], None),
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
    bureau, created = Bureau.objects.get_or_create(code="WL", defaults={"name": "武陵分局"})
    if not created:
        ctx.stations = list(Station.objects.filter(bureau=bureau).order_by("code"))
        ctx.say("organisation: exists, skipped")
        return

    password = make_password(DEMO_PASSWORD)  # hashed once: hashing per user takes minutes
    groups = {g.name: g for g in Group.objects.all()}
    stems = iter(ctx.rng.sample(COMMUNITY_STEMS * 6, len(COMMUNITY_STEMS) * 6))
    User = get_user_model()
    this_year = ctx.today.year

    for index, name in enumerate(STATION_NAMES, start=1):
        station = Station.objects.create(
            bureau=bureau, code=f"WL{index:02d}", name=f"{name}派出所", phone=f"0736-72{index:02d}110"
        )
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

    for username, last, first, unit, kind, roles, station_index in DEMO_LOGINS:
        station = ctx.stations[station_index] if station_index is not None else None
        user = User.objects.create(username=username, last_name=last, first_name=first, password=password)
        communities = list(station.communities.all()) if station else []
        serial += 1
        _profile(user, station, unit, kind, roles, groups, communities, ctx, serial)

    admin = User.objects.create(
        username="admin", last_name="系统", first_name="管理员", password=password, is_staff=True, is_superuser=True
    )
    admin.groups.add(groups[Role.ADMINISTRATOR])
    StaffProfile.objects.create(user=admin, station=None, unit=Unit.BUREAU, kind=StaffKind.POLICE)
    ctx.say(f"organisation: 1 bureau, {len(ctx.stations)} stations, {serial + 1} users")


def _profile(user, station, unit, kind, roles, groups, communities, ctx, serial):
    user.groups.add(*(groups[role] for role in roles))
    if kind == StaffKind.MEDIATOR:
        badge = ""
    else:
        badge = f"{'J' if kind == StaffKind.AUXILIARY else ''}{430000 + serial}"
    profile = StaffProfile.objects.create(
        user=user, station=station, unit=unit, kind=kind, badge_number=badge, phone=ctx.faker.phone_number()
    )
    if unit == Unit.COMMUNITY_SQUAD and communities:
        profile.communities.set(ctx.rng.sample(communities, min(2, len(communities))))
